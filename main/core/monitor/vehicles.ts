import type { Db } from '../db/index.js';
import { CallEncoder } from '../features/build.js';
import {
  FEATURE_NAMES,
  type CallInput,
  type CategoricalFeature,
  type FeatureSpec,
} from '../features/spec.js';
import { hourOf, loadWeatherHours, weatherValues, type StoredWeather } from '../ingest/weather/stored.js';
import { findStation } from '../places/stations.js';
import { INCIDENT_TEXT } from '../training/dataset.js';
import type { StationTable } from '../training/stations.js';
import { usableRow } from '../training/usable.js';
import { normaliseKey } from '../util/keys.js';
import { StringPool } from '../util/string-pool.js';

/**
 * The vehicles called after an instant, read for scoring straight into a batch's feature rows: the same
 * rows, kept and dropped for the same reasons, as training's reader (`training/dataset.ts`) gives (a test
 * compares the two), but without a `CallInput` object, a `Date` and a dozen lookups per vehicle: each
 * call is encoded once for all its vehicles, and only the columns scoring needs are kept.
 */

export type IncidentText = (typeof INCIDENT_TEXT)[number];
/** The incident column each categorical input comes from (the station is the vehicle's own). */
export const INCIDENT_TEXT_OF: Readonly<Record<CategoricalFeature, IncidentText | null>> = {
  station: null,
  station_ground: 'station_ground',
  borough: 'borough_name',
  ward: 'ward_name',
  postcode_district: 'postcode_district',
  property_category: 'property_category',
  property_type: 'property_type',
  incident_group: 'incident_group',
  stop_code: 'stop_code',
  special_service_type: 'special_service_type',
  address_qualifier: 'address_qualifier',
};
const TEXT = Object.fromEntries(INCIDENT_TEXT.map((f, k) => [f, k])) as Record<IncidentText, number>;
const TEXT_COUNT = INCIDENT_TEXT.length;
/** The first text column's place in a row of INCIDENTS_SQL. */
const TEXT_FROM = 6;

const INCIDENTS_SQL = `
  SELECT rowid, call_at, COALESCE(easting_m, easting_rounded), COALESCE(northing_m, northing_rounded),
         first_pump_seconds, second_pump_seconds, ${INCIDENT_TEXT.join(', ')}
  FROM incidents WHERE call_at > ?`;

/** As training's reader selects a recent call's vehicles: the same join, so the same rows in the same order. */
const VEHICLES_SQL = `
  SELECT i.rowid, m.attendance_seconds, m.station_code, m.station_name, m.pump_order,
         CASE upper(trim(m.deployed_from_location)) WHEN 'HOME STATION' THEN 1 WHEN 'OTHER STATION' THEN 0 END
  FROM mobilisations m JOIN incidents i ON i.incident_number = m.incident_number WHERE i.call_at > ?`;

/** The stations no table knows, listed by their vehicles (the rest only counted), as training's reader does. */
const UNKNOWN_STATIONS_LISTED = 20;

/** A station of the table as the monitor needs it. */
interface ReadStation {
  /** The station table's code (what training's reader names a vehicle's station by). */
  readonly code: string;
  readonly easting: number;
  readonly northing: number;
  /** The model's code for it; '' when the model cannot place it (a station opened since). */
  readonly modelCode: string;
  /** Its place in `VehicleReader.modelCodes`, or −1. */
  readonly index: number;
}

/** One batch of vehicles: feature rows and what the sums need of each vehicle. */
export class VehicleBatch {
  /** Row-major feature rows; away (and replaced on return) while the scorer has them. */
  matrix: Float32Array;
  readonly actual: Float32Array;
  readonly month: Int32Array;
  /** Index into `VehicleReader.modelCodes`. */
  readonly station: Int32Array;
  /** The vehicle's call (for its categories' raw text). */
  readonly call: Int32Array;
  count = 0;

  constructor(readonly capacity: number) {
    this.matrix = new Float32Array(capacity * FEATURE_NAMES.length);
    this.actual = new Float32Array(capacity);
    this.month = new Int32Array(capacity);
    this.station = new Int32Array(capacity);
    this.call = new Int32Array(capacity);
  }
}

const orNaN = (v: unknown) => (typeof v === 'number' ? v : NaN);

export class VehicleReader {
  /** The model's station codes of the vehicles read, by `VehicleBatch.station`. */
  readonly modelCodes: string[] = [];
  /** Vehicles from stations neither the model nor a stations file knows (not read further). */
  unknownStation = 0;

  private readonly unknown = new Map<string, number>();
  private readonly stationsByCode = new Map<string, ReadStation>();
  private readonly stationsByName = new Map<string, ReadStation>();
  private readonly byRawCode = new Map<string, ReadStation | null>();
  private readonly byRawName = new Map<string, ReadStation | null>();

