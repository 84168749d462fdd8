import { HIST_FEATURE_STRIDE } from './arena.js';
import type { FeatureBinning } from './binning.js';

export interface SplitParams {
  lambdaL2: number;
  minDataInLeaf: number;
  /** Hessians are all 1, so this compares against row counts. */
  minSumHessianInLeaf: number;
}

export interface SplitCandidate {
  /** Loss reduction; -Infinity when the leaf has no admissible split. */
  gain: number;
  feature: number;
  /** Non-missing rows with bin <= thresholdBin go left. */
  thresholdBin: number;
  /** Where missing values go: the better side when the leaf had any, else the side with more rows. */
  defaultLeft: boolean;
  leftGrad: number;
  leftCount: number;
  rightGrad: number;
  rightCount: number;
}

/**
 * Splits whose gain is this small relative to the leaf's own score are rounding noise (e.g. equal
 * gradients on both sides), not structure; taking them would only add useless leaves.
 */
const MIN_RELATIVE_GAIN = 1e-12;

export function noSplit(): SplitCandidate {
  return {
    gain: -Infinity,
    feature: -1,
    thresholdBin: 0,
    defaultLeft: false,
    leftGrad: 0,
    leftCount: 0,
    rightGrad: 0,
    rightCount: 0,
  };
}

/** The part of the second-order loss a leaf removes: G^2 / (H + lambda) with H = count. */
export function leafScore(sumGrad: number, count: number, lambdaL2: number): number {
  return (sumGrad * sumGrad) / (count + lambdaL2);
}

/** The Newton step for a leaf: -G / (H + lambda). */
export function leafOutput(sumGrad: number, count: number, lambdaL2: number): number {
  return -sumGrad / (count + lambdaL2);
}

/**
 * Best split of one leaf over the features with `featureMask[f] === 1`. `hist` holds the leaf's
 * histogram starting at `base` (see histogram.ts); `sumGrad`/`count` are the leaf's totals. Ties keep
 * the first candidate in (feature, bin, missing-right-before-left) order, so the result is deterministic.
 */
export function findBestSplit(
  hist: Float64Array,
  base: number,
  features: readonly FeatureBinning[],
  featureMask: Uint8Array,
  sumGrad: number,
  count: number,
  params: SplitParams,
): SplitCandidate {
  const best = noSplit();
  const lambda = params.lambdaL2;
  const minRows = Math.max(params.minDataInLeaf, params.minSumHessianInLeaf, 1);
  if (count < 2 * minRows) return best;
  const parent = leafScore(sumGrad, count, lambda);
  let bestGain = Math.max(0, MIN_RELATIVE_GAIN * parent);
  for (let f = 0; f < features.length; f++) {
    if (featureMask[f] !== 1) continue;
    const nb = features[f]!.numBins;
    const fb = base + f * HIST_FEATURE_STRIDE;
    const missGrad = hist[fb + 2 * nb]!;
    const missCount = hist[fb + 2 * nb + 1]!;
    // With missing rows present, "all non-missing left, missing right" is a candidate too.
    const lastBin = missCount > 0 ? nb - 1 : nb - 2;
    let lg = 0;
    let lc = 0;
    for (let t = 0; t <= lastBin; t++) {
      const c = hist[fb + 2 * t + 1]!;
      lg += hist[fb + 2 * t]!;
      lc += c;
      if (c === 0 && t > 0) continue; // the same row split as bin t-1, which was already scored
      if (count - lc < minRows) break;
      // Missing rows to the right.
      if (lc >= minRows) {
        const rc = count - lc;
        const rg = sumGrad - lg;
        const gain = leafScore(lg, lc, lambda) + leafScore(rg, rc, lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          setBest(best, gain, f, t, missCount > 0 ? false : lc >= rc, lg, lc, rg, rc);
        }
      }
      // Missing rows to the left.
      if (missCount > 0) {
        const lc2 = lc + missCount;
        const rc = count - lc2;
        if (lc2 >= minRows && rc >= minRows) {
          const lg2 = lg + missGrad;
          const rg = sumGrad - lg2;
          const gain = leafScore(lg2, lc2, lambda) + leafScore(rg, rc, lambda) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            setBest(best, gain, f, t, true, lg2, lc2, rg, rc);
          }
        }
      }
    }
  }
  return best;
}

function setBest(
  s: SplitCandidate,
  gain: number,
  feature: number,
  thresholdBin: number,
  defaultLeft: boolean,
  lg: number,
  lc: number,
  rg: number,
  rc: number,
): void {
  s.gain = gain;
  s.feature = feature;
  s.thresholdBin = thresholdBin;
  s.defaultLeft = defaultLeft;
  s.leftGrad = lg;
  s.leftCount = lc;
  s.rightGrad = rg;
  s.rightCount = rc;
}
