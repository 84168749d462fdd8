import { describe, expect, it } from 'vitest';
import { driftLevel, numericBin, psi } from '../../../main/core/monitor/drift.js';

describe('population stability index', () => {
  it('is zero for the same shares and grows with the move', () => {
    expect(psi([0.5, 0.5], [0.5, 0.5])).toBe(0);
    const small = psi([0.5, 0.5], [0.45, 0.55]);
    const large = psi([0.5, 0.5], [0.2, 0.8]);
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(0.1);
    expect(large).toBeGreaterThan(0.25);
    // (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5)
    expect(large).toBeCloseTo(0.3 * Math.log(1.6) + 0.3 * Math.log(2.5), 10);
  });

  it('stays finite when a category disappears or appears', () => {
    const value = psi([0.02, 0.98], [0, 1]);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(0.05);
  });

  it('reads the conventional levels', () => {
    expect(driftLevel(0.05)).toBe('stable');
    expect(driftLevel(0.1)).toBe('moderate');
    expect(driftLevel(0.2499)).toBe('moderate');
    expect(driftLevel(0.25)).toBe('major');
  });

  it('bins a number by the edges below it, a missing one last', () => {
    const edges = [10, 20, 30];
    expect(numericBin(edges, 5)).toBe(0);
    expect(numericBin(edges, 10)).toBe(0);
    expect(numericBin(edges, 10.5)).toBe(1);
    expect(numericBin(edges, 30)).toBe(2);
    expect(numericBin(edges, 31)).toBe(3);
    expect(numericBin(edges, NaN)).toBe(4);
  });
});
