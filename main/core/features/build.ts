import { isBankHolidayDay } from '../calendar/bankHolidays.js';
import { civilDate, isoWeekday, MS_PER_DAY } from '../calendar/days.js';
import { londonLocalMs } from '../calendar/londonTime.js';
import { SchoolHolidayCalendar } from '../calendar/schoolHolidays.js';
import { isInLondon } from '../geo/london.js';
import { normaliseKey } from '../util/keys.js';
import type { CallInputSource } from './inputTable.js';
import {
  CATEGORICAL_FEATURES,
  FEATURE_INDEX as F,
  FEATURE_NAMES,
  type CallInput,
  type CategoricalFeature,
  type FeatureSpec,
  type StationRecord,
} from './spec.js';
import { categoryKey, MISSING_KEY } from './vocabulary.js';

/**
 * One row kernel, `encodeRow`, writes every feature vector — the single vector served to a dispatcher
 * and each row of the training matrix — so the two cannot disagree.
 */

/** A rejected input; `field` names the `CallInput` field so a form can point at it. */
export class FeatureInputError extends Error {
  override name = 'FeatureInputError';
  constructor(
    readonly field: keyof CallInput,
    message: string,
  ) {
    super(message);
  }
}

const MS_PER_HOUR = 3_600_000;

/** Position of each categorical feature's vocabulary in `CompiledSpec.vocabularies`. */
const CAT = Object.fromEntries(CATEGORICAL_FEATURES.map((f, k) => [f, k])) as Record<
  CategoricalFeature,
  number
>;

/** Bounds the per-vocabulary cache of raw spellings, which serving fills from free-typed form input. */
const RAW_CACHE_LIMIT = 50_000;

interface CompiledVocabulary {
  readonly codes: ReadonlyMap<string, number>;
  readonly other: number;
  readonly missing: number;
  readonly rawCache: Map<string, number>;
}

interface CompiledStation {
  readonly key: string;
  readonly record: StationRecord;
}

interface DayInfo {
  readonly month: number;
  readonly weekday: number;
  readonly bankHoliday: number;
  readonly schoolHoliday: number;
}

interface CompiledSpec {
  readonly vocabularies: readonly CompiledVocabulary[];
  readonly stationsByKey: ReadonlyMap<string, CompiledStation>;
  /** Raw code or name spelling → station, filled lazily. */
  readonly stationCache: Map<string, CompiledStation | null>;
  readonly groundToStation: ReadonlyMap<string, string>;
  readonly groundCache: Map<string, string | null>;
  readonly school: SchoolHolidayCalendar;
  readonly days: Map<number, DayInfo>;
}

const compiledSpecs = new WeakMap<FeatureSpec, CompiledSpec>();

function compile(spec: FeatureSpec): CompiledSpec {
  const cached = compiledSpecs.get(spec);
  if (cached) return cached;
  const vocabularies = CATEGORICAL_FEATURES.map((f) => {
    const v = spec.vocabularies[f];
    const codes = new Map(Object.entries(v.codes));
    return { codes, other: v.otherCode, missing: codes.get(MISSING_KEY) ?? v.otherCode, rawCache: new Map() };
  });
  const stationsByKey = new Map<string, CompiledStation>();
  for (const record of spec.stations) {
    const s = { key: normaliseKey(record.code), record };
    stationsByKey.set(s.key, s);
  }
  const groundToStation = new Map(
    Object.entries(spec.groundToStation).map(([g, code]) => [normaliseKey(g), normaliseKey(code)]),
  );
  const compiled: CompiledSpec = {
    vocabularies,
    stationsByKey,
    stationCache: new Map(),
    groundToStation,
    groundCache: new Map(),
    school: new SchoolHolidayCalendar(spec.schoolHolidays),
    days: new Map(),
  };
  compiledSpecs.set(spec, compiled);
  return compiled;
}

function remember<V>(cache: Map<string, V>, raw: string, value: V): V {
  if (cache.size < RAW_CACHE_LIMIT) cache.set(raw, value);
  return value;
}

function encodeCategory(v: CompiledVocabulary | undefined, raw: string | null | undefined): number {
  if (v === undefined) throw new Error('Feature spec vocabulary missing');
  if (raw === null || raw === undefined) return v.missing;
  const hit = v.rawCache.get(raw);
  if (hit !== undefined) return hit;
  return remember(v.rawCache, raw, v.codes.get(categoryKey(raw)) ?? v.other);
}

function stationByCode(c: CompiledSpec, raw: string): CompiledStation | null {
  const hit = c.stationCache.get(raw);
  if (hit !== undefined) return hit;
  return remember(c.stationCache, raw, c.stationsByKey.get(normaliseKey(raw)) ?? null);
}

