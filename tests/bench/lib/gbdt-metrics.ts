/** Test-set metrics both training children report, computed the same way as the Python child does. */
export function regressionMetrics(
  y: Float32Array,
  pred: Float64Array,
  alpha: number,
): { mae: number; rmse: number; pinball: number; coverage: number } {
  let abs = 0;
  let sq = 0;
  let pin = 0;
  let covered = 0;
  for (let i = 0; i < y.length; i++) {
    const r = y[i]! - pred[i]!;
    abs += Math.abs(r);
    sq += r * r;
    pin += r >= 0 ? alpha * r : (alpha - 1) * r;
    if (y[i]! <= pred[i]!) covered++;
  }
  const n = y.length;
  return { mae: abs / n, rmse: Math.sqrt(sq / n), pinball: pin / n, coverage: covered / n };
}
