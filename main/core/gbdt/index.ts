/**
 * Our LightGBM-style histogram GBDT: binning.ts (quantile bins on float32), histogram.ts (per-leaf
 * gradient histograms, subtraction), split.ts (best split with L2 and missing values), tree.ts (leaf-wise
 * growth), objectives.ts (L2, L1, quantile), boosting.ts (the loop), model.ts (prediction, JSON);
 * kernels.ts picks the two hot loops: WebAssembly SIMD (kernels-wasm.ts, written with wasm-assembler.ts) or
 * their plain JavaScript twin (kernels-js.ts).
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
export { trainMulticlass, type MulticlassParams, type MulticlassTrainOptions } from './multiclass.js';
export { MulticlassEnsemble, softmax32 } from './multiclass-model.js';
