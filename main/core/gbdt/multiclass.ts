import { availableParallelism } from 'node:os';
import { Arena } from './arena.js';
import { binDataset } from './binning.js';
import { BOOSTING_STREAM, checkBoostingInputs, chooseFeatures } from './boosting-shared.js';
import { createKernels } from './kernels.js';
import { addTreePredictions } from './model.js';
import { MulticlassEnsemble } from './multiclass-model.js';
import { Helper, RowOps } from './parallel.js';
import { Prng } from '../util/prng.js';
import { toModelTree, TreeLearner, type GrownTree } from './tree.js';
import { GbdtCancelledError, type Dataset, type TrainOptions, type TrainParams, type Tree } from './types.js';

/**
 * Multiclass softmax boosting, LightGBM's formulation: K trees per round, tree k fitted to the
 * gradients of the softmax cross-entropy for class k, g = p_k − [y = k], with hessians
 * h = K/(K−1) · p_k (1 − p_k) (LightGBM's factor: it makes a K-class Newton step the size of a
 * two-class one). All K gradients of a round come from the same probabilities.
 *
 * Histograms here hold (Σ gradient, row count) — the hot loops carry no hessian — so a tree's
 * *structure* is the least-squares fit of the gradients (Friedman's multiclass gradient boosting, as in
 * scikit-learn's GradientBoostingClassifier), and each *leaf value* is the Newton step with the true
 * hessians, −Σg / (Σh + λ). The learner's histogram kernels stay as they are; the leaf values are
 * what makes the update a proper second-order step.
 */
export interface MulticlassParams extends Omit<TrainParams, 'objective' | 'alpha'> {
  readonly numClasses: number;
}

export interface MulticlassTrainOptions extends Omit<TrainOptions, 'valid'> {
  readonly valid?: { data: Dataset; labels: Uint8Array };
}

/** Row ids ride in the arena's float32 target slot, exact below 2^24. */
const MAX_ROWS = 2 ** 24;
/**
 * Cap on one leaf's Newton step (before shrinkage). A nearly pure leaf has a tiny hessian sum, and
 * an unbounded step there would push one class's raw score far past anything the data supports
 * (XGBoost's max_delta_step plays this role for its multiclass objective).
 */
export const MAX_LEAF_STEP = 4;

/**
 * Trains a K-class softmax model on integer labels 0..K−1. Early stopping (with `valid` and
 * `earlyStoppingRounds`) watches the validation log-loss and keeps the best round. Same data, params
 * and seed give the same model, bit for bit.
 */
export function trainMulticlass(
  data: Dataset,
  labels: Uint8Array,
  params: MulticlassParams,
  options: MulticlassTrainOptions = {},
): MulticlassEnsemble {
  checkInputs(data, labels, params, options);
  const n = data.numRows;
  const K = params.numClasses;
  const arena = new Arena({ numRows: n, numFeatures: data.numFeatures, numSlots: params.numLeaves });
  const kernels = createKernels(arena, options.kernel ?? 'auto');
  const threads = options.threads ?? Math.min(2, availableParallelism());
  const rows = new RowOps(arena, kernels, threads >= 2 ? Helper.start(arena, kernels) : null);
  try {
    const binned = binDataset(data, params.maxBins, params.seed);
    const ids = Float32Array.from({ length: n }, (_, i) => i);
    arena.load(binned.bins, ids, 0);
    binned.bins.length = 0;
    const features = binned.features;
    const baseScores = priorLogits(labels, K);
    const learner = new TreeLearner(arena, rows, features, {
      numLeaves: params.numLeaves,
      minDataInLeaf: params.minDataInLeaf,
      minSumHessianInLeaf: params.minSumHessianInLeaf ?? 0,
      lambdaL2: params.lambdaL2,
    });
    // Raw scores by class, in the rows' original order (row ids travel with the rows in the arena).
    const raw = Array.from({ length: K }, (_, k) => new Float64Array(n).fill(baseScores[k]!));
    const prob = new Float64Array(n * K);
    const valid = options.valid;
    const validRaw = valid
      ? Array.from({ length: K }, (_, k) => new Float64Array(valid.data.numRows).fill(baseScores[k]!))
      : null;
    const rng = new Prng((params.seed ^ BOOSTING_STREAM) >>> 0);
    const featuresPerTree =
      (params.featureFraction ?? 1) < 1
        ? Math.max(1, Math.round((params.featureFraction ?? 1) * data.numFeatures))
        : data.numFeatures;
    const featureMask = new Uint8Array(data.numFeatures);
    const allFeatures = Int32Array.from({ length: data.numFeatures }, (_, i) => i);
    const featureOrder = new Int32Array(data.numFeatures);
    const earlyStopping =
      valid && params.earlyStoppingRounds !== undefined ? params.earlyStoppingRounds : null;

    const rounds: Tree[][] = [];
    let bestLoss = Infinity;
    let bestRound = 0;
    for (let r = 0; r < params.numTrees; r++) {
      if (options.shouldStop?.()) throw new GbdtCancelledError();
      softmaxRows(raw, n, prob);
      const round: Tree[] = [];
      let anySplit = false;
      for (let k = 0; k < K; k++) {
        const home = arena.buffers[0];
        for (let j = 0; j < n; j++) {
          const id = home.y[j]!;
          home.grad[j] = softmaxGradient(prob[id * K + k]!, labels[id] === k);
        }
        chooseFeatures(rng, featuresPerTree, allFeatures, featureOrder, featureMask);
        const grown = learner.grow(n, featureMask, 0);
        if (grown.numInternal > 0) anySplit = true;
        const leafValue = newtonLeaves(grown, arena, prob, labels, k, K, params);
        const tree = toModelTree(grown, features, leafValue);
        round.push(tree);
        for (let l = 0; l < grown.numLeaves; l++) {
          const buffer = grown.leafBuffer[l] === 1 ? 1 : 0;
          const { y } = arena.buffers[buffer];
          const v = tree.leafValue[l]!;
          const begin = grown.leafBegin[l]!;
          const end = begin + grown.leafCount[l]!;
          const scores = raw[k]!;
          for (let i = begin; i < end; i++) scores[y[i]!] = scores[y[i]!]! + v;
          arena.bringHome(buffer, begin, end - begin);
        }
      }
      if (!anySplit) break; // no class has an admissible split left
      rounds.push(round);

      const trainLoss = logLossFromRaw(raw, labels);
      let validLoss: number | undefined;
      if (valid && validRaw) {
        round.forEach((tree, k) =>
          addTreePredictions(tree, valid.data.columns, valid.data.numRows, validRaw[k]!),
        );
        validLoss = logLossFromRaw(validRaw, valid.labels);
        if (validLoss < bestLoss) {
          bestLoss = validLoss;
          bestRound = rounds.length;
        }
      }
      options.onProgress?.({
        tree: rounds.length,
        numTrees: params.numTrees,
        trainLoss,
        ...(validLoss === undefined ? {} : { validLoss }),
      });
      if (earlyStopping !== null && rounds.length - bestRound >= earlyStopping) break;
    }
    const kept = earlyStopping !== null ? bestRound : rounds.length;
    return new MulticlassEnsemble(baseScores, rounds.slice(0, kept), data.numFeatures, [
      ...data.featureNames,
    ]);
  } finally {
    rows.close();
  }
}

