import { Prng } from '../util/prng.js';
import { sampleSorted } from './sampling.js';
import type { Dataset } from './types.js';

/** Non-missing bins must leave one Uint8 code free for the missing bin. */
export const MAX_BINS_LIMIT = 255;
/** Like LightGBM's bin_construct_sample_cnt: quantiles of 200k rows are as good as of all rows. */
export const BIN_SAMPLE_SIZE = 200_000;

export interface FeatureBinning {
  /** Bins for non-missing values: 0 .. numBins-1. */
  numBins: number;
  /**
   * float32 upper bounds, one per bin, ascending; the last is +Infinity. A value belongs to the first
   * bin whose bound is >= the value, so "bin <= b" is exactly "x <= upperBounds[b]" in float32, the
   * comparison the ONNX runtime makes against the same thresholds.
   */
  upperBounds: Float32Array;
  /** Bin code for NaN: always numBins, whether or not the training data had missing values. */
  missingBin: number;
}

export interface BinnedDataset {
  numRows: number;
  numFeatures: number;
  features: FeatureBinning[];
  /** Column-major bin codes: `bins[f][row]`. */
  bins: Uint8Array[];
}

/**
 * A threshold strictly between two adjacent distinct float32 values `lo < hi`, so unseen values in the
 * gap are shared fairly between the two bins; falls back to `lo` when the midpoint rounds onto `hi`.
 */
export function boundaryBetween(lo: number, hi: number): number {
  const mid = Math.fround(lo / 2 + hi / 2);
  return lo <= mid && mid < hi ? mid : lo;
}

/**
 * Quantile bin bounds for sorted (ascending), NaN-free float32 values. Distinct values each get a bin
 * while they fit; beyond that bins hold about equal counts, and a value heavier than a bin's share
 * gets a bin of its own so ties (integer codes, rounded coordinates) never straddle a boundary.
 */
export function computeBinBounds(sorted: Float32Array, maxBins: number): Float32Array {
  checkMaxBins(maxBins);
  const n = sorted.length;
  if (n === 0) return Float32Array.of(Infinity);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]!++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const d = distinct.length;
  const bounds: number[] = [];
  let remainingCount = n;
  let remainingBins = maxBins;
  let target = n / maxBins;
  let inBin = 0;
  for (let i = 0; i < d - 1; i++) {
    inBin += counts[i]!;
    remainingCount -= counts[i]!;
    const valuesLeft = d - 1 - i;
    const close =
      remainingBins > 1 && (valuesLeft < remainingBins || inBin >= target || counts[i + 1]! >= target);
    if (close) {
      bounds.push(boundaryBetween(distinct[i]!, distinct[i + 1]!));
      remainingBins--;
      target = remainingCount / remainingBins;
      inBin = 0;
    }
  }
  bounds.push(Infinity);
  return Float32Array.from(bounds);
}

/** The first bin whose upper bound is >= v (v not NaN). */
export function findBin(upperBounds: Float32Array, v: number): number {
  let lo = 0;
  let hi = upperBounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= upperBounds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function binColumn(values: Float32Array, binning: FeatureBinning, out: Uint8Array): void {
  const bounds = binning.upperBounds;
  const missing = binning.missingBin;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v !== v ? missing : findBin(bounds, v);
  }
}

export function featureBinning(upperBounds: Float32Array): FeatureBinning {
  return { numBins: upperBounds.length, upperBounds, missingBin: upperBounds.length };
}

/** Bins every feature; bin bounds come from a seeded sample of at most BIN_SAMPLE_SIZE rows. */
export function binDataset(data: Dataset, maxBins: number, seed: number): BinnedDataset {
  checkMaxBins(maxBins);
  const n = data.numRows;
  let sampleRows: Uint32Array | null = null;
  let sampleSize = n;
  if (n > BIN_SAMPLE_SIZE) {
    sampleRows = new Uint32Array(BIN_SAMPLE_SIZE);
    sampleSize = sampleSorted(new Prng(seed), n, BIN_SAMPLE_SIZE, sampleRows);
  }
  const scratch = new Float32Array(sampleSize);
  const features: FeatureBinning[] = [];
  const bins: Uint8Array[] = [];
  for (let f = 0; f < data.numFeatures; f++) {
    const col = data.columns[f]!;
    let m = 0;
    for (let i = 0; i < sampleSize; i++) {
      const v = col[sampleRows ? sampleRows[i]! : i]!;
      if (v === v) scratch[m++] = v;
    }
    const sorted = scratch.subarray(0, m).sort();
    const binning = featureBinning(computeBinBounds(sorted, maxBins));
    const out = new Uint8Array(n);
    binColumn(col, binning, out);
    features.push(binning);
    bins.push(out);
  }
  return { numRows: n, numFeatures: data.numFeatures, features, bins };
}

function checkMaxBins(maxBins: number): void {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS_LIMIT) {
    throw new RangeError(`maxBins must be an integer in 2..${MAX_BINS_LIMIT}, got ${maxBins}`);
  }
}
