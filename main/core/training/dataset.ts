import { loadSchoolHolidays, type SchoolHolidayRange } from '../calendar/schoolHolidays.js';
import type { Db } from '../db/index.js';
import { buildFeatureColumns } from '../features/build.js';
import { fitFeatureSpec } from '../features/fit.js';
import { CallInputTable } from '../features/inputTable.js';
import type { FeatureSpec } from '../features/spec.js';
import { isInLondon } from '../geo/london.js';
import { normaliseKey } from '../util/keys.js';
import { buildStationTable, type StationTable, type StationTableEntry } from './stations.js';

/**
 * The training table: one row per vehicle. Mobilisation records joined to their incident give every
 * vehicle; an incident with no Mobilisation record still gives its first and second pump from the
 * Incident file's own columns. Rows that cannot teach the model anything true are dropped and counted.
 */

/** Attendance times outside this range are recording errors (a pump cannot arrive in 10 s). */
export const MIN_ATTENDANCE_SECONDS = 30;
export const MAX_ATTENDANCE_SECONDS = 3600;
/** Straight-line distance over attendance time above this (144 km/h) means a wrong station or place. */
export const MAX_SPEED_M_PER_S = 40;

const PROGRESS_EVERY = 50_000;

export type DropReason =
  | 'noIncident'
  | 'missingTarget'
  | 'implausibleTime'
  | 'unknownStation'
  | 'noLocation'
  | 'outsideLondon'
  | 'noPumpOrder'
  | 'implausibleSpeed';

export type RowSource = 'mobilisation' | 'incidentFirstPump' | 'incidentSecondPump';

export interface DatasetReport {
  /** Candidate vehicle rows read. */
  readonly read: number;
  readonly used: number;
  readonly dropped: Readonly<Record<DropReason, number>>;
  readonly usedBySource: Readonly<Record<RowSource, number>>;
  /** Station codes (or names) behind the `unknownStation` drops, most frequent first (top 20). */
  readonly unknownStations: readonly { readonly station: string; readonly rows: number }[];
  readonly stations: { readonly imported: number; readonly estimated: number };
}

export interface TrainingRows {
  /** Rows in call-time order. */
  readonly inputs: CallInputTable;
  readonly target: Float32Array;
  /** Epoch ms of each row's call, for time-based splits. */
  readonly callAt: Float64Array;
  /** Canonical (station table) code of each row's deploying station. */
  readonly stationCode: readonly string[];
  readonly stations: readonly StationTableEntry[];
  readonly report: DatasetReport;
}

export interface LoadOptions {
  readonly onProgress?: (rowsRead: number) => void;
  /** Station table to use instead of building one from the database (tests, re-scoring). */
  readonly stationTable?: StationTable;
}

interface VehicleRow {
  source: 0 | 1 | 2;
  call_at: number | null;
  target: number | null;
  station_code: string | null;
  station_name: string | null;
  pump_order: number | null;
  deployed_from: string | null;
  has_incident: number;
  easting: number | null;
  northing: number | null;
  station_ground: string | null;
  borough: string | null;
  ward: string | null;
  postcode_district: string | null;
  property_category: string | null;
  property_type: string | null;
  incident_group: string | null;
  stop_code: string | null;
  special_service_type: string | null;
  address_qualifier: string | null;
}

const SOURCES: readonly RowSource[] = ['mobilisation', 'incidentFirstPump', 'incidentSecondPump'];

const INCIDENT_COLUMNS = `
  COALESCE(i.easting_m, i.easting_rounded) AS easting, COALESCE(i.northing_m, i.northing_rounded) AS northing,
  i.station_ground, i.postcode_district, i.property_category, i.property_type, i.incident_group,
  i.stop_code, i.special_service_type, i.address_qualifier`;

const NO_MOBILISATIONS =
  'NOT EXISTS (SELECT 1 FROM mobilisations x WHERE x.incident_number = i.incident_number)';

const VEHICLE_ROWS_SQL = `
  SELECT 0 AS source, COALESCE(i.call_at, m.mobilised_at) AS call_at, m.attendance_seconds AS target,
         m.station_code, m.station_name, m.pump_order, m.deployed_from_location AS deployed_from,
         i.incident_number IS NOT NULL AS has_incident,
         COALESCE(i.borough_name, m.borough_name) AS borough, COALESCE(i.ward_name, m.ward_name) AS ward,
         ${INCIDENT_COLUMNS}
  FROM mobilisations m LEFT JOIN incidents i ON i.incident_number = m.incident_number
  UNION ALL
  SELECT 1, i.call_at, i.first_pump_seconds, NULL, i.first_pump_station, 1, NULL, 1,
         i.borough_name, i.ward_name, ${INCIDENT_COLUMNS}
  FROM incidents i WHERE ${NO_MOBILISATIONS}
  UNION ALL
  SELECT 2, i.call_at, i.second_pump_seconds, NULL, i.second_pump_station, 2, NULL, 1,
         i.borough_name, i.ward_name, ${INCIDENT_COLUMNS}
  FROM incidents i
  WHERE (i.second_pump_seconds IS NOT NULL OR i.second_pump_station IS NOT NULL) AND ${NO_MOBILISATIONS}
  ORDER BY call_at, source`;

/** `DeployedFromLocation`: "Home Station" or "Other Station"; anything else is unknown. */
function deployedFromHome(value: string | null): boolean | null {
  if (value === null) return null;
  const key = normaliseKey(value);
  if (key === 'HOME STATION') return true;
  if (key === 'OTHER STATION') return false;
  return null;
}

