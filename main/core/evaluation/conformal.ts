/**
 * Split conformal calibration of an upper bound: on a calibration slice the model never trained on,
 * find the additive offset that makes `upper + offset` cover the target with probability ≥ 1 − miss.
 * With n calibration rows the finite-sample quantile index is ceil((n + 1)(1 − miss)).
 */
export function conformalOffset(actual: ArrayLike<number>, upper: ArrayLike<number>, coverage = 0.9): number {
  const n = actual.length;
  if (n === 0) return 0;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = actual[i]! - upper[i]!;
  scores.sort();
  const k = Math.min(n, Math.ceil((n + 1) * coverage));
  return scores[k - 1]!;
}
