import { mulberry32 } from '../util/prng.js';

/**
 * Paired bootstrap of the MAE difference (challenger − champion) over the same rows: resampling rows,
 * not models, so the interval reflects how much the verdict depends on which incidents happened.
 */
export function pairedBootstrapMaeDiff(
  actual: ArrayLike<number>,
  champion: ArrayLike<number>,
  challenger: ArrayLike<number>,
  options: { resamples?: number; confidence?: number; seed?: number } = {},
): { diff: number; low: number; high: number } {
  const n = actual.length;
  if (n === 0) return { diff: NaN, low: NaN, high: NaN };
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const rand = mulberry32(options.seed ?? 1);
  const d = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    d[i] = Math.abs(challenger[i]! - actual[i]!) - Math.abs(champion[i]! - actual[i]!);
    total += d[i]!;
  }
  const stats = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += d[Math.floor(rand() * n)]!;
    stats[r] = s / n;
  }
  stats.sort();
  const tail = (1 - confidence) / 2;
  const at = (q: number) => stats[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return { diff: total / n, low: at(tail), high: at(1 - tail) };
}

/**
 * Percentile bootstrap interval of any statistic of a set of rows: `statistic` gets the resampled row
 * indices (with repeats). Deterministic for a given seed.
 */
export function bootstrapInterval(
  n: number,
  statistic: (rows: Uint32Array) => number,
  options: { resamples?: number; confidence?: number; seed?: number } = {},
): { value: number; low: number; high: number } {
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const value = statistic(all);
  if (n === 0) return { value, low: NaN, high: NaN };
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const rand = mulberry32(options.seed ?? 1);
  const stats: number[] = [];
  const rows = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) rows[i] = Math.floor(rand() * n);
    const s = statistic(rows);
    if (Number.isFinite(s)) stats.push(s);
  }
  stats.sort((a, b) => a - b);
  if (stats.length === 0) return { value, low: NaN, high: NaN };
  const tail = (1 - confidence) / 2;
  const at = (q: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.floor(q * stats.length)))]!;
  return { value, low: at(tail), high: at(1 - tail) };
}
