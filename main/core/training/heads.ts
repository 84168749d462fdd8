import { TARGET_SECONDS } from '../../../contract/index.js';
import { conformalOffset } from '../evaluation/conformal.js';
import { fitLogistic } from '../evaluation/logistic.js';
import { chooseRiskThreshold, EVENT_MARGIN_SECONDS, isLate } from '../evaluation/risk.js';
import { FEATURE_INDEX } from '../features/spec.js';
import {
  trainGbdt,
  type Dataset,
  type GbdtModel,
  type TrainOptions,
  type TrainParams,
} from '../gbdt/index.js';
import { evaluateHeads, type HeadParams } from '../model/heads.js';
import { backboneSeconds, type Backbone } from '../model/backbone.js';

/** Coverage the calibrated upper bound aims for: the dispatcher's "P90". */
const P90_COVERAGE = 0.9;
/** Time-ordered folds of the training slice for the out-of-fold late labels. */
export const LATE_FOLDS = 4;
/** Below this p90 − eta the within-target ratio would divide by (almost) nothing. */
const MIN_SPREAD_SECONDS = 10;
/** Pseudo-rows pulling a station's within-target share towards the overall share. */
const STATION_SHARE_PRIOR_ROWS = 20;

/**
 * The late model estimates a probability by least squares on a 0/1 label (the L2 objective's
 * conditional mean is the probability); larger leaves than the estimate's, because the event is rare
 * and a leaf of 40 rows holds only four late arrivals.
 */
export function lateParams(seed: number, overrides: Partial<TrainParams> = {}): TrainParams {
  return {
    objective: 'l2',
    numTrees: overrides.numTrees ?? 300,
    learningRate: 0.03,
    numLeaves: 15,
    minDataInLeaf: 200,
    lambdaL2: 10,
    maxBins: 255,
    // No subsampling: the flag's firing rate should not depend on the seed more than it must.
    featureFraction: 1,
    baggingFraction: 1,
    earlyStoppingRounds: 40,
    seed: seed + 2,
  };
}

function gatherRows(data: Dataset, rows: Uint32Array): Dataset {
  return {
    numRows: rows.length,
    numFeatures: data.numFeatures,
    featureNames: data.featureNames,
    columns: data.columns.map((col) => Float32Array.from(rows, (i) => col[i]!)),
  };
}

/**
 * 1 where a training row's vehicle arrived more than 120 s after what a model trained without that
 * row estimated. The training slice is cut into LATE_FOLDS consecutive time blocks; each block is
 * estimated by a point model fitted on the others (same parameters, no subsampling). The validation
 * slice's labels (for the late model's early stopping) come from the same models' mean estimate, so
 * neither depends on the training seed.
 */
export function lateLabelsOutOfFold(
  data: Dataset,
  residual: Float32Array,
  params: TrainParams,
  valid: { data: Dataset; y: Float32Array },
  options: Pick<TrainOptions, 'shouldStop' | 'threads'> & { onFold?: (done: number) => void },
): { train: Float32Array; valid: Float32Array } {
  const n = data.numRows;
  const labels = new Float32Array(n);
  const validEstimate = new Float64Array(valid.data.numRows);
  let models = 0;
  for (let k = 0; k < LATE_FOLDS; k++) {
    const from = Math.floor((k * n) / LATE_FOLDS);
    const to = Math.floor(((k + 1) * n) / LATE_FOLDS);
    if (to <= from) continue;
    const inside = Uint32Array.from({ length: n - (to - from) }, (_, j) => (j < from ? j : j + to - from));
    const held = Uint32Array.from({ length: to - from }, (_, j) => from + j);
    const model = trainGbdt(
      gatherRows(data, inside),
      Float32Array.from(inside, (i) => residual[i]!),
      // Without subsampling the labels do not depend on the seed, and neither does the flag's rate.
      { ...params, featureFraction: 1, baggingFraction: 1, seed: params.seed + 100 + k },
      {
        valid,
        ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
      },
    );
    const v = model.predict(valid.data.columns, valid.data.numRows);
    for (let j = 0; j < v.length; j++) validEstimate[j] = validEstimate[j]! + v[j]!;
    models++;
    const heldData = gatherRows(data, held);
    const estimate = model.predict(heldData.columns, heldData.numRows);
    for (let j = 0; j < held.length; j++) {
      labels[held[j]!] = residual[held[j]!]! > estimate[j]! + EVENT_MARGIN_SECONDS ? 1 : 0;
    }
    options.onFold?.(k + 1);
  }
  const validLabels = Float32Array.from(valid.y, (r, j) =>
    r > validEstimate[j]! / Math.max(1, models) + EVENT_MARGIN_SECONDS ? 1 : 0,
  );
  return { train: labels, valid: validLabels };
}

export interface HeadModels {
  readonly point: GbdtModel;
  readonly upper: GbdtModel;
  readonly late: GbdtModel;
}

