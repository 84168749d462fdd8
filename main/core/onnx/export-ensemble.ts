import type { GbdtModel, Tree } from '../gbdt/index.js';
import { AttributeType, type AttributeMessage, type NodeMessage } from './proto.js';

/**
 * Tree ensembles as ai.onnx.ml TreeEnsembleRegressor nodes: BRANCH_LEQ splits (x <= threshold goes to
 * the true branch, which is our left child), nodes_missing_value_tracks_true carrying each split's
 * default-left flag.
 */

/** Flattened node tuples of a TreeEnsembleRegressor, one entry per node. */
interface EnsembleArrays {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTracksTrue: number[];
  targetTreeIds: number[];
  targetNodeIds: number[];
  targetWeights: number[];
}

export function treeEnsembleNode(name: string, model: GbdtModel, input: string, output: string): NodeMessage {
  // An ensemble without trees is not a valid operator; a single zero leaf means the same thing.
  const trees: Tree[] = model.trees.length > 0 ? model.trees : [constantTree(0)];
  return ensembleNode(name, trees, new Array<number>(trees.length).fill(0), [model.baseScore], input, output);
}

/**
 * A TreeEnsembleRegressor with `baseValues.length` targets: tree t adds its leaf to target
 * `targetOf[t]` (a multiclass model's K raw scores come out of one node as [N, K]).
 */
export function ensembleNode(
  name: string,
  trees: readonly Tree[],
  targetOf: readonly number[],
  baseValues: readonly number[],
  input: string,
  output: string,
): NodeMessage {
  const a: EnsembleArrays = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    modes: [],
    values: [],
    trueIds: [],
    falseIds: [],
    missingTracksTrue: [],
    targetTreeIds: [],
    targetNodeIds: [],
    targetWeights: [],
  };
  const targetIds: number[] = [];
  trees.forEach((tree, t) => {
    const before = a.targetNodeIds.length;
    appendTree(a, tree, t);
    for (let k = before; k < a.targetNodeIds.length; k++) targetIds.push(targetOf[t]!);
  });
  const encoder = new TextEncoder();
  const attr = {
    ints: (n: string, ints: number[]): AttributeMessage => ({ name: n, type: AttributeType.INTS, ints }),
    floats: (n: string, floats: number[]): AttributeMessage => ({
      name: n,
      type: AttributeType.FLOATS,
      floats,
    }),
    int: (n: string, i: number): AttributeMessage => ({ name: n, type: AttributeType.INT, i }),
    string: (n: string, s: string): AttributeMessage => ({
      name: n,
      type: AttributeType.STRING,
      s: encoder.encode(s),
    }),
    strings: (n: string, ss: string[]): AttributeMessage => ({
      name: n,
      type: AttributeType.STRINGS,
      strings: ss.map((s) => encoder.encode(s)),
    }),
  };
  return {
    name,
    op_type: 'TreeEnsembleRegressor',
    domain: 'ai.onnx.ml',
    input: [input],
    output: [output],
    attribute: [
      attr.string('aggregate_function', 'SUM'),
      attr.floats(
        'base_values',
        baseValues.map((v) => Math.fround(v)),
      ),
      attr.int('n_targets', baseValues.length),
      attr.ints('nodes_falsenodeids', a.falseIds),
      attr.ints('nodes_featureids', a.featureIds),
      attr.ints('nodes_missing_value_tracks_true', a.missingTracksTrue),
      attr.strings('nodes_modes', a.modes),
      attr.ints('nodes_nodeids', a.nodeIds),
      attr.ints('nodes_treeids', a.treeIds),
      attr.ints('nodes_truenodeids', a.trueIds),
      attr.floats('nodes_values', a.values),
      attr.string('post_transform', 'NONE'),
      attr.ints('target_ids', targetIds),
      attr.ints('target_nodeids', a.targetNodeIds),
      attr.ints('target_treeids', a.targetTreeIds),
      attr.floats('target_weights', a.targetWeights),
    ],
  };
}

export function constantTree(value: number): Tree {
  return {
    splitFeature: new Int32Array(0),
    threshold: new Float32Array(0),
    defaultLeft: new Uint8Array(0),
    left: new Int32Array(0),
    right: new Int32Array(0),
    leafValue: Float32Array.of(value),
  };
}

/**
 * Appends one tree with node ids in depth-first pre-order (ONNX requires ids from 0, consecutive per
 * tree), emitted in id order. Our references: `>= 0` internal node, `< 0` leaf `~ref`.
 */
function appendTree(a: EnsembleArrays, tree: Tree, treeId: number): void {
  let nextId = 0;
  const emit = (
    mode: string,
    feature: number,
    value: number,
    t: number,
    f: number,
    missing: number,
  ): number => {
    const id = nextId++;
    a.treeIds.push(treeId);
    a.nodeIds.push(id);
    a.modes.push(mode);
    a.featureIds.push(feature);
    a.values.push(value);
    a.trueIds.push(t);
    a.falseIds.push(f);
    a.missingTracksTrue.push(missing);
    return id;
  };
  const visit = (ref: number): number => {
    if (ref < 0) {
      const id = emit('LEAF', 0, 0, 0, 0, 0);
      a.targetTreeIds.push(treeId);
      a.targetNodeIds.push(id);
      a.targetWeights.push(tree.leafValue[~ref]!);
      return id;
    }
    const id = emit(
      'BRANCH_LEQ',
      tree.splitFeature[ref]!,
      tree.threshold[ref]!,
      0,
      0,
      tree.defaultLeft[ref]!,
    );
    const at = a.nodeIds.length - 1;
    a.trueIds[at] = visit(tree.left[ref]!);
    a.falseIds[at] = visit(tree.right[ref]!);
    return id;
  };
  visit(tree.splitFeature.length === 0 ? ~0 : 0);
}
