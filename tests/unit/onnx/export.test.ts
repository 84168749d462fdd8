import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GbdtEnsemble, trainGbdt, DEFAULT_PARAMS, type Tree } from '../../../main/core/gbdt/index.js';
import {
  exportEtaModel,
  META_FEATURE_NAMES,
  META_HEADS,
  META_P90_OFFSET,
  readOnnxMetadata,
} from '../../../main/core/onnx/index.js';
import { ModelProto } from '../../../main/core/onnx/proto.js';
import type { HeadParams } from '../../../main/core/model/heads.js';
import { friedmanLike } from '../gbdt/helpers.js';

const small = friedmanLike(3000, 5);
const params = { ...DEFAULT_PARAMS, numTrees: 20, numLeaves: 7, earlyStoppingRounds: undefined };
const point = trainGbdt(small.data, small.y, params);
const upper = trainGbdt(small.data, small.y, { ...params, objective: 'quantile', alpha: 0.9 });
const late = trainGbdt(small.data, small.y, { ...params, numTrees: 5 });
const heads: HeadParams = {
  distanceFeature: 0,
  backbone: { turnoutSeconds: 100, secondsPerMetre: 0.125 },
  p90Offset: 12.5,
  withinTarget: { targetSeconds: 360, minSpreadSeconds: 10, intercept: 0.5, perSecond: 0.01, perSpread: 0.5 },
  late: { intercept: -2, slope: 0.25 },
};
const spec = {
  point,
  upper,
  late,
  heads,
  featureNames: small.data.featureNames,
  metadata: { 'pump_eta.format': 'x/1', 'z.last': 'z', 'a.first': 'ü ✓' },
};

interface DecodedAttr {
  name: string;
  ints?: number[];
  floats?: number[];
  strings?: Uint8Array[];
  s?: Uint8Array;
  i?: number;
}
interface DecodedModel {
  ir_version: number;
  opset_import: { domain?: string; version: number }[];
  graph: {
    node: {
      op_type: string;
      domain?: string;
      input: string[];
      output: string[];
      attribute?: DecodedAttr[];
    }[];
    input: { name: string }[];
    output: { name: string }[];
  };
}
const decode = (bytes: Uint8Array): DecodedModel =>
  ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false }) as DecodedModel;

