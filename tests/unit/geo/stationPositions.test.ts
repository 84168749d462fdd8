import { describe, expect, it } from 'vitest';
import { estimateStationPositions, type GroundObservation } from '../../../main/core/geo/stationPositions.js';

/** A deterministic pseudo-random stream, so the synthetic grounds are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** Incidents spread over a ground, with attendance time growing with distance from the station. */
function ground(name: string, station: [number, number], centre: [number, number], n: number, seed: number) {
  const rnd = lcg(seed);
  const rows: GroundObservation[] = [];
  for (let i = 0; i < n; i++) {
    const e = centre[0] + (rnd() - 0.5) * 4000;
    const north = centre[1] + (rnd() - 0.5) * 4000;
    const d = Math.hypot(e - station[0], north - station[1]);
    rows.push({
      stationGround: i % 3 === 0 ? name.toUpperCase() : name,
      firstPumpStation: i % 10 === 0 ? 'Elsewhere' : name,
      firstPumpSeconds: 80 + d / 6 + rnd() * 40,
      easting: e,
      northing: north,
    });
  }
  return rows;
}

describe('station position estimate', () => {
  it('finds a station off-centre in its ground, far closer than the ground centre', () => {
    const rows = ground('Soho', [530_000, 181_000], [531_200, 181_800], 400, 1);
    const [est] = estimateStationPositions(rows);
    expect(est?.name).toBe('Soho');
    expect(est?.key).toBe('SOHO');
    expect(est?.method).toBe('fastest-own-first');
    const error = Math.hypot(est!.easting - 530_000, est!.northing - 181_000);
    expect(error).toBeLessThan(400);
    expect(Math.hypot(531_200 - 530_000, 181_800 - 181_000)).toBeGreaterThan(1400);
  });

  it('falls back to the ground median without own-first attendances, and skips tiny grounds', () => {
    const rows = ground('Poplar', [537_000, 181_000], [537_000, 181_000], 40, 2).map((r) => ({
      ...r,
      firstPumpStation: 'Millwall',
    }));
    const tiny = ground('Tiny', [520_000, 170_000], [520_000, 170_000], 3, 3);
    const estimates = estimateStationPositions([...rows, ...tiny]);
    expect(estimates.map((e) => [e.key, e.method])).toEqual([['POPLAR', 'ground-median']]);
    expect(Math.abs(estimates[0]!.easting - 537_000)).toBeLessThan(600);
  });

  it('ignores negative or missing times and points outside London', () => {
    const rows = ground('Lambeth', [531_000, 178_000], [531_000, 178_000], 200, 4);
    const junk: GroundObservation[] = Array.from({ length: 30 }, (_, i) => ({
      stationGround: 'Lambeth',
      firstPumpStation: 'Lambeth',
      firstPumpSeconds: i % 2 === 0 ? -5 : NaN,
      easting: 545_000,
      northing: 190_000,
    }));
    const abroad = { ...junk[0]!, firstPumpSeconds: 60, easting: 0, northing: 0 };
    const [est] = estimateStationPositions([...rows, ...junk, abroad]);
    expect(Math.hypot(est!.easting - 531_000, est!.northing - 178_000)).toBeLessThan(400);
  });
});
