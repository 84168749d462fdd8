import type { GbdtModel, Tree } from '../gbdt/index.js';
import {
  AttributeType,
  encodeModel,
  TensorDataType,
  type AttributeMessage,
  type ModelMessage,
  type NodeMessage,
  type ValueInfoMessage,
} from './proto.js';

/** IR 8 / opset 17 load in every onnxruntime since 1.14; ai.onnx.ml 3 is TreeEnsembleRegressor's last version. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;
export const PRODUCER_NAME = 'pump-eta';
export const PRODUCER_VERSION = 'gbdt-onnx/1';

export const INPUT_NAME = 'features';
export const ETA_OUTPUT = 'eta';
export const P90_OUTPUT = 'p90';

/** Metadata keys the writer itself fills in; callers may not use this prefix. */
export const WRITER_KEY_PREFIX = 'pump_eta.onnx.';
export const META_FEATURE_NAMES = `${WRITER_KEY_PREFIX}feature_names`;
export const META_P90_OFFSET = `${WRITER_KEY_PREFIX}p90_offset`;

export interface EtaModelExport {
  point: GbdtModel;
  upper: GbdtModel;
  /** Conformal correction added to the upper model's output (rounded to float32, like the graph does). */
  upperOffset: number;
  featureNames: string[];
  metadata: Record<string, string>;
}

/**
 * One self-contained ONNX model: input `features` float32 [N, F]; output `eta` float32 [N, 1] from the
 * point ensemble and `p90` float32 [N, 1] = upper ensemble + upperOffset. Both ensembles are
 * ai.onnx.ml TreeEnsembleRegressor nodes with BRANCH_LEQ splits (x <= threshold goes to the true
 * branch, which is our left child) and nodes_missing_value_tracks_true carrying each split's
 * default-left flag, so onnxruntime follows exactly the path the learner's own predict takes.
 * The same inputs always give the same bytes: metadata is written in key order.
 */
export function exportEtaModel(spec: EtaModelExport): Uint8Array {
  const { point, upper, featureNames, metadata } = spec;
  const numFeatures = featureNames.length;
  for (const [which, m] of [
    ['point', point],
    ['upper', upper],
  ] as const) {
    if (m.numFeatures !== numFeatures) {
      throw new RangeError(`${which} model has ${m.numFeatures} features, featureNames has ${numFeatures}`);
    }
  }
  if (!Number.isFinite(spec.upperOffset)) throw new RangeError('upperOffset must be a finite number');
  for (const key of Object.keys(metadata)) {
    if (key.startsWith(WRITER_KEY_PREFIX))
      throw new RangeError(`metadata key ${key} is reserved for the writer`);
  }
  const offset = Math.fround(spec.upperOffset);
  const props: Record<string, string> = {
    ...metadata,
    [META_FEATURE_NAMES]: JSON.stringify(featureNames),
    [META_P90_OFFSET]: String(offset),
  };

  const model: ModelMessage = {
    ir_version: ONNX_IR_VERSION,
    producer_name: PRODUCER_NAME,
    producer_version: PRODUCER_VERSION,
    doc_string: 'Pump ETA: attendance time estimate (eta) and calibrated upper bound (p90), in seconds.',
    opset_import: [
      { domain: '', version: ONNX_OPSET },
      { domain: 'ai.onnx.ml', version: ONNX_ML_OPSET },
    ],
    graph: {
      name: 'pump_eta',
      node: [
        treeEnsembleNode('point_ensemble', point, INPUT_NAME, ETA_OUTPUT),
        treeEnsembleNode('upper_ensemble', upper, INPUT_NAME, 'p90_uncalibrated'),
        {
          name: 'p90_calibration',
          op_type: 'Add',
          domain: '',
          input: ['p90_uncalibrated', 'p90_offset'],
          output: [P90_OUTPUT],
          attribute: [],
        },
      ],
      initializer: [{ name: 'p90_offset', dims: [1], data_type: TensorDataType.FLOAT, float_data: [offset] }],
      input: [
        tensorInfo(INPUT_NAME, numFeatures, `float32 features in this order: ${featureNames.join(', ')}`),
      ],
      output: [tensorInfo(ETA_OUTPUT, 1), tensorInfo(P90_OUTPUT, 1)],
    },
    metadata_props: Object.keys(props)
      .sort()
      .map((key) => ({ key, value: props[key]! })),
  };
  return encodeModel(model);
}

function tensorInfo(name: string, columns: number, doc?: string): ValueInfoMessage {
  return {
    name,
    ...(doc === undefined ? {} : { doc_string: doc }),
    type: {
      tensor_type: {
        elem_type: TensorDataType.FLOAT,
        shape: { dim: [{ dim_param: 'N' }, { dim_value: columns }] },
      },
    },
  };
}

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

function treeEnsembleNode(name: string, model: GbdtModel, input: string, output: string): NodeMessage {
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
  // An ensemble without trees is not a valid operator; a single zero leaf means the same thing.
  const trees: Tree[] = model.trees.length > 0 ? model.trees : [constantTree(0)];
  trees.forEach((tree, t) => appendTree(a, tree, t));
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
      attr.floats('base_values', [Math.fround(model.baseScore)]),
      attr.int('n_targets', 1),
      attr.ints('nodes_falsenodeids', a.falseIds),
      attr.ints('nodes_featureids', a.featureIds),
      attr.ints('nodes_missing_value_tracks_true', a.missingTracksTrue),
      attr.strings('nodes_modes', a.modes),
      attr.ints('nodes_nodeids', a.nodeIds),
      attr.ints('nodes_treeids', a.treeIds),
      attr.ints('nodes_truenodeids', a.trueIds),
      attr.floats('nodes_values', a.values),
      attr.string('post_transform', 'NONE'),
      attr.ints('target_ids', new Array<number>(a.targetNodeIds.length).fill(0)),
      attr.ints('target_nodeids', a.targetNodeIds),
      attr.ints('target_treeids', a.targetTreeIds),
      attr.floats('target_weights', a.targetWeights),
    ],
  };
}

function constantTree(value: number): Tree {
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
