import { availableParallelism } from 'node:os';
import { Arena } from './arena.js';
import { binDataset, type FeatureBinning } from './binning.js';
import { BOOSTING_STREAM, checkBoostingInputs, chooseFeatures } from './boosting-shared.js';
import { createKernels } from './kernels.js';
import { addTreePredictions, GbdtEnsemble } from './model.js';
import { createObjective, quantileInPlace, type Objective } from './objectives.js';
import { Helper, RowOps } from './parallel.js';
import { Prng } from '../util/prng.js';
import { sampleMask } from './sampling.js';
import { leafOutput } from './split.js';
import { leafOfBinnedRow, toModelTree, TreeLearner } from './tree.js';
import {
  GbdtCancelledError,
  type Dataset,
  type GbdtModel,
  type TrainOptions,
  type TrainParams,
  type Tree,
} from './types.js';

export const DEFAULT_PARAMS: TrainParams = {
  objective: 'l2',
  numTrees: 500,
  learningRate: 0.05,
  numLeaves: 63,
  minDataInLeaf: 20,
  lambdaL2: 1,
  maxBins: 255,
  featureFraction: 1,
  baggingFraction: 1,
  earlyStoppingRounds: 50,
  seed: 42,
};

/**
 * Gradient boosting: starting from the objective's best constant, each tree fits the loss gradients
 * of the current scores, its leaves get the Newton step (L2) or the residual quantile (L1, quantile),
 * shrunk by the learning rate and rounded to float32 so the scores tracked here are exactly what the
 * exported model predicts. Same data, params and seed give the same model, bit for bit.
 */
export function trainGbdt(
  data: Dataset,
  y: Float32Array,
  params: TrainParams,
  options: TrainOptions = {},
): GbdtModel {
  checkInputs(data, y, params, options);
  const objective = createObjective(params);
  const arena = new Arena({
    numRows: data.numRows,
    numFeatures: data.numFeatures,
    numSlots: params.numLeaves,
  });
  const kernels = createKernels(arena, options.kernel ?? 'auto');
  // Started before binning, so the helper thread has booted by the time the first tree needs it.
  const threads = options.threads ?? Math.min(2, availableParallelism());
  const rows = new RowOps(arena, kernels, threads >= 2 ? Helper.start(arena, kernels) : null);
  try {
    const binned = binDataset(data, params.maxBins, params.seed);
    const baseScore = Math.fround(objective.initScore(y));
    arena.load(binned.bins, y, baseScore);
    binned.bins.length = 0; // the arena's row-major copy is all training needs from here
    return boost(data, y, params, options, { arena, rows, features: binned.features, objective, baseScore });
  } finally {
    rows.close();
  }
}

interface Setup {
  arena: Arena;
  rows: RowOps;
  features: FeatureBinning[];
  objective: Objective;
  baseScore: number;
}

