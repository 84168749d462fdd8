import { describe, expect, it } from 'vitest';
import { bootstrapInterval } from '../../../main/core/evaluation/bootstrap.js';
import { brierScore, fitLogistic, reliabilityTable } from '../../../main/core/evaluation/logistic.js';
import { mulberry32 } from '../../../main/core/util/prng.js';

describe('logistic calibration', () => {
  it('recovers known coefficients, and its probabilities match outcomes by decile', () => {
    const rand = mulberry32(11);
    const x: number[][] = [];
    const y: number[] = [];
    const p: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = 4 * rand() - 2;
      const b = 200 * rand() - 100;
      const truth = 1 / (1 + Math.exp(-(-0.5 + 1.5 * a + 0.02 * b)));
      x.push([a, b]);
      p.push(truth);
      y.push(rand() < truth ? 1 : 0);
    }
    const beta = fitLogistic(x, y);
    expect(beta[0]).toBeCloseTo(-0.5, 1);
    expect(beta[1]).toBeCloseTo(1.5, 1);
    expect(beta[2]).toBeCloseTo(0.02, 2);
    const table = reliabilityTable(p, y);
    expect(table).toHaveLength(10);
    expect(table.reduce((s, b) => s + b.count, 0)).toBe(20_000);
    for (const bin of table) expect(Math.abs(bin.meanPredicted - bin.observed)).toBeLessThan(0.04);
    // The true probabilities score better than a constant at the base rate.
    const base = y.reduce((s, v) => s + v, 0) / y.length;
    expect(brierScore(p, y)).toBeLessThan(brierScore(new Array<number>(y.length).fill(base), y));
  });

  it('stays finite when the outcome never happens or is perfectly separated', () => {
    const x = Array.from({ length: 30 }, (_, i) => [i]);
    for (const y of [x.map(() => 0), x.map((_, i) => (i < 15 ? 0 : 1))]) {
      const beta = fitLogistic(x, y);
      for (const b of beta) expect(Number.isFinite(b)).toBe(true);
    }
  });

  it('bootstraps an interval that contains the statistic and narrows with more rows', () => {
    const rand = mulberry32(2);
    const values = Array.from({ length: 4000 }, () => rand());
    const mean = (rows: Uint32Array) => rows.reduce((s, i) => s + values[i]!, 0) / rows.length;
    const wide = bootstrapInterval(400, mean);
    const narrow = bootstrapInterval(4000, mean);
    expect(narrow.low).toBeLessThan(narrow.value);
    expect(narrow.high).toBeGreaterThan(narrow.value);
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
    expect(bootstrapInterval(4000, mean)).toEqual(narrow);
  });
});
