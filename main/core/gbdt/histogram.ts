import type { Arena } from './arena.js';
import { HIST_FEATURE_STRIDE } from './arena.js';

/**
 * Per-leaf histograms: for every feature and bin, the sum of gradients and the row count of the leaf's
 * rows in that bin. A hessian sum is not stored: L2, L1 and quantile all have unit hessians, so the
 * hessian sum of any set of rows is its count (LightGBM's constant-hessian path does the same).
 * Dropping the third accumulator lets the wasm kernel add (gradient, 1) with one 128-bit add.
 *
 * Layout of slot s in `arena.hist`: feature f, bin b at `s * histStride + f * HIST_FEATURE_STRIDE + 2b`
 * (gradient) and `+ 2b + 1` (count). Slots are filled by the kernels through RowOps.buildHistogram
 * (parallel.ts), which may build one in two halves and add them.
 */

export function featureOffset(arena: Arena, slot: number, feature: number): number {
  return slot * arena.histStride + feature * HIST_FEATURE_STRIDE;
}

export function clearHistogram(arena: Arena, slot: number): void {
  const start = slot * arena.histStride;
  arena.hist.fill(0, start, start + arena.histStride);
}

/**
 * `target -= other`, bin by bin. With `target` a parent's histogram and `other` its smaller child's,
 * this yields the larger child's histogram without touching its rows: the reason each split costs a
 * pass over the smaller child only.
 */
export function subtractHistogram(arena: Arena, target: number, other: number): void {
  const h = arena.hist;
  const stride = arena.histStride;
  const t = target * stride;
  const o = other * stride;
  for (let i = 0; i < stride; i++) h[t + i] = h[t + i]! - h[o + i]!;
}

/** `target += other`, bin by bin: joins the two halves of a histogram. */
export function addHistogram(arena: Arena, target: number, other: number): void {
  const h = arena.hist;
  const stride = arena.histStride;
  const t = target * stride;
  const o = other * stride;
  for (let i = 0; i < stride; i++) h[t + i] = h[t + i]! + h[o + i]!;
}

/** Gradient sum and row count over all bins of one feature: a leaf's totals. */
export function histogramTotals(
  arena: Arena,
  slot: number,
  feature: number,
  binsInUse: number,
): { sumGrad: number; count: number } {
  const h = arena.hist;
  const base = featureOffset(arena, slot, feature);
  let sumGrad = 0;
  let count = 0;
  for (let b = 0; b < binsInUse; b++) {
    sumGrad += h[base + 2 * b]!;
    count += h[base + 2 * b + 1]!;
  }
  return { sumGrad, count };
}
