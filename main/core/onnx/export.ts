import type { GbdtModel } from '../gbdt/index.js';
import type { HeadParams } from '../model/heads.js';
import { PUMP_CLASSES } from '../model/pumps.js';
import { treeEnsembleNode } from './export-ensemble.js';
import { pumpsGraph, PUMPS_OUTPUT, type PumpsExport } from './pumps.js';
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
/** 2: a file may carry the pumps classifier's output (older files without it still load). */
export const PRODUCER_VERSION = 'gbdt-onnx/2';

export const INPUT_NAME = 'features';
export const ETA_OUTPUT = 'eta';
export const P90_OUTPUT = 'p90';
export const WITHIN_TARGET_OUTPUT = 'within_target';
export const LATE_OUTPUT = 'late_probability';

/** Metadata keys the writer itself fills in; callers may not use this prefix. */
export const WRITER_KEY_PREFIX = 'pump_eta.onnx.';
export const META_FEATURE_NAMES = `${WRITER_KEY_PREFIX}feature_names`;
export const META_P90_OFFSET = `${WRITER_KEY_PREFIX}p90_offset`;
export const META_HEADS = `${WRITER_KEY_PREFIX}heads`;
export const META_PUMPS = `${WRITER_KEY_PREFIX}pumps`;

export interface EtaModelExport {
  /** Correction to the distance backbone (seconds). */
  point: GbdtModel;
  /** Correction to the backbone for the raw 90th percentile. */
  upper: GbdtModel;
  /** Score whose calibrated sigmoid is the probability of arriving > 120 s after the estimate. */
  late: GbdtModel;
  /** Backbone, conformal offset and the two probability heads (see model/heads.ts). */
  heads: HeadParams;
  featureNames: string[];
  metadata: Record<string, string>;
  /** The pumps-needed classifier; without it the file has no `pumps_probabilities` output. */
  pumps?: PumpsExport;
}

/**
 * One self-contained ONNX model, input `features` float32 [N, F], four float32 [N, 1] outputs:
 *  - `eta` = turnout + distance · pace + point ensemble (the trees correct a physical backbone, so the
 *    estimate keeps growing with distance where the trees have nothing more to say);
 *  - `p90` = max(eta, backbone + upper ensemble + conformal offset);
 *  - `within_target` = σ(a + b·(target − eta) + c·(target − eta) / max(p90 − eta, s)), the calibrated
 *    chance of arriving within the target;
 *  - `late_probability` = σ(a + b·late ensemble), the calibrated chance of arriving over 120 s late.
 * Every ensemble is an ai.onnx.ml TreeEnsembleRegressor with BRANCH_LEQ splits (x <= threshold goes to
 * the true branch, which is our left child) and nodes_missing_value_tracks_true carrying each split's
 * default-left flag, so onnxruntime follows exactly the path the learner's own predict takes; the rest
 * is standard arithmetic, mirrored step for step in float32 by `evaluateHeads`.
 * The same inputs always give the same bytes: metadata is written in key order.
 */
