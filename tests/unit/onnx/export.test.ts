import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GbdtEnsemble, trainGbdt, DEFAULT_PARAMS, type Tree } from '../../../main/core/gbdt/index.js';
import {
  exportEtaModel,
  META_FEATURE_NAMES,
  META_P90_OFFSET,
  readOnnxMetadata,
} from '../../../main/core/onnx/index.js';
import { ModelProto } from '../../../main/core/onnx/proto.js';
import { friedmanLike } from '../gbdt/helpers.js';

const small = friedmanLike(3000, 5);
const params = { ...DEFAULT_PARAMS, numTrees: 20, numLeaves: 7, earlyStoppingRounds: undefined };
const point = trainGbdt(small.data, small.y, params);
const upper = trainGbdt(small.data, small.y, { ...params, objective: 'quantile', alpha: 0.9 });
const spec = {
  point,
  upper,
  upperOffset: 12.5,
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
    expect(m.graph.output.map((v) => v.name)).toEqual(['eta', 'p90']);
    expect(m.graph.node.map((n) => n.op_type)).toEqual([
      'TreeEnsembleRegressor',
      'TreeEnsembleRegressor',
      'Add',
    ]);
    const ensemble = m.graph.node[0]!;
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
    });
    expect(Object.keys(meta)).toEqual([...Object.keys(meta)].sort());
  });

  it('refuses reserved metadata keys and mismatched feature lists', () => {
    expect(() => exportEtaModel({ ...spec, metadata: { [META_P90_OFFSET]: '1' } })).toThrow(/reserved/);
    expect(() => exportEtaModel({ ...spec, featureNames: ['a'] })).toThrow(/features/);
    expect(() => exportEtaModel({ ...spec, upperOffset: NaN })).toThrow(/finite/);
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
    const bytes = exportEtaModel({ ...spec, point: constant, upper: oneLeaf, upperOffset: -1 });
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ features: new ort.Tensor('float32', new Float32Array(16), [2, 8]) });
    expect(Array.from(out.eta!.data as Float32Array)).toEqual([300, 300]);
    expect(Array.from(out.p90!.data as Float32Array)).toEqual([404, 404]);
    expect(out.eta!.dims).toEqual([2, 1]);
  });
});

describe('readOnnxMetadata', () => {
  it('returns an empty record for a model without metadata and throws on garbage', () => {
    expect(readOnnxMetadata(new Uint8Array(0))).toEqual({});
    expect(() => readOnnxMetadata(Uint8Array.of(0xff, 0xff, 0xff))).toThrow();
  });
});
