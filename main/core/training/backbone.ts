import { quantileInPlace } from '../gbdt/objectives.js';
import type { Backbone } from '../model/backbone.js';

/**
 * The physical backbone every estimate stands on: a turnout (seconds before the wheels turn) plus the
 * straight-line distance at a learned pace (seconds per metre). The trees learn only a correction to
 * it, so an estimate keeps growing with distance beyond the longest drives in the history — trees are
 * constant outside the range they saw and cannot extrapolate on their own.
 *
 * Fitted under L1 (the point model's loss) on the training slice. The pace is held between the fastest
 * a fire engine could plausibly cover straight-line distance in London and a walking pace, so the
 * backbone itself never implies an impossible speed.
 */

/** 80 km/h as a straight-line speed: 0.045 s per metre. */
export const FASTEST_SECONDS_PER_METRE = 3.6 / 80;
/** 6 km/h: slower than this the fit is meaningless (walking pace). */
export const SLOWEST_SECONDS_PER_METRE = 3.6 / 6;
const SEARCH_STEPS = 80;

/**
 * Least absolute deviations line y ≈ turnout + pace·d. For a fixed pace the best turnout is the median
 * of y − pace·d, and the loss profiled over turnout is convex in pace (partial minimum of a convex
 * function), so a golden-section search over pace finds the optimum deterministically.
 */
export function fitBackbone(distanceMetres: ArrayLike<number>, y: ArrayLike<number>): Backbone {
  const n = y.length;
  if (n === 0) throw new RangeError('cannot fit the distance backbone on no rows');
  const work = new Float64Array(n);
  const profile = (pace: number): { loss: number; turnout: number } => {
    for (let i = 0; i < n; i++) work[i] = y[i]! - pace * distanceMetres[i]!;
    const turnout = Math.max(0, quantileInPlace(work, n, 0.5));
    let loss = 0;
    for (let i = 0; i < n; i++) loss += Math.abs(y[i]! - turnout - pace * distanceMetres[i]!);
    return { loss, turnout };
  };
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = FASTEST_SECONDS_PER_METRE;
  let hi = SLOWEST_SECONDS_PER_METRE;
  let x1 = hi - ratio * (hi - lo);
  let x2 = lo + ratio * (hi - lo);
  let f1 = profile(x1).loss;
  let f2 = profile(x2).loss;
  for (let step = 0; step < SEARCH_STEPS; step++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - ratio * (hi - lo);
      f1 = profile(x1).loss;
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + ratio * (hi - lo);
      f2 = profile(x2).loss;
    }
  }
  const pace = (lo + hi) / 2;
  return { turnoutSeconds: Math.fround(profile(pace).turnout), secondsPerMetre: Math.fround(pace) };
}
