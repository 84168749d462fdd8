/**
 * Holdout metrics a data officer reads. MAE is the promotion metric (as in the system this replaces);
 * the rest say how the errors are shaped.
 */
export interface Metrics {
  readonly count: number;
  readonly mae: number;
  readonly rmse: number;
  readonly r2: number;
  readonly medianAbsError: number;
  /** Share of estimates within ±60 s of the actual attendance time. */
  readonly within60: number;
  /** Mean of (estimate − actual): negative means the model is optimistic. */
  readonly bias: number;
  /** Share of actual times at or below the P90 bound (≈ 0.90 when calibrated). */
  readonly p90Coverage: number;
}

export interface StationMetrics {
  readonly station: string;
  readonly count: number;
  readonly mae: number;
  readonly bias: number;
}

export const WITHIN_SECONDS = 60;

export function computeMetrics(
  actual: ArrayLike<number>,
  eta: ArrayLike<number>,
  p90?: ArrayLike<number>,
): Metrics {
  const n = actual.length;
  if (n === 0) {
    return {
      count: 0,
      mae: NaN,
      rmse: NaN,
      r2: NaN,
      medianAbsError: NaN,
      within60: NaN,
      bias: NaN,
      p90Coverage: NaN,
    };
  }
  let sumAbs = 0;
  let sumSq = 0;
  let sumErr = 0;
  let within = 0;
  let covered = 0;
  let sumY = 0;
  const abs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    const err = eta[i]! - y;
    abs[i] = Math.abs(err);
    sumAbs += abs[i]!;
    sumSq += err * err;
    sumErr += err;
    sumY += y;
    if (abs[i]! <= WITHIN_SECONDS) within++;
    if (p90 && y <= p90[i]!) covered++;
  }
  const meanY = sumY / n;
  let totalSq = 0;
  for (let i = 0; i < n; i++) totalSq += (actual[i]! - meanY) ** 2;
  return {
    count: n,
    mae: sumAbs / n,
    rmse: Math.sqrt(sumSq / n),
    r2: totalSq > 0 ? 1 - sumSq / totalSq : NaN,
    medianAbsError: median(abs),
    within60: within / n,
    bias: sumErr / n,
    p90Coverage: p90 ? covered / n : NaN,
  };
}

export function perStationMetrics(
  stations: readonly string[],
  actual: ArrayLike<number>,
  eta: ArrayLike<number>,
): StationMetrics[] {
  const acc = new Map<string, { count: number; abs: number; err: number }>();
  for (let i = 0; i < stations.length; i++) {
    const key = stations[i]!;
    const a = acc.get(key) ?? { count: 0, abs: 0, err: 0 };
    const err = eta[i]! - actual[i]!;
    a.count++;
    a.abs += Math.abs(err);
    a.err += err;
    acc.set(key, a);
  }
  return [...acc.entries()]
    .map(([station, a]) => ({ station, count: a.count, mae: a.abs / a.count, bias: a.err / a.count }))
    .sort((x, y) => x.station.localeCompare(y.station));
}

/** Median of a copy; NaN for an empty input. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile of a copy (type 7, as numpy's default). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
