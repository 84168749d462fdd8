import type { TrainingWindow } from '../model/format.js';

/** Rows of an evaluated file that fall inside the model's training window (trainFrom…trainTo). */
export interface TrainingOverlap {
  /** The model's training window: first and last call it learned from (ISO instants). */
  readonly window: { readonly from: string; readonly to: string };
  readonly rows: number;
  readonly of: number;
  /** rows / of, 0 for an empty file. */
  readonly share: number;
  /** First and last overlapping call (ISO instants), null without overlap. */
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * How much of a file the model has already seen: metrics on rows it was trained (or calibrated) on
 * are optimistic, so evaluate says so rather than passing them off as a test on unseen data.
 */
export function trainingOverlap(callAt: Float64Array, window: TrainingWindow): TrainingOverlap {
  const lo = Date.parse(window.trainFrom);
  const hi = Date.parse(window.trainTo);
  let rows = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const t of callAt) {
    if (t >= lo && t <= hi) {
      rows++;
      if (t < first) first = t;
      if (t > last) last = t;
    }
  }
  return {
    window: { from: window.trainFrom, to: window.trainTo },
    rows,
    of: callAt.length,
    share: callAt.length === 0 ? 0 : rows / callAt.length,
    from: rows > 0 ? new Date(first).toISOString() : null,
    to: rows > 0 ? new Date(last).toISOString() : null,
  };
}
