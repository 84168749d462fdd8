import { z } from 'zod';
import type { SchoolHolidayRange } from '../calendar/schoolHolidays.js';

/**
 * The feature contract shared by training and serving. A model file stores its `FeatureSpec`; serving
 * rebuilds vectors from a dispatcher's form with the same `buildFeatureVector`, so a feature can only
 * drift if this file changes — and then `FEATURE_SPEC_VERSION` changes with it.
 *
 * Only call-time facts are inputs. Never PumpCount, PumpMinutesRounded, Notional Cost,
 * NumPumpsAttending, NumStationsWithPumpsAttending, DelayCode*, TurnoutTimeSeconds, TravelTimeSeconds,
 * DateAndTimeLeft/Returned or arrival times: `CallInput` has no field that could carry them.
 */

/** 2: the weather of the call's hour beyond temperature and precipitation (rain, snow, wind, visibility). */
export const FEATURE_SPEC_VERSION = 2;

/**
 * Every feature, in the column order of every feature vector and of the ONNX model's float32 input;
 * a categorical one (encoded through a `Vocabulary`) names the `CallInput` field that feeds it. The
 * one declaration: FEATURE_NAMES, CATEGORICAL_FEATURES and CATEGORICAL_INPUT are read from it.
 */
const FEATURES = [
  { name: 'distance_m' },
  { name: 'incident_easting' },
  { name: 'incident_northing' },
  { name: 'station', input: 'stationCode' },
  { name: 'station_ground', input: 'stationGround' },
  { name: 'same_ground' },
  { name: 'borough', input: 'borough' },
  { name: 'ward', input: 'ward' },
  { name: 'postcode_district', input: 'postcodeDistrict' },
  { name: 'property_category', input: 'propertyCategory' },
  { name: 'property_type', input: 'propertyType' },
  { name: 'incident_group', input: 'incidentGroup' },
  { name: 'stop_code', input: 'stopCode' },
  { name: 'special_service_type', input: 'specialServiceType' },
  { name: 'address_qualifier', input: 'addressQualifier' },
  { name: 'pump_order' },
  { name: 'deployed_from_home' },
  { name: 'hour' },
  { name: 'weekday' },
  { name: 'month' },
  { name: 'bank_holiday' },
  { name: 'school_holiday' },
  { name: 'temperature_c' },
  { name: 'precipitation_mm' },
  { name: 'rain_mm' },
  { name: 'snow_cm' },
  { name: 'wind_kmh' },
  { name: 'visibility_km' },
] as const satisfies readonly { name: string; input?: keyof CallInput }[];

type FeatureDecl = (typeof FEATURES)[number];
/** The names of a tuple of declarations, as a tuple (z.enum needs the literal tuple). */
type NamesOf<T extends readonly FeatureDecl[]> = {
  readonly [K in keyof T]: T[K] extends { name: infer N } ? N : never;
};
type CategoricalDecl = Extract<FeatureDecl, { input: keyof CallInput }>;

/** Column order of every feature vector and of the ONNX model's float32 input. */
export const FEATURE_NAMES = FEATURES.map((f) => f.name) as unknown as NamesOf<typeof FEATURES>;
export type FeatureName = FeatureDecl['name'];

export type CategoricalFeature = CategoricalDecl['name'];
/** Categorical features, in vector order. */
export const CATEGORICAL_FEATURES: readonly CategoricalFeature[] = FEATURES.filter(
  (f): f is CategoricalDecl => 'input' in f,
).map((f) => f.name);

/** Index of each feature in the vector. */
export const FEATURE_INDEX = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i])) as Record<
  FeatureName,
  number
>;

/**
 * What a dispatcher (or a historical record) knows when a pump is mobilised. Optional strings may be
 * absent or blank: that is the category "(missing)", encoded like any other value.
 */
export interface CallInput {
  /** Incident location, British National Grid metres. */
  readonly easting: number;
  readonly northing: number;
  /** The instant of the call; time features use its Europe/London wall-clock time. */
  readonly callTime: Date;
  /** Code of the deploying station (e.g. `A21`); must be in the spec's station table. */
  readonly stationCode: string;
  /** Name of the incident's station ground (LFB names grounds after their station). */
  readonly stationGround?: string | null;
  readonly borough?: string | null;
  readonly ward?: string | null;
  readonly postcodeDistrict?: string | null;
  readonly propertyCategory?: string | null;
  readonly propertyType?: string | null;
  readonly incidentGroup?: string | null;
  readonly stopCode?: string | null;
  /** The kind of special service (RTC, lift release, flooding …), known from the call. */
  readonly specialServiceType?: string | null;
  readonly addressQualifier?: string | null;
  /** 1 for the first pump to the incident, 2 for the second … */
  readonly pumpOrder: number;
  /** Whether the pump leaves from its home station; unknown → missing (NaN). */
  readonly deployedFromHome?: boolean | null;
  /**
   * Weather of the call's hour (an imported weather file's, or what the dispatcher typed); unknown →
   * NaN. Metric: °C, mm of water in the hour (all precipitation; rain alone), cm of snow, km/h, km.
   */
  readonly temperatureC?: number | null;
  readonly precipitationMm?: number | null;
  readonly rainMm?: number | null;
  readonly snowCm?: number | null;
  readonly windKmh?: number | null;
  readonly visibilityKm?: number | null;
}

