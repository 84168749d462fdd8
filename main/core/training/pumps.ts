import type { Db } from '../db/index.js';
import { bootstrapInterval } from '../evaluation/bootstrap.js';
import { reliabilityTable, type ReliabilityBin } from '../evaluation/logistic.js';
import { FEATURE_INDEX, FEATURE_NAMES, type CategoricalFeature, type FeatureName } from '../features/spec.js';
import {
  trainMulticlass,
  type Dataset,
  type MulticlassEnsemble,
  type MulticlassParams,
  type TrainProgress,
} from '../gbdt/index.js';
import { PUMP_CLASSES, pumpsProbabilities, type PumpsHead } from '../model/pumps.js';
import { allMasked, applyMasks, withMaskedCopies, type MaskedRows } from './pumps-masking.js';
import type { TimeSplit } from './split.js';

/**
 * How many pumps an incident will need (1, 2, 3, 4, 5+): one row per incident with a recorded
 * NumPumpsAttending — a post-incident count, so it is this model's target and never a feature —
 * trained in the same job as the ETA models on the same time-based slices.
 */

/**
 * Features that describe the deploying vehicle, not the call: the pumps model never sees them (they
 * are set missing in its rows, so its trees cannot split on them and every station's row of one
 * call gets the same distribution).
 */
export const VEHICLE_FEATURES: readonly FeatureName[] = [
  'distance_m',
  'station',
  'same_ground',
  'pump_order',
  'deployed_from_home',
];
/** Too few incidents to learn five classes from: the model file then has no pumps output. */
export const MIN_PUMP_INCIDENTS = 200;
/** The temperature search range; 1 means the trees' own probabilities. */
const TEMPERATURE_RANGE = [0.5, 3] as const;
const TEMPERATURE_STEPS = 60;
const BOOTSTRAP_RESAMPLES = 1000;
/** Seed offset of the pumps model, after the point/upper/late models' seed, seed+1, seed+2. */
const PUMPS_SEED_OFFSET = 3;

/** Each incident's recorded pump count, by incident number (incidents without one left out). */
export function loadPumpCounts(db: Db): Map<string, number> {
  const out = new Map<string, number>();
  const rows = db
    .prepare(
      'SELECT incident_number, num_pumps_attending FROM incidents WHERE num_pumps_attending IS NOT NULL',
    )
    .raw(true)
    .iterate() as IterableIterator<[string, number]>;
  for (const [id, n] of rows) if (Number.isFinite(n) && n >= 1) out.set(id, n);
  return out;
}

/** Class index 0..4 for 1, 2, 3, 4, 5+ pumps. */
export function pumpClass(count: number): number {
  return Math.min(PUMP_CLASSES, Math.max(1, Math.round(count))) - 1;
}

export function pumpsParams(seed: number): MulticlassParams {
  return {
    numClasses: PUMP_CLASSES,
    numTrees: 400,
    learningRate: 0.05,
    numLeaves: 15,
    minDataInLeaf: 50,
    lambdaL2: 5,
    maxBins: 255,
    featureFraction: 0.8,
    earlyStoppingRounds: 30,
    seed: seed + PUMPS_SEED_OFFSET,
  };
}

export interface Interval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface PumpsReport {
  readonly rows: { train: number; validation: number; calibration: number; holdout: number };
  readonly rounds: number;
  readonly temperature: number;
  /** Holdout share of each class (1, 2, 3, 4, 5+). */
  readonly holdoutShare: number[];
  readonly model: { readonly logLoss: Interval; readonly accuracy: Interval };
  /** Most frequent count per (stop code, property category) in the training slice. */
  readonly baseline: { readonly logLoss: Interval; readonly accuracy: Interval };
  /**
   * The same holdout incidents answered as if the caller had not given the property type, and neither
   * the type nor the category (the inputs blanked as a blank form field is).
   */
  readonly withoutPropertyType: { readonly logLoss: Interval; readonly accuracy: Interval };
  readonly withoutProperty: { readonly logLoss: Interval; readonly accuracy: Interval };
  /** Model − baseline log-loss per incident, paired (the same resampled incidents on both sides). */
  readonly logLossDifference: Interval;
  /** Per class (1, 2, 3, 4, 5+): predicted vs observed by decile of the predicted probability. */
  readonly reliability: ReliabilityBin[][];
}

