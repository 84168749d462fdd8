import { describe, expect, it } from 'vitest';
import { backboneSeconds } from '../../../main/core/model/backbone.js';
import { FASTEST_SECONDS_PER_METRE, fitBackbone } from '../../../main/core/training/backbone.js';
import { mulberry32 } from '../../../main/core/util/prng.js';

describe('distance backbone', () => {
  it('recovers a known turnout and pace under heavy-tailed noise (least absolute deviations)', () => {
    const rand = mulberry32(3);
    const d: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const metres = 200 + 6000 * rand();
      // Median-zero noise with a long right tail, like late arrivals.
      const noise = rand() < 0.5 ? -40 * rand() : 40 * rand() + (rand() < 0.1 ? 600 * rand() : 0);
      d.push(metres);
      y.push(90 + 0.1 * metres + noise);
    }
    const b = fitBackbone(d, y);
    expect(b.turnoutSeconds).toBeGreaterThan(80);
    expect(b.turnoutSeconds).toBeLessThan(100);
    expect(b.secondsPerMetre).toBeCloseTo(0.1, 2);
    expect(backboneSeconds(b, 1000)).toBeCloseTo(b.turnoutSeconds + 1000 * b.secondsPerMetre, 3);
  });

  it('never implies a straight-line speed above 80 km/h, whatever the data say', () => {
    // Times that barely grow with distance would fit a near-zero pace.
    const d = Array.from({ length: 1000 }, (_, i) => i * 50);
    const y = d.map((m) => 300 + m * 0.001);
    const b = fitBackbone(d, y);
    expect(b.secondsPerMetre).toBeGreaterThanOrEqual(Math.fround(FASTEST_SECONDS_PER_METRE) - 1e-7);
    expect(() => fitBackbone([], [])).toThrow(/no rows/);
  });

  it('is deterministic', () => {
    const rand = mulberry32(9);
    const d = Array.from({ length: 500 }, () => 5000 * rand());
    const y = d.map((m) => 120 + 0.08 * m + 60 * rand());
    expect(fitBackbone(d, y)).toEqual(fitBackbone(d, y));
  });
});