export function exportEtaModel(spec: EtaModelExport): Uint8Array {
  const { point, upper, late, heads, featureNames, metadata, pumps } = spec;
  const numFeatures = featureNames.length;
  for (const [which, m] of [
    ['point', point],
    ['upper', upper],
    ['late', late],
  ] as const) {
    if (m.numFeatures !== numFeatures) {
      throw new RangeError(`${which} model has ${m.numFeatures} features, featureNames has ${numFeatures}`);
    }
  }
  checkHeads(heads, numFeatures);
  for (const key of Object.keys(metadata)) {
    if (key.startsWith(WRITER_KEY_PREFIX))
      throw new RangeError(`metadata key ${key} is reserved for the writer`);
  }
  const f = (v: number) => Math.fround(v);
  const props: Record<string, string> = {
    ...metadata,
    [META_FEATURE_NAMES]: JSON.stringify(featureNames),
    [META_P90_OFFSET]: String(f(heads.p90Offset)),
    [META_HEADS]: JSON.stringify(heads),
    ...(pumps ? { [META_PUMPS]: JSON.stringify(pumps.head) } : {}),
  };
  const pumpsPart = pumps ? pumpsGraph(pumps, INPUT_NAME, numFeatures) : { nodes: [], initializers: [] };
  const op = (
    name: string,
    opType: string,
    input: string[],
    output: string,
    attribute: AttributeMessage[] = [],
  ) => ({ name, op_type: opType, domain: '', input, output: [output], attribute }) satisfies NodeMessage;
  const scalar = (name: string, value: number) => ({
    name,
    dims: [1],
    data_type: TensorDataType.FLOAT,
    float_data: [f(value)],
  });
  const wt = heads.withinTarget;

  const model: ModelMessage = {
    ir_version: ONNX_IR_VERSION,
    producer_name: PRODUCER_NAME,
    producer_version: PRODUCER_VERSION,
    doc_string:
      'Pump ETA: attendance time estimate (eta), calibrated upper bound (p90), in seconds; chance of ' +
      'arriving within the target (within_target) and of arriving over 120 s late (late_probability).',
    opset_import: [
      { domain: '', version: ONNX_OPSET },
      { domain: 'ai.onnx.ml', version: ONNX_ML_OPSET },
    ],
    graph: {
      name: 'pump_eta',
      node: [
        {
          ...op('distance', 'Gather', [INPUT_NAME, 'distance_index'], 'distance_m'),
          attribute: [{ name: 'axis', type: AttributeType.INT, i: 1 }],
        },
        op('travel', 'Mul', ['distance_m', 'seconds_per_metre'], 'travel_seconds'),
        op('backbone', 'Add', ['travel_seconds', 'turnout_seconds'], 'backbone_seconds'),
        treeEnsembleNode('point_ensemble', point, INPUT_NAME, 'eta_correction'),
        op('eta_sum', 'Add', ['backbone_seconds', 'eta_correction'], ETA_OUTPUT),
        treeEnsembleNode('upper_ensemble', upper, INPUT_NAME, 'upper_correction'),
        op('upper_sum', 'Add', ['backbone_seconds', 'upper_correction'], 'p90_uncalibrated'),
        op('p90_calibration', 'Add', ['p90_uncalibrated', 'p90_offset'], 'p90_calibrated'),
        op('p90_not_below_eta', 'Max', ['p90_calibrated', ETA_OUTPUT], P90_OUTPUT),
        op('target_margin', 'Sub', ['target_seconds', ETA_OUTPUT], 'margin'),
        op('spread', 'Sub', [P90_OUTPUT, ETA_OUTPUT], 'spread_raw'),
        op('spread_floor', 'Max', ['spread_raw', 'min_spread'], 'spread_floored'),
        op('margin_in_spreads', 'Div', ['margin', 'spread_floored'], 'margin_z'),
        op('within_margin_term', 'Mul', ['margin', 'within_per_second'], 'within_a'),
        op('within_z_term', 'Mul', ['margin_z', 'within_per_spread'], 'within_b'),
        op('within_terms', 'Add', ['within_a', 'within_b'], 'within_ab'),
        op('within_logit', 'Add', ['within_ab', 'within_intercept'], 'within_logit_value'),
        op('within_probability', 'Sigmoid', ['within_logit_value'], WITHIN_TARGET_OUTPUT),
        treeEnsembleNode('late_ensemble', late, INPUT_NAME, 'late_score'),
        op('late_scale', 'Mul', ['late_score', 'late_slope'], 'late_scaled'),
        op('late_logit', 'Add', ['late_scaled', 'late_intercept'], 'late_logit_value'),
        op('late_probability', 'Sigmoid', ['late_logit_value'], LATE_OUTPUT),
        ...pumpsPart.nodes,
      ],
      initializer: [
        {
          name: 'distance_index',
          dims: [1],
          data_type: TensorDataType.INT64,
          int64_data: [heads.distanceFeature],
        },
        scalar('seconds_per_metre', heads.backbone.secondsPerMetre),
        scalar('turnout_seconds', heads.backbone.turnoutSeconds),
        scalar('p90_offset', heads.p90Offset),
        scalar('target_seconds', wt.targetSeconds),
        scalar('min_spread', wt.minSpreadSeconds),
        scalar('within_per_second', wt.perSecond),
        scalar('within_per_spread', wt.perSpread),
        scalar('within_intercept', wt.intercept),
        scalar('late_slope', heads.late.slope),
        scalar('late_intercept', heads.late.intercept),
        ...pumpsPart.initializers,
      ],
      input: [
        tensorInfo(INPUT_NAME, numFeatures, `float32 features in this order: ${featureNames.join(', ')}`),
      ],
      output: [
        tensorInfo(ETA_OUTPUT, 1),
        tensorInfo(P90_OUTPUT, 1),
        tensorInfo(WITHIN_TARGET_OUTPUT, 1),
        tensorInfo(LATE_OUTPUT, 1),
        ...(pumps ? [tensorInfo(PUMPS_OUTPUT, PUMP_CLASSES)] : []),
      ],
    },
    metadata_props: Object.keys(props)
      .sort()
      .map((key) => ({ key, value: props[key]! })),
  };
  return encodeModel(model);
}

function checkHeads(h: HeadParams, numFeatures: number): void {
  const numbers: [string, number][] = [
    ['p90Offset', h.p90Offset],
    ['backbone.turnoutSeconds', h.backbone.turnoutSeconds],
    ['backbone.secondsPerMetre', h.backbone.secondsPerMetre],
    ['withinTarget.targetSeconds', h.withinTarget.targetSeconds],
    ['withinTarget.minSpreadSeconds', h.withinTarget.minSpreadSeconds],
    ['withinTarget.intercept', h.withinTarget.intercept],
    ['withinTarget.perSecond', h.withinTarget.perSecond],
    ['withinTarget.perSpread', h.withinTarget.perSpread],
    ['late.intercept', h.late.intercept],
    ['late.slope', h.late.slope],
  ];
  for (const [name, v] of numbers) {
    if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number`);
  }
  if (!(h.withinTarget.minSpreadSeconds > 0))
    throw new RangeError('withinTarget.minSpreadSeconds must be > 0');
  if (!Number.isInteger(h.distanceFeature) || h.distanceFeature < 0 || h.distanceFeature >= numFeatures) {
    throw new RangeError(`distanceFeature ${h.distanceFeature} is not a feature index`);
  }
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