export interface PumpsTraining {
  readonly model: MulticlassEnsemble;
  readonly head: PumpsHead;
  readonly report: PumpsReport;
}

export interface PumpsInputs {
  /** Feature columns of every training row (one row per vehicle). */
  readonly columns: readonly Float32Array[];
  readonly incidentNumber: readonly string[];
  readonly counts: ReadonlyMap<string, number>;
  readonly split: TimeSplit;
  /** The code each categorical input gets when left blank (as serving encodes it). */
  readonly missing: Readonly<Record<CategoricalFeature, number>>;
}

/**
 * Trains the pumps model, or returns null when fewer than MIN_PUMP_INCIDENTS incidents have a count.
 * Early stopping on the validation slice, temperature on the calibration slice, report on the
 * holdout: the same call-time cuts as the ETA models (an incident's vehicles share one call time,
 * so they always fall in one slice).
 */
export function trainPumps(
  inputs: PumpsInputs,
  seed: number,
  control: { threads?: number; shouldStop?: () => boolean; onProgress?: (p: TrainProgress) => void },
): PumpsTraining | null {
  const slices = incidentSlices(inputs, seed);
  const incidents = (s: Slice) => s.levels.reduce((n, level) => n + (level === 0 ? 1 : 0), 0);
  if (incidents(slices.train) + incidents(slices.validation) < MIN_PUMP_INCIDENTS) return null;
  if (slices.validation.rows.length === 0 || slices.holdout.rows.length === 0) return null;
  const data = (s: Slice) => pumpsDataset(inputs.columns, s, inputs.missing);
  const train = data(slices.train);
  const valid = data(slices.validation);
  const model = trainMulticlass(train, slices.train.labels, pumpsParams(seed), {
    valid: { data: valid, labels: slices.validation.labels },
    ...control,
  });
  // Temperature on the recorded incidents: the answers as recorded stay calibrated as before masking.
  const cal = originals(slices.calibration.rows.length > 0 ? slices.calibration : slices.validation);
  const temperature = fitTemperature(model, data(cal), cal.labels);
  const head: PumpsHead = { temperature };
  const hold = data(slices.holdout);
  const probs = scorePumps(model, head, hold);
  const holdWithout = (level: number) =>
    scorePumps(
      model,
      head,
      data({ ...allMasked(slices.holdout.rows, level), labels: slices.holdout.labels }),
    );
  // The baseline is the table of recorded incidents: masked copies would only add a "(missing)" cell.
  const recorded = originals(slices.train);
  const baseline = fitBaseline(data(recorded), recorded.labels);
  const baseProbs = baselineProbabilities(baseline, hold);
  const y = slices.holdout.labels;
  return {
    model,
    head,
    report: {
      rows: {
        train: incidents(slices.train),
        validation: incidents(slices.validation),
        calibration: incidents(slices.calibration),
        holdout: y.length,
      },
      rounds: model.rounds.length,
      temperature,
      holdoutShare: classShares(y),
      model: scoreIntervals(probs, y, seed),
      baseline: scoreIntervals(baseProbs, y, seed),
      withoutPropertyType: scoreIntervals(holdWithout(TYPE_BLANK), y, seed),
      withoutProperty: scoreIntervals(holdWithout(CATEGORY_BLANK), y, seed),
      logLossDifference: pairedLogLossDifference(probs, baseProbs, y, seed),
      reliability: Array.from({ length: PUMP_CLASSES }, (_, k) =>
        reliabilityTable(
          Float64Array.from(y, (_, i) => probs[i * PUMP_CLASSES + k]!),
          Float64Array.from(y, (c) => (c === k ? 1 : 0)),
        ),
      ),
    },
  };
}

/** MASK_LEVELS' levels the holdout report blanks: the property type; the type and the category. */
const TYPE_BLANK = 1;
const CATEGORY_BLANK = 2;

