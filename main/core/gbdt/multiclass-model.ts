import { addTreePredictions, GbdtEnsemble, gbdtModelFromJSON, leafOfRow } from './model.js';
import type { Tree } from './types.js';

export const MULTICLASS_FORMAT = 'pump-eta-gbdt-multiclass';
export const MULTICLASS_FORMAT_VERSION = 1;

/**
 * A trained K-class softmax ensemble: `rounds[r][k]` is round r's tree for class k. Class k's raw
 * score is `baseScores[k]` plus its trees' float32 leaves; probabilities are the softmax of the K
 * raw scores. The ONNX export (onnx/multiclass.ts) computes the same: one TreeEnsembleRegressor with
 * K targets, then Softmax.
 */
export class MulticlassEnsemble {
  constructor(
    readonly baseScores: readonly number[],
    readonly rounds: readonly (readonly Tree[])[],
    readonly numFeatures: number,
    readonly featureNames: readonly string[],
  ) {}

  get numClasses(): number {
    return this.baseScores.length;
  }

  /** Raw scores by class for column-major inputs. */
  predictRaw(columns: Float32Array[], numRows: number): Float64Array[] {
    if (columns.length < this.numFeatures) {
      throw new RangeError(`model needs ${this.numFeatures} feature columns, got ${columns.length}`);
    }
    const raw = this.baseScores.map((b) => new Float64Array(numRows).fill(b));
    for (const round of this.rounds)
      round.forEach((tree, k) => addTreePredictions(tree, columns, numRows, raw[k]!));
    return raw;
  }

  /** Row-major [numRows × K] probabilities. */
  predictProba(columns: Float32Array[], numRows: number): Float64Array {
    const raw = this.predictRaw(columns, numRows);
    const out = new Float64Array(numRows * this.numClasses);
    const K = this.numClasses;
    const row = new Float64Array(K);
    for (let i = 0; i < numRows; i++) {
      for (let k = 0; k < K; k++) row[k] = raw[k]![i]!;
      softmax32(row).forEach((p, k) => (out[i * K + k] = p));
    }
    return out;
  }

  /**
   * One row's probabilities exactly as the ONNX graph computes them: inputs rounded to float32, raw
   * scores to float32 (onnxruntime sums leaves in float32), then a float32 softmax.
   */
  predictRowProba(row: ArrayLike<number>): Float32Array {
    const x = new Float32Array(this.numFeatures);
    for (let f = 0; f < this.numFeatures; f++) x[f] = row[f]!;
    const raw = Float64Array.from(this.baseScores);
    for (const round of this.rounds)
      round.forEach((tree, k) => (raw[k] = raw[k]! + tree.leafValue[leafOfRow(tree, x)]!));
    return softmax32(raw);
  }

  toJSON(): unknown {
    return {
      format: MULTICLASS_FORMAT,
      version: MULTICLASS_FORMAT_VERSION,
      baseScores: [...this.baseScores],
      numFeatures: this.numFeatures,
      featureNames: [...this.featureNames],
      // Each class's trees as a regression ensemble's JSON (same tree encoding and checks).
      classes: this.baseScores.map((b, k) =>
        new GbdtEnsemble(
          b,
          this.rounds.map((r) => r[k]!),
          this.numFeatures,
          [...this.featureNames],
          this.rounds.length,
          'l2',
        ).toJSON(),
      ),
    };
  }

  static fromJSON(json: unknown): MulticlassEnsemble {
    if (typeof json !== 'object' || json === null) throw new Error('multiclass model must be an object');
    const o = json as Record<string, unknown>;
    if (o.format !== MULTICLASS_FORMAT || o.version !== MULTICLASS_FORMAT_VERSION)
      throw new Error(`not a ${MULTICLASS_FORMAT} v${MULTICLASS_FORMAT_VERSION} model`);
    if (!Array.isArray(o.classes) || o.classes.length < 2) throw new Error('classes must be an array of 2+');
    const classes = o.classes.map((c) => gbdtModelFromJSON(c));
    const numRounds = classes[0]!.trees.length;
    if (classes.some((c) => c.trees.length !== numRounds)) throw new Error('classes differ in tree count');
    const rounds = Array.from({ length: numRounds }, (_, r) => classes.map((c) => c.trees[r]!));
    return new MulticlassEnsemble(
      classes.map((c) => c.baseScore),
      rounds,
      classes[0]!.numFeatures,
      classes[0]!.featureNames,
    );
  }
}

/** Softmax in float32 steps, as onnxruntime's float Softmax: exp(x − max) / Σ. */
export function softmax32(raw: ArrayLike<number>): Float32Array {
  const K = raw.length;
  const x = Float32Array.from(raw as ArrayLike<number>);
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, x[k]!);
  const out = new Float32Array(K);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    out[k] = Math.exp(Math.fround(x[k]! - max));
    sum = Math.fround(sum + out[k]!);
  }
  for (let k = 0; k < K; k++) out[k] = out[k]! / sum;
  return out;
}
