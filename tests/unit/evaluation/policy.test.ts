import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../../main/core/evaluation/metrics.js';
import { decidePromotion } from '../../../main/core/evaluation/policy.js';

const metrics = (mae: number, p90Coverage: number, count = 1000): Metrics => ({
  count,
  mae,
  rmse: mae * 1.3,
  r2: 0.5,
  medianAbsError: mae * 0.8,
  within60: 0.5,
  bias: 0,
  p90Coverage,
});

describe('decidePromotion', () => {
  it('promotes a significantly better, well-calibrated challenger', () => {
    const d = decidePromotion(metrics(70, 0.9), metrics(60, 0.9), { diff: -10, low: -12, high: -8 });
    expect(d.promote).toBe(true);
  });

  it('refuses a worse challenger and says why', () => {
    const d = decidePromotion(metrics(60, 0.9), metrics(70, 0.9), { diff: 10, low: 8, high: 12 });
    expect(d.promote).toBe(false);
    expect(d.reasons.join(' ')).toMatch(/not lower than the champion's 60.0 s/);
  });

  it('refuses an improvement whose interval includes zero', () => {
    const d = decidePromotion(metrics(60, 0.9), metrics(59.5, 0.9), { diff: -0.5, low: -2, high: 1 });
    expect(d.promote).toBe(false);
    expect(d.reasons.join(' ')).toMatch(/not significant/);
  });

  it('refuses a badly calibrated P90', () => {
    const d = decidePromotion(metrics(70, 0.9), metrics(60, 0.7), { diff: -10, low: -12, high: -8 });
    expect(d.promote).toBe(false);
    expect(d.reasons.join(' ')).toMatch(/P90 coverage 70.0 % is outside 85–95 %/);
  });
});
