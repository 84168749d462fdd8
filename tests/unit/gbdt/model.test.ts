import { describe, expect, it } from 'vitest';
import { GbdtEnsemble, gbdtModelFromJSON, type Tree } from '../../../main/core/gbdt/index.js';

/**
 *        x0 <= 0.5 (NaN left)
 *        /            \
 *     leaf 0 (1)    x1 <= 2 (NaN right)
 *                   /        \
 *              leaf 1 (10)  leaf 2 (100)
 */
const tree: Tree = {
  splitFeature: Int32Array.of(0, 1),
  threshold: Float32Array.of(0.5, 2),
  defaultLeft: Uint8Array.of(1, 0),
  left: Int32Array.of(~0, ~1),
  right: Int32Array.of(1, ~2),
  leafValue: Float32Array.of(1, 10, 100),
};
const allLeft: Tree = {
  splitFeature: Int32Array.of(1),
  threshold: Float32Array.of(Infinity),
  defaultLeft: Uint8Array.of(0),
  left: Int32Array.of(~0),
  right: Int32Array.of(~1),
  leafValue: Float32Array.of(0.25, 0.5),
};
const model = new GbdtEnsemble(1000, [tree, allLeft], 2, ['a', 'b'], 2, 'l2');

describe('GbdtEnsemble prediction', () => {
  it('goes left iff x <= threshold, and NaN follows defaultLeft', () => {
    expect(model.predictRow([0.5, 0])).toBe(1000 + 1 + 0.25);
    expect(model.predictRow([NaN, 0])).toBe(1000 + 1 + 0.25);
    expect(model.predictRow([0.6, 2])).toBe(1000 + 10 + 0.25);
    expect(model.predictRow([0.6, 2.0001])).toBe(1000 + 100 + 0.25);
    expect(model.predictRow([0.6, NaN])).toBe(1000 + 100 + 0.5);
  });

  it('rounds row values to float32 first, as the ONNX input tensor does', () => {
    // 2 + 1e-9 is above the threshold 2 as a double but rounds to 2 in float32.
    expect(model.predictRow([1, 2 + 1e-9])).toBe(1000 + 10 + 0.25);
  });

  it('predicts a column-major batch exactly like row by row', () => {
    const cols = [Float32Array.of(0.5, NaN, 0.6, 0.6, 0.6), Float32Array.of(0, 0, 2, 3, NaN)];
    const batch = model.predict(cols, 5);
    for (let i = 0; i < 5; i++) expect(batch[i]).toBe(model.predictRow([cols[0]![i]!, cols[1]![i]!]));
  });

  it('refuses inputs with too few features', () => {
    expect(() => model.predictRow([1])).toThrow(RangeError);
    expect(() => model.predict([Float32Array.of(1)], 1)).toThrow(RangeError);
  });
});

describe('JSON', () => {
  it('round-trips through JSON text, Infinity thresholds included', () => {
    const text = JSON.stringify(model.toJSON());
    const back = gbdtModelFromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.trees[1]!.threshold[0]).toBe(Infinity);
    expect(back.predictRow([0.6, NaN])).toBe(model.predictRow([0.6, NaN]));
    expect(back.featureNames).toEqual(['a', 'b']);
    expect(back.bestIteration).toBe(2);
  });

  it('rejects malformed models', () => {
    const good = model.toJSON();
    expect(() => gbdtModelFromJSON({ ...good, format: 'other' })).toThrow();
    const badChild = structuredClone(good);
    badChild.trees[0]!.left[0] = 0; // a cycle back to the root
    expect(() => gbdtModelFromJSON(badChild)).toThrow(/child/);
    const badFeature = structuredClone(good);
    badFeature.trees[0]!.splitFeature[0] = 7;
    expect(() => gbdtModelFromJSON(badFeature)).toThrow(/feature/);
    const short = structuredClone(good);
    short.trees[0]!.leafValue.pop();
    expect(() => gbdtModelFromJSON(short)).toThrow(/inconsistent/);
  });
});