/** 1 when the ground is the deploying station's own, 0 when another's, NaN when the ground is unknown. */
function sameGround(c: CompiledSpec, ground: string | null | undefined, stationKey: string): number {
  if (ground === null || ground === undefined) return NaN;
  let owner = c.groundCache.get(ground);
  if (owner === undefined)
    owner = remember(c.groundCache, ground, c.groundToStation.get(normaliseKey(ground)) ?? null);
  if (owner === null) return NaN;
  return owner === stationKey ? 1 : 0;
}

function dayInfo(c: CompiledSpec, day: number): DayInfo {
  let info = c.days.get(day);
  if (!info) {
    const { year, month } = civilDate(day);
    info = {
      month,
      weekday: isoWeekday(day),
      bankHoliday: isBankHolidayDay(day, year) ? 1 : 0,
      schoolHoliday: c.school.valueOn(day),
    };
    c.days.set(day, info);
  }
  return info;
}

function optionalNumber(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : NaN;
}

/** Throws `FeatureInputError` for inputs no feature vector should be built from. */
function validate(c: CompiledSpec, input: CallInput): CompiledStation {
  if (!Number.isFinite(input.easting)) throw new FeatureInputError('easting', 'The easting is not a number.');
  if (!Number.isFinite(input.northing))
    throw new FeatureInputError('northing', 'The northing is not a number.');
  if (!isInLondon(input.easting, input.northing)) {
    throw new FeatureInputError(
      'easting',
      `The location (${input.easting}, ${input.northing}) is outside Greater London.`,
    );
  }
  if (!(input.callTime instanceof Date) || !Number.isFinite(input.callTime.getTime())) {
    throw new FeatureInputError('callTime', 'The call time is not a valid date and time.');
  }
  if (!Number.isInteger(input.pumpOrder) || input.pumpOrder < 1) {
    throw new FeatureInputError(
      'pumpOrder',
      `The pump order must be a whole number from 1 (got ${input.pumpOrder}).`,
    );
  }
  if (typeof input.stationCode !== 'string') throw new FeatureInputError('stationCode', 'No station given.');
  const station = stationByCode(c, input.stationCode);
  if (!station) throw new FeatureInputError('stationCode', `Unknown station "${input.stationCode}".`);
  return station;
}

function encodeRow(c: CompiledSpec, input: CallInput, out: Float64Array): void {
  const station = validate(c, input);
  const s = station.record;
  out[F.distance_m] = Math.hypot(input.easting - s.easting, input.northing - s.northing);
  out[F.incident_easting] = input.easting;
  out[F.incident_northing] = input.northing;

  // Spelt out rather than looped over CATEGORICAL_INPUT: keyed property reads made this the hot spot
  // (a test checks each feature is read from its CATEGORICAL_INPUT field).
  const v = c.vocabularies;
  out[F.station] = encodeCategory(v[CAT.station], input.stationCode);
  out[F.station_ground] = encodeCategory(v[CAT.station_ground], input.stationGround);
  out[F.borough] = encodeCategory(v[CAT.borough], input.borough);
  out[F.ward] = encodeCategory(v[CAT.ward], input.ward);
  out[F.postcode_district] = encodeCategory(v[CAT.postcode_district], input.postcodeDistrict);
  out[F.property_category] = encodeCategory(v[CAT.property_category], input.propertyCategory);
  out[F.property_type] = encodeCategory(v[CAT.property_type], input.propertyType);
  out[F.incident_group] = encodeCategory(v[CAT.incident_group], input.incidentGroup);
  out[F.stop_code] = encodeCategory(v[CAT.stop_code], input.stopCode);
  out[F.special_service_type] = encodeCategory(v[CAT.special_service_type], input.specialServiceType);
  out[F.address_qualifier] = encodeCategory(v[CAT.address_qualifier], input.addressQualifier);
  out[F.same_ground] = sameGround(c, input.stationGround, station.key);

  out[F.pump_order] = input.pumpOrder;
  out[F.deployed_from_home] =
    input.deployedFromHome === true ? 1 : input.deployedFromHome === false ? 0 : NaN;

  const local = londonLocalMs(input.callTime.getTime());
  const day = Math.floor(local / MS_PER_DAY);
  const info = dayInfo(c, day);
  out[F.hour] = Math.floor((local - day * MS_PER_DAY) / MS_PER_HOUR);
  out[F.weekday] = info.weekday;
  out[F.month] = info.month;
  out[F.bank_holiday] = info.bankHoliday;
  out[F.school_holiday] = info.schoolHoliday;

  out[F.temperature_c] = optionalNumber(input.temperatureC);
  out[F.precipitation_mm] = optionalNumber(input.precipitationMm);
  out[F.rain_mm] = optionalNumber(input.rainMm);
  out[F.snow_cm] = optionalNumber(input.snowCm);
  out[F.wind_kmh] = optionalNumber(input.windKmh);
  out[F.visibility_km] = optionalNumber(input.visibilityKm);
}