/** Salts of the masking draws of the fitted slices, so each slice draws its own copies. */
const SLICE_SALT = { train: 1, validation: 2, calibration: 3 } as const;

interface Slice extends MaskedRows {
  /** A representative training row of each incident (its first vehicle row), or its masked copy. */
  readonly rows: Uint32Array;
  readonly labels: Uint8Array;
}

/** The slice's recorded incidents without their masked copies. */
function originals(s: Slice): Slice {
  const keep = Uint32Array.from(Array.from(s.levels).flatMap((level, k) => (level === 0 ? [k] : [])));
  return {
    rows: Uint32Array.from(keep, (k) => s.rows[k]!),
    levels: new Uint8Array(keep.length),
    labels: Uint8Array.from(keep, (k) => s.labels[k]!),
  };
}

function incidentSlices(
  inputs: PumpsInputs,
  seed: number,
): Record<keyof TimeSplit & ('train' | 'validation' | 'calibration' | 'holdout'), Slice> {
  const seen = new Set<string>();
  const pick = (idx: Uint32Array, seed?: number, salt?: number): Slice => {
    const rows: number[] = [];
    const labels: number[] = [];
    for (const i of idx) {
      const id = inputs.incidentNumber[i]!;
      const count = inputs.counts.get(id);
      if (count === undefined || seen.has(id)) continue;
      seen.add(id);
      rows.push(i);
      labels.push(pumpClass(count));
    }
    const label = new Map(rows.map((r, k) => [r, labels[k]!]));
    const picked = Uint32Array.from(rows);
    // Fitted slices carry masked copies (pumps-masking.ts); the holdout is scored as it was recorded.
    const masked = seed === undefined ? allMasked(picked, 0) : withMaskedCopies(picked, seed, salt ?? 0);
    return { ...masked, labels: Uint8Array.from(masked.rows, (r) => label.get(r)!) };
  };
  const { split } = inputs;
  return {
    train: pick(split.train, seed, SLICE_SALT.train),
    validation: pick(split.validation, seed, SLICE_SALT.validation),
    calibration: pick(split.calibration, seed, SLICE_SALT.calibration),
    holdout: pick(split.holdout),
  };
}

/** The incidents' rows with the vehicle's own features set missing and masked copies' inputs blanked. */
export function pumpsDataset(
  columns: readonly Float32Array[],
  slice: MaskedRows,
  missing: Readonly<Record<CategoricalFeature, number>>,
): Dataset {
  const { rows } = slice;
  const hidden = new Set(VEHICLE_FEATURES.map((f) => FEATURE_INDEX[f]));
  const gathered = columns.map((col, f) =>
    hidden.has(f) ? new Float32Array(rows.length).fill(NaN) : Float32Array.from(rows, (i) => col[i]!),
  );
  applyMasks(gathered, slice.levels, missing);
  return {
    numRows: rows.length,
    numFeatures: columns.length,
    featureNames: [...FEATURE_NAMES],
    columns: gathered,
  };
}

/** Row-major [n × 5] probabilities as the model file answers them. */
export function scorePumps(model: MulticlassEnsemble, head: PumpsHead, data: Dataset): Float64Array {
  const raw = model.predictRaw(data.columns, data.numRows);
  const out = new Float64Array(data.numRows * PUMP_CLASSES);
  for (let i = 0; i < data.numRows; i++) {
    const p = pumpsProbabilities(
      head,
      raw.map((r) => r[i]!),
    );
    for (let k = 0; k < PUMP_CLASSES; k++) out[i * PUMP_CLASSES + k] = p[k]!;
  }
  return out;
}

