import type { Db } from '../db/index.js';
import { loadSchoolHolidays, type SchoolHolidayRange } from '../calendar/schoolHolidays.js';
import {
  computeMetrics,
  perStationMetrics,
  type Metrics,
  type StationMetrics,
} from '../evaluation/metrics.js';
import { flagQuality, legacyRiskStations, type FlagQuality, type RiskConfig } from '../evaluation/risk.js';
import { buildFeatureColumns } from '../features/build.js';
import { fitFeatureSpec } from '../features/fit.js';
import { FEATURE_INDEX, FEATURE_NAMES, type FeatureSpec } from '../features/spec.js';
import { DEFAULT_PARAMS, trainGbdt, type Dataset, type GbdtModel, type TrainParams } from '../gbdt/index.js';
import { encodeMetadata, type ModelMetadata } from '../model/format.js';
import { exportEtaModel } from '../onnx/index.js';
import { loadTrainingRows, type DatasetReport, type TrainingRows } from './dataset.js';
import { backboneSeconds } from '../model/backbone.js';
import { fitBackbone } from './backbone.js';
import { buildGazetteer, modelGazetteer } from '../places/gazetteer.js';
import {
  fitHeads,
  LATE_FOLDS,
  lateLabelsOutOfFold,
  lateParams,
  scoreHeads,
  type HeadScores,
} from './heads.js';
import { evaluateProbabilities, type ProbabilityReport } from './probabilities.js';
import { loadPumpCounts, pumpsParams, trainPumps, type PumpsReport } from './pumps.js';
import { missingCodes } from './pumps-masking.js';
import { tuneParams, type TuningResult } from './tuning.js';
import { weatherCoverage } from './weather-coverage.js';
import { DEFAULT_FRACTIONS, splitByTime, type SplitFractions, type TimeSplit } from './split.js';

/** Coverage the calibrated upper bound aims for: the dispatcher's "P90". */
export const P90_COVERAGE = 0.9;

export type TrainingPhase =
  | 'loading'
  | 'features'
  | 'point'
  | 'upper'
  | 'refit'
  | 'folds'
  | 'late'
  | 'pumps'
  | 'calibrating'
  | 'evaluating'
  | 'exporting';

export interface TrainingProgress {
  readonly phase: TrainingPhase;
  /** Rows read while loading, trees built while training, out-of-fold models done in `folds`. */
  readonly done: number;
  readonly total: number;
  readonly validLoss?: number;
}

export interface TrainingOptions {
  readonly seed?: number;
  readonly params?: Partial<TrainParams>;
  readonly fractions?: SplitFractions;
  readonly schoolHolidays?: readonly SchoolHolidayRange[];
  readonly demo?: boolean;
  readonly onProgress?: (p: TrainingProgress) => void;
  readonly shouldStop?: () => boolean;
  /**
   * Threads for the learner (default: up to 2). The app trains on 1 so that a dispatcher's answers
   * keep a core to themselves; the CLI and benchmarks use both.
   */
  readonly threads?: number;
  /**
   * Choose the point and upper models' leaf count and minimum leaf size by time-based
   * cross-validation inside the training window first (tuning.ts); otherwise the defaults, which that
   * cross-validation chose on the 2023 sample.
   */
  readonly tune?: boolean;
  /**
   * Recorded pump counts by incident number (NumPumpsAttending): with them the model file also
   * carries the pumps-needed classifier (training/pumps.ts). trainFromDatabase reads them.
   */
  readonly pumpCounts?: ReadonlyMap<string, number>;
}

export interface HoldoutReport {
  readonly metrics: Metrics;
  readonly stations: StationMetrics[];
  /** Our flag vs the original rule, for the event "actual > estimate + 120 s". */
  readonly riskFlag: FlagQuality;
  readonly legacyFlag: FlagQuality;
  /** Brier scores, reliability tables and the late model's precision–recall curve. */
  readonly probabilities: ProbabilityReport;
}

