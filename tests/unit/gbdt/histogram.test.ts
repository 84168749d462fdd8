import { describe, expect, it } from 'vitest';
import { Arena, HIST_FEATURE_STRIDE } from '../../../main/core/gbdt/arena.js';
import {
  addHistogram,
  clearHistogram,
  featureOffset,
  histogramTotals,
  subtractHistogram,
} from '../../../main/core/gbdt/histogram.js';
import { createKernels } from '../../../main/core/gbdt/kernels.js';
import { RowOps } from '../../../main/core/gbdt/parallel.js';
import { Prng } from '../../../main/core/util/prng.js';

function setup(n: number) {
  const rng = new Prng(4);
  const arena = new Arena({ numRows: n, numFeatures: 5, numSlots: 4 });
  const cols = Array.from({ length: 5 }, () => Uint8Array.from({ length: n }, () => rng.nextInt(40)));
  arena.load(cols, new Float32Array(n), 0);
  // Integer-valued gradients make every sum exact, so subtraction must match to the bit.
  const grad = arena.buffers[0].grad;
  for (let i = 0; i < n; i++) grad[i] = rng.nextInt(21) - 10;
  return { arena, rows: new RowOps(arena, createKernels(arena), null) };
}

describe('histograms', () => {
  it('hold gradient sums and counts per feature and bin', () => {
    const { arena, rows } = setup(200);
    rows.buildHistogram(0, 0, 200, 0);
    const home = arena.buffers[0];
    let g = 0;
    let c = 0;
    for (let i = 0; i < 200; i++) {
      if (home.bins[i * arena.rowBytes + 2] === 7) {
        g += home.grad[i]!;
        c++;
      }
    }
    const at = featureOffset(arena, 0, 2) + 2 * 7;
    expect(arena.hist[at]).toBe(g);
    expect(arena.hist[at + 1]).toBe(c);
  });

  it('parent minus the smaller child equals the larger child built directly', () => {
    const n = 10_000;
    const { arena, rows } = setup(n);
    const split = 3_000;
    rows.buildHistogram(0, 0, n, 0); // parent
    rows.buildHistogram(0, 0, split, 1); // smaller child
    rows.buildHistogram(0, split, n, 2); // larger child, directly
    subtractHistogram(arena, 0, 1);
    const s = arena.histStride;
    expect(arena.hist.subarray(0, s)).toEqual(arena.hist.subarray(2 * s, 3 * s));
  });

  it('builds from scratch (clears the slot) and totals a feature', () => {
    const { arena, rows } = setup(1000);
    rows.buildHistogram(0, 0, 1000, 3);
    rows.buildHistogram(0, 0, 500, 3);
    const totals = histogramTotals(arena, 3, 4, 41);
    expect(totals.count).toBe(500);
    let g = 0;
    for (let i = 0; i < 500; i++) g += arena.buffers[0].grad[i]!;
    expect(totals.sumGrad).toBe(g);
    clearHistogram(arena, 3);
    expect(arena.hist.subarray(3 * arena.histStride, 4 * arena.histStride).every((v) => v === 0)).toBe(true);
    expect(HIST_FEATURE_STRIDE).toBeGreaterThanOrEqual(512);
  });

  it('adds two halves into one histogram', () => {
    const { arena, rows } = setup(1000);
    rows.buildHistogram(0, 0, 400, 0);
    rows.buildHistogram(0, 400, 1000, 1);
    rows.buildHistogram(0, 0, 1000, 2);
    addHistogram(arena, 0, 1);
    const s = arena.histStride;
    expect(arena.hist.subarray(0, s)).toEqual(arena.hist.subarray(2 * s, 3 * s));
  });
});