/** The temperature minimising log-loss on the given (calibration) rows; a grid, so it is deterministic. */
function fitTemperature(model: MulticlassEnsemble, data: Dataset, labels: Uint8Array): number {
  const raw = model.predictRaw(data.columns, data.numRows);
  let best = 1;
  let bestLoss = Infinity;
  const [lo, hi] = TEMPERATURE_RANGE;
  for (let s = 0; s <= TEMPERATURE_STEPS; s++) {
    const t = Math.fround(lo * (hi / lo) ** (s / TEMPERATURE_STEPS));
    let loss = 0;
    for (let i = 0; i < labels.length; i++) {
      const p = pumpsProbabilities(
        { temperature: t },
        raw.map((r) => r[i]!),
      );
      loss -= Math.log(Math.max(p[labels[i]!]!, Number.MIN_VALUE));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

/** Class counts per (stop code, property category) code pair, and overall, from the training rows. */
interface Baseline {
  readonly groups: Map<string, Float64Array>;
  readonly overall: Float64Array;
}

const groupKey = (d: Dataset, i: number) =>
  `${d.columns[FEATURE_INDEX.stop_code]![i]}|${d.columns[FEATURE_INDEX.property_category]![i]}`;

function fitBaseline(train: Dataset, labels: Uint8Array): Baseline {
  const groups = new Map<string, Float64Array>();
  const overall = new Float64Array(PUMP_CLASSES);
  for (let i = 0; i < labels.length; i++) {
    const key = groupKey(train, i);
    let c = groups.get(key);
    if (!c) groups.set(key, (c = new Float64Array(PUMP_CLASSES)));
    c[labels[i]!] = c[labels[i]!]! + 1;
    overall[labels[i]!] = overall[labels[i]!]! + 1;
  }
  return { groups, overall };
}

/**
 * The baseline's probabilities: add-one smoothed class counts of the row's (stop code, property
 * category) in the training slice (the overall counts for a pair never seen), so the log-loss is
 * finite; its most likely class is the pair's most frequent count.
 */
function baselineProbabilities(b: Baseline, data: Dataset): Float64Array {
  const out = new Float64Array(data.numRows * PUMP_CLASSES);
  for (let i = 0; i < data.numRows; i++) {
    const c = b.groups.get(groupKey(data, i)) ?? b.overall;
    const total = c.reduce((s, v) => s + v, 0) + PUMP_CLASSES;
    for (let k = 0; k < PUMP_CLASSES; k++) out[i * PUMP_CLASSES + k] = (c[k]! + 1) / total;
  }
  return out;
}

/** Log-loss and accuracy (argmax, first class on ties) with 95 % bootstrap intervals. */
export function scoreIntervals(
  probs: Float64Array,
  labels: Uint8Array,
  seed: number,
): { logLoss: Interval; accuracy: Interval } {
  const n = labels.length;
  const loss = new Float64Array(n);
  const hit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = probs.subarray(i * PUMP_CLASSES, (i + 1) * PUMP_CLASSES);
    loss[i] = -Math.log(Math.max(row[labels[i]!]!, Number.MIN_VALUE));
    let arg = 0;
    for (let k = 1; k < PUMP_CLASSES; k++) if (row[k]! > row[arg]!) arg = k;
    hit[i] = arg === labels[i] ? 1 : 0;
  }
  const mean = (v: Float64Array) => (rows: Uint32Array) => {
    let s = 0;
    for (const r of rows) s += v[r]!;
    return rows.length ? s / rows.length : NaN;
  };
  const opts = { resamples: BOOTSTRAP_RESAMPLES, seed };
  return { logLoss: bootstrapInterval(n, mean(loss), opts), accuracy: bootstrapInterval(n, mean(hit), opts) };
}

function pairedLogLossDifference(
  model: Float64Array,
  baseline: Float64Array,
  labels: Uint8Array,
  seed: number,
): Interval {
  const diff = Float64Array.from(labels, (c, i) => {
    const at = (p: Float64Array) => -Math.log(Math.max(p[i * PUMP_CLASSES + c]!, Number.MIN_VALUE));
    return at(model) - at(baseline);
  });
  return bootstrapInterval(
    labels.length,
    (rows) => {
      let s = 0;
      for (const r of rows) s += diff[r]!;
      return rows.length ? s / rows.length : NaN;
    },
    { resamples: BOOTSTRAP_RESAMPLES, seed },
  );
}

function classShares(labels: Uint8Array): number[] {
  const c = new Array<number>(PUMP_CLASSES).fill(0);
  for (const l of labels) c[l]!++;
  return c.map((v) => (labels.length ? v / labels.length : 0));
}
