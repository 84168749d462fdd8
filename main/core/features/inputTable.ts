import { StringPool } from '../util/string-pool.js';
import type { CallInput } from './spec.js';

/** Anything the batch featuriser can read rows from by index. */
export interface CallInputSource {
  readonly length: number;
  get(index: number): CallInput;
}

const STRING_FIELDS = [
  'stationCode',
  'stationGround',
  'borough',
  'ward',
  'postcodeDistrict',
  'propertyCategory',
  'propertyType',
  'incidentGroup',
  'stopCode',
  'specialServiceType',
  'addressQualifier',
] as const satisfies readonly (keyof CallInput)[];
type StringField = (typeof STRING_FIELDS)[number];

const WEATHER_FIELDS = [
  'temperatureC',
  'precipitationMm',
  'rainMm',
  'snowCm',
  'windKmh',
  'visibilityKm',
] as const satisfies readonly (keyof CallInput)[];
type WeatherField = (typeof WEATHER_FIELDS)[number];

const INITIAL_CAPACITY = 1024;
const UNKNOWN_FLAG = 2;

/**
 * Call inputs stored column by column with interned strings: a million rows take ~90 MB here against
 * several hundred as objects (SQLite hands back a fresh string per cell), which lets the dataset fit
 * vocabularies on one pass and featurise on a second without re-querying the database.
 */
export class CallInputTable implements CallInputSource {
  private capacity = INITIAL_CAPACITY;
  private size = 0;
  private easting = new Float64Array(INITIAL_CAPACITY);
  private northing = new Float64Array(INITIAL_CAPACITY);
  private callAt = new Float64Array(INITIAL_CAPACITY);
  private pumpOrder = new Float64Array(INITIAL_CAPACITY);
  /** Weather columns, in WEATHER_FIELDS order (NaN: unknown). */
  private weather = WEATHER_FIELDS.map(() => new Float64Array(INITIAL_CAPACITY));
  private fromHome = new Uint8Array(INITIAL_CAPACITY);
  private readonly stringIds: Record<StringField, Int32Array>;
  private readonly pool = new StringPool();

  constructor() {
    this.stringIds = Object.fromEntries(
      STRING_FIELDS.map((f) => [f, new Int32Array(INITIAL_CAPACITY)]),
    ) as Record<StringField, Int32Array>;
  }

  get length(): number {
    return this.size;
  }

  push(input: CallInput): number {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    this.easting[i] = input.easting;
    this.northing[i] = input.northing;
    this.callAt[i] = input.callTime.getTime();
    this.pumpOrder[i] = input.pumpOrder;
    WEATHER_FIELDS.forEach((f, k) => {
      this.weather[k]![i] = input[f] ?? NaN;
    });
    this.fromHome[i] =
      input.deployedFromHome === true ? 1 : input.deployedFromHome === false ? 0 : UNKNOWN_FLAG;
    for (const f of STRING_FIELDS) this.stringIds[f][i] = this.pool.id(input[f]);
    return i;
  }

  get(index: number): CallInput {
    if (index < 0 || index >= this.size) throw new RangeError(`Row ${index} outside 0..${this.size - 1}`);
    const home = this.fromHome[index];
    const weather = {} as Record<WeatherField, number | null>;
    WEATHER_FIELDS.forEach((f, k) => {
      const v = this.weather[k]![index] as number;
      weather[f] = Number.isNaN(v) ? null : v;
    });
    return {
      ...weather,
      easting: this.easting[index] as number,
      northing: this.northing[index] as number,
      callTime: new Date(this.callAt[index] as number),
      pumpOrder: this.pumpOrder[index] as number,
      deployedFromHome: home === UNKNOWN_FLAG ? null : home === 1,
      stationCode: this.text(this.stringIds.stationCode[index] as number) ?? '',
      stationGround: this.text(this.stringIds.stationGround[index] as number),
      borough: this.text(this.stringIds.borough[index] as number),
      ward: this.text(this.stringIds.ward[index] as number),
      postcodeDistrict: this.text(this.stringIds.postcodeDistrict[index] as number),
      propertyCategory: this.text(this.stringIds.propertyCategory[index] as number),
      propertyType: this.text(this.stringIds.propertyType[index] as number),
      incidentGroup: this.text(this.stringIds.incidentGroup[index] as number),
      stopCode: this.text(this.stringIds.stopCode[index] as number),
      specialServiceType: this.text(this.stringIds.specialServiceType[index] as number),
      addressQualifier: this.text(this.stringIds.addressQualifier[index] as number),
    };
  }

  /** Epoch ms of each row's call, for time-based splits; a view, not a copy. */
  callTimes(): Float64Array {
    return this.callAt.subarray(0, this.size);
  }

  private text(id: number): string | null {
    return this.pool.text(id);
  }

  private grow(): void {
    this.capacity *= 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(this.capacity);
      b.set(a);
      return b;
    };
    this.easting = f64(this.easting);
    this.northing = f64(this.northing);
    this.callAt = f64(this.callAt);
    this.pumpOrder = f64(this.pumpOrder);
    this.weather = this.weather.map(f64);
    const home = new Uint8Array(this.capacity);
    home.set(this.fromHome);
    this.fromHome = home;
    for (const f of STRING_FIELDS) {
      const ids = new Int32Array(this.capacity);
      ids.set(this.stringIds[f]);
      this.stringIds[f] = ids;
    }
  }
}