export interface TrainingResult {
  readonly bytes: Uint8Array;
  readonly metadata: ModelMetadata;
  readonly holdout: HoldoutReport;
  readonly dataset: DatasetReport;
  readonly rows: { train: number; validation: number; calibration: number; holdout: number };
  readonly params: { point: TrainParams; upper: TrainParams; late: TrainParams };
  readonly trees: { point: number; upper: number; late: number };
  /** Present when the options asked for tuning. */
  readonly tuning?: TuningResult;
  /** Present when enough incidents had a pump count to train the pumps model. */
  readonly pumps?: PumpsReport;
}

/**
 * The defaults for LFB data: MAE is the promotion metric, so the point model is fitted under L1.
 * Five settings tried on the 2023 sample all landed within 0.6 s of MAE of each other; 31 leaves with
 * feature and row subsampling is the middle of that range and trains fastest at LFB volumes.
 */
export function pointParams(seed: number, overrides: Partial<TrainParams> = {}): TrainParams {
  return {
    ...DEFAULT_PARAMS,
    objective: 'l1',
    numTrees: 500,
    learningRate: 0.05,
    numLeaves: 31,
    minDataInLeaf: 40,
    lambdaL2: 1,
    maxBins: 255,
    featureFraction: 0.7,
    baggingFraction: 0.8,
    earlyStoppingRounds: 40,
    ...overrides,
    seed,
  };
}

export function upperParams(seed: number, overrides: Partial<TrainParams> = {}): TrainParams {
  return { ...pointParams(seed, overrides), objective: 'quantile', alpha: P90_COVERAGE, seed: seed + 1 };
}

/** Rows of a column-major matrix, gathered in the given order. */
export function gatherColumns(columns: readonly Float32Array[], rows: Uint32Array): Float32Array[] {
  return columns.map((col) => {
    const out = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]!]!;
    return out;
  });
}

