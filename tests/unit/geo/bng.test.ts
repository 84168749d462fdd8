import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bngToWgs84, wgs84ToBng } from '../../../main/core/geo/bng.js';

const STATIONS_CSV = path.resolve('../shared/data/lfb-real/stations.csv');

interface StationRow {
  name: string;
  latitude: string;
  longitude: string;
  easting: string;
  northing: string;
}

/** Metres between two WGS84 points (equirectangular: exact enough over a few metres). */
function metresApart(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dy = (a.lat - b.lat) * rad * 6_371_000;
  const dx = (a.lon - b.lon) * rad * 6_371_000 * Math.cos(a.lat * rad);
  return Math.hypot(dx, dy);
}

describe('British National Grid ↔ WGS84', () => {
  const stations = parse(fs.readFileSync(STATIONS_CSV), { columns: true }) as StationRow[];

  it('reads the 103 LFB stations', () => {
    expect(stations).toHaveLength(103);
  });

  it('converts every station grid reference to its published lat/lon within 1 m', () => {
    const errors = stations.map((s) =>
      metresApart(bngToWgs84(Number(s.easting), Number(s.northing)), {
        lat: Number(s.latitude),
        lon: Number(s.longitude),
      }),
    );
    // The published pairs agree with this transformation to ~2 mm; 1 m still catches any formula slip.
    expect(Math.max(...errors)).toBeLessThan(1);
  });

  it('converts every station lat/lon to its published grid reference within 1 m', () => {
    for (const s of stations) {
      const g = wgs84ToBng(Number(s.latitude), Number(s.longitude));
      expect(Math.hypot(g.easting - Number(s.easting), g.northing - Number(s.northing)), s.name).toBeLessThan(
        1,
      );
    }
  });

  it('round-trips to within a centimetre (the Helmert pair is inverse only to first order)', () => {
    for (const [e, n] of [
      [503_550, 157_550],
      [530_000, 180_000],
      [561_900, 200_900],
      [651_409.903, 313_177.27],
    ] as const) {
      const ll = bngToWgs84(e, n);
      const back = wgs84ToBng(ll.lat, ll.lon);
      expect(Math.abs(back.easting - e)).toBeLessThan(0.01);
      expect(Math.abs(back.northing - n)).toBeLessThan(0.01);
    }
  });

  it('puts Paddington where the map does', () => {
    const ll = bngToWgs84(526_141, 181_692);
    expect(ll.lat).toBeCloseTo(51.52, 2);
    expect(ll.lon).toBeCloseTo(-0.183, 3);
  });
});
