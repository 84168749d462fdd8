import { describe, expect, it } from 'vitest';
import { buildMonitorReport, type MonitoredModel } from '../../../main/core/monitor/report.js';
import type { StoredMonitor } from '../../../main/core/monitor/store.js';
import { emptySums, type ErrorSums } from '../../../main/core/monitor/sums.js';

/** A seeded normal generator (mulberry32 and Box–Muller): the same sums on every run. */
function normals(seed: number): (mean: number, sd: number) => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (mean, sd) =>
    mean + sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function sumsOf(errors: readonly number[]): ErrorSums {
  const s = emptySums();
  for (const e of errors) {
    s.vehicles += 1;
    s.absSum += Math.abs(e);
    s.sqSum += e * e;
    s.errSum += e;
  }
  return s;
}

const MONTHS = ['2019-01', '2019-02', '2019-03', '2019-04'];
const PER_MONTH = 400;

/** Stations' errors per month (estimate − actual) and the holdout they are read against. */
function report(stations: { code: string; holdoutCount: number; error: (month: number) => number }[]) {
  // The holdout as it was: each station's errors before any change (month 0's), its count, MAE and bias.
  const holdout = stations.map((s) => {
    const h = sumsOf(Array.from({ length: s.holdoutCount }, () => s.error(0)));
    return { station: s.code, count: h.vehicles, mae: h.absSum / h.vehicles, bias: h.errSum / h.vehicles };
  });
  const stationMonths: StoredMonitor['stationMonths'] = [];
  const months = new Map(MONTHS.map((m) => [m, emptySums()]));
  for (const s of stations) {
    MONTHS.forEach((month, k) => {
      const sums = sumsOf(Array.from({ length: PER_MONTH }, () => s.error(k)));
      stationMonths.push({ station: s.code, month, sums });
      const all = months.get(month)!;
      for (const key of Object.keys(sums) as (keyof ErrorSums)[]) all[key] += sums[key];
    });
  }
  const model: MonitoredModel = {
    id: 'abc',
    isDemo: false,
    trainedFrom: '2018-01-01',
    trainedTo: '2018-11-30',
    metrics: { mae: 60, rmse: 75, bias: 0, holdoutRows: 8_000 },
    holdoutStations: holdout,
    stationName: (code) => `Station ${code}`,
    scoredAfter: '2018-12-31T00:00:00Z',
  };
  const stored: StoredMonitor = {
    run: {
      computedAt: '2019-05-01T00:00:00Z',
      scoredAfter: '2018-12-31T00:00:00Z',
      vehicles: 0,
      unscored: 0,
      problem: null,
    },
    months: [...months].map(([month, sums]) => ({ month, sums })),
    stationMonths,
    drift: [],
    newCategories: [],
    notInTrainingWindow: new Set(),
  };
  return buildMonitorReport(model, stored);
}

describe('stations since training', () => {
  it('marks a large shift shifted even when it started late, spread widely, on a station with a small holdout', () => {
    const normal = normals(7);
    const steady = Array.from({ length: 20 }, (_, k) => ({
      code: `B${String(k).padStart(2, '0')}`,
      holdoutCount: 400,
      error: () => normal(0, 75),
    }));
    // In the newest month its vehicles arrive ~320 s later than the model expects, some far later:
    // today's spread is wide because of the shift itself, and its holdout held 60 vehicles.
    const shifted = {
      code: 'A21',
      holdoutCount: 60,
      error: (m: number) => (m < 3 ? normal(0, 75) : normal(-320, 200)),
    };
    const r = report([shifted, ...steady]);
    const a21 = r.stations.find((s) => s.code === 'A21')!;
    expect(a21.biasShift).toBeLessThan(-60);
    expect(a21.biasShift).toBeGreaterThan(-95);
    expect(a21.shifted).toBe(true);
    expect(r.stations[0]!.code).toBe('A21');
    expect(r.stations.filter((s) => s.shifted).map((s) => s.code)).toEqual(['A21']);
    expect(r.advice.sentence).toMatch(/Station A21 slower by \d+ s/);
  });

  it('does not mark stations with a small holdout and wide errors that kept their pace', () => {
    const normal = normals(11);
    const stations = Array.from({ length: 20 }, (_, k) => ({
      code: `C${String(k).padStart(2, '0')}`,
      holdoutCount: 40,
      error: () => normal(0, 120),
    }));
    const r = report(stations);
    expect(r.stations.filter((s) => s.shifted)).toEqual([]);
  });
});
