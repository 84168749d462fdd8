import { useCallback, useEffect, useState } from 'react';
import type { FleetStatus } from '../../../../contract/index.js';
import { useFleetApi } from './fleetApi';

export interface FleetState {
  readonly status: FleetStatus | null;
  readonly error: string | null;
  /** Counts every status main reported (a swap, a refusal, the share gone or back): the chip rereads. */
  readonly version: number;
  /** A status from a request of this window (Check now, Save) replaces the shown one at once. */
  readonly update: (status: FleetStatus) => void;
  readonly reload: () => void;
}

/** The fleet status the whole window shows: read once, then kept current by main's fleet events. */
export function useFleetStatus(): FleetState {
  const api = useFleetApi();
  const [status, setStatus] = useState<FleetStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const update = useCallback((next: FleetStatus) => {
    setStatus(next);
    setError(null);
    setVersion((v) => v + 1);
  }, []);

  const reload = useCallback(() => {
    api.fleetStatus().then(
      (result) => (result.ok ? update(result.value) : setError(result.error)),
      (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
    );
  }, [api, update]);

  useEffect(() => {
    reload();
    return api.onFleetEvent((event) => {
      if (event.type === 'fleet-status') update(event.status);
    });
  }, [api, reload, update]);

  return { status, error, version, update, reload };
}
