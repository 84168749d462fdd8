import { describe, expect, it } from 'vitest';
import { createObjective, quantileInPlace } from '../../../main/core/gbdt/objectives.js';
import { Prng } from '../../../main/core/util/prng.js';

const y = Float32Array.of(1, 2, 3, 10);
const score = Float64Array.of(2, 2, 2, 2);

describe('L2', () => {
  const o = createObjective({ objective: 'l2' });
  it('has gradient score - y, the mean as initial score, and MSE as loss', () => {
    const g = new Float64Array(4);
    o.gradients(y, score, g);
    expect(Array.from(g)).toEqual([1, 0, -1, -8]);
    expect(o.initScore(y)).toBe(4);
    expect(o.loss(y, score)).toBe((1 + 0 + 1 + 64) / 4);
    expect(o.leafQuantile).toBeNull();
  });
});

describe('L1', () => {
  const o = createObjective({ objective: 'l1' });
  it('has sign gradients (0 on ties), the median as initial score, MAE as loss, median leaf refit', () => {
    const g = new Float64Array(4);
    o.gradients(y, score, g);
    expect(Array.from(g)).toEqual([1, 0, -1, -1]);
    expect(o.initScore(y)).toBe(2.5);
    expect(o.loss(y, score)).toBe((1 + 0 + 1 + 8) / 4);
    expect(o.leafQuantile).toBe(0.5);
  });
});

describe('quantile', () => {
  const o = createObjective({ objective: 'quantile', alpha: 0.9 });
  it('has pinball gradients, the alpha-quantile as initial score, pinball loss', () => {
    const g = new Float64Array(4);
    o.gradients(y, score, g);
    expect(g[0]).toBeCloseTo(0.1, 12);
    expect(g[1]).toBe(0);
    expect(g[2]).toBeCloseTo(-0.9, 12);
    // position 0.9 * 3 = 2.7 between 3 and 10
    expect(o.initScore(y)).toBeCloseTo(3 + 0.7 * 7, 12);
    expect(o.loss(y, score)).toBeCloseTo((0.1 * 1 + 0 + 0.9 * 1 + 0.9 * 8) / 4, 12);
    expect(o.leafQuantile).toBe(0.9);
  });

  it('rejects alpha outside (0, 1)', () => {
    expect(() => createObjective({ objective: 'quantile', alpha: 1 })).toThrow(RangeError);
    expect(() => createObjective({ objective: 'quantile', alpha: 0 })).toThrow(RangeError);
  });
});

describe('quantileInPlace', () => {
  it('matches a sort-based reference on data with many ties', () => {
    const rng = new Prng(12);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.nextInt(60);
      const values = Float64Array.from({ length: n }, () => rng.nextInt(8));
      const sorted = Array.from(values).sort((a, b) => a - b);
      for (const alpha of [0.05, 0.5, 0.9, 0.99]) {
        const pos = alpha * (n - 1);
        const k = Math.floor(pos);
        const want = k + 1 < n ? sorted[k]! + (sorted[k + 1]! - sorted[k]!) * (pos - k) : sorted[k]!;
        expect(quantileInPlace(values.slice(), n, alpha)).toBeCloseTo(want, 12);
      }
    }
  });

  it('throws on an empty set', () => {
    expect(() => quantileInPlace(new Float64Array(0), 0, 0.5)).toThrow(RangeError);
  });
});
