import { useCallback, useEffect } from 'react';
import { useApi } from '../api';
import { originLine } from '../features/fleet/fleetText';
import { useResult } from '../hooks/useResult';
import type { ModelOrigin } from '../../../contract/index.js';
import { DemoBadge } from './Badge';

const LOCAL: ModelOrigin = { kind: 'local' };

/**
 * Which model answers right now and where it came from, in the header. Rereads the model when the
 * champion changes here (`version`) or when the fleet swapped it (`fleetVersion`).
 */
export function ModelChip({
  version,
  fleetVersion = 0,
  origin = LOCAL,
}: {
  version: number;
  fleetVersion?: number;
  origin?: ModelOrigin;
}) {
  const api = useApi();
  const load = useCallback(() => api.about(), [api]);
  const about = useResult(load);
  const { reload } = about;
  useEffect(() => {
    if (version > 0 || fleetVersion > 0) reload();
  }, [version, fleetVersion, reload]);
  if (about.error)
    return (
      <span className="model-chip model-chip-error" title={about.error}>
        Model unavailable
      </span>
    );
  const model = about.value?.model;
  if (!model) return null;
  const from = originLine(origin, model.isDemo);
  return (
    <span className="model-chip" data-testid="model-chip">
      <span className="model-chip-line">
        <span className="muted">Model</span> <code>{model.id}</code>
        {model.isDemo ? <DemoBadge /> : null}
      </span>{' '}
      <span className="model-chip-origin" data-testid="model-origin" title={from}>
        {from}
      </span>
    </span>
  );
}