/** Each leaf's Newton step for class k, capped, shrunk by the learning rate, as float32. */
function newtonLeaves(
  grown: GrownTree,
  arena: Arena,
  prob: Float64Array,
  labels: Uint8Array,
  k: number,
  K: number,
  params: MulticlassParams,
): Float32Array {
  const out = new Float32Array(grown.numLeaves);
  for (let l = 0; l < grown.numLeaves; l++) {
    const { y } = arena.buffers[grown.leafBuffer[l] === 1 ? 1 : 0];
    const begin = grown.leafBegin[l]!;
    const end = begin + grown.leafCount[l]!;
    let g = 0;
    let h = 0;
    for (let i = begin; i < end; i++) {
      const id = y[i]!;
      const p = prob[id * K + k]!;
      g += softmaxGradient(p, labels[id] === k);
      h += softmaxHessian(p, K);
    }
    const step = -g / (h + params.lambdaL2 + Number.EPSILON);
    out[l] = Math.max(-MAX_LEAF_STEP, Math.min(MAX_LEAF_STEP, step)) * params.learningRate;
  }
  return out;
}

/** d(−log p_y)/d(raw_k) at class probability p = p_k: p − [y = k]. */
export function softmaxGradient(p: number, isClass: boolean): number {
  return isClass ? p - 1 : p;
}

/** The diagonal second derivative p(1 − p), times LightGBM's K/(K−1). */
export function softmaxHessian(p: number, K: number): number {
  return (K / (K - 1)) * p * (1 - p);
}

/** log of each class's training share, add-one smoothed so an absent class has a finite score. */
export function priorLogits(labels: Uint8Array, K: number): number[] {
  const counts = new Float64Array(K);
  for (const c of labels) counts[c] = counts[c]! + 1;
  return Array.from(counts, (c) => Math.fround(Math.log((c + 1) / (labels.length + K))));
}

/** Row-major [n × K] softmax of per-class raw scores (max subtracted first, so exp never overflows). */
export function softmaxRows(raw: readonly Float64Array[], n: number, out: Float64Array): void {
  const K = raw.length;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[k]![i]!);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(raw[k]![i]! - max);
      out[i * K + k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) out[i * K + k] = out[i * K + k]! / sum;
  }
}

/** Mean softmax cross-entropy −log p_y, computed stably from raw scores. */
export function logLossFromRaw(raw: readonly Float64Array[], labels: Uint8Array): number {
  const K = raw.length;
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[k]![i]!);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp(raw[k]![i]! - max);
    s += Math.log(sum) + max - raw[labels[i]!]![i]!;
  }
  return labels.length > 0 ? s / labels.length : 0;
}

function checkInputs(
  data: Dataset,
  labels: Uint8Array,
  params: MulticlassParams,
  options: MulticlassTrainOptions,
): void {
  const fail = (msg: string): never => {
    throw new RangeError(`trainMulticlass: ${msg}`);
  };
  if (!Number.isInteger(params.numClasses) || params.numClasses < 2 || params.numClasses > 255)
    fail(`numClasses must be an integer in 2..255, got ${params.numClasses}`);
  if ((params.baggingFraction ?? 1) < 1) fail('row bagging is not supported for multiclass training');
  checkBoostingInputs(data, params, options.valid?.data, fail);
  if (data.numRows >= MAX_ROWS) fail(`at most ${MAX_ROWS - 1} rows, got ${data.numRows}`);
  if (labels.length !== data.numRows) fail(`${labels.length} labels for ${data.numRows} rows`);
  for (let i = 0; i < labels.length; i++)
    if (labels[i]! >= params.numClasses) fail(`label ${labels[i]} at row ${i} is not a class index`);
  const valid = options.valid;
  if (valid) {
    if (valid.labels.length !== valid.data.numRows) fail('validation labels length differs from its rows');
    for (const c of valid.labels) if (c >= params.numClasses) fail(`validation label ${c} is not a class`);
  }
}
