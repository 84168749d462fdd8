import { describe, expect, it } from 'vitest';
import { fitFeatureSpec } from '../../../main/core/features/fit.js';
import { CallInputTable } from '../../../main/core/features/inputTable.js';
import type { FeatureSpec, StationRecord } from '../../../main/core/features/spec.js';
import {
  STATION_STALE_MS,
  StationDirectory,
  findStation,
  nearestStation,
  servableStations,
  stationDirectory,
  stationForGround,
} from '../../../main/core/places/stations.js';
import { InputError } from '../../../main/core/util/input-error.js';
import { SCHOOL, STATIONS, syntheticRows } from '../features/helpers.js';

/**
 * The station directory on a spec fitted from rows, as training fits one: the three helper stations
 * (Paddington A21, Euston A23, Battersea H27), plus a fireboat that never deployed a pump and a
 * station last seen long before the training window ends.
 */
const { inputs, target } = syntheticRows(2000);
const table = new CallInputTable();
for (const input of inputs) table.push(input);
const fitted = fitFeatureSpec(table, target, { stations: STATIONS, schoolHolidays: SCHOOL, minCount: 20 });

const TRAIN_TO = '2024-01-01T00:00:00.000Z';
const trainToMs = Date.parse(TRAIN_TO);
const FIREBOAT: StationRecord = {
  code: 'T1',
  name: 'Lambeth River',
  easting: 530_700,
  northing: 178_900,
  rows: 0,
};
const CLOSED: StationRecord = {
  code: 'G31',
  name: 'Westminster',
  easting: 529_600,
  northing: 179_000,
  rows: 800,
  lastSeenAt: trainToMs - STATION_STALE_MS - 86_400_000,
};
const spec: FeatureSpec = {
  ...fitted,
  stations: [...fitted.stations, FIREBOAT, CLOSED],
  groundToStation: { ...fitted.groundToStation, WESTMINSTER: 'G31' },
};
const source = { featureSpec: spec, window: { trainTo: TRAIN_TO } };

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('station directory', () => {
  const directory = new StationDirectory(source);

  it('finds a station by code or by name, whatever the case and spacing', () => {
    expect(directory.find('a21')?.name).toBe('Paddington');
    expect(directory.find('  EUSTON ')?.code).toBe('A23');
    expect(directory.find('h27')).toBe(findStation(spec, 'Battersea'));
    expect(directory.find('Nowhere')).toBeUndefined();
  });

  it('answers a near miss with the nearest servable names, and the list to choose from', () => {
    const e = inputError(() => directory.require('Padington'));
    expect(e.field).toBe('station');
    expect(e.message).toMatch(/^station: unknown station 'Padington' — did you mean 'Paddington'\?/);
    expect(e.message).toMatch(/The station list \('pump-eta stations'\) has all 3;/);
    expect(directory.require('paddington').code).toBe('A21');
  });

  it('refuses a known station that is not offered, saying why', () => {
    expect(inputError(() => directory.require('t1')).message).toBe(
      "station: Lambeth River (T1) is not offered for road incidents: it sent no pump in the history this model learned from (a fireboat, or a station closed since). Choose another ('pump-eta stations')",
    );
    expect(inputError(() => directory.require('Westminster')).message).toMatch(
      /^station: Westminster \(G31\) is not offered/,
    );
  });

  it('finds the station whose ground a ground is, closed stations included', () => {
    expect(directory.byGround('battersea')?.code).toBe('H27');
    expect(stationForGround(spec, 'Paddington')?.code).toBe('A21');
    expect(directory.byGround('Westminster')?.code).toBe('G31');
    expect(directory.byGround('Atlantis')).toBeUndefined();
  });

  it('offers only stations that deployed pumps recently, in the spec order', () => {
    expect(directory.servable.map((s) => s.code)).toEqual(['A21', 'A23', 'H27']);
    expect(servableStations(source).map((s) => s.code)).toEqual(['A21', 'A23', 'H27']);
    expect(directory.isServable(CLOSED)).toBe(false);
    // Last seen exactly a year before the window ends: still open.
    const recent = { ...CLOSED, lastSeenAt: trainToMs - STATION_STALE_MS };
    expect(servableStations({ ...source, featureSpec: { ...spec, stations: [recent] } })).toEqual([recent]);
    // A spec from before these fields were recorded keeps every station.
    const legacy = STATIONS.map(({ code, name, easting, northing }) => ({ code, name, easting, northing }));
    expect(servableStations({ ...source, featureSpec: { ...spec, stations: legacy } })).toEqual(legacy);
    // If nothing would be left, every station stays rather than none.
    expect(servableStations({ ...source, featureSpec: { ...spec, stations: [FIREBOAT] } })).toEqual([
      FIREBOAT,
    ]);
  });

  it('finds the nearest servable station to a point, never a closed or non-deploying one', () => {
    // Beside the Westminster and Lambeth River positions: the nearest offered station is Battersea.
    expect(directory.nearest(529_700, 179_000).code).toBe('H27');
    expect(nearestStation(spec.stations, 529_700, 179_000).code).toBe('G31');
    expect(directory.nearest(526_200, 181_700).code).toBe('A21');
    expect(directory.nearest(529_700, 182_600).code).toBe('A23');
    // Ties go to the first listed.
    const twins = [
      { ...STATIONS[0]!, easting: 530_000, northing: 180_000 },
      { ...STATIONS[1]!, easting: 530_000, northing: 180_000 },
    ];
    expect(nearestStation(twins, 531_000, 180_000).code).toBe('A21');
  });

  it('keeps one directory per model', () => {
    expect(stationDirectory(source)).toBe(stationDirectory(source));
    expect(stationDirectory({ ...source })).not.toBe(stationDirectory(source));
  });
});
