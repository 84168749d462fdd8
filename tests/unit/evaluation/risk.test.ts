import { describe, expect, it } from 'vitest';
import {
  assessRisk,
  chooseRiskConfig,
  flagQuality,
  legacyRiskStations,
} from '../../../main/core/evaluation/risk.js';
import { mulberry32 } from '../../../main/core/util/random.js';

describe('risk', () => {
  it('recomputes the original rule: share of times within 600–1600 s ≥ 10 %', () => {
    const stations = ['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'B', 'B'];
    const actual = [700, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300];
    expect(legacyRiskStations(stations, actual)).toEqual(['A']);
  });

  it('flags a station the model habitually under-predicts, and explains why', () => {
    const rand = mulberry32(5);
    const station: string[] = [];
    const actual: number[] = [];
    const eta: number[] = [];
    const p90: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const s = i % 3 === 0 ? 'SLOW' : i % 3 === 1 ? 'X' : 'Y';
      const y = 300 + 60 * rand() + (s === 'SLOW' ? 150 + 100 * rand() : 0);
      station.push(s);
      actual.push(y);
      eta.push(330);
      p90.push(400);
    }
    const config = chooseRiskConfig({ station, actual, eta, p90 }, { station, actual });
    expect(config.stations.map((s) => s.station)).toEqual(['SLOW']);
    const a = assessRisk(config, 'SLOW', 'Slowtown', 330, 400);
    expect(a.risk).toBe(true);
    expect(a.reasons[0]).toMatch(/^Slowtown: attendance times usually exceed estimates/);
    expect(assessRisk(config, 'X', 'Exton', 330, 400).risk).toBe(false);
    const flags = station.map((s) => assessRisk(config, s, s, 330, 400).risk);
    const q = flagQuality(flags, actual, eta);
    expect(q.recall).toBeGreaterThan(0.9);
    expect(q.precision).toBeGreaterThan(0.9);
  });

  it('raises the wide-uncertainty reason when the bound is far above the estimate', () => {
    const config = {
      eventMarginSeconds: 120,
      stations: [],
      spreadThreshold: 200,
      lateShareThreshold: 0.2,
      legacyStations: [],
    };
    expect(assessRisk(config, 'A', 'A', 300, 450).risk).toBe(false);
    const wide = assessRisk(config, 'A', 'A', 300, 540);
    expect(wide.risk).toBe(true);
    expect(wide.reasons).toEqual(['Wide uncertainty: could take up to 9:00 (90 % bound)']);
  });
});