function boost(
  data: Dataset,
  y: Float32Array,
  params: TrainParams,
  options: TrainOptions,
  { arena, rows, features, objective, baseScore }: Setup,
): GbdtModel {
  const n = data.numRows;
  const numFeatures = data.numFeatures;
  const lambda = params.lambdaL2;
  const lr = params.learningRate;
  const learner = new TreeLearner(arena, rows, features, {
    numLeaves: params.numLeaves,
    minDataInLeaf: params.minDataInLeaf,
    minSumHessianInLeaf: params.minSumHessianInLeaf ?? 0,
    lambdaL2: lambda,
  });

  const valid = options.valid;
  const validScore = valid ? new Float64Array(valid.data.numRows).fill(baseScore) : null;

  const rng = new Prng((params.seed ^ BOOSTING_STREAM) >>> 0);
  const baggingFraction = params.baggingFraction ?? 1;
  const bagSize = baggingFraction < 1 ? Math.max(1, Math.round(baggingFraction * n)) : n;
  const bagging = bagSize < n;
  // A column that cannot split (no value at all — the weather of a history no weather file covers —
  // or one value and no gaps) would only take a draw from the columns that can: the fraction is of those.
  const splittable = features.map((_, i) => i).filter((i) => canSplit(data.columns[i]!, features[i]!));
  const candidates = Int32Array.from(splittable.length > 0 ? splittable : features.map((_, i) => i));
  const featureFraction = params.featureFraction ?? 1;
  const featuresPerTree =
    featureFraction < 1 ? Math.max(1, Math.round(featureFraction * candidates.length)) : candidates.length;
  const featureMask = new Uint8Array(numFeatures);
  const featureOrder = new Int32Array(candidates.length);
  const residuals = objective.leafQuantile !== null ? new Float64Array(n) : null;
  const earlyStopping = valid && params.earlyStoppingRounds !== undefined ? params.earlyStoppingRounds : null;

  const trees: Tree[] = [];
  let bestLoss = Infinity;
  let bestIteration = 0;
  for (let t = 0; t < params.numTrees; t++) {
    if (options.shouldStop?.()) throw new GbdtCancelledError();
    // Between trees every row is home in buffer 0, in the working order the last tree left behind.
    const home = arena.buffers[0];
    objective.gradients(home.y, home.score, home.grad);

    // The tree sees the bagged rows only: they move to the front (into buffer 1), the rest after them.
    let rowCount = n;
    let rootBuffer: 0 | 1 = 0;
    if (bagging) {
      sampleMask(rng, n, bagSize, arena.mask);
      if (rows.partitionByMask(0, 0, n, bagSize) !== bagSize) throw new Error('internal: bagging mask count');
      rowCount = bagSize;
      rootBuffer = 1;
    }
    chooseFeatures(rng, featuresPerTree, candidates, featureOrder, featureMask);

    const grown = learner.grow(rowCount, featureMask, rootBuffer);
    if (grown.numInternal === 0) break; // no admissible split left: further trees would be constants

    const leafValue = new Float32Array(grown.numLeaves);
    for (let l = 0; l < grown.numLeaves; l++) {
      const begin = grown.leafBegin[l]!;
      const count = grown.leafCount[l]!;
      let v: number;
      if (residuals && objective.leafQuantile !== null) {
        const { y: ly, score: ls } = arena.buffers[grown.leafBuffer[l] === 1 ? 1 : 0];
        for (let i = 0; i < count; i++) residuals[i] = ly[begin + i]! - ls[begin + i]!;
        v = quantileInPlace(residuals, count, objective.leafQuantile);
      } else {
        v = leafOutput(grown.leafSumGrad[l]!, count, lambda);
      }
      leafValue[l] = v * lr;
    }
    const tree = toModelTree(grown, features, leafValue);
    trees.push(tree);

    for (let l = 0; l < grown.numLeaves; l++) {
      const buffer = grown.leafBuffer[l] === 1 ? 1 : 0;
      const { score } = arena.buffers[buffer];
      const v = tree.leafValue[l]!;
      const begin = grown.leafBegin[l]!;
      const end = begin + grown.leafCount[l]!;
      for (let i = begin; i < end; i++) score[i] = score[i]! + v;
      arena.bringHome(buffer, begin, end - begin);
    }
    if (rowCount < n) {
      const { bins, score } = arena.buffers[rootBuffer];
      for (let i = rowCount; i < n; i++) {
        score[i] = score[i]! + tree.leafValue[leafOfBinnedRow(grown, features, bins, i * arena.rowBytes)]!;
      }
      arena.bringHome(rootBuffer, rowCount, n - rowCount);
    }

    const trainLoss = objective.loss(home.y, home.score);
    let validLoss: number | undefined;
    if (valid && validScore) {
      addTreePredictions(tree, valid.data.columns, valid.data.numRows, validScore);
      validLoss = objective.loss(valid.y, validScore);
      if (validLoss < bestLoss) {
        bestLoss = validLoss;
        bestIteration = trees.length;
      }
    }
    options.onProgress?.({
      tree: trees.length,
      numTrees: params.numTrees,
      trainLoss,
      ...(validLoss === undefined ? {} : { validLoss }),
    });
    if (earlyStopping !== null && trees.length - bestIteration >= earlyStopping) break;
  }

  const kept = earlyStopping !== null ? bestIteration : trees.length;
  return new GbdtEnsemble(
    baseScore,
    trees.slice(0, kept),
    numFeatures,
    [...data.featureNames],
    kept,
    objective.name,
    objective.name === 'quantile' ? (objective.leafQuantile ?? undefined) : undefined,
  );
}

/** Two bins of values, or one bin and some missing values: a split can separate something. */
function canSplit(column: Float32Array, binning: FeatureBinning): boolean {
  if (binning.numBins >= 2) return true;
  let missing = false;
  let present = false;
  for (let i = 0; i < column.length && !(missing && present); i++) {
    const v = column[i]!;
    if (v !== v) missing = true;
    else present = true;
  }
  return missing && present;
}

function checkInputs(data: Dataset, y: Float32Array, params: TrainParams, options: TrainOptions): void {
  const fail = (msg: string): never => {
    throw new RangeError(`trainGbdt: ${msg}`);
  };
  checkBoostingInputs(data, params, options.valid?.data, fail);
  if (y.length !== data.numRows) fail(`y has ${y.length} values for ${data.numRows} rows`);
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i]!)) fail(`y[${i}] is not a finite number`);
  if (options.valid && options.valid.y.length !== options.valid.data.numRows)
    fail('validation y length differs from its rows');
}
