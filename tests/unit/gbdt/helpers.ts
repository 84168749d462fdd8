import type { Dataset } from '../../../main/core/gbdt/index.js';
import { Prng } from '../../../main/core/util/prng.js';

/** Standard normal from the seeded generator (Box-Muller). */
export function gaussian(rng: Prng): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function makeDataset(columns: Float32Array[]): Dataset {
  return {
    numRows: columns[0]?.length ?? 0,
    numFeatures: columns.length,
    columns,
    featureNames: columns.map((_, f) => `x${f}`),
  };
}

/**
 * A known nonlinear function of 5 features (one with missing values, one integer-coded) plus
 * gaussian noise of standard deviation `noise`; 3 further features are pure noise.
 */
export function friedmanLike(
  n: number,
  seed: number,
  noise = 1,
): { data: Dataset; y: Float32Array; f: Float64Array } {
  const rng = new Prng(seed);
  const cols = Array.from({ length: 8 }, () => new Float32Array(n));
  const y = new Float32Array(n);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 8; c++) cols[c]![i] = rng.nextFloat();
    cols[3]![i] = rng.nextInt(6);
    if (rng.nextFloat() < 0.15) cols[4]![i] = NaN;
    const [x0, x1, x2, x3, x4] = [cols[0]![i]!, cols[1]![i]!, cols[2]![i]!, cols[3]![i]!, cols[4]![i]!];
    const v =
      10 * Math.sin(Math.PI * x0 * x1) +
      20 * (x2 - 0.5) ** 2 +
      3 * (x3 % 3) +
      (Number.isNaN(x4) ? 4 : 5 * x4);
    f[i] = v;
    y[i] = v + noise * gaussian(rng);
  }
  return { data: makeDataset(cols), y, f };
}
