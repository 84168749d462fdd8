import { describe, expect, it } from 'vitest';
import { sampleMask, sampleSorted } from '../../../main/core/gbdt/sampling.js';
import { Prng } from '../../../main/core/util/prng.js';

describe('Prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const c = new Prng(8);
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('draws floats in [0, 1) with a plausible mean', () => {
    const r = new Prng(1);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = r.nextFloat();
      if (!(v >= 0 && v < 1)) outside++;
      sum += v;
    }
    expect(outside).toBe(0);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('samples exactly k sorted distinct indices', () => {
    const out = new Uint32Array(300);
    const k = sampleSorted(new Prng(3), 1000, 300, out);
    expect(k).toBe(300);
    for (let i = 1; i < k; i++) expect(out[i]!).toBeGreaterThan(out[i - 1]!);
    expect(out[k - 1]!).toBeLessThan(1000);
  });

  it('marks exactly k positions in a mask', () => {
    const mask = new Uint8Array(1000);
    expect(sampleMask(new Prng(3), 1000, 250, mask)).toBe(250);
    expect(mask.reduce((s, v) => s + v, 0)).toBe(250);
  });
});
