import { loadSchoolHolidays, type SchoolHolidayRange } from '../calendar/schoolHolidays.js';
import type { Db } from '../db/index.js';
import { buildFeatureColumns } from '../features/build.js';
import { fitFeatureSpec } from '../features/fit.js';
import { CallInputTable } from '../features/inputTable.js';
import type { FeatureSpec } from '../features/spec.js';
import { hourOf, loadWeatherHours, weatherValues } from '../ingest/weather/stored.js';
import { normaliseKey } from '../util/keys.js';
import { StringPool } from '../util/string-pool.js';
import { buildStationTable, type StationTable, type StationTableEntry } from './stations.js';
import { usableRow, type DropReason } from './usable.js';

export {
  MAX_ATTENDANCE_SECONDS,
  MAX_SPEED_M_PER_S,
  MIN_ATTENDANCE_SECONDS,
  type DropReason,
} from './usable.js';

/**
 * The training table: one row per vehicle. Mobilisation records joined to their incident give every
 * vehicle; an incident with no Mobilisation record still gives its first and second pump from the
 * Incident file's own columns. Rows that cannot teach the model anything true are dropped and counted.
 */

const PROGRESS_EVERY = 50_000;

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
  /** Mobilisation rows first, then incident-only pumps: use `callAt` for time-based splits. */
  readonly inputs: CallInputTable;
  readonly target: Float32Array;
  /** Epoch ms of each row's call, for time-based splits. */
  readonly callAt: Float64Array;
  /** Canonical (station table) code of each row's deploying station. */
  readonly stationCode: readonly string[];
  /** LFB IncidentNumber of each row. */
  readonly incidentNumber: readonly string[];
  readonly stations: readonly StationTableEntry[];
  readonly report: DatasetReport;
}

export interface LoadOptions {
  /** Rows read so far (incidents, then Mobilisation records), every 50,000. */
  readonly onProgress?: (rowsRead: number) => void;
  /** Station table to use instead of building one from the database (tests, re-scoring). */
  readonly stationTable?: StationTable;
  /**
   * Default true: a row needs a plausible attendance time. False keeps rows whose time is missing
   * (target NaN) or implausible, for predicting over a file rather than learning from it; the
   * target-based checks (time range, speed) are then skipped.
   */
  readonly requireTarget?: boolean;
  /**
   * Only calls after this instant (epoch ms): comparing models reads just the newest rows instead of
   * the whole history.
   */
  readonly calledAfter?: number;
}

/** Earlier than any call time the importer accepts. */
const BEFORE_ALL_CALLS = -8.64e15;

const SOURCES: readonly RowSource[] = ['mobilisation', 'incidentFirstPump', 'incidentSecondPump'];
const MOBILISATION = 0;
const FIRST_PUMP = 1;
const SECOND_PUMP = 2;

/** Incident text fields, in the order `IncidentTable` stores them (and the monitor's reader selects them). */
export const INCIDENT_TEXT = [
  'station_ground',
  'borough_name',
  'ward_name',
  'postcode_district',
  'property_category',
  'property_type',
  'incident_group',
  'stop_code',
  'special_service_type',
  'address_qualifier',
  'first_pump_station',
  'second_pump_station',
] as const;
const T = Object.fromEntries(INCIDENT_TEXT.map((f, k) => [f, k])) as Record<
  (typeof INCIDENT_TEXT)[number],
  number
>;

/**
 * Raw rows: `rowid, incident_number, call_at, easting, northing, first_pump_seconds, second_pump_seconds,
 * ...INCIDENT_TEXT`.
 */
const INCIDENTS_SQL = `
  SELECT rowid, incident_number, call_at, COALESCE(easting_m, easting_rounded), COALESCE(northing_m, northing_rounded),
         first_pump_seconds, second_pump_seconds, ${INCIDENT_TEXT.join(', ')}
  FROM incidents WHERE call_at > ?`;
const INCIDENT_TEXT_FROM = 7;

/**
 * Raw rows: `incident rowid (null when the incident was never imported), attendance_seconds,
 * station_code, station_name, pump_order, deployed from home (1 / 0 / null)`. Only the vehicle's own
 * fields: its incident's fields are read once per incident, not once per vehicle.
 */
