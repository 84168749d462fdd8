import { mulberry32 } from '../util/random.js';

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
