import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Statement } from 'better-sqlite3';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { buildFeatureVector } from '../../main/core/features/build.js';
import { FEATURE_INDEX as F } from '../../main/core/features/spec.js';
import { median } from '../../main/core/geo/robust.js';
import { buildTrainingSet, loadTrainingRows, type TrainingSet } from '../../main/core/training/dataset.js';
import { buildGazetteer, lookupPlace } from '../../main/core/places/gazetteer.js';
import { buildStationTable } from '../../main/core/training/stations.js';
import type { SchoolHolidayRange } from '../../main/core/calendar/schoolHolidays.js';

const REAL = path.resolve('../shared/data/lfb-real');
const SCHOOL: SchoolHolidayRange[] = [{ name: 'Summer 2023', start: '2023-07-22', end: '2023-09-03' }];

interface IncidentRow {
  incident_number: string;
  call_at: number;
  easting_rounded?: number | null;
  northing_rounded?: number | null;
  easting_m?: number | null;
  northing_m?: number | null;
  station_ground?: string | null;
  first_pump_seconds?: number | null;
  first_pump_station?: string | null;
  second_pump_seconds?: number | null;
  second_pump_station?: string | null;
  borough_name?: string | null;
  ward_name?: string | null;
  postcode_district?: string | null;
  incident_group?: string | null;
  stop_code?: string | null;
  property_category?: string | null;
  property_type?: string | null;
  address_qualifier?: string | null;
}

interface MobilisationRow {
  incident_number: string;
  attendance_seconds: number | null;
  station_code: string | null;
  station_name?: string | null;
  pump_order?: number | null;
  deployed_from_location?: string | null;
}

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: unknown;
  pk: number;
}

class TestDb {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-dataset-'));
  readonly db: Db = openDatabase(path.join(this.dir, 'history.sqlite'));
  private mobilisations = 0;
  private readonly statements = new Map<string, Statement>();
  private readonly requiredColumns = new Map<string, ColumnInfo[]>();

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  constructor() {
    this.insert('imports', {
      id: 1,
      file_name: 'test',
      sha256: 'x',
      kind: 'incidents',
      size_bytes: 0,
      started_at: '',
      finished_at: '',
      rows_read: 0,
      rows_imported: 0,
      rows_duplicate: 0,
      rows_rejected: 0,
      report_json: '{}',
    });
  }

  incident(row: IncidentRow): void {
    const full = {
      easting_rounded: null,
      northing_rounded: null,
      easting_m: null,
      northing_m: null,
      station_ground: null,
      first_pump_seconds: null,
      first_pump_station: null,
      second_pump_seconds: null,
      second_pump_station: null,
      borough_name: null,
      ward_name: null,
      postcode_district: null,
      incident_group: null,
      stop_code: null,
      property_category: null,
      property_type: null,
      address_qualifier: null,
      ...row,
    };
    const local = DateTime.fromMillis(row.call_at, { zone: 'Europe/London' });
    this.insert('incidents', { ...full, call_date_local: local.toISODate(), hour_of_call: local.hour });
  }

  mobilisation(row: MobilisationRow): void {
    const id = ++this.mobilisations;
    this.insert('mobilisations', {
      station_name: null,
      pump_order: 1,
      deployed_from_location: null,
      ...row,
      mobilised_at: 0,
      dedupe_key: String(id),
    });
  }

  station(code: string, name: string, easting: number, northing: number): void {
    this.insert('stations', { code, name, easting, northing });
  }

