/**
 * Our LightGBM-style histogram GBDT: binning.ts (quantile bins on float32), histogram.ts (per-leaf
 * gradient histograms, subtraction), split.ts (best split with L2 and missing values), tree.ts (leaf-wise
 * growth), objectives.ts (L2, L1, quantile), boosting.ts (the loop), model.ts (prediction, JSON);
 * kernels.ts holds the two hot loops in WebAssembly SIMD with a plain JavaScript twin.
 */
export type {
  Dataset,
  GbdtModel,
  ObjectiveName,
  TrainOptions,
  TrainParams,
  TrainProgress,
  Tree,
} from './types.js';
export { GbdtCancelledError } from './types.js';
export { DEFAULT_PARAMS, trainGbdt } from './boosting.js';
export { GbdtEnsemble, gbdtModelFromJSON, type GbdtModelJson } from './model.js';
