import { describe, expect, it } from 'vitest';
import {
  GROUND_TRUTH,
  irreducibleMae,
  noiseConstants,
  STATIONS,
  truthBreakdown,
  truthFeaturesFromRows,
  type TruthFeatures,
} from '../../../tools/synthetic/index.js';
import { generateCsv, mean } from './helpers.js';

/**
 * The ground truth must be visible in the files themselves (a learner only sees the files): these checks
 * read the generated CSVs back like any consumer would.
 */
const data = await generateCsv('effects', {
  mobilisations: 30_000,
  seed: 'effects',
  startDate: '2022-01-01',
  months: 12,
});

interface Vehicle {
  readonly row: Record<string, string>;
  readonly features: TruthFeatures;
  readonly actual: number;
}

const vehicles: Vehicle[] = data.mobilisations
  .filter((m) => m.AttendanceTimeSeconds)
  .map((m) => ({
    row: m,
    features: truthFeaturesFromRows(data.incidentById.get(m.IncidentNumber!)!, m),
    actual: Number(m.AttendanceTimeSeconds),
  }));

describe('synthetic ground truth, seen in the generated files', () => {
  it('has the true median as the median and the irreducible MAE the noise model predicts', () => {
    const medians = vehicles.map((v) => truthBreakdown(v.features).medianSeconds);
    const below = vehicles.filter((v, i) => v.actual <= medians[i]!).length / vehicles.length;
    expect(below).toBeGreaterThan(0.485);
    expect(below).toBeLessThan(0.515);
    const mae = irreducibleMae(vehicles);
    const expected = mean(medians) * noiseConstants().maeOverMedian;
    expect(Math.abs(mae / expected - 1)).toBeLessThan(0.03);
    // Any other predictor does worse: e.g. the true median shifted by 10 s either way.
    for (const shift of [-10, 10]) {
      const shifted = mean(vehicles.map((v, i) => Math.abs(v.actual - medians[i]! - shift)));
      expect(shifted).toBeGreaterThan(mae);
    }
  });

  it('makes each slow station slower than its three nearest neighbours and recovers its offset', () => {
    for (const [code, offset] of Object.entries(GROUND_TRUTH.slowStations)) {
      const station = STATIONS.find((s) => s.code === code)!;
      const neighbours = STATIONS.filter((s) => s.code !== code)
        .sort(
          (a, b) =>
            Math.hypot(a.easting - station.easting, a.northing - station.northing) -
            Math.hypot(b.easting - station.easting, b.northing - station.northing),
        )
        .slice(0, 3);
      const firstPumps = (c: string) =>
        vehicles
          .filter((v) => v.row.DeployedFromStation_Code === c && v.row.PumpOrder === '1')
          .map((v) => v.actual);
      const own = mean(firstPumps(code));
      for (const n of neighbours)
        expect(own, `${code} vs ${n.code}`).toBeGreaterThan(mean(firstPumps(n.code)));

      // Residual against the truth without the station's offset ≈ offset × mean/median of the noise.
      const residuals = vehicles
        .filter((v) => v.row.DeployedFromStation_Code === code)
        .map((v) => {
          const b = truthBreakdown(v.features);
          return v.actual - (b.medianSeconds - b.stationSeconds) * noiseConstants().meanOverMedian;
        });
      expect(mean(residuals), code).toBeGreaterThan(offset * 0.6);
      expect(mean(residuals), code).toBeLessThan(offset * 1.6);
    }
  });

  it('ties travel time to distance', () => {
    const pairs = vehicles
      .filter((v) => v.row.TravelTimeSeconds)
      .map((v) => [truthBreakdown(v.features).distanceM, Number(v.row.TravelTimeSeconds)] as const);
    const mx = mean(pairs.map((p) => p[0]));
    const my = mean(pairs.map((p) => p[1]));
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const [x, y] of pairs) {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.6);
  });

  it('shows longer turnouts at night and slower travel in the weekday morning rush', () => {
    const hourOf = (v: Vehicle) => v.features.hour;
    const turnout = (hours: number[]) =>
      mean(
        vehicles
          .filter((v) => v.row.TurnoutTimeSeconds && hours.includes(hourOf(v)))
          .map((v) => Number(v.row.TurnoutTimeSeconds)),
      );
    expect(turnout([1, 2, 3, 4])).toBeGreaterThan(turnout([10, 11, 12, 13, 14]) + 20);
    // Travel per metre, to take distance out of the comparison.
    const pace = (keep: (v: Vehicle) => boolean) =>
      mean(
        vehicles
          .filter((v) => v.row.TravelTimeSeconds && keep(v))
          .map((v) => Number(v.row.TravelTimeSeconds) / Math.max(300, truthBreakdown(v.features).distanceM)),
      );
    const weekday = (v: Vehicle) => truthBreakdown(v.features).dayType === 'weekday';
    expect(pace((v) => weekday(v) && hourOf(v) === 8)).toBeGreaterThan(
      pace((v) => [1, 2, 3, 4].includes(hourOf(v))) * 1.2,
    );
  });

  it('mixes property categories and pump orders like the real files', () => {
    const share = (pred: (i: Record<string, string>) => boolean) =>
      data.incidents.filter(pred).length / data.incidents.length;
    expect(share((i) => i.PropertyCategory === 'Dwelling')).toBeGreaterThan(0.45);
    expect(share((i) => i.PropertyCategory === 'Dwelling')).toBeLessThan(0.7);
    expect(share((i) => i.SecondPumpArriving_AttendanceTime !== '')).toBeGreaterThan(0.25);
    const firstFromGround = share((i) => i.FirstPumpArriving_DeployedFromStation === i.IncidentStationGround);
    expect(firstFromGround).toBeGreaterThan(0.6);
    expect(firstFromGround).toBeLessThan(0.9);
  });
});
