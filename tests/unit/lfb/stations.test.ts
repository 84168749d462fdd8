import { describe, expect, it } from 'vitest';
import { detectHeader } from '../../../main/core/lfb/detect.js';
import { Rejection } from '../../../main/core/lfb/reasons.js';
import type { StationRow } from '../../../main/core/lfb/rows.js';
import { stationNormaliser } from '../../../main/core/lfb/stations.js';
import { readCsv, real } from '../../fixtures/lfb-files.js';

function normaliserFor(header: string[]) {
  const d = detectHeader(header);
  if (d.status !== 'match' || d.header.kind !== 'stations') throw new Error('not a stations header');
  return stationNormaliser(d.header.columns);
}

const stations = readCsv(real('stations.csv'));

describe('stationNormaliser', () => {
  it('reads the real stations list (callsign as code, area as borough)', () => {
    const row = normaliserFor(stations.header)(stations.rows[0]!) as StationRow;
    expect(row).toEqual({
      code: 'A21',
      name: 'Paddington',
      borough: 'Westminster',
      latitude: 51.5200723,
      longitude: -0.1833189,
      easting: 526141.0053,
      northing: 181692.21563917032,
    });
  });

  it('computes the grid position from latitude/longitude when that is all there is', () => {
    const header = ['Station', 'Code', 'Lat', 'Lon'];
    const normalise = normaliserFor(header);
    for (const r of stations.rows) {
      const [name, , , code, , lat, lon, easting, northing] = r;
      const row = normalise([name, code, lat, lon]) as StationRow;
      expect(Math.hypot(row.easting - Number(easting), row.northing - Number(northing))).toBeLessThan(5);
    }
  });

  it('rejects rows without a name, a code or a position in Great Britain', () => {
    const normalise = normaliserFor(['name', 'code', 'latitude', 'longitude']);
    const reason = (row: string[]) => (normalise(row) as Rejection).reason;
    expect(reason(['', 'A21', '51.5', '-0.1'])).toBe('missing_station_name');
    expect(reason(['Paddington', '', '51.5', '-0.1'])).toBe('missing_station_code');
    expect(reason(['Paddington', 'A21', '-0.1', '51.5'])).toBe('bad_coordinates');
    expect(reason(['Paddington', 'A21', '', ''])).toBe('bad_coordinates');
  });
});
