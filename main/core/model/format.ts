import { z } from 'zod';
import { parseFeatureSpec, type FeatureSpec } from '../features/spec.js';
import type { RiskConfig } from './risk.js';
import type { HeadParams } from './heads.js';
import type { Gazetteer } from '../places/gazetteer.js';
import { weatherCoverageSchema, type WeatherCoverage } from './weather-coverage.js';

/**
 * What a Pump ETA model file carries besides its trees, in ONNX `metadata_props` (string → string,
 * JSON values). A model file is self-contained: serving needs nothing else to answer, and an old
 * file keeps answering the way it was evaluated even after the database or the bundled calendar moves on.
 */
export const META_KEYS = {
  format: 'pump_eta.format',
  featureSpec: 'pump_eta.feature_spec',
  risk: 'pump_eta.risk',
  metrics: 'pump_eta.metrics',
  window: 'pump_eta.training_window',
  calibration: 'pump_eta.calibration',
  demo: 'pump_eta.demo',
  params: 'pump_eta.params',
  dataset: 'pump_eta.dataset',
  gazetteer: 'pump_eta.gazetteer',
  heads: 'pump_eta.heads',
  weatherCoverage: 'pump_eta.weather_coverage',
} as const;

/**
 * Version 2: estimates stand on a distance backbone and the file answers two probabilities (within
 * the target, late). Version-1 files are refused with a message to retrain; the registry then falls
 * back to an earlier model or the bundled demo model.
 */
export const MODEL_FORMAT = 'pump-eta-model/2';

export interface TrainingWindow {
  /** ISO instants of the first and last call each slice covers. */
  readonly trainFrom: string;
  readonly trainTo: string;
  readonly holdoutFrom: string;
  readonly holdoutTo: string;
}

export interface Calibration {
  readonly coverageTarget: number;
  /** Added to the quantile model's output to make the P90 bound (split conformal). */
  readonly p90Offset: number;
  readonly calibrationRows: number;
  /**
   * The 99th percentile of the training slice's station-to-incident distances: farther than this, an
   * answer says it is beyond what the model learned from.
   */
  readonly distanceP99Metres: number;
}

export interface ModelMetadata {
  readonly featureSpec: FeatureSpec;
  readonly risk: RiskConfig;
  readonly metrics: Record<string, unknown>;
  readonly window: TrainingWindow;
  readonly calibration: Calibration;
  readonly heads: HeadParams;
  readonly demo: boolean;
  readonly params: Record<string, unknown>;
  readonly dataset: Record<string, unknown>;
  readonly gazetteer: Gazetteer;
  /**
   * The weather the trees learned from. Absent in files written before it was recorded: answers then
   * say the model's use of weather is unknown rather than guess either way.
   */
  readonly weatherCoverage?: WeatherCoverage;
}

export function encodeMetadata(meta: ModelMetadata): Record<string, string> {
  return {
    [META_KEYS.format]: MODEL_FORMAT,
    [META_KEYS.featureSpec]: JSON.stringify(meta.featureSpec),
    [META_KEYS.risk]: JSON.stringify(meta.risk),
    [META_KEYS.metrics]: JSON.stringify(meta.metrics),
    [META_KEYS.window]: JSON.stringify(meta.window),
    [META_KEYS.calibration]: JSON.stringify(meta.calibration),
    [META_KEYS.demo]: meta.demo ? 'true' : 'false',
    [META_KEYS.params]: JSON.stringify(meta.params),
    [META_KEYS.dataset]: JSON.stringify(meta.dataset),
    [META_KEYS.gazetteer]: JSON.stringify(meta.gazetteer),
    [META_KEYS.heads]: JSON.stringify(meta.heads),
    ...(meta.weatherCoverage ? { [META_KEYS.weatherCoverage]: JSON.stringify(meta.weatherCoverage) } : {}),
  };
}

const qualitySchema = z.object({
  fireRate: z
    .number()
    .nullable()
    .transform((v) => v ?? NaN),
  precision: z
    .number()
    .nullable()
    .transform((v) => v ?? NaN),
  recall: z
    .number()
    .nullable()
    .transform((v) => v ?? NaN),
  eventRate: z
    .number()
    .nullable()
    .transform((v) => v ?? NaN),
});

const riskSchema = z.object({
  eventMarginSeconds: z.number(),
  // JSON has no Infinity: a threshold never reached is written as null.
  threshold: z.number().or(z.null().transform(() => Infinity)),
  targetPrecision: z.number(),
  calibration: qualitySchema,
  legacyStations: z.array(z.string()),
});

const headsSchema = z.object({
  distanceFeature: z.number().int().nonnegative(),
  backbone: z.object({ turnoutSeconds: z.number(), secondsPerMetre: z.number() }),
  p90Offset: z.number(),
  withinTarget: z.object({
    targetSeconds: z.number(),
    minSpreadSeconds: z.number(),
    intercept: z.number(),
    perSecond: z.number(),
    perSpread: z.number(),
  }),
  late: z.object({ intercept: z.number(), slope: z.number() }),
});

const entrySchema = z.object({
  name: z.string(),
  easting: z.number(),
  northing: z.number(),
  incidents: z.number(),
  stationGround: z.string().nullable(),
  borough: z.string().nullable(),
});

const gazetteerSchema = z.object({
  postcodeDistricts: z.record(z.string(), entrySchema),
  wards: z.record(z.string(), entrySchema),
  sharedWards: z.record(z.string(), z.array(entrySchema)).optional(),
});

const windowSchema = z.object({
  trainFrom: z.string(),
  trainTo: z.string(),
  holdoutFrom: z.string(),
  holdoutTo: z.string(),
});

const calibrationSchema = z.object({
  coverageTarget: z.number(),
  p90Offset: z.number(),
  calibrationRows: z.number(),
  distanceP99Metres: z.number(),
});

/** Reads metadata back; a file that is not a Pump ETA model gets a message saying so. */
export function decodeMetadata(props: Readonly<Record<string, string>>): ModelMetadata {
  if (props[META_KEYS.format] === 'pump-eta-model/1') {
    throw new Error(
      'this model was made by an earlier version of Pump ETA (no distance backbone, no probabilities); ' +
        'retrain to make one this version can serve',
    );
  }
  if (props[META_KEYS.format] !== MODEL_FORMAT) {
    throw new Error(
      `not a Pump ETA model (format '${props[META_KEYS.format] ?? 'missing'}', expected '${MODEL_FORMAT}')`,
    );
  }
  const json = (key: string): unknown => {
    const text = props[key];
    if (text === undefined) throw new Error(`the model file lacks '${key}'`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`the model file's '${key}' is not valid JSON`);
    }
  };
  return {
    featureSpec: parseFeatureSpec(json(META_KEYS.featureSpec)),
    risk: riskSchema.parse(json(META_KEYS.risk)),
    metrics: z.record(z.string(), z.unknown()).parse(json(META_KEYS.metrics)),
    window: windowSchema.parse(json(META_KEYS.window)),
    calibration: calibrationSchema.parse(json(META_KEYS.calibration)),
    heads: headsSchema.parse(json(META_KEYS.heads)),
    demo: props[META_KEYS.demo] === 'true',
    params: z.record(z.string(), z.unknown()).parse(json(META_KEYS.params)),
    dataset: z.record(z.string(), z.unknown()).parse(json(META_KEYS.dataset)),
    gazetteer: gazetteerSchema.parse(json(META_KEYS.gazetteer)),
    ...(props[META_KEYS.weatherCoverage] !== undefined
      ? { weatherCoverage: weatherCoverageSchema.parse(json(META_KEYS.weatherCoverage)) }
      : {}),
  };
}