/** Reads every usable vehicle row, in call-time order, with the reasons the others were dropped. */
export function loadTrainingRows(db: Db, options: LoadOptions = {}): TrainingRows {
  const table = options.stationTable ?? buildStationTable(db);
  const byCode = new Map<string, StationTableEntry>();
  const byName = new Map<string, StationTableEntry>();
  for (const s of table.stations) {
    byCode.set(normaliseKey(s.code), s);
    byName.set(normaliseKey(s.name), s);
  }
  const resolve = (code: string | null, name: string | null): StationTableEntry | undefined =>
    (code ? byCode.get(normaliseKey(code)) : undefined) ??
    (name ? byName.get(normaliseKey(name)) : undefined);

  const dropped: Record<DropReason, number> = {
    noIncident: 0,
    missingTarget: 0,
    implausibleTime: 0,
    unknownStation: 0,
    noLocation: 0,
    outsideLondon: 0,
    noPumpOrder: 0,
    implausibleSpeed: 0,
  };
  const usedBySource: Record<RowSource, number> = {
    mobilisation: 0,
    incidentFirstPump: 0,
    incidentSecondPump: 0,
  };
  const unknown = new Map<string, number>();
  const inputs = new CallInputTable();
  const targets: number[] = [];
  const stationCode: string[] = [];
  let read = 0;

  for (const r of db.prepare(VEHICLE_ROWS_SQL).iterate() as IterableIterator<VehicleRow>) {
    read += 1;
    if (options.onProgress && read % PROGRESS_EVERY === 0) options.onProgress(read);
    const reason = ((): DropReason | StationTableEntry => {
      if (!r.has_incident || r.call_at === null) return 'noIncident';
      if (r.target === null || !Number.isFinite(r.target)) return 'missingTarget';
      if (r.target < MIN_ATTENDANCE_SECONDS || r.target > MAX_ATTENDANCE_SECONDS) return 'implausibleTime';
      const station = resolve(r.station_code, r.station_name);
      if (!station) {
        const label = r.station_code ?? r.station_name ?? '(none)';
        unknown.set(label, (unknown.get(label) ?? 0) + 1);
        return 'unknownStation';
      }
      if (r.easting === null || r.northing === null) return 'noLocation';
      if (!isInLondon(r.easting, r.northing)) return 'outsideLondon';
      if (r.pump_order === null || !Number.isInteger(r.pump_order) || r.pump_order < 1) return 'noPumpOrder';
      const metres = Math.hypot(r.easting - station.easting, r.northing - station.northing);
      if (metres / r.target > MAX_SPEED_M_PER_S) return 'implausibleSpeed';
      return station;
    })();
    if (typeof reason === 'string') {
      dropped[reason] += 1;
      continue;
    }
    inputs.push({
      easting: r.easting as number,
      northing: r.northing as number,
      callTime: new Date(r.call_at as number),
      stationCode: reason.code,
      stationGround: r.station_ground,
      borough: r.borough,
      ward: r.ward,
      postcodeDistrict: r.postcode_district,
      propertyCategory: r.property_category,
      propertyType: r.property_type,
      incidentGroup: r.incident_group,
      stopCode: r.stop_code,
      specialServiceType: r.special_service_type,
      addressQualifier: r.address_qualifier,
      pumpOrder: r.pump_order as number,
      deployedFromHome: deployedFromHome(r.deployed_from),
    });
    targets.push(r.target as number);
    stationCode.push(reason.code);
    usedBySource[SOURCES[r.source] as RowSource] += 1;
  }
  options.onProgress?.(read);

  return {
    inputs,
    target: Float32Array.from(targets),
    callAt: Float64Array.from(inputs.callTimes()),
    stationCode,
    stations: table.stations,
    report: {
      read,
      used: inputs.length,
      dropped,
      usedBySource,
      unknownStations: [...unknown]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 20)
        .map(([station, rows]) => ({ station, rows })),
      stations: { imported: table.imported, estimated: table.estimated },
    },
  };
}

export interface TrainingSetOptions extends LoadOptions {
  /**
   * Vocabularies learn only from rows called before this instant (epoch ms) — pass the holdout's start
   * so the rows a model is scored on never shaped its category codes. Default: all rows.
   */
  readonly fitBefore?: number;
  readonly minCount?: number;
  readonly schoolHolidays?: readonly SchoolHolidayRange[];
}

export interface TrainingSet {
  readonly spec: FeatureSpec;
  /** One Float32Array per feature, in `spec.features` order. */
  readonly columns: Float32Array[];
  readonly target: Float32Array;
  readonly callAt: Float64Array;
  readonly stationCode: readonly string[];
  readonly report: DatasetReport;
}

/** Rows, fitted feature spec and the feature matrix, in one call. */
export function buildTrainingSet(db: Db, options: TrainingSetOptions = {}): TrainingSet {
  const rows = loadTrainingRows(db, options);
  const fitBefore = options.fitBefore;
  const spec = fitFeatureSpec(rows.inputs, rows.target, {
    stations: rows.stations,
    schoolHolidays: options.schoolHolidays ?? loadSchoolHolidays(),
    ...(fitBefore !== undefined ? { include: (i: number) => (rows.callAt[i] as number) < fitBefore } : {}),
    ...(options.minCount !== undefined ? { minCount: options.minCount } : {}),
  });
  return {
    spec,
    columns: buildFeatureColumns(spec, rows.inputs),
    target: rows.target,
    callAt: rows.callAt,
    stationCode: rows.stationCode,
    report: rows.report,
  };
}
