import { describe, expect, it } from 'vitest';
import { Rng } from '../../../tools/synthetic/prng.js';
import { STATIONS } from '../../../tools/synthetic/stations.js';
import {
  GROUND_TRUTH,
  kolesarSeconds,
  noiseConstants,
  sampleAttendance,
  trueMeanAttendance,
  trueMedianAttendance,
  truthBreakdown,
  type TruthFeatures,
} from '../../../tools/synthetic/truth.js';

const paddington = STATIONS.find((s) => s.code === 'A21')!;
const base: TruthFeatures = {
  station: 'A21',
  easting: paddington.easting + 1200,
  northing: paddington.northing + 500,
  date: '2023-03-15', // a Wednesday in term time
  hour: 13,
  propertyCategory: 'Dwelling',
  pumpOrder: 1,
  deployedFromLocation: 'Home Station',
};

describe('ground truth', () => {
  it('puts about 100 stations inside the London grid box the brief gives', () => {
    expect(STATIONS.length).toBeGreaterThanOrEqual(95);
    for (const s of STATIONS) {
      expect(s.easting).toBeGreaterThanOrEqual(505_000);
      expect(s.easting).toBeLessThanOrEqual(560_000);
      expect(s.northing).toBeGreaterThanOrEqual(158_000);
      expect(s.northing).toBeLessThanOrEqual(200_000);
    }
    expect(new Set(STATIONS.map((s) => s.code)).size).toBe(STATIONS.length);
  });

  it('makes the true median the median of the noise model and knows its mean and MAE (Monte Carlo)', () => {
    const rng = new Rng('noise');
    const n = 200_000;
    let below = 0;
    let abs = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const a = sampleAttendance(300, rng).seconds;
      if (a <= 300) below++;
      abs += Math.abs(a - 300);
      sum += a;
    }
    const k = noiseConstants();
    expect(below / n).toBeCloseTo(0.5, 2);
    expect(abs / n / 300).toBeCloseTo(k.maeOverMedian, 2);
    expect(sum / n / 300).toBeCloseTo(k.meanOverMedian, 2);
  });

  it('has a heavy right tail: the 99th percentile is far further above the median than the 1st is below', () => {
    const rng = new Rng('tail');
    const draws = Array.from({ length: 50_000 }, () => sampleAttendance(300, rng).seconds).sort(
      (a, b) => a - b,
    );
    const p01 = draws[500]!;
    const p99 = draws[49_500]!;
    expect(p99 - 300).toBeGreaterThan(2 * (300 - p01));
  });

  it('grows with distance, and the Kolesar travel curve is continuous where acceleration ends', () => {
    const near = trueMedianAttendance({ ...base, easting: paddington.easting + 300 });
    const far = trueMedianAttendance({ ...base, easting: paddington.easting + 4000 });
    expect(far).toBeGreaterThan(near + 200);
    const a = GROUND_TRUTH.accelerationMps2;
    const v = GROUND_TRUTH.cruiseSpeedMps;
    const edge = (v * v) / a;
    expect(kolesarSeconds(edge + 1e-6)).toBeCloseTo(kolesarSeconds(edge - 1e-6), 3);
  });

  it('is slower at rush hour than at night, and turnout is longer at night', () => {
    const rush = truthBreakdown({ ...base, hour: 8 });
    const night = truthBreakdown({ ...base, hour: 3 });
    expect(rush.travelSeconds).toBeGreaterThan(night.travelSeconds * 1.4);
    expect(night.turnoutSeconds).toBeGreaterThan(rush.turnoutSeconds + 20);
  });

  it('applies weekday, bank-holiday, school-holiday and month effects as documented', () => {
    const wednesday = truthBreakdown({ ...base, hour: 8, date: '2023-03-15' });
    const sunday = truthBreakdown({ ...base, hour: 8, date: '2023-03-19' });
    expect(sunday.travelSeconds).toBeLessThan(wednesday.travelSeconds);
    // Easter Monday 2023 is a bank holiday: Sunday's profile.
    const easterMonday = truthBreakdown({ ...base, hour: 8, date: '2023-04-10' });
    expect(easterMonday.bankHoliday).toBe(true);
    expect(easterMonday.dayType).toBe('sunday');
    // A school-holiday Wednesday in February half-term vs a term-time Wednesday the week after.
    const halfTerm = truthBreakdown({ ...base, date: '2023-02-15' });
    const term = truthBreakdown({ ...base, date: '2023-02-22' });
    expect(halfTerm.schoolHoliday).toBe(true);
    expect(halfTerm.speedFactor / term.speedFactor).toBeCloseTo(GROUND_TRUTH.schoolHolidaySpeedFactor, 6);
    const august = truthBreakdown({ ...base, date: '2023-08-16' });
    const december = truthBreakdown({ ...base, date: '2023-12-13' });
    expect(august.travelSeconds).toBeLessThan(december.travelSeconds);
  });

  it('adds the documented offsets for slow stations and property categories', () => {
    const soho = STATIONS.find((s) => s.code === 'A24')!;
    const at = { ...base, station: 'A24', easting: soho.easting + 800, northing: soho.northing };
    const b = truthBreakdown(at);
    expect(b.stationSeconds).toBe(GROUND_TRUTH.slowStations.A24);
    expect(b.medianSeconds).toBeCloseTo(
      b.turnoutSeconds + b.travelSeconds + b.propertySeconds + b.stationSeconds,
      9,
    );
    const outdoor = trueMedianAttendance({ ...base, propertyCategory: 'Outdoor' });
    expect(outdoor - trueMedianAttendance(base)).toBeCloseTo(
      GROUND_TRUTH.propertyCategorySeconds.Outdoor!,
      9,
    );
    expect(trueMeanAttendance(base)).toBeGreaterThan(trueMedianAttendance(base));
  });

  it('accepts a station by name as well as by code, and refuses unknown stations', () => {
    expect(trueMedianAttendance({ ...base, station: 'Paddington' })).toBe(trueMedianAttendance(base));
    expect(() => trueMedianAttendance({ ...base, station: 'Atlantis' })).toThrow(/unknown synthetic station/);
  });
});