  /**
   * The importer owns the schema and may add required columns; any NOT NULL column without a default
   * that a test does not care about gets a neutral value, so these tests follow the schema as it grows.
   */
  private insert(table: string, values: Record<string, unknown>): void {
    const row: Record<string, unknown> = table === 'imports' ? { ...values } : { import_id: 1, ...values };
    let required = this.requiredColumns.get(table);
    if (!required) {
      const info = this.db.prepare(`PRAGMA table_info(${table})`).all() as ColumnInfo[];
      required = info.filter((c) => c.notnull === 1 && c.dflt_value === null && c.pk === 0);
      this.requiredColumns.set(table, required);
    }
    for (const c of required) {
      if (!(c.name in row)) row[c.name] = /INT|REAL/i.test(c.type) ? 0 : '';
    }
    const names = Object.keys(row).sort();
    this.prepared(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`,
    ).run(row);
  }

  close(): void {
    this.db.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const T0 = Date.UTC(2023, 5, 1, 9, 0); // 10:00 BST, Thursday 1 June 2023
const minutes = (m: number) => T0 + m * 60_000;
const HERE = { easting_rounded: 527_000, northing_rounded: 182_000 };

describe('training dataset from the database', () => {
  let t: TestDb;
  beforeEach(() => {
    t = new TestDb();
  });
  afterEach(() => t.close());

  function seedMixedHistory(): void {
    t.station('A21', 'Paddington', 526_141, 181_692);
    t.station('A23', 'Euston', 529_765, 182_624);

    t.incident({
      incident_number: 'I1',
      call_at: minutes(10),
      ...HERE,
      station_ground: 'Paddington',
      borough_name: 'WESTMINSTER',
    });
    t.mobilisation({
      incident_number: 'I1',
      attendance_seconds: 300,
      station_code: 'A21',
      pump_order: 1,
      deployed_from_location: 'Home Station',
    });
    t.mobilisation({
      incident_number: 'I1',
      attendance_seconds: 420,
      station_code: 'A23',
      pump_order: 2,
      deployed_from_location: 'Other Station',
    });
    t.mobilisation({ incident_number: 'I1', attendance_seconds: null, station_code: 'A21', pump_order: 3 });
    t.mobilisation({ incident_number: 'I1', attendance_seconds: 10, station_code: 'A21', pump_order: 4 });
    t.mobilisation({
      incident_number: 'I1',
      attendance_seconds: 500,
      station_code: 'Z99',
      station_name: 'Nowhere',
      pump_order: 5,
    });
    t.mobilisation({
      incident_number: 'I1',
      attendance_seconds: 480,
      station_code: null,
      station_name: ' euston ',
      pump_order: 6,
    });
    t.mobilisation({ incident_number: 'I1', attendance_seconds: 5000, station_code: 'A21', pump_order: 7 });
    t.mobilisation({ incident_number: 'I1', attendance_seconds: 600, station_code: 'A21', pump_order: null });
    t.mobilisation({ incident_number: 'ORPHAN', attendance_seconds: 300, station_code: 'A21' });

    // Incident-only records: first and second pump, stations named in any case.
    t.incident({
      incident_number: 'I2',
      call_at: minutes(0),
      easting_m: 527_010,
      northing_m: 182_020,
      ...HERE,
      station_ground: 'Paddington',
      first_pump_seconds: 250,
      first_pump_station: 'PADDINGTON',
      second_pump_seconds: 400,
      second_pump_station: 'euston',
      borough_name: 'WESTMINSTER',
    });
    t.incident({ incident_number: 'I3', call_at: minutes(20), ...HERE, station_ground: 'Paddington' });
    t.incident({
      incident_number: 'I4',
      call_at: minutes(30),
      first_pump_seconds: 300,
      first_pump_station: 'Paddington',
    });
    t.incident({
      incident_number: 'I5',
      call_at: minutes(40),
      easting_rounded: 400_000,
      northing_rounded: 180_000,
      first_pump_seconds: 300,
      first_pump_station: 'Paddington',
    });
    t.incident({
      incident_number: 'I6',
      call_at: minutes(50),
      easting_rounded: 546_141,
      northing_rounded: 181_692,
      first_pump_seconds: 200,
      first_pump_station: 'Paddington',
    });
    t.incident({
      incident_number: 'I7',
      call_at: minutes(60),
      ...HERE,
      first_pump_seconds: 300,
      first_pump_station: 'Battersea',
    });
  }

  it('joins vehicles to incidents, adds incident-only pumps, and counts every drop by reason', () => {
    seedMixedHistory();
    const rows = loadTrainingRows(t.db);
    expect(rows.report).toEqual({
      read: 16,
      used: 5,
      dropped: {
        noIncident: 1,
        missingTarget: 2, // I1's vehicle with no time, I3 with no first pump
        implausibleTime: 2, // 10 s and 5000 s
        unknownStation: 2, // Z99 and Battersea
        noLocation: 1,
        outsideLondon: 1,
        noPumpOrder: 1,
        implausibleSpeed: 1,
      },
      usedBySource: { mobilisation: 3, incidentFirstPump: 1, incidentSecondPump: 1 },
      unknownStations: [
        { station: 'Battersea', rows: 1 },
        { station: 'Z99', rows: 1 },
      ],
      stations: { imported: 2, estimated: 0 },
    });
    // Mobilisation rows first, then the incident-only pumps; callAt carries the time for splits.
    expect(Array.from(rows.target)).toEqual([300, 420, 480, 250, 400]);
    expect(rows.stationCode).toEqual(['A21', 'A23', 'A23', 'A21', 'A23']);
    expect(rows.incidentNumber).toEqual(['I1', 'I1', 'I1', 'I2', 'I2']);
    expect(Array.from(rows.callAt)).toEqual([minutes(10), minutes(10), minutes(10), minutes(0), minutes(0)]);
    const inputs = [0, 1, 2, 3, 4].map((i) => rows.inputs.get(i));
    expect(inputs.map((r) => r.pumpOrder)).toEqual([1, 2, 6, 1, 2]);
    expect(inputs.map((r) => r.deployedFromHome)).toEqual([true, false, null, null, null]);
    // Precise coordinates win over the rounded ones when the record has them.
    expect([inputs[3]!.easting, inputs[3]!.northing]).toEqual([527_010, 182_020]);
    expect([inputs[0]!.easting, inputs[0]!.northing]).toEqual([527_000, 182_000]);
    expect(inputs[0]!.borough).toBe('WESTMINSTER');
    expect(inputs[0]!.stationGround).toBe('Paddington');
  });

  it('keeps rows without a usable time when asked to, for predicting over a file', () => {
    seedMixedHistory();
    const rows = loadTrainingRows(t.db, { requireTarget: false });
    expect(rows.report.dropped).toMatchObject({
      missingTarget: 1, // I3: no pump recorded at all, so no vehicle to predict for
      implausibleTime: 0,
      implausibleSpeed: 0,
      unknownStation: 2,
      noLocation: 1,
      outsideLondon: 1,
      noPumpOrder: 1,
      noIncident: 1,
    });
    expect(rows.report.used).toBe(9);
    expect(Array.from(rows.target)).toEqual([300, 420, NaN, 10, 480, 5000, 250, 400, 200]);
    expect(rows.incidentNumber).toEqual(['I1', 'I1', 'I1', 'I1', 'I1', 'I1', 'I2', 'I2', 'I6']);
  });

  it('reports progress while reading', () => {
    seedMixedHistory();
    const seen: number[] = [];
    loadTrainingRows(t.db, { onProgress: (n) => seen.push(n) });
    expect(seen.at(-1)).toBe(7 + 9); // incidents, then Mobilisation records
  });

  it('featurises the rows with vocabularies fitted only before the holdout', () => {
    seedMixedHistory();
    t.incident({
      incident_number: 'LATE',
      call_at: minutes(600),
      ...HERE,
      station_ground: 'Euston',
      first_pump_seconds: 900,
      first_pump_station: 'Euston',
      borough_name: 'CAMDEN',
    });
    const set = buildTrainingSet(t.db, { fitBefore: minutes(100), minCount: 1, schoolHolidays: SCHOOL });
    expect(set.report.used).toBe(6);
    expect(set.columns).toHaveLength(set.spec.features.length);
    for (const column of set.columns) expect(column).toHaveLength(6);
    // CAMDEN appears only after the cut-off: it must not have a code of its own.
    expect(Object.keys(set.spec.vocabularies.borough.codes)).not.toContain('CAMDEN');
    expect(set.spec.stations).toEqual([
      {
        code: 'A21',
        name: 'Paddington',
        easting: 526_141,
        northing: 181_692,
        source: 'imported',
        rows: 2,
        lastSeenAt: minutes(10),
      },
      {
        code: 'A23',
        name: 'Euston',
        easting: 529_765,
        northing: 182_624,
        source: 'imported',
        rows: 3,
        lastSeenAt: minutes(10),
      },
    ]);
    expect(set.columns[F.borough]![5]).toBe(set.spec.vocabularies.borough.otherCode);
    // Same vectors as serving would build for the same inputs.
    const rows = loadTrainingRows(t.db);
    for (let i = 0; i < 6; i++) {
      expect(Float32Array.from(set.columns, (c) => c[i]!)).toEqual(
        buildFeatureVector(set.spec, rows.inputs.get(i)),
      );
    }
    expect(set.columns[F.distance_m]![3]).toBeCloseTo(Math.hypot(527_010 - 526_141, 182_020 - 181_692), 0);
    expect(set.columns[F.hour]![0]).toBe(10);
    expect(set.columns[F.deployed_from_home]![0]).toBe(1);
  });

  it('estimates station positions when no stations file was imported, coded from Mobilisation records', () => {
    // Two grounds: incidents scattered around each station, the nearest ones reached fastest.
    const grounds = [
      { name: 'Paddington', at: [526_141, 181_692] },
      { name: 'Euston', at: [529_765, 182_624] },
    ] as const;
    let k = 0;
    for (const g of grounds) {
      for (let i = 0; i < 60; i++) {
        const angle = (i * 2.4) % (2 * Math.PI);
        const r = 200 + ((i * 37) % 1800);
        t.incident({
          incident_number: `G${k++}`,
          call_at: minutes(i),
          easting_rounded: Math.round(g.at[0] + r * Math.cos(angle)),
          northing_rounded: Math.round(g.at[1] + r * Math.sin(angle)),
          station_ground: g.name,
          first_pump_station: g.name,
          first_pump_seconds: 120 + r / 5,
        });
      }
    }
    t.mobilisation({
      incident_number: 'G0',
      attendance_seconds: 200,
      station_code: 'A21',
      station_name: 'Paddington',
    });
    const table = buildStationTable(t.db);
    expect(table.imported).toBe(0);
    expect(table.estimated).toBe(2);
    const byName = new Map(table.stations.map((s) => [s.name, s]));
    expect(byName.get('Paddington')?.code).toBe('A21');
    expect(byName.get('Euston')?.code).toBe('Euston'); // no Mobilisation record names its code
    for (const g of grounds) {
      const s = byName.get(g.name)!;
      expect(s.source).toBe('estimated');
      expect(Math.hypot(s.easting - g.at[0], s.northing - g.at[1]), g.name).toBeLessThan(500);
    }
    const rows = loadTrainingRows(t.db, { stationTable: table });
    expect(rows.report.used).toBe(120);
    expect(new Set(rows.stationCode)).toEqual(new Set(['A21', 'Euston']));
  });

  it('builds a gazetteer of postcode districts and wards with their usual station ground', () => {
    const places = [
      { e: 530_000, n: 179_000, pc: 'SE1', ward: 'Waterloo', borough: 'LAMBETH', ground: 'Lambeth' },
      { e: 530_100, n: 179_100, pc: 'SE1', ward: 'Waterloo', borough: 'LAMBETH', ground: 'Lambeth' },
      { e: 530_200, n: 179_300, pc: 'se1 ', ward: 'WATERLOO', borough: 'LAMBETH', ground: 'Southwark' },
      { e: 560_000, n: 190_000, pc: 'RM1', ward: 'Waterloo', borough: 'HAVERING', ground: 'Romford' },
    ];
    places.forEach((p, i) =>
      t.incident({
        incident_number: `P${i}`,
        call_at: minutes(i),
        easting_rounded: p.e,
        northing_rounded: p.n,
        postcode_district: p.pc,
        ward_name: p.ward,
        borough_name: p.borough,
        station_ground: p.ground,
      }),
    );
    const gazetteer = buildGazetteer(t.db);
    expect(Object.keys(gazetteer.postcodeDistricts)).toEqual(['RM1', 'SE1']);
    expect(lookupPlace(gazetteer, 'postcodeDistrict', 'se1')).toEqual({
      name: 'SE1',
      easting: 530_100,
      northing: 179_100,
      incidents: 3,
      stationGround: 'Lambeth',
      borough: 'LAMBETH',
    });
    // "Waterloo" exists in two boroughs; the one with more incidents wins.
    expect(lookupPlace(gazetteer, 'ward', 'waterloo')).toMatchObject({ borough: 'LAMBETH', incidents: 3 });
    expect(lookupPlace(gazetteer, 'ward', 'Atlantis')).toBeUndefined();
    expect(JSON.parse(JSON.stringify(gazetteer))).toEqual(gazetteer);
  });
});

interface RealIncident {
  IncidentNumber: string;
  DateOfCall: string;
  TimeOfCall: string;
  IncidentGroup: string;
  StopCodeDescription: string;
  SpecialServiceType: string;
  PropertyCategory: string;
  PropertyType: string;
  AddressQualifier: string;
  Postcode_district: string;
  IncGeo_BoroughName: string;
  IncGeo_WardName: string;
  Easting_rounded: string;
  Northing_rounded: string;
  IncidentStationGround: string;
  FirstPumpArriving_AttendanceTime: string;
  FirstPumpArriving_DeployedFromStation: string;
  SecondPumpArriving_AttendanceTime: string;
  SecondPumpArriving_DeployedFromStation: string;
}

interface RealStation {
  name: string;
  callsign: string;
  easting: string;
  northing: string;
}

describe('real LFB sample (incidents-2023-sample.csv)', () => {
  const incidents = parse(fs.readFileSync(path.join(REAL, 'incidents-2023-sample.csv')), {
    columns: true,
  }) as RealIncident[];
  const stations = parse(fs.readFileSync(path.join(REAL, 'stations.csv')), {
    columns: true,
  }) as RealStation[];
  // One database for the three tests below (the stations test removes what it adds): loading 10,000
  // incidents per test would triple this file's run time on a shared machine.
  let t: TestDb;

  beforeAll(() => {
    t = new TestDb();
    const text = (s: string) => (s.trim() === '' ? null : s);
    const num = (s: string) => (s.trim() === '' ? null : Number(s));
    t.db.transaction(() => {
      for (const r of incidents) {
        t.incident({
          incident_number: r.IncidentNumber,
          call_at: DateTime.fromISO(`${r.DateOfCall}T${r.TimeOfCall}`, { zone: 'Europe/London' }).toMillis(),
          easting_rounded: num(r.Easting_rounded),
          northing_rounded: num(r.Northing_rounded),
          station_ground: text(r.IncidentStationGround),
          first_pump_seconds: num(r.FirstPumpArriving_AttendanceTime),
          first_pump_station: text(r.FirstPumpArriving_DeployedFromStation),
          second_pump_seconds: num(r.SecondPumpArriving_AttendanceTime),
          second_pump_station: text(r.SecondPumpArriving_DeployedFromStation),
          borough_name: text(r.IncGeo_BoroughName),
          ward_name: text(r.IncGeo_WardName),
          postcode_district: text(r.Postcode_district),
          incident_group: text(r.IncidentGroup),
          stop_code: text(r.StopCodeDescription),
          property_category: text(r.PropertyCategory),
          property_type: text(r.PropertyType),
          address_qualifier: text(r.AddressQualifier),
        });
      }
    })();
  });
  afterAll(() => t.close());

  it('estimates station positions from the incidents alone to a median error of a few hundred metres', () => {
    const table = buildStationTable(t.db);
    expect(table.imported).toBe(0);
    const truth = new Map(stations.map((s) => [s.name.toUpperCase(), s]));
    const errors: number[] = [];
    for (const s of table.stations) {
      const real = truth.get(s.name.toUpperCase());
      expect(real, `${s.name} is a real station`).toBeDefined();
      errors.push(Math.hypot(s.easting - Number(real!.easting), s.northing - Number(real!.northing)));
    }
    errors.sort((a, b) => a - b);
    const medianError = median(errors);
    const p90 = errors[Math.floor(errors.length * 0.9)]!;
    console.log(
      `station position estimate: ${errors.length} of ${stations.length} stations, ` +
        `median error ${medianError.toFixed(0)} m, p90 ${p90.toFixed(0)} m, max ${errors.at(-1)!.toFixed(0)} m`,
    );
    // Lambeth River (the fireboat) has no land ground to estimate from.
    expect(errors.length).toBe(102);
    expect(medianError).toBeLessThan(300);
    expect(p90).toBeLessThan(1000);
  });

  it('gives one usable row per first and second pump, with the stations file imported', () => {
    for (const s of stations) t.station(s.callsign, s.name, Number(s.easting), Number(s.northing));
    let set: TrainingSet;
    try {
      set = buildTrainingSet(t.db, { schoolHolidays: SCHOOL });
    } finally {
      t.db.prepare('DELETE FROM stations').run();
    }
    const r = set.report;
    console.log(`real sample dataset: ${JSON.stringify(r)}`);
    const firstPumps = incidents.filter((i) => i.FirstPumpArriving_AttendanceTime !== '').length;
    const secondPumps = incidents.filter((i) => i.SecondPumpArriving_AttendanceTime !== '').length;
    expect(firstPumps).toBe(9473);
    expect(r.usedBySource.mobilisation).toBe(0);
    expect(r.usedBySource.incidentFirstPump).toBeGreaterThan(firstPumps * 0.97);
    expect(r.usedBySource.incidentSecondPump).toBeGreaterThan(secondPumps * 0.95);
    expect(r.dropped.unknownStation).toBeLessThan(20);
    expect(r.stations).toEqual({ imported: 103, estimated: 0 });
    // Attendance grows with distance: the simplest sanity check that the distance feature is right.
    const d = set.columns[F.distance_m]!;
    const near: number[] = [];
    const far: number[] = [];
    set.target.forEach((y, i) => (d[i]! < 1000 ? near : d[i]! > 3000 ? far : []).push(y));
    expect(median(far) - median(near)).toBeGreaterThan(100);
  });

  it('builds a gazetteer that places SE1 near Waterloo and gives its usual ground', () => {
    const g = buildGazetteer(t.db);
    const se1 = lookupPlace(g, 'postcodeDistrict', 'SE1')!;
    expect(Math.hypot(se1.easting - 531_500, se1.northing - 179_800)).toBeLessThan(1500);
    // SE1 spans several grounds; the usual one must at least be one of the stations nearby.
    const ground = stations.find((s) => s.name === se1.stationGround)!;
    expect(
      Math.hypot(Number(ground.easting) - se1.easting, Number(ground.northing) - se1.northing),
    ).toBeLessThan(3000);
    expect(Object.keys(g.postcodeDistricts).length).toBeGreaterThan(250);
    expect(Object.keys(g.wards).length).toBeGreaterThan(500);
  });
});