describe('exportEtaModel', () => {
  it('writes identical bytes for identical inputs', () => {
    expect(exportEtaModel(spec)).toEqual(exportEtaModel(spec));
    // Metadata order in the input object does not matter: keys are written sorted.
    const reordered = { ...spec, metadata: { 'z.last': 'z', 'a.first': 'ü ✓', 'pump_eta.format': 'x/1' } };
    expect(exportEtaModel(reordered)).toEqual(exportEtaModel(spec));
  });

  it('writes identical bytes for two trainings with the same seed', () => {
    const again = {
      ...spec,
      point: trainGbdt(small.data, small.y, params),
      upper: trainGbdt(small.data, small.y, { ...params, objective: 'quantile', alpha: 0.9 }),
    };
    expect(Buffer.compare(exportEtaModel(again), exportEtaModel(spec))).toBe(0);
  });

  it('declares the graph the app relies on', () => {
    const m = decode(exportEtaModel(spec));
    expect(m.ir_version).toBe(8);
    expect(m.opset_import).toEqual([
      { domain: '', version: 17 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(m.graph.input.map((v) => v.name)).toEqual(['features']);
    expect(m.graph.output.map((v) => v.name)).toEqual(['eta', 'p90', 'within_target', 'late_probability']);
    const ops = m.graph.node.map((n) => n.op_type);
    expect(ops.filter((o) => o === 'TreeEnsembleRegressor')).toHaveLength(3);
    // Everything else is standard ONNX arithmetic, readable by any runtime.
    expect(new Set(ops)).toEqual(
      new Set(['Gather', 'Mul', 'Add', 'Sub', 'Max', 'Div', 'Sigmoid', 'TreeEnsembleRegressor']),
    );
    const ensemble = m.graph.node.find((n) => n.op_type === 'TreeEnsembleRegressor')!;
    expect(ensemble.domain).toBe('ai.onnx.ml');
    const attr = (name: string) => ensemble.attribute!.find((a) => a.name === name)!;
    const nodeCount = attr('nodes_nodeids').ints!.length;
    for (const name of ['nodes_treeids', 'nodes_featureids', 'nodes_truenodeids', 'nodes_falsenodeids']) {
      expect(attr(name).ints!.length).toBe(nodeCount);
    }
    expect(attr('nodes_values').floats!.length).toBe(nodeCount);
    expect(attr('nodes_missing_value_tracks_true').ints!.length).toBe(nodeCount);
    const leaves = point.trees.reduce((s, t) => s + t.leafValue.length, 0);
    expect(attr('target_weights').floats!.length).toBe(leaves);
    expect(nodeCount).toBe(2 * leaves - point.trees.length);
    const modes = new Set(attr('nodes_modes').strings!.map((s) => new TextDecoder().decode(s)));
    expect(modes).toEqual(new Set(['BRANCH_LEQ', 'LEAF']));
    expect(attr('base_values').floats).toEqual([point.baseScore]);
  });

  it('stores the metadata, readable back without onnxruntime', () => {
    const meta = readOnnxMetadata(exportEtaModel(spec));
    expect(meta).toEqual({
      ...spec.metadata,
      [META_FEATURE_NAMES]: JSON.stringify(spec.featureNames),
      [META_P90_OFFSET]: '12.5',
      [META_HEADS]: JSON.stringify(heads),
    });
    expect(Object.keys(meta)).toEqual([...Object.keys(meta)].sort());
  });

  it('refuses reserved metadata keys and mismatched feature lists', () => {
    expect(() => exportEtaModel({ ...spec, metadata: { [META_P90_OFFSET]: '1' } })).toThrow(/reserved/);
    expect(() => exportEtaModel({ ...spec, featureNames: ['a'] })).toThrow(/features/);
    expect(() => exportEtaModel({ ...spec, heads: { ...heads, p90Offset: NaN } })).toThrow(/finite/);
    expect(() => exportEtaModel({ ...spec, heads: { ...heads, distanceFeature: 8 } })).toThrow(
      /feature index/,
    );
  });

  it('runs in onnxruntime, including constant (tree-less) ensembles', async () => {
    const constant = new GbdtEnsemble(300, [], 8, small.data.featureNames, 0, 'l2');
    const leaf: Tree = {
      splitFeature: new Int32Array(0),
      threshold: new Float32Array(0),
      defaultLeft: new Uint8Array(0),
      left: new Int32Array(0),
      right: new Int32Array(0),
      leafValue: Float32Array.of(5),
    };
    const oneLeaf = new GbdtEnsemble(400, [leaf], 8, small.data.featureNames, 1, 'quantile', 0.9);
    const bytes = exportEtaModel({
      ...spec,
      point: constant,
      upper: oneLeaf,
      late: constant,
      heads: { ...heads, p90Offset: -1 },
    });
    const session = await ort.InferenceSession.create(bytes);
    // Distance (feature 0) 0 m and 800 m: the backbone adds 100 s + 0.125 s/m.
    const x = new Float32Array(16);
    x[8] = 800;
    const out = await session.run({ features: new ort.Tensor('float32', x, [2, 8]) });
    expect(Array.from(out.eta!.data as Float32Array)).toEqual([400, 500]);
    expect(Array.from(out.p90!.data as Float32Array)).toEqual([504, 604]);
    expect(out.eta!.dims).toEqual([2, 1]);
    // (360 − eta)·0.01 + (360 − eta)/104·0.5 + 0.5 through a sigmoid.
    const within = (eta: number) =>
      1 / (1 + Math.exp(-((360 - eta) * 0.01 + ((360 - eta) / 104) * 0.5 + 0.5)));
    const got = Array.from(out.within_target!.data as Float32Array);
    expect(got[0]).toBeCloseTo(within(400), 6);
    expect(got[1]).toBeCloseTo(within(500), 6);
    const lateP = Array.from(out.late_probability!.data as Float32Array);
    expect(lateP[0]).toBeCloseTo(1 / (1 + Math.exp(-(300 * 0.25 - 2))), 6);
  });
});

describe('readOnnxMetadata', () => {
  it('returns an empty record for a model without metadata and throws on garbage', () => {
    expect(readOnnxMetadata(new Uint8Array(0))).toEqual({});
    expect(() => readOnnxMetadata(Uint8Array.of(0xff, 0xff, 0xff))).toThrow();
  });
});
