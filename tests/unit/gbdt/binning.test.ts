import { describe, expect, it } from 'vitest';
import {
  BIN_SAMPLE_SIZE,
  binColumn,
  binDataset,
  boundaryBetween,
  computeBinBounds,
  featureBinning,
  findBin,
} from '../../../main/core/gbdt/binning.js';
import { Prng } from '../../../main/core/util/prng.js';
import { gaussian, makeDataset } from './helpers.js';

const sorted = (values: number[]): Float32Array => Float32Array.from(values).sort();

describe('boundaryBetween', () => {
  it('returns a float32 strictly between two values, or the lower one when none fits', () => {
    expect(boundaryBetween(1, 2)).toBe(1.5);
    const lo = Math.fround(0.1);
    const t = boundaryBetween(lo, Math.fround(0.2));
    expect(Math.fround(t)).toBe(t);
    expect(t >= lo && t < Math.fround(0.2)).toBe(true);
    // Adjacent float32 values: no float32 strictly between, so the lower value itself.
    const next = new Float32Array(
      new Uint32Array([new Uint32Array(Float32Array.of(1).buffer)[0]! + 1]).buffer,
    )[0]!;
    expect(boundaryBetween(1, next)).toBe(1);
  });
});

describe('computeBinBounds', () => {
  it('gives each distinct value its own bin while they fit', () => {
    const b = computeBinBounds(sorted([3, 1, 2, 2, 3, 3]), 255);
    expect(Array.from(b)).toEqual([1.5, 2.5, Infinity]);
  });

  it('never exceeds maxBins and keeps bin counts near equal for continuous data', () => {
    const rng = new Prng(5);
    const v = sorted(Array.from({ length: 50_000 }, () => gaussian(rng)));
    const bounds = computeBinBounds(v, 32);
    expect(bounds.length).toBeLessThanOrEqual(32);
    expect(bounds.length).toBeGreaterThanOrEqual(30);
    const counts = new Array<number>(bounds.length).fill(0);
    for (const x of v) counts[findBin(bounds, x)]!++;
    for (const c of counts) expect(Math.abs(c - 50_000 / 32)).toBeLessThan(200);
  });

  it('gives a heavy tied value a bin of its own', () => {
    const values = [...new Array<number>(5000).fill(0), ...Array.from({ length: 5000 }, (_, i) => 1 + i)];
    const bounds = computeBinBounds(sorted(values), 16);
    expect(findBin(bounds, 0)).toBe(0);
    expect(findBin(bounds, 1)).toBe(1);
    expect(bounds.length).toBeLessThanOrEqual(16);
  });

  it('returns one unbounded bin for an empty or constant column', () => {
    expect(Array.from(computeBinBounds(new Float32Array(0), 255))).toEqual([Infinity]);
    expect(Array.from(computeBinBounds(sorted([4, 4, 4]), 255))).toEqual([Infinity]);
  });

  it('rejects maxBins outside 2..255', () => {
    expect(() => computeBinBounds(sorted([1]), 256)).toThrow(RangeError);
    expect(() => computeBinBounds(sorted([1]), 1)).toThrow(RangeError);
  });
});

describe('bin assignment', () => {
  it('puts x in bin <= b exactly when x <= upperBounds[b] in float32, thresholds included', () => {
    const rng = new Prng(9);
    const values = Float32Array.from({ length: 20_000 }, () => Math.round(gaussian(rng) * 1000) / 100);
    const binning = featureBinning(computeBinBounds(values.slice().sort(), 64));
    const probe = new Float32Array([...values, ...binning.upperBounds.subarray(0, -1), -Infinity, Infinity]);
    const bins = new Uint8Array(probe.length);
    binColumn(probe, binning, bins);
    let mismatches = 0;
    for (let i = 0; i < probe.length; i++) {
      for (let b = 0; b < binning.numBins; b++) {
        if (bins[i]! <= b !== probe[i]! <= binning.upperBounds[b]!) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('sends NaN to the missing bin, numBins', () => {
    const binning = featureBinning(Float32Array.of(1.5, Infinity));
    const bins = new Uint8Array(3);
    binColumn(Float32Array.of(NaN, 1, 2), binning, bins);
    expect(Array.from(bins)).toEqual([2, 0, 1]);
  });

  it('bins a dataset column-major, with bounds from a deterministic sample beyond BIN_SAMPLE_SIZE', () => {
    const n = BIN_SAMPLE_SIZE + 10_000;
    const col = Float32Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    col[5] = NaN;
    const a = binDataset(makeDataset([col]), 255, 1);
    const b = binDataset(makeDataset([col]), 255, 1);
    expect(Buffer.compare(a.bins[0]!, b.bins[0]!)).toBe(0);
    expect(a.features[0]!.upperBounds).toEqual(b.features[0]!.upperBounds);
    expect(a.bins[0]![5]).toBe(a.features[0]!.missingBin);
    expect(a.features[0]!.numBins).toBeLessThanOrEqual(255);
  });
});
