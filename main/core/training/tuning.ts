import type { Dataset, TrainOptions, TrainParams } from '../gbdt/index.js';
import { trainGbdt } from '../gbdt/index.js';
import { FEATURE_INDEX } from '../features/spec.js';
import { backboneSeconds } from '../model/backbone.js';
import { fitBackbone } from './backbone.js';

/**
 * Hyperparameters chosen by time-based cross-validation inside the training window (the train and
 * validation slices, oldest first), never on the calibration slice or the holdout. Each fold trains on
 * everything before a cut, stops early on the next block and is scored (MAE) on the block after it,
 * so every score is on calls newer than anything its model saw — the way the model will be used.
 */
export const TUNING_GRID: readonly Pick<TrainParams, 'numLeaves' | 'minDataInLeaf'>[] = [15, 31, 63].flatMap(
  (numLeaves) => [20, 40, 100].map((minDataInLeaf) => ({ numLeaves, minDataInLeaf })),
);
/** Where the folds' training rows end, as shares of the window; each is followed by two blocks. */
const FOLD_CUTS = [0.55, 0.7, 0.85] as const;
const BLOCK = 0.075;

export interface TuningResult {
  readonly chosen: Pick<TrainParams, 'numLeaves' | 'minDataInLeaf'>;
  /** Mean cross-validated MAE of every candidate, in grid order. */
  readonly candidates: { numLeaves: number; minDataInLeaf: number; mae: number }[];
}

function rowsOf(data: Dataset, from: number, to: number): Dataset {
  return {
    numRows: to - from,
    numFeatures: data.numFeatures,
    featureNames: data.featureNames,
    columns: data.columns.map((c) => c.subarray(from, to)),
  };
}

/** `data`/`y` are the training window's rows in time order. */
export function tuneParams(
  data: Dataset,
  y: Float32Array,
  base: TrainParams,
  options: Pick<TrainOptions, 'shouldStop' | 'threads'> = {},
): TuningResult {
  const n = data.numRows;
  const folds = FOLD_CUTS.map((cut) => {
    const a = Math.floor(cut * n);
    const b = Math.floor((cut + BLOCK) * n);
    const c = Math.min(n, Math.floor((cut + 2 * BLOCK) * n));
    const distance = data.columns[FEATURE_INDEX.distance_m]!;
    const backbone = fitBackbone(distance.subarray(0, a), y.subarray(0, a));
    const residual = Float32Array.from(y, (v, i) => v - backboneSeconds(backbone, distance[i]!));
    return {
      train: rowsOf(data, 0, a),
      trainY: residual.subarray(0, a),
      valid: { data: rowsOf(data, a, b), y: residual.subarray(a, b) },
      test: rowsOf(data, b, c),
      testY: residual.subarray(b, c),
    };
  });
  const candidates = TUNING_GRID.map((grid) => {
    let abs = 0;
    let count = 0;
    for (const fold of folds) {
      const model = trainGbdt(
        fold.train,
        fold.trainY,
        { ...base, ...grid },
        { valid: fold.valid, ...options },
      );
      const pred = model.predict(fold.test.columns, fold.test.numRows);
      for (let i = 0; i < pred.length; i++) abs += Math.abs(fold.testY[i]! - pred[i]!);
      count += pred.length;
    }
    return { ...grid, mae: count ? abs / count : NaN };
  });
  let best = candidates[0]!;
  for (const c of candidates) if (c.mae < best.mae) best = c;
  return { chosen: { numLeaves: best.numLeaves, minDataInLeaf: best.minDataInLeaf }, candidates };
}
