/** Column-major features: `columns[f][row]`, float32, NaN = missing. */
export interface Dataset {
  numRows: number;
  numFeatures: number;
  columns: Float32Array[];
  featureNames: string[];
}

export type ObjectiveName = 'l2' | 'l1' | 'quantile';

export interface TrainParams {
  objective: ObjectiveName;
  /** Quantile level for `objective: 'quantile'` (e.g. 0.9 for a P90 model). */
  alpha?: number;
  numTrees: number;
  learningRate: number;
  numLeaves: number;
  minDataInLeaf: number;
  lambdaL2: number;
  /** Bins per feature for non-missing values, 2..255 (missing values get one more bin). */
  maxBins: number;
  featureFraction?: number;
  baggingFraction?: number;
  earlyStoppingRounds?: number;
  /** Every objective here has unit hessians, so this is a minimum row count unless set higher. */
  minSumHessianInLeaf?: number;
  seed: number;
}

export interface TrainProgress {
  /** Trees built so far (1-based). */
  tree: number;
  numTrees: number;
  trainLoss: number;
  validLoss?: number;
}

export interface TrainOptions {
  valid?: { data: Dataset; y: Float32Array };
  onProgress?: (p: TrainProgress) => void;
  /** Polled between trees; returning true aborts training with a `GbdtCancelledError`. */
  shouldStop?: () => boolean;
  /**
   * Forces the portable JavaScript histogram kernel instead of WebAssembly SIMD. Both give
   * bit-identical models; this exists for tests and for runtimes without wasm SIMD.
   */
  kernel?: 'auto' | 'js';
  /**
   * 1 or 2: with 2 (the default on a machine with 2+ cores) a helper thread builds half of each large
   * histogram and partition. The model is bit-identical either way.
   */
  threads?: number;
}

/** One regression tree; internal nodes are indexed from the root (0), leaves are referenced as `~leaf`. */
export interface Tree {
  splitFeature: Int32Array;
  /** float32 values: a row goes left iff `x <= threshold` (compared as float32). */
  threshold: Float32Array;
  /** 1 when a missing value (NaN) goes left. */
  defaultLeft: Uint8Array;
  /** Child references: `>= 0` is an internal node, `< 0` is leaf `~ref`. */
  left: Int32Array;
  right: Int32Array;
  /** Learning rate already applied; float32 like the ONNX leaf weights. */
  leafValue: Float32Array;
}

/** A trained ensemble (see model.ts for the prediction semantics it shares with the ONNX export). */
export interface GbdtModel {
  /** float32 constant every prediction starts from (the objective's optimal constant). */
  baseScore: number;
  trees: Tree[];
  numFeatures: number;
  featureNames: string[];
  /** Trees kept: the iteration with the best validation loss when early stopping ran, else all. */
  bestIteration: number;
  predict(columns: Float32Array[], numRows: number): Float64Array;
  predictRow(row: ArrayLike<number>): number;
  toJSON(): unknown;
}

export class GbdtCancelledError extends Error {
  constructor() {
    super('GBDT training was cancelled');
    this.name = 'GbdtCancelledError';
  }
}