function gather(values: ArrayLike<number>, rows: Uint32Array): Float32Array {
  const out = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function dataset(columns: Float32Array[], numRows: number): Dataset {
  return { numRows, numFeatures: columns.length, columns, featureNames: [...FEATURE_NAMES] };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Trains a candidate from the history database: time-based split, vocabularies fitted on the older
 * rows only, point (L1) and upper (quantile 0.9) models with early stopping on the validation slice,
 * a split-conformal offset and the risk thresholds on the calibration slice, metrics on the newest
 * slice, and one self-contained ONNX file.
 */
export function trainFromDatabase(db: Db, options: TrainingOptions = {}): TrainingResult {
  const report = options.onProgress ?? (() => {});
  report({ phase: 'loading', done: 0, total: 0 });
  const rows = loadTrainingRows(db, { onProgress: (n) => report({ phase: 'loading', done: n, total: 0 }) });
  // The model carries districts and wards only: full postcodes stay in the history (see Gazetteer).
  return trainFromRows(rows, buildGazetteer(db, { fullPostcodes: false }), {
    pumpCounts: loadPumpCounts(db),
    ...options,
  });
}

export function trainFromRows(
  rows: TrainingRows,
  gazetteer: ModelMetadata['gazetteer'],
  options: TrainingOptions = {},
): TrainingResult {
  const seed = options.seed ?? 42;
  const report = options.onProgress ?? (() => {});
  const split = splitByTime(rows.callAt, options.fractions ?? DEFAULT_FRACTIONS);

  report({ phase: 'features', done: 0, total: rows.target.length });
  const fitRows = new Uint8Array(rows.target.length);
  for (const i of split.train) fitRows[i] = 1;
  for (const i of split.validation) fitRows[i] = 1;
  const spec: FeatureSpec = fitFeatureSpec(rows.inputs, rows.target, {
    stations: rows.stations,
    schoolHolidays: options.schoolHolidays ?? loadSchoolHolidays(),
    include: (i) => fitRows[i] === 1,
  });
  const columns = buildFeatureColumns(spec, rows.inputs);
  const slice = (idx: Uint32Array) => ({
    data: dataset(gatherColumns(columns, idx), idx.length),
    y: gather(rows.target, idx),
  });
  const train = slice(split.train);
  const valid = slice(split.validation);
  const cal = slice(split.calibration);
  const hold = slice(split.holdout);

  // The physical backbone, fitted on the training slice; every ensemble learns a correction to it.
  const distance = (d: { data: Dataset }) => d.data.columns[FEATURE_INDEX.distance_m]!;
  const backbone = fitBackbone(distance(train), train.y);
  const residual = (d: { data: Dataset; y: Float32Array }) =>
    Float32Array.from(d.y, (y, i) => y - backboneSeconds(backbone, distance(d)[i]!));
  const trainR = residual(train);
  const validR = { data: valid.data, y: residual(valid) };

  const control = {
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
  };
  let overrides: Partial<TrainParams> = options.params ?? {};
  let tuning: TuningResult | undefined;
  if (options.tune) {
    const window = slice(Uint32Array.from([...split.train, ...split.validation]));
    tuning = tuneParams(window.data, window.y, pointParams(seed, overrides), control);
    overrides = { ...overrides, ...tuning.chosen };
  }
  const point = pointParams(seed, overrides);
  const upper = upperParams(seed, overrides);
  const late = lateParams(seed, overrides);
  const progress = (phase: 'point' | 'upper' | 'late' | 'pumps') => ({
    onProgress: (p: { tree: number; numTrees: number; validLoss?: number }) =>
      report({
        phase,
        done: p.tree,
        total: p.numTrees,
        ...(p.validLoss !== undefined ? { validLoss: p.validLoss } : {}),
      }),
    ...control,
  });
  const fit = (phase: 'point' | 'upper', params: TrainParams): GbdtModel =>
    trainGbdt(train.data, trainR, params, { valid: validR, ...progress(phase) });
  const pointFirst = fit('point', point);
  const upperFirst = fit('upper', upper);
  // Early stopping found how many trees generalise; refit with that many on the training and
  // validation slices together, so the models also learn from the newest calls before calibration.
  const both = slice(Uint32Array.from([...split.train, ...split.validation]));
  const bothR = residual(both);
  const treesOf = (m: GbdtModel) => Math.max(1, m.trees.length);
  const refitTotal = treesOf(pointFirst) + treesOf(upperFirst);
  const refit = (params: TrainParams, first: GbdtModel, before: number): GbdtModel =>
    trainGbdt(
      both.data,
      bothR,
      { ...params, numTrees: treesOf(first), earlyStoppingRounds: undefined },
      {
        onProgress: (p) => report({ phase: 'refit', done: before + p.tree, total: refitTotal }),
        ...control,
      },
    );
  const pointModel = refit(point, pointFirst, 0);
  const upperModel = refit(upper, upperFirst, treesOf(pointFirst));

  // The late event on rows the estimating model never saw: out-of-fold on the training slice.
  report({ phase: 'folds', done: 0, total: LATE_FOLDS });
  const lateLabels = lateLabelsOutOfFold(train.data, trainR, point, validR, {
    ...control,
    onFold: (done) => report({ phase: 'folds', done, total: LATE_FOLDS }),
  });
  const lateModel = trainGbdt(train.data, lateLabels.train, late, {
    valid: { data: valid.data, y: lateLabels.valid },
    ...progress('late'),
  });

  const pumps = options.pumpCounts
    ? trainPumps(
        {
          columns,
          incidentNumber: rows.incidentNumber,
          counts: options.pumpCounts,
          split,
          missing: missingCodes(spec),
        },
        seed,
        {
          ...control,
          ...progress('pumps'),
        },
      )
    : null;

  report({ phase: 'calibrating', done: 0, total: cal.data.numRows });
  const models = { point: pointModel, upper: upperModel, late: lateModel };
  const fitted = fitHeads(models, backbone, cal, train.y, trainStations(rows.stationCode, split.train));
  const calScores = scoreHeads(models, fitted.heads, cal.data);
  const risk: RiskConfig = {
    ...fitted.risk,
    calibration: flagQuality(
      Array.from(calScores.late, (p) => p >= fitted.risk.threshold),
      cal.y,
      calScores.eta,
    ),
    legacyStations: legacyRiskStations(trainStations(rows.stationCode, split.train), train.y),
  };

  report({ phase: 'evaluating', done: 0, total: hold.data.numRows });
  const stationsOf = (idx: Uint32Array) => Array.from(idx, (i) => rows.stationCode[i]!);
  const holdScores = scoreHeads(models, fitted.heads, hold.data);
  const holdout = evaluateHoldout(
    risk,
    stationsOf(split.holdout),
    hold.y,
    holdScores,
    fitted.stationWithinShare,
  );

  report({ phase: 'exporting', done: 0, total: 1 });
  const metadata: ModelMetadata = {
    featureSpec: spec,
    risk,
    metrics: {
      ...holdout.metrics,
      riskFlag: holdout.riskFlag,
      legacyFlag: holdout.legacyFlag,
      probabilities: holdout.probabilities,
      ...(pumps ? { pumps: pumps.report } : {}),
    },
    window: timeWindow(rows.callAt, split),
    calibration: {
      coverageTarget: P90_COVERAGE,
      p90Offset: fitted.heads.p90Offset,
      calibrationRows: cal.data.numRows,
      distanceP99Metres: quantile(distance(train), EXPERIENCE_QUANTILE),
    },
    heads: fitted.heads,
    demo: options.demo ?? false,
    params: {
      point,
      upper,
      late,
      ...(pumps ? { pumps: pumpsParams(seed) } : {}),
      fractions: options.fractions ?? DEFAULT_FRACTIONS,
    },
    dataset: { ...rows.report },
    gazetteer: modelGazetteer(gazetteer),
    // The rows every ensemble was finally fitted on; an answer's weather line is read against this.
    weatherCoverage: weatherCoverage(
      columns,
      [split.train, split.validation],
      [
        ...pointModel.trees,
        ...upperModel.trees,
        ...lateModel.trees,
        ...(pumps ? pumps.model.rounds.flat() : []),
      ],
    ),
  };
  const bytes = exportEtaModel({
    ...models,
    heads: fitted.heads,
    featureNames: [...FEATURE_NAMES],
    metadata: encodeMetadata(metadata),
    ...(pumps ? { pumps: { model: pumps.model, head: pumps.head } } : {}),
  });
  return {
    bytes,
    metadata,
    holdout,
    dataset: rows.report,
    rows: {
      train: split.train.length,
      validation: split.validation.length,
      calibration: split.calibration.length,
      holdout: split.holdout.length,
    },
    params: { point, upper, late },
    trees: { point: pointModel.trees.length, upper: upperModel.trees.length, late: lateModel.trees.length },
    ...(tuning ? { tuning } : {}),
    ...(pumps ? { pumps: pumps.report } : {}),
  };
}

/** Beyond this quantile of the training distances, an answer says it is outside the model's experience. */
export const EXPERIENCE_QUANTILE = 0.99;

function quantile(values: Float32Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]! : NaN;
}

function trainStations(codes: readonly string[], idx: Uint32Array): string[] {
  return Array.from(idx, (i) => codes[i]!);
}

function timeWindow(callAt: Float64Array, split: TimeSplit): ModelMetadata['window'] {
  const last = (idx: Uint32Array) => callAt[idx[idx.length - 1]!]!;
  const trainEnd = split.calibration.length ? last(split.calibration) : last(split.train);
  return {
    trainFrom: iso(split.trainFrom),
    trainTo: iso(trainEnd),
    holdoutFrom: iso(split.holdoutFrom),
    holdoutTo: iso(last(split.holdout)),
  };
}

/** Holdout metrics, per-station errors, our flag's quality next to the original rule's, probabilities. */
export function evaluateHoldout(
  risk: RiskConfig,
  stations: readonly string[],
  actual: ArrayLike<number>,
  scores: HeadScores,
  stationWithinShare: (station: string) => number,
): HoldoutReport {
  const legacy = new Set(risk.legacyStations);
  return {
    metrics: computeMetrics(actual, scores.eta, scores.p90),
    stations: perStationMetrics(stations, actual, scores.eta),
    riskFlag: flagQuality(
      Array.from(scores.late, (p) => p >= risk.threshold),
      actual,
      scores.eta,
    ),
    legacyFlag: flagQuality(
      stations.map((s) => legacy.has(s)),
      actual,
      scores.eta,
    ),
    probabilities: evaluateProbabilities(actual, scores, stations.map(stationWithinShare)),
  };
}
