import { useEffect, useState } from 'react';
import type { PumpEtaApi } from '../../../../contract/index.js';
import type { CoverRequest, CoverResult } from '../../../../contract/maps.js';

/** A change of hour or of the stations taken out settles for this long before the cover is asked for. */
export const COVER_DEBOUNCE_MS = 300;

export interface CoverState {
  readonly status: 'idle' | 'computing' | 'ready' | 'error';
  /** The last cover; kept (dimmed by the view) while a newer one is computed. */
  readonly cover: CoverResult | null;
  readonly error: string | null;
}

/**
 * Computes the cover for `request` (null: not yet) once it has been still for `delayMs`; an answer to an
 * older request is dropped, so a slow cover never overwrites a newer one. A new `historyVersion` (an
 * import or an undo finished) asks again for the same request: the share and the grid's mask changed.
 */
export function useCover(
  api: PumpEtaApi,
  request: CoverRequest | null,
  historyVersion: number,
  delayMs: number = COVER_DEBOUNCE_MS,
): CoverState {
  const key = request ? JSON.stringify({ request, historyVersion }) : null;
  const [settled, setSettled] = useState<{
    key: string | null;
    cover: CoverResult | null;
    error: string | null;
  }>({ key: null, cover: null, error: null });

  useEffect(() => {
    if (key === null) return;
    let current = true;
    const timer = setTimeout(() => {
      api.cover((JSON.parse(key) as { request: CoverRequest }).request).then(
        (result) => {
          if (!current) return;
          setSettled((last) =>
            result.ok
              ? { key, cover: result.value, error: null }
              : { key, cover: last.cover, error: result.error },
          );
        },
        (error: unknown) => {
          if (current)
            setSettled((last) => ({
              key,
              cover: last.cover,
              error: error instanceof Error ? error.message : String(error),
            }));
        },
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key, delayMs]);

  if (key === null) return { status: 'idle', cover: null, error: null };
  if (settled.key !== key) return { status: 'computing', cover: settled.cover, error: null };
  return { status: settled.error ? 'error' : 'ready', cover: settled.cover, error: settled.error };
}