  // The calls, column by column (row k of INCIDENTS_SQL).
  private readonly slot: Int32Array;
  private readonly callAt: Float64Array;
  private readonly easting: Float64Array;
  private readonly northing: Float64Array;
  private readonly firstSeconds: Float64Array;
  private readonly secondSeconds: Float64Array;
  private readonly text: Int32Array;
  private readonly hasVehicles: Uint8Array;
  private readonly callMonth: Int32Array;
  private readonly strings = new StringPool();
  private calls = 0;

  private readonly weather: ReadonlyMap<number, StoredWeather>;
  private readonly encoder: CallEncoder;
  private encoderCall = -1;
  /** Undefined until the first `fill` (the vehicles may still be being imported until then); null once read. */
  private vehicles: IterableIterator<unknown[]> | null | undefined = undefined;
  /** The next call to look at for its Incident file's own pumps, once the Mobilisation rows are done. */
  private nextCallAlone = 0;

  /**
   * Reads the calls after `calledAfter` at once (their vehicles follow batch by batch, from the first
   * `fill`: the calls may be read while a Mobilisation file is still being imported); `monthOf` names
   * the month bucket of an instant, `onUnplaced` hears of each vehicle from a station the table knows
   * and the model does not (its table code and month), which is counted, not scored.
   */
  constructor(
    db: Db,
    spec: FeatureSpec,
    table: StationTable,
    calledAfter: number,
    monthOf: (ms: number) => number,
    private readonly onUnplaced: (stationCode: string, month: number) => void,
  ) {
    const modelIndex = new Map<string, number>();
    for (const s of table.stations) {
      const modelCode = findStation(spec, s.code)?.code ?? '';
      let index = -1;
      if (modelCode) {
        index = modelIndex.get(modelCode) ?? -1;
        if (index < 0) {
          index = this.modelCodes.length;
          modelIndex.set(modelCode, index);
          this.modelCodes.push(modelCode);
        }
      }
      const entry: ReadStation = { code: s.code, easting: s.easting, northing: s.northing, modelCode, index };
      // As training's reader: a later entry with the same key wins.
      this.stationsByCode.set(normaliseKey(s.code), entry);
      this.stationsByName.set(normaliseKey(s.name), entry);
    }

    const { n, maxRowid } = db
      .prepare('SELECT COUNT(*) AS n, MAX(rowid) AS maxRowid FROM incidents WHERE call_at > ?')
      .get(calledAfter) as { n: number; maxRowid: number | null };
    this.slot = new Int32Array((maxRowid ?? 0) + 1).fill(-1);
    this.callAt = new Float64Array(n);
    this.easting = new Float64Array(n);
    this.northing = new Float64Array(n);
    this.firstSeconds = new Float64Array(n);
    this.secondSeconds = new Float64Array(n);
    this.text = new Int32Array(n * TEXT_COUNT);
    this.hasVehicles = new Uint8Array(n);
    this.callMonth = new Int32Array(n);
    for (const row of db.prepare(INCIDENTS_SQL).raw(true).iterate(calledAfter) as IterableIterator<
      unknown[]
    >) {
      const k = this.calls++;
      if (k >= n) throw new Error('The incidents table changed while the newer calls were being read.');
      this.slot[row[0] as number] = k;
      this.callAt[k] = row[1] as number;
      this.easting[k] = orNaN(row[2]);
      this.northing[k] = orNaN(row[3]);
      this.firstSeconds[k] = orNaN(row[4]);
      this.secondSeconds[k] = orNaN(row[5]);
      for (let f = 0; f < TEXT_COUNT; f++) {
        this.text[k * TEXT_COUNT + f] = this.strings.id(row[TEXT_FROM + f] as string | null);
      }
      this.callMonth[k] = monthOf(row[1] as number);
    }
    this.weather = loadWeatherHours(db);
    this.encoder = new CallEncoder(spec);
    this.startVehicles = () =>
      db.prepare(VEHICLES_SQL).raw(true).iterate(calledAfter) as IterableIterator<unknown[]>;
  }

  private readonly startVehicles: () => IterableIterator<unknown[]>;

  /** Ends the read early (a cancelled or failed scoring): the connection is free again. */
  close(): void {
    this.vehicles?.return?.();
    this.vehicles = null;
  }

  /** A call's text column (null when blank in the file). */
  textOf(call: number, field: IncidentText): string | null {
    return this.strings.text(this.text[call * TEXT_COUNT + TEXT[field]]!);
  }