export interface HeadScores {
  readonly eta: Float64Array;
  readonly p90: Float64Array;
  readonly withinTarget: Float64Array;
  readonly late: Float64Array;
}

/** What the model file's graph answers for these rows, computed in JavaScript. */
export function scoreHeads(models: HeadModels, heads: HeadParams, data: Dataset): HeadScores {
  const n = data.numRows;
  const point = models.point.predict(data.columns, n);
  const upper = models.upper.predict(data.columns, n);
  const late = models.late.predict(data.columns, n);
  const distance = data.columns[heads.distanceFeature]!;
  const out: HeadScores = {
    eta: new Float64Array(n),
    p90: new Float64Array(n),
    withinTarget: new Float64Array(n),
    late: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const o = evaluateHeads(heads, distance[i]!, point[i]!, upper[i]!, late[i]!);
    out.eta[i] = o.eta;
    out.p90[i] = o.p90;
    out.withinTarget[i] = o.withinTarget;
    out.late[i] = o.late;
  }
  return out;
}

/**
 * Everything fitted on the calibration slice (rows no ensemble trained on): the conformal P90 offset,
 * the within-target logistic calibration, the late model's logistic calibration and the flag's
 * threshold. Also the baseline the within-target probability is judged against: each station's share
 * of training calls within the target.
 */
export function fitHeads(
  models: HeadModels,
  backbone: Backbone,
  cal: { data: Dataset; y: Float32Array },
  trainY: Float32Array,
  trainStation: readonly string[],
): {
  heads: HeadParams;
  risk: { eventMarginSeconds: number; threshold: number; targetPrecision: number };
  stationWithinShare: (station: string) => number;
} {
  const n = cal.data.numRows;
  const distance = cal.data.columns[FEATURE_INDEX.distance_m]!;
  const upperRaw = models.upper.predict(cal.data.columns, n);
  const lateRaw = models.late.predict(cal.data.columns, n);
  const upper = Float64Array.from(upperRaw, (u, i) =>
    Math.fround(backboneSeconds(backbone, distance[i]!) + Math.fround(u)),
  );
  const p90Offset = Math.fround(conformalOffset(cal.y, upper, P90_COVERAGE));
  const neutral: HeadParams = {
    distanceFeature: FEATURE_INDEX.distance_m,
    backbone,
    p90Offset,
    withinTarget: {
      targetSeconds: TARGET_SECONDS,
      minSpreadSeconds: MIN_SPREAD_SECONDS,
      intercept: 0,
      perSecond: 0,
      perSpread: 0,
    },
    late: { intercept: 0, slope: 0 },
  };
  const first = scoreHeads(models, neutral, cal.data);
  const margin = (i: number) => Math.fround(TARGET_SECONDS - first.eta[i]!);
  const within = fitLogistic(
    Array.from({ length: n }, (_, i) => [
      margin(i),
      Math.fround(margin(i) / Math.max(Math.fround(first.p90[i]! - first.eta[i]!), MIN_SPREAD_SECONDS)),
    ]),
    Float64Array.from(cal.y, (y) => (y <= TARGET_SECONDS ? 1 : 0)),
  );
  const lateFit = fitLogistic(
    Array.from(lateRaw, (s) => [Math.fround(s)]),
    Float64Array.from(cal.y, (y, i) => (isLate(y, first.eta[i]!) ? 1 : 0)),
  );
  const heads: HeadParams = {
    ...neutral,
    withinTarget: {
      ...neutral.withinTarget,
      intercept: Math.fround(within[0]!),
      perSecond: Math.fround(within[1]!),
      perSpread: Math.fround(within[2]!),
    },
    late: { intercept: Math.fround(lateFit[0]!), slope: Math.fround(lateFit[1]!) },
  };
  const scored = scoreHeads(models, heads, cal.data);
  const { threshold, targetPrecision } = chooseRiskThreshold(scored.late, cal.y, scored.eta);
  return {
    heads,
    risk: { eventMarginSeconds: EVENT_MARGIN_SECONDS, threshold, targetPrecision },
    stationWithinShare: stationShares(trainStation, trainY),
  };
}

function stationShares(station: readonly string[], y: Float32Array): (station: string) => number {
  const acc = new Map<string, { n: number; within: number }>();
  let within = 0;
  for (let i = 0; i < station.length; i++) {
    const a = acc.get(station[i]!) ?? { n: 0, within: 0 };
    a.n++;
    if (y[i]! <= TARGET_SECONDS) {
      a.within++;
      within++;
    }
    acc.set(station[i]!, a);
  }
  const overall = station.length ? within / station.length : 0.5;
  return (s) => {
    const a = acc.get(s);
    const n = a?.n ?? 0;
    return ((a?.within ?? 0) + STATION_SHARE_PRIOR_ROWS * overall) / (n + STATION_SHARE_PRIOR_ROWS);
  };
}
