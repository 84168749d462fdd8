import { z } from 'zod';
import { parseFeatureSpec, type FeatureSpec } from '../features/spec.js';
import type { RiskConfig } from '../evaluation/risk.js';
import type { Gazetteer } from '../training/gazetteer.js';

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
} as const;

export const MODEL_FORMAT = 'pump-eta-model/1';

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
}

export interface ModelMetadata {
  readonly featureSpec: FeatureSpec;
  readonly risk: RiskConfig;
  readonly metrics: Record<string, unknown>;
  readonly window: TrainingWindow;
  readonly calibration: Calibration;
  readonly demo: boolean;
  readonly params: Record<string, unknown>;
  readonly dataset: Record<string, unknown>;
  readonly gazetteer: Gazetteer;
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
  };
}

const riskSchema = z.object({
  eventMarginSeconds: z.number(),
  stations: z.array(z.object({ station: z.string(), lateShare: z.number(), count: z.number() })),
  spreadThreshold: z.number().or(z.null().transform(() => Infinity)),
  lateShareThreshold: z.number().or(z.null().transform(() => Infinity)),
  legacyStations: z.array(z.string()),
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
});

/** Reads metadata back; a file that is not a Pump ETA model gets a message saying so. */
export function decodeMetadata(props: Readonly<Record<string, string>>): ModelMetadata {
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
    demo: props[META_KEYS.demo] === 'true',
    params: z.record(z.string(), z.unknown()).parse(json(META_KEYS.params)),
    dataset: z.record(z.string(), z.unknown()).parse(json(META_KEYS.dataset)),
    gazetteer: gazetteerSchema.parse(json(META_KEYS.gazetteer)),
  };
}