const MOBILISATIONS_SQL = `
  SELECT i.rowid, m.attendance_seconds, m.station_code, m.station_name, m.pump_order,
         CASE upper(trim(m.deployed_from_location)) WHEN 'HOME STATION' THEN 1 WHEN 'OTHER STATION' THEN 0 END
  FROM mobilisations m LEFT JOIN incidents i ON i.incident_number = m.incident_number`;
/** The same for the vehicles of incidents called after an instant (see LoadOptions.calledAfter). */
const RECENT_MOBILISATIONS_SQL = `${MOBILISATIONS_SQL.replace('LEFT JOIN', 'JOIN')} WHERE i.call_at > ?`;

/**
 * Every incident's call-time fields, by rowid, strings interned. A Mobilisation file has ~3 vehicles per
 * incident, and materialising the incident's dozen strings for each vehicle in one big join made
 * loading several times slower than reading each incident once.
 */
class IncidentTable {
  readonly slot: Int32Array;
  readonly incidentNumber: string[] = [];
  readonly callAt: Float64Array;
  readonly easting: Float64Array;
  readonly northing: Float64Array;
  readonly firstSeconds: Float64Array;
  readonly secondSeconds: Float64Array;
  readonly text: Int32Array;
  readonly hasVehicles: Uint8Array;
  count = 0;
  private readonly strings = new StringPool();

  constructor(db: Db, onRow: () => void, calledAfter: number) {
    const { n, maxRowid } = db
      .prepare('SELECT COUNT(*) AS n, MAX(rowid) AS maxRowid FROM incidents WHERE call_at > ?')
      .get(calledAfter) as {
      n: number;
      maxRowid: number | null;
    };
    this.slot = new Int32Array((maxRowid ?? 0) + 1).fill(-1);
    this.callAt = new Float64Array(n);
    this.easting = new Float64Array(n);
    this.northing = new Float64Array(n);
    this.firstSeconds = new Float64Array(n);
    this.secondSeconds = new Float64Array(n);
    this.text = new Int32Array(n * INCIDENT_TEXT.length);
    this.hasVehicles = new Uint8Array(n);
    const orNaN = (v: unknown) => (typeof v === 'number' ? v : NaN);
    for (const row of db.prepare(INCIDENTS_SQL).raw(true).iterate(calledAfter) as IterableIterator<
      unknown[]
    >) {
      const k = this.count++;
      if (k >= n) throw new Error('The incidents table changed while the training data was being read.');
      this.slot[row[0] as number] = k;
      this.incidentNumber.push(row[1] as string);
      this.callAt[k] = row[2] as number;
      this.easting[k] = orNaN(row[3]);
      this.northing[k] = orNaN(row[4]);
      this.firstSeconds[k] = orNaN(row[5]);
      this.secondSeconds[k] = orNaN(row[6]);
      for (let f = 0; f < INCIDENT_TEXT.length; f++) {
        this.text[k * INCIDENT_TEXT.length + f] = this.strings.id(
          row[INCIDENT_TEXT_FROM + f] as string | null,
        );
      }
      onRow();
    }
  }

  str(k: number, field: number): string | null {
    return this.strings.text(this.text[k * INCIDENT_TEXT.length + field] as number);
  }
}

