import { describe, expect, it } from 'vitest';
import { HIST_FEATURE_STRIDE } from '../../../main/core/gbdt/arena.js';
import { featureBinning } from '../../../main/core/gbdt/binning.js';
import { findBestSplit, leafOutput, leafScore, type SplitParams } from '../../../main/core/gbdt/split.js';

/** A histogram from per-feature lists of [gradient sum, count] per bin (the last entry is the missing bin). */
function histogram(features: [number, number][][]): Float64Array {
  const h = new Float64Array(features.length * HIST_FEATURE_STRIDE);
  features.forEach((bins, f) =>
    bins.forEach(([g, c], b) => {
      h[f * HIST_FEATURE_STRIDE + 2 * b] = g;
      h[f * HIST_FEATURE_STRIDE + 2 * b + 1] = c;
    }),
  );
  return h;
}

const binning = (numBins: number) =>
  featureBinning(Float32Array.from({ length: numBins }, (_, b) => b + 0.5));
const params = (over: Partial<SplitParams> = {}): SplitParams => ({
  lambdaL2: 0,
  minDataInLeaf: 1,
  minSumHessianInLeaf: 0,
  ...over,
});
const all = (n: number) => new Uint8Array(n).fill(1);

describe('leaf formulas', () => {
  it('score G^2/(H+lambda) and Newton output -G/(H+lambda), with H = row count', () => {
    expect(leafScore(-6, 2, 1)).toBe(12);
    expect(leafOutput(-6, 2, 1)).toBe(2);
  });
});

describe('findBestSplit', () => {
  // Bins: (-6, 2), (-2, 2), (8, 2); no missing rows. G = 0, H = 6.
  const h = histogram([
    [
      [-6, 2],
      [-2, 2],
      [8, 2],
      [0, 0],
    ],
  ]);

  it('picks the threshold with the largest gain (hand-computed, lambda 0)', () => {
    // t=0: 36/2 + 36/4 - 0 = 27;  t=1: 64/4 + 64/2 - 0 = 48.
    const s = findBestSplit(h, 0, [binning(3)], all(1), 0, 6, params());
    expect(s).toMatchObject({
      feature: 0,
      thresholdBin: 1,
      leftGrad: -8,
      leftCount: 4,
      rightGrad: 8,
      rightCount: 2,
    });
    expect(s.gain).toBeCloseTo(48, 12);
    // No missing rows seen: missing values follow the side with more rows.
    expect(s.defaultLeft).toBe(true);
  });

  it('applies L2 regularisation to every leaf score', () => {
    // lambda 2: t=0: 36/4 + 36/6 = 15;  t=1: 64/6 + 64/4 = 26.67.
    const s = findBestSplit(h, 0, [binning(3)], all(1), 0, 6, params({ lambdaL2: 2 }));
    expect(s.thresholdBin).toBe(1);
    expect(s.gain).toBeCloseTo(64 / 6 + 16, 12);
  });

  it('respects minDataInLeaf and minSumHessianInLeaf', () => {
    expect(findBestSplit(h, 0, [binning(3)], all(1), 0, 6, params({ minDataInLeaf: 3 })).gain).toBe(
      -Infinity,
    );
    expect(findBestSplit(h, 0, [binning(3)], all(1), 0, 6, params({ minSumHessianInLeaf: 3 })).gain).toBe(
      -Infinity,
    );
    expect(findBestSplit(h, 0, [binning(3)], all(1), 0, 6, params({ minDataInLeaf: 2 })).thresholdBin).toBe(
      1,
    );
  });

  it('sends missing values to the better side', () => {
    // Bins (-4, 2), (4, 2), missing (-6, 2). G = -6, H = 6, parent score 6.
    // t=0 missing right: 8 + 1 - 6 = 3;  t=0 missing left: 25 + 8 - 6 = 27;  t=1 missing right: 0 + 18 - 6 = 12.
    const hm = histogram([
      [
        [-4, 2],
        [4, 2],
        [-6, 2],
      ],
    ]);
    const s = findBestSplit(hm, 0, [binning(2)], all(1), -6, 6, params());
    expect(s).toMatchObject({ thresholdBin: 0, defaultLeft: true, leftGrad: -10, leftCount: 4 });
    expect(s.gain).toBeCloseTo(27, 12);
  });

  it('can split missing against all non-missing values', () => {
    // Bins (1, 3) only, missing (-9, 3): the only split is "non-missing left, missing right".
    const hm = histogram([
      [
        [1, 3],
        [-9, 3],
      ],
    ]);
    const s = findBestSplit(hm, 0, [binning(1)], all(1), -8, 6, params());
    expect(s).toMatchObject({ thresholdBin: 0, defaultLeft: false, leftCount: 3, rightCount: 3 });
  });

  it('only considers features in the mask, and finds none when gradients are uniform', () => {
    const two = histogram([
      [
        [-1, 1],
        [1, 1],
        [0, 0],
      ],
      [
        [-5, 1],
        [5, 1],
        [0, 0],
      ],
    ]);
    expect(findBestSplit(two, 0, [binning(2), binning(2)], all(2), 0, 2, params()).feature).toBe(1);
    expect(findBestSplit(two, 0, [binning(2), binning(2)], Uint8Array.of(1, 0), 0, 2, params()).feature).toBe(
      0,
    );
    const flat = histogram([
      [
        [-2, 2],
        [-3, 3],
        [0, 0],
      ],
    ]);
    expect(findBestSplit(flat, 0, [binning(2)], all(1), -5, 5, params()).gain).toBe(-Infinity);
  });
});
