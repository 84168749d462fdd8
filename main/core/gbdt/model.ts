import type { GbdtModel, ObjectiveName, Tree } from './types.js';

export const MODEL_FORMAT = 'pump-eta-gbdt';
export const MODEL_FORMAT_VERSION = 1;

/**
 * The trained ensemble. Prediction follows exactly what the ONNX TreeEnsembleRegressor export does:
 * inputs are float32, a row goes left iff `x <= threshold` compared as float32, NaN follows
 * `defaultLeft`, and the prediction is `baseScore` plus the float32 leaf values of every tree (summed
 * here in float64; onnxruntime sums in float32, a difference of well under a millisecond).
 */
export class GbdtEnsemble implements GbdtModel {
  constructor(
    readonly baseScore: number,
    readonly trees: Tree[],
    readonly numFeatures: number,
    readonly featureNames: string[],
    /** Number of trees kept: the iteration with the best validation loss, or all trees built. */
    readonly bestIteration: number,
    readonly objective: ObjectiveName,
    readonly alpha?: number,
  ) {}

  /** Predictions for column-major inputs (`columns[f][row]`). */
  predict(columns: Float32Array[], numRows: number): Float64Array {
    if (columns.length < this.numFeatures) {
      throw new RangeError(`model needs ${this.numFeatures} feature columns, got ${columns.length}`);
    }
    const out = new Float64Array(numRows).fill(this.baseScore);
    for (const tree of this.trees) addTreePredictions(tree, columns, numRows, out);
    return out;
  }

  /** Prediction for one row; values are rounded to float32 first, as the ONNX input tensor does. */
  predictRow(row: ArrayLike<number>): number {
    if (row.length < this.numFeatures) {
      throw new RangeError(`model needs ${this.numFeatures} features, got ${row.length}`);
    }
    const x = new Float32Array(this.numFeatures);
    for (let f = 0; f < this.numFeatures; f++) x[f] = row[f]!;
    let sum = this.baseScore;
    for (const tree of this.trees) sum += tree.leafValue[leafOfRow(tree, x)]!;
    return sum;
  }

  toJSON(): GbdtModelJson {
    return {
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      objective: this.objective,
      ...(this.alpha === undefined ? {} : { alpha: this.alpha }),
      baseScore: this.baseScore,
      numFeatures: this.numFeatures,
      featureNames: [...this.featureNames],
      bestIteration: this.bestIteration,
      trees: this.trees.map((t) => ({
        splitFeature: Array.from(t.splitFeature),
        // JSON has no Infinity; the "all non-missing values go left" split needs it.
        threshold: Array.from(t.threshold, (v) => (v === Infinity ? 'Infinity' : v)),
        defaultLeft: Array.from(t.defaultLeft),
        left: Array.from(t.left),
        right: Array.from(t.right),
        leafValue: Array.from(t.leafValue),
      })),
    };
  }

  static fromJSON(json: unknown): GbdtEnsemble {
    const o = asRecord(json, 'model');
    if (o.format !== MODEL_FORMAT || o.version !== MODEL_FORMAT_VERSION) {
      throw new Error(`not a ${MODEL_FORMAT} v${MODEL_FORMAT_VERSION} model`);
    }
    const objective = o.objective;
    if (objective !== 'l2' && objective !== 'l1' && objective !== 'quantile') {
      throw new Error(`unknown objective ${String(objective)}`);
    }
    const numFeatures = asInt(o.numFeatures, 'numFeatures');
    const featureNames = asArray(o.featureNames, 'featureNames').map((n) => {
      if (typeof n !== 'string') throw new Error('featureNames must be strings');
      return n;
    });
    const trees = asArray(o.trees, 'trees').map((t, i) => parseTree(t, i, numFeatures));
    return new GbdtEnsemble(
      asNumber(o.baseScore, 'baseScore'),
      trees,
      numFeatures,
      featureNames,
      asInt(o.bestIteration, 'bestIteration'),
      objective,
      o.alpha === undefined ? undefined : asNumber(o.alpha, 'alpha'),
    );
  }
}

