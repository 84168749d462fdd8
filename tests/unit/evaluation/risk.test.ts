import { describe, expect, it } from 'vitest';
import {
  assessRisk,
  chooseRiskThreshold,
  flagQuality,
  isFlagged,
  legacyRiskStations,
  TARGET_LIFT,
  type RiskConfig,
} from '../../../main/core/evaluation/risk.js';
import { mulberry32 } from '../../../main/core/util/prng.js';

const quality = { fireRate: 0, precision: 0, recall: 0, eventRate: 0 };

describe('risk', () => {
  it('recomputes the original rule: share of times within 600–1600 s ≥ 10 %', () => {
    const stations = ['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'B', 'B'];
    const actual = [700, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300];
    expect(legacyRiskStations(stations, actual)).toEqual(['A']);
  });

  it('chooses the lowest threshold whose flagged rows are late at the target precision', () => {
    // Calibrated probabilities: a row with probability p is late with probability p.
    const rand = mulberry32(5);
    const probability: number[] = [];
    const actual: number[] = [];
    const eta: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const p = 0.3 * rand() ** 2;
      probability.push(p);
      eta.push(300);
      actual.push(rand() < p ? 500 : 300);
    }
    const { threshold, targetPrecision } = chooseRiskThreshold(probability, actual, eta);
    const base = flagQuality(new Array<boolean>(actual.length).fill(true), actual, eta).eventRate;
    expect(targetPrecision).toBeCloseTo(TARGET_LIFT * base, 10);
    const q = flagQuality(
      probability.map((p) => p >= threshold),
      actual,
      eta,
    );
    expect(q.precision).toBeGreaterThanOrEqual(targetPrecision);
    // A little lower and the precision falls short: the threshold is the lowest that reaches it.
    const lower = flagQuality(
      probability.map((p) => p >= threshold - 0.02),
      actual,
      eta,
    );
    expect(lower.precision).toBeLessThan(targetPrecision);
    expect(q.recall).toBeGreaterThan(0.3);
  });

  it('never fires when no threshold reaches the target precision', () => {
    // Honest probabilities around the base rate, and lateness unrelated to them: no row stands out.
    const probability = Array.from({ length: 500 }, (_, i) => 0.09 + (i % 7) / 300);
    const eta = probability.map(() => 300);
    const actual = probability.map((_, i) => (i % 10 === 0 ? 500 : 300));
    expect(chooseRiskThreshold(probability, actual, eta).threshold).toBe(Infinity);
  });

  it('explains a raised flag as a frequency, in plain words', () => {
    const config: RiskConfig = {
      eventMarginSeconds: 120,
      threshold: 0.15,
      targetPrecision: 0.2,
      calibration: quality,
      legacyStations: [],
    };
    expect(assessRisk(config, 0.1, 400)).toEqual({ risk: false, reasons: [] });
    expect(isFlagged(config, 0.15)).toBe(true);
    expect(assessRisk(config, 0.2, 540)).toEqual({
      risk: true,
      reasons: [
        'About 1 in 5 similar calls arrived over 2 minutes later than estimated; 90 % arrive within 9:00',
      ],
    });
    expect(assessRisk(config, 0.7, 540).reasons[0]).toMatch(/^About 70 % of similar calls/);
  });
});
