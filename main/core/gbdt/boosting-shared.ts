import type { Prng } from '../util/prng.js';
import type { Dataset, TrainParams } from './types.js';

/** Separates the boosting loop's random stream from the one that samples rows for bin bounds. */
export const BOOSTING_STREAM = 0x9e3779b9;

/** Parameters every boosting objective shares (regression and multiclass). */
export type SharedParams = Pick<
  TrainParams,
  | 'numTrees'
  | 'numLeaves'
  | 'minDataInLeaf'
  | 'earlyStoppingRounds'
  | 'learningRate'
  | 'lambdaL2'
  | 'featureFraction'
  | 'baggingFraction'
>;

/**
 * The checks every learner makes before it starts: the data's shape, the shared parameters' ranges and
 * the validation data's shape. `fail` throws, naming the learner.
 */
export function checkBoostingInputs(
  data: Dataset,
  params: SharedParams,
  valid: Dataset | undefined,
  fail: (msg: string) => never,
): void {
  checkDataset(data, 'training data', fail);
  if (data.numRows < 1) fail('no training rows');
  const intAtLeast = (v: number, min: number, what: string): void => {
    if (!Number.isInteger(v) || v < min) fail(`${what} must be an integer >= ${min}, got ${v}`);
  };
  intAtLeast(params.numTrees, 0, 'numTrees');
  intAtLeast(params.numLeaves, 2, 'numLeaves');
  intAtLeast(params.minDataInLeaf, 1, 'minDataInLeaf');
  if (params.earlyStoppingRounds !== undefined)
    intAtLeast(params.earlyStoppingRounds, 1, 'earlyStoppingRounds');
  if (!(params.learningRate > 0)) fail(`learningRate must be > 0, got ${params.learningRate}`);
  if (!(params.lambdaL2 >= 0)) fail(`lambdaL2 must be >= 0, got ${params.lambdaL2}`);
  for (const key of ['featureFraction', 'baggingFraction'] as const) {
    const v = params[key];
    if (v !== undefined && !(v > 0 && v <= 1)) fail(`${key} must be in (0, 1], got ${v}`);
  }
  if (valid) {
    checkDataset(valid, 'validation data', fail);
    if (valid.numFeatures !== data.numFeatures) fail('validation data has a different feature count');
  }
}

function checkDataset(data: Dataset, what: string, fail: (msg: string) => never): void {
  if (data.columns.length !== data.numFeatures)
    fail(`${what}: ${data.columns.length} columns, ${data.numFeatures} features`);
  if (data.numFeatures < 1) fail(`${what}: no features`);
  for (const c of data.columns)
    if (c.length !== data.numRows) fail(`${what}: a column's length is not numRows`);
}

/**
 * Marks `k` of the candidate features chosen uniformly (partial Fisher-Yates); all of them when k is
 * their number. With every feature a candidate this draws exactly as it did before candidates existed.
 */
export function chooseFeatures(
  rng: Prng,
  k: number,
  candidates: Int32Array,
  order: Int32Array,
  mask: Uint8Array,
): void {
  const n = candidates.length;
  mask.fill(0);
  if (k >= n) {
    for (const f of candidates) mask[f] = 1;
    return;
  }
  order.set(candidates);
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(n - i);
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
    mask[order[i]!] = 1;
  }
}