/** The model's float32 input row for one call. */
export function buildFeatureVector(spec: FeatureSpec, input: CallInput): Float32Array {
  const scratch = new Float64Array(FEATURE_NAMES.length);
  encodeRow(compile(spec), input, scratch);
  return Float32Array.from(scratch);
}

/** Column-major features (one Float32Array per feature, in `FEATURE_NAMES` order) for many rows. */
export function buildFeatureColumns(
  spec: FeatureSpec,
  inputs: readonly CallInput[] | CallInputSource,
): Float32Array[] {
  const c = compile(spec);
  const n = inputs.length;
  const columns = FEATURE_NAMES.map(() => new Float32Array(n));
  const scratch = new Float64Array(FEATURE_NAMES.length);
  const get = Array.isArray(inputs)
    ? (i: number) => (inputs as readonly CallInput[])[i] as CallInput
    : (i: number) => (inputs as CallInputSource).get(i);
  for (let i = 0; i < n; i++) {
    encodeRow(c, get(i), scratch);
    for (let f = 0; f < scratch.length; f++) (columns[f] as Float32Array)[i] = scratch[f] as number;
  }
  return columns;
}

/**
 * Row-major float32 rows for many calls (a batch for one session run), written by the same row
 * kernel as a single vector: a cover grid scores tens of thousands of rows without one allocation each.
 */
export function buildFeatureMatrix(spec: FeatureSpec, inputs: readonly CallInput[]): Float32Array {
  const c = compile(spec);
  const f = FEATURE_NAMES.length;
  const out = new Float32Array(inputs.length * f);
  const scratch = new Float64Array(f);
  for (let i = 0; i < inputs.length; i++) {
    encodeRow(c, inputs[i] as CallInput, scratch);
    out.set(scratch, i * f);
  }
  return out;
}

/**
 * The vehicles of one call, encoded: the call's features (place, categories, time, weather) once, and
 * per vehicle only what is its own (station, distance, same ground, pump order, home). Each row equals
 * what `encodeRow` writes for the vehicle's whole `CallInput` (the first vehicle of a call is encoded by
 * it, the next ones patch the fields that differ; a test compares the two): a batch job encodes a
 * million vehicles of a third as many calls without an object or a dozen lookups for each.
 */
export class CallEncoder {
  private readonly c: CompiledSpec;
  private readonly row = new Float64Array(FEATURE_NAMES.length);
  private call: CallInput | null = null;
  private encoded = false;

  constructor(spec: FeatureSpec) {
    this.c = compile(spec);
  }

  /** The call the next vehicles belong to; its station, pump order and home fields are not read. */
  setCall(call: CallInput): void {
    this.call = call;
    this.encoded = false;
  }

  /** Writes one vehicle's float32 row at `offset` of `out`; throws `FeatureInputError` as encodeRow does. */
  writeVehicle(
    out: Float32Array,
    offset: number,
    stationCode: string,
    pumpOrder: number,
    deployedFromHome: boolean | null,
  ): void {
    const call = this.call;
    if (call === null) throw new Error('CallEncoder: no call set');
    const row = this.row;
    if (!this.encoded) {
      encodeRow(this.c, { ...call, stationCode, pumpOrder, deployedFromHome }, row);
      this.encoded = true;
    } else {
      if (!Number.isInteger(pumpOrder) || pumpOrder < 1) {
        throw new FeatureInputError(
          'pumpOrder',
          `The pump order must be a whole number from 1 (got ${pumpOrder}).`,
        );
      }
      const station = stationByCode(this.c, stationCode);
      if (!station) throw new FeatureInputError('stationCode', `Unknown station "${stationCode}".`);
      const s = station.record;
      row[F.distance_m] = Math.hypot(call.easting - s.easting, call.northing - s.northing);
      row[F.station] = encodeCategory(this.c.vocabularies[CAT.station], stationCode);
      row[F.same_ground] = sameGround(this.c, call.stationGround, station.key);
      row[F.pump_order] = pumpOrder;
      row[F.deployed_from_home] = deployedFromHome === true ? 1 : deployedFromHome === false ? 0 : NaN;
    }
    for (let f = 0; f < row.length; f++) out[offset + f] = row[f]!;
  }
}
