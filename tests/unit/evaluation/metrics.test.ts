import { describe, expect, it } from 'vitest';
import { computeMetrics, perStationMetrics, quantile } from '../../../main/core/evaluation/metrics.js';

describe('computeMetrics', () => {
  it('computes MAE, RMSE, R², median error, ±60 s share, bias and coverage', () => {
    const actual = [100, 200, 300, 400];
    const eta = [110, 190, 380, 400];
    const p90 = [150, 250, 290, 500];
    const m = computeMetrics(actual, eta, p90);
    expect(m.count).toBe(4);
    expect(m.mae).toBeCloseTo((10 + 10 + 80 + 0) / 4);
    expect(m.rmse).toBeCloseTo(Math.sqrt((100 + 100 + 6400 + 0) / 4));
    expect(m.r2).toBeCloseTo(1 - 6600 / 50000);
    expect(m.medianAbsError).toBeCloseTo(10);
    expect(m.within60).toBeCloseTo(0.75);
    expect(m.bias).toBeCloseTo((10 - 10 + 80) / 4);
    expect(m.p90Coverage).toBeCloseTo(0.75);
  });

  it('returns NaN metrics for no rows rather than zeros that look like a perfect model', () => {
    expect(computeMetrics([], []).mae).toBeNaN();
  });

  it('groups per station', () => {
    const rows = perStationMetrics(['A', 'B', 'A'], [100, 100, 100], [90, 130, 120]);
    expect(rows).toEqual([
      { station: 'A', count: 2, mae: 15, bias: 5 },
      { station: 'B', count: 1, mae: 30, bias: 30 },
    ]);
  });

  it('interpolates quantiles like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6);
  });
});