/** Reads every usable vehicle row with the reasons the others were dropped (rows are not in time order). */
export function loadTrainingRows(db: Db, options: LoadOptions = {}): TrainingRows {
  const table = options.stationTable ?? buildStationTable(db);
  const byCode = new Map<string, StationTableEntry>();
  const byName = new Map<string, StationTableEntry>();
  for (const s of table.stations) {
    byCode.set(normaliseKey(s.code), s);
    byName.set(normaliseKey(s.name), s);
  }
  // Raw spellings repeat a million times: resolve each once.
  const resolved = new Map<string, StationTableEntry | null>();
  const lookup = (raw: string, index: Map<string, StationTableEntry>, tag: string) => {
    const cacheKey = tag + raw;
    let hit = resolved.get(cacheKey);
    if (hit === undefined) {
      hit = index.get(normaliseKey(raw)) ?? null;
      resolved.set(cacheKey, hit);
    }
    return hit;
  };
  const resolve = (code: string | null, name: string | null): StationTableEntry | null =>
    (code ? lookup(code, byCode, 'c:') : null) ?? (name ? lookup(name, byName, 'n:') : null);

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
  const incidentNumber: string[] = [];
  const requireTarget = options.requireTarget ?? true;
  let progressed = 0;
  const progress = () => {
    progressed += 1;
    if (options.onProgress && progressed % PROGRESS_EVERY === 0) options.onProgress(progressed);
  };

  const calledAfter = options.calledAfter ?? BEFORE_ALL_CALLS;
  const incidents = new IncidentTable(db, progress, calledAfter);
  // Each call takes the weather of its UTC hour (an imported weather file's); none stored → missing.
  const weather = loadWeatherHours(db);
  const vehicles =
    options.calledAfter === undefined
      ? db.prepare(MOBILISATIONS_SQL).raw(true).iterate()
      : db.prepare(RECENT_MOBILISATIONS_SQL).raw(true).iterate(calledAfter);
  let read = 0;

  const consider = (
    source: number,
    k: number,
    target: number | null,
    code: string | null,
    name: string | null,
    pumpOrder: number | null,
    fromHome: boolean | null,
  ): void => {
    const reason = usableRow(
      requireTarget,
      target,
      resolve,
      code,
      name,
      incidents.easting[k] as number,
      incidents.northing[k] as number,
      pumpOrder,
    );
    if (reason === 'unknownStation') {
      const label = code ?? name ?? '(none)';
      unknown.set(label, (unknown.get(label) ?? 0) + 1);
    }
    if (typeof reason === 'string') {
      dropped[reason] += 1;
      return;
    }
    const hour = weather.get(hourOf(incidents.callAt[k] as number));
    inputs.push({
      ...(hour ? weatherValues(hour) : {}),
      easting: incidents.easting[k] as number,
      northing: incidents.northing[k] as number,
      callTime: new Date(incidents.callAt[k] as number),
      stationCode: reason.code,
      stationGround: incidents.str(k, T.station_ground),
      borough: incidents.str(k, T.borough_name),
      ward: incidents.str(k, T.ward_name),
      postcodeDistrict: incidents.str(k, T.postcode_district),
      propertyCategory: incidents.str(k, T.property_category),
      propertyType: incidents.str(k, T.property_type),
      incidentGroup: incidents.str(k, T.incident_group),
      stopCode: incidents.str(k, T.stop_code),
      specialServiceType: incidents.str(k, T.special_service_type),
      addressQualifier: incidents.str(k, T.address_qualifier),
      pumpOrder: pumpOrder as number,
      deployedFromHome: fromHome,
    });
    targets.push(target !== null && Number.isFinite(target) ? target : NaN);
    stationCode.push(reason.code);
    incidentNumber.push(incidents.incidentNumber[k] as string);
    usedBySource[SOURCES[source] as RowSource] += 1;
  };

  for (const row of vehicles as IterableIterator<unknown[]>) {
    read += 1;
    progress();
    const k = row[0] === null ? -1 : (incidents.slot[row[0] as number] ?? -1);
    if (k < 0) {
      dropped.noIncident += 1;
      continue;
    }
    incidents.hasVehicles[k] = 1;
    const home = row[5];
    consider(
      MOBILISATION,
      k,
      row[1] as number | null,
      row[2] as string | null,
      row[3] as string | null,
      row[4] as number | null,
      home === 1 ? true : home === 0 ? false : null,
    );
  }

  // Incidents that no Mobilisation record covers still tell their first and second pump.
  for (let k = 0; k < incidents.count; k++) {
    if (incidents.hasVehicles[k] === 1) continue;
    const first = incidents.firstSeconds[k] as number;
    const firstStation = incidents.str(k, T.first_pump_station);
    read += 1;
    if (Number.isNaN(first) && firstStation === null) {
      // No pump arrived (or none was recorded): there is no vehicle to learn from or predict for.
      dropped.missingTarget += 1;
      continue;
    }
    consider(FIRST_PUMP, k, Number.isNaN(first) ? null : first, null, firstStation, 1, null);
    const second = incidents.secondSeconds[k] as number;
    const secondStation = incidents.str(k, T.second_pump_station);
    if (Number.isNaN(second) && secondStation === null) continue;
    read += 1;
    consider(SECOND_PUMP, k, Number.isNaN(second) ? null : second, null, secondStation, 2, null);
  }
  options.onProgress?.(progressed);

  return {
    inputs,
    target: Float32Array.from(targets),
    callAt: Float64Array.from(inputs.callTimes()),
    stationCode,
    incidentNumber,
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