/** Which `CallInput` field feeds each categorical feature. */
export const CATEGORICAL_INPUT = Object.fromEntries(
  FEATURES.filter((f): f is CategoricalDecl => 'input' in f).map((f) => [f.name, f.input]),
) as Record<CategoricalFeature, keyof CallInput>;

export interface StationRecord {
  readonly code: string;
  readonly name: string;
  readonly easting: number;
  readonly northing: number;
  /** From an imported stations file, or estimated from the incidents (see geo/stationPositions). */
  readonly source?: 'imported' | 'estimated';
  /**
   * Call time (epoch ms) of the station's latest training row. Estimated stations include ones closed
   * since (their history still teaches the model): a station list for dispatchers should leave out
   * those whose last row is long before the training window's end.
   */
  readonly lastSeenAt?: number;
  /** Training rows the station deployed on. */
  readonly rows?: number;
}

/**
 * String → integer code. Codes 0…k rank the categories by their (smoothed) training-set mean target,
 * so "code ≤ t" splits separate slow from fast categories the way a numeric tree can use. Rare
 * categories (fewer than `minCount` training rows) and categories never seen in training share
 * `otherCode`, ranked by the pooled mean of the rare ones (the overall mean when none were rare).
 */
export interface Vocabulary {
  /** Keys are `normaliseKey` spellings; "(missing)" stands for a blank or absent value. */
  readonly codes: Readonly<Record<string, number>>;
  readonly otherCode: number;
}

export interface FeatureSpec {
  readonly version: typeof FEATURE_SPEC_VERSION;
  readonly features: readonly FeatureName[];
  readonly minCount: number;
  readonly smoothing: number;
  readonly vocabularies: Readonly<Record<CategoricalFeature, Vocabulary>>;
  readonly stations: readonly StationRecord[];
  /** Normalised station-ground name → code of the station whose ground it is. */
  readonly groundToStation: Readonly<Record<string, string>>;
  /**
   * The school calendar the model was trained with, carried in the model so serving computes the same
   * `school_holiday` as training even after someone edits the bundled file.
   */
  readonly schoolHolidays: readonly SchoolHolidayRange[];
}

const vocabularySchema = z.object({
  codes: z.record(z.string(), z.number().int().nonnegative()),
  otherCode: z.number().int().nonnegative(),
});

const featureSpecSchema = z.object({
  version: z.literal(FEATURE_SPEC_VERSION),
  features: z.array(z.enum(FEATURE_NAMES)),
  minCount: z.number().int().positive(),
  smoothing: z.number().nonnegative(),
  vocabularies: z.object(
    Object.fromEntries(CATEGORICAL_FEATURES.map((f) => [f, vocabularySchema])) as Record<
      CategoricalFeature,
      typeof vocabularySchema
    >,
  ),
  stations: z
    .array(
      z.object({
        code: z.string().min(1),
        name: z.string().min(1),
        easting: z.number().finite(),
        northing: z.number().finite(),
        source: z.enum(['imported', 'estimated']).optional(),
        lastSeenAt: z.number().finite().optional(),
        rows: z.number().int().nonnegative().optional(),
      }),
    )
    .min(1),
  groundToStation: z.record(z.string(), z.string()),
  schoolHolidays: z.array(z.object({ name: z.string(), start: z.string(), end: z.string() })),
});

export class FeatureSpecError extends Error {
  override name = 'FeatureSpecError';
}

/**
 * Checks a spec read back from a model file. A spec written by a different feature version is refused:
 * its vectors would be silently misaligned with this build's columns.
 */
export function parseFeatureSpec(json: unknown): FeatureSpec {
  if (json && typeof json === 'object' && 'version' in json && json.version !== FEATURE_SPEC_VERSION) {
    throw new FeatureSpecError(
      `The model's feature spec is version ${String(json.version)}; this build reads version ${FEATURE_SPEC_VERSION}.`,
    );
  }
  const parsed = featureSpecSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FeatureSpecError(
      `Invalid feature spec at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const spec = parsed.data as FeatureSpec;
  if (spec.features.length !== FEATURE_NAMES.length || spec.features.some((f, i) => f !== FEATURE_NAMES[i])) {
    throw new FeatureSpecError(
      `The model's feature list (${spec.features.join(', ')}) differs from this build's (${FEATURE_NAMES.join(', ')}).`,
    );
  }
  return spec;
}