  /** The stations behind `unknownStation`, most frequent first (as training's reader lists them). */
  unknownStations(): { station: string; rows: number }[] {
    return [...this.unknown]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, UNKNOWN_STATIONS_LISTED)
      .map(([station, rows]) => ({ station, rows }));
  }

  /** Fills `batch` with the next vehicles (batch.count of them; 0 when every vehicle has been read). */
  fill(batch: VehicleBatch): number {
    batch.count = 0;
    if (this.vehicles === undefined) this.vehicles = this.startVehicles();
    if (this.vehicles) {
      for (;;) {
        const next: IteratorResult<unknown[]> = this.vehicles.next();
        if (next.done) {
          this.vehicles = null;
          break;
        }
        const row: unknown[] = next.value;
        const k = row[0] === null ? -1 : (this.slot[row[0] as number] ?? -1);
        if (k < 0) continue;
        this.hasVehicles[k] = 1;
        const home = row[5];
        this.consider(
          batch,
          k,
          row[1] as number | null,
          row[2] as string | null,
          row[3] as string | null,
          row[4] as number | null,
          home === 1 ? true : home === 0 ? false : null,
        );
        if (batch.count === batch.capacity) return batch.count;
      }
    }
    // Calls that no Mobilisation record covers still tell their first and second pump; a call's two
    // pumps go into one batch, so one look at the call is never split.
    while (this.nextCallAlone < this.calls && batch.count + 2 <= batch.capacity) {
      const k = this.nextCallAlone++;
      if (this.hasVehicles[k] === 1) continue;
      const first = this.firstSeconds[k]!;
      const firstStation = this.textOf(k, 'first_pump_station');
      if (Number.isNaN(first) && firstStation === null) continue;
      this.consider(batch, k, Number.isNaN(first) ? null : first, null, firstStation, 1, null);
      const second = this.secondSeconds[k]!;
      const secondStation = this.textOf(k, 'second_pump_station');
      if (Number.isNaN(second) && secondStation === null) continue;
      this.consider(batch, k, Number.isNaN(second) ? null : second, null, secondStation, 2, null);
    }
    return batch.count;
  }

  private readonly findStation = (code: string | null, name: string | null): ReadStation | null => {
    if (code) {
      let hit = this.byRawCode.get(code);
      if (hit === undefined) {
        hit = this.stationsByCode.get(normaliseKey(code)) ?? null;
        this.byRawCode.set(code, hit);
      }
      if (hit) return hit;
    }
    if (name) {
      let hit = this.byRawName.get(name);
      if (hit === undefined) {
        hit = this.stationsByName.get(normaliseKey(name)) ?? null;
        this.byRawName.set(name, hit);
      }
      return hit;
    }
    return null;
  };

  /** One vehicle: dropped as training's reader drops it, counted apart, or added to the batch. */
  private consider(
    batch: VehicleBatch,
    k: number,
    target: number | null,
    code: string | null,
    name: string | null,
    pumpOrder: number | null,
    fromHome: boolean | null,
  ): void {
    const station = usableRow(
      true,
      target,
      this.findStation,
      code,
      name,
      this.easting[k]!,
      this.northing[k]!,
      pumpOrder,
    );
    if (station === 'unknownStation') {
      const label = code ?? name ?? '(none)';
      this.unknown.set(label, (this.unknown.get(label) ?? 0) + 1);
      this.unknownStation += 1;
      return;
    }
    // Dropped as training drops it: not a vehicle the model would have learned from.
    if (typeof station === 'string') return;
    // A usable row has a finite time and a pump order (checked above).
    const seconds = target!;
    const order = pumpOrder!;
    const month = this.callMonth[k]!;
    if (station.index < 0) {
      this.onUnplaced(station.code, month);
      return;
    }
    if (this.encoderCall !== k) {
      this.encoder.setCall(this.callInput(k));
      this.encoderCall = k;
    }
    const j = batch.count++;
    this.encoder.writeVehicle(batch.matrix, j * FEATURE_NAMES.length, station.modelCode, order, fromHome);
    batch.actual[j] = seconds;
    batch.month[j] = month;
    batch.station[j] = station.index;
    batch.call[j] = k;
  }

  /** A call's inputs as training's reader gives them (the vehicle's own fields are set per vehicle). */
  private callInput(k: number): CallInput {
    const at = this.callAt[k]!;
    const hour = this.weather.get(hourOf(at));
    const text = (field: IncidentText) => this.textOf(k, field);
    return {
      ...(hour ? weatherValues(hour) : {}),
      easting: this.easting[k]!,
      northing: this.northing[k]!,
      callTime: new Date(at),
      stationCode: '',
      stationGround: text('station_ground'),
      borough: text('borough_name'),
      ward: text('ward_name'),
      postcodeDistrict: text('postcode_district'),
      propertyCategory: text('property_category'),
      propertyType: text('property_type'),
      incidentGroup: text('incident_group'),
      stopCode: text('stop_code'),
      specialServiceType: text('special_service_type'),
      addressQualifier: text('address_qualifier'),
      pumpOrder: 1,
      deployedFromHome: null,
    };
  }
}