/** Restores a model written by `toJSON()` (after a JSON round trip); throws on malformed input. */
export function gbdtModelFromJSON(json: unknown): GbdtEnsemble {
  return GbdtEnsemble.fromJSON(json);
}

export interface GbdtModelJson {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_FORMAT_VERSION;
  objective: ObjectiveName;
  alpha?: number;
  baseScore: number;
  numFeatures: number;
  featureNames: string[];
  bestIteration: number;
  trees: {
    splitFeature: number[];
    threshold: (number | 'Infinity')[];
    defaultLeft: number[];
    left: number[];
    right: number[];
    leafValue: number[];
  }[];
}

/** The leaf a float32 row reaches. */
export function leafOfRow(tree: Tree, x: ArrayLike<number>): number {
  if (tree.splitFeature.length === 0) return 0;
  let node = 0;
  for (;;) {
    const v = x[tree.splitFeature[node]!]!;
    const goLeft = v <= tree.threshold[node]! || (v !== v && tree.defaultLeft[node] === 1);
    node = goLeft ? tree.left[node]! : tree.right[node]!;
    if (node < 0) return ~node;
  }
}

/** Adds one tree's output to `out` for column-major float32 inputs. */
export function addTreePredictions(
  tree: Tree,
  columns: Float32Array[],
  numRows: number,
  out: Float64Array,
): void {
  const { splitFeature, threshold, defaultLeft, left, right, leafValue } = tree;
  if (splitFeature.length === 0) {
    const v = leafValue[0]!;
    for (let i = 0; i < numRows; i++) out[i] = out[i]! + v;
    return;
  }
  for (let i = 0; i < numRows; i++) {
    let node = 0;
    do {
      const v = columns[splitFeature[node]!]![i]!;
      node = v <= threshold[node]! || (v !== v && defaultLeft[node] === 1) ? left[node]! : right[node]!;
    } while (node >= 0);
    out[i] = out[i]! + leafValue[~node]!;
  }
}

function parseTree(json: unknown, index: number, numFeatures: number): Tree {
  const where = `trees[${index}]`;
  const t = asRecord(json, where);
  const ints = (k: string): number[] => asArray(t[k], `${where}.${k}`).map((v) => asInt(v, `${where}.${k}`));
  const splitFeature = Int32Array.from(ints('splitFeature'));
  const defaultLeft = Uint8Array.from(ints('defaultLeft'));
  const left = Int32Array.from(ints('left'));
  const right = Int32Array.from(ints('right'));
  const threshold = Float32Array.from(
    asArray(t.threshold, `${where}.threshold`).map((v) =>
      v === 'Infinity' ? Infinity : asNumber(v, `${where}.threshold`),
    ),
  );
  const leafValue = Float32Array.from(
    asArray(t.leafValue, `${where}.leafValue`).map((v) => asNumber(v, `${where}.leafValue`)),
  );
  const n = splitFeature.length;
  if ([threshold, defaultLeft, left, right].some((a) => a.length !== n) || leafValue.length !== n + 1) {
    throw new Error(`${where}: inconsistent node arrays`);
  }
  // Children must point forward (node ids grow away from the root) so traversal always terminates.
  for (let k = 0; k < n; k++) {
    const f = splitFeature[k]!;
    if (f < 0 || f >= numFeatures) throw new Error(`${where}: feature ${f} out of range`);
    for (const c of [left[k]!, right[k]!]) {
      if (c >= 0 ? c <= k || c >= n : ~c > n) throw new Error(`${where}: bad child reference ${c}`);
    }
  }
  return { splitFeature, threshold, defaultLeft, left, right, leafValue };
}

function asRecord(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be an object`);
  return v as Record<string, unknown>;
}
function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${what} must be an array`);
  return v;
}
function asNumber(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what} must be a finite number`);
  return v;
}
function asInt(v: unknown, what: string): number {
  if (!Number.isInteger(v)) throw new Error(`${what} must be an integer`);
  return v as number;
}
