import { useCallback, useEffect } from 'react';
import { useApi } from '../api';
import { useResult } from '../hooks/useResult';
import { DemoBadge } from './Badge';

/** Which model answers right now, in the header; refreshed when the champion changes. */
export function ModelChip({ version }: { version: number }) {
  const api = useApi();
  const load = useCallback(() => api.about(), [api]);
  const about = useResult(load);
  const { reload } = about;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  if (about.error)
    return (
      <span className="model-chip model-chip-error" title={about.error}>
        Model unavailable
      </span>
    );
  const model = about.value?.model;
  if (!model) return null;
  return (
    <span className="model-chip" data-testid="model-chip">
      <span className="muted">Model</span> <code>{model.id}</code>
      {model.isDemo ? <DemoBadge /> : null}
    </span>
  );
}
