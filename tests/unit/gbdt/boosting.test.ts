import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  GbdtCancelledError,
  trainGbdt,
  type TrainParams,
  type TrainProgress,
} from '../../../main/core/gbdt/index.js';
import { friedmanLike, makeDataset } from './helpers.js';

const base: TrainParams = {
  ...DEFAULT_PARAMS,
  numTrees: 150,
  learningRate: 0.1,
  numLeaves: 15,
  earlyStoppingRounds: undefined,
  seed: 1,
};

const mae = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
};

describe('trainGbdt', () => {
  const train = friedmanLike(8000, 1);
  const test = friedmanLike(4000, 2);

  it('learns a known nonlinear function far better than the mean', () => {
    const model = trainGbdt(train.data, train.y, base);
    const pred = model.predict(test.data.columns, test.data.numRows);
    let mean = 0;
    for (const v of train.y) mean += v / train.y.length;
    const baseline = mae(new Float64Array(test.y.length).fill(mean), test.y);
    const ours = mae(pred, test.y);
    expect(ours).toBeLessThan(0.25 * baseline);
    // Against the noise-free function the error is small next to the noise (MAE of N(0,1) is 0.8).
    expect(mae(pred, test.f)).toBeLessThan(0.6);
    expect(model.trees.length).toBe(150);
    expect(model.bestIteration).toBe(150);
  });

  it('is deterministic: same seed, same JSON; another seed, another model', () => {
    const p: TrainParams = { ...base, numTrees: 30, baggingFraction: 0.7, featureFraction: 0.75 };
    const a = JSON.stringify(trainGbdt(train.data, train.y, p).toJSON());
    const b = JSON.stringify(trainGbdt(train.data, train.y, p).toJSON());
    const c = JSON.stringify(trainGbdt(train.data, train.y, { ...p, seed: 2 }).toJSON());
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('gives the same model with the JavaScript or WebAssembly kernels, on one thread or two', () => {
    // Large enough that histograms and partitions are split in halves (HALVES_MIN_ROWS).
    const big = friedmanLike(40_000, 7);
    const p: TrainParams = { ...base, numTrees: 10, baggingFraction: 0.8 };
    const wasm2 = JSON.stringify(trainGbdt(big.data, big.y, p, { threads: 2 }).toJSON());
    const wasm1 = JSON.stringify(trainGbdt(big.data, big.y, p, { threads: 1 }).toJSON());
    const js = JSON.stringify(trainGbdt(big.data, big.y, p, { kernel: 'js', threads: 1 }).toJSON());
    expect(wasm1).toBe(wasm2);
    expect(js).toBe(wasm2);
  });

  it('stops early on the validation set and keeps the best iteration', () => {
    const noisy = friedmanLike(3000, 3, 6);
    const valid = friedmanLike(2000, 4, 6);
    const progress: TrainProgress[] = [];
    const model = trainGbdt(
      noisy.data,
      noisy.y,
      { ...base, numTrees: 2000, learningRate: 0.3, numLeaves: 31, earlyStoppingRounds: 10 },
      { valid: { data: valid.data, y: valid.y }, onProgress: (p) => progress.push(p) },
    );
    expect(progress.length).toBeLessThan(2000);
    expect(progress.length).toBe(model.bestIteration + 10);
    expect(model.trees.length).toBe(model.bestIteration);
    const losses = progress.map((p) => p.validLoss!);
    expect(Math.min(...losses)).toBe(losses[model.bestIteration - 1]);
    // Predictions of the kept trees reproduce the validation loss at the best iteration.
    const pred = model.predict(valid.data.columns, valid.data.numRows);
    let mse = 0;
    for (let i = 0; i < pred.length; i++) mse += (pred[i]! - valid.y[i]!) ** 2 / pred.length;
    expect(mse).toBeCloseTo(losses[model.bestIteration - 1]!, 6);
    expect(progress[0]).toMatchObject({ tree: 1, numTrees: 2000 });
    expect(progress.at(-1)!.trainLoss).toBeLessThan(progress[0]!.trainLoss);
  });

  it('fits a P90 quantile model that covers about 90% of the training targets', () => {
    const model = trainGbdt(train.data, train.y, { ...base, objective: 'quantile', alpha: 0.9 });
    const pred = model.predict(train.data.columns, train.data.numRows);
    let covered = 0;
    for (let i = 0; i < pred.length; i++) if (train.y[i]! <= pred[i]!) covered++;
    expect(covered / pred.length).toBeGreaterThan(0.87);
    expect(covered / pred.length).toBeLessThan(0.93);
    expect(model.toJSON()).toMatchObject({ objective: 'quantile', alpha: 0.9 });
  });

  it('fits an L1 model whose predictions split the targets in half', () => {
    const model = trainGbdt(train.data, train.y, { ...base, objective: 'l1' });
    const pred = model.predict(train.data.columns, train.data.numRows);
    let below = 0;
    for (let i = 0; i < pred.length; i++) if (train.y[i]! <= pred[i]!) below++;
    expect(below / pred.length).toBeGreaterThan(0.46);
    expect(below / pred.length).toBeLessThan(0.54);
    expect(mae(model.predict(test.data.columns, test.data.numRows), test.f)).toBeLessThan(0.8);
  });

  it('learns where missing values belong', () => {
    const n = 4000;
    const x = Float32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? NaN : (i % 100) / 100));
    const y = Float32Array.from(x, (v) => (Number.isNaN(v) ? 50 : v < 0.5 ? 0 : 10));
    const model = trainGbdt(makeDataset([x]), y, { ...base, numTrees: 50, minDataInLeaf: 5 });
    expect(model.predictRow([NaN])).toBeCloseTo(50, 0);
    expect(model.predictRow([0.2])).toBeCloseTo(0, 0);
    expect(model.predictRow([0.8])).toBeCloseTo(10, 0);
  });

  it('is cancelled between trees through shouldStop', () => {
    let calls = 0;
    const built: number[] = [];
    expect(() =>
      trainGbdt(train.data, train.y, base, {
        shouldStop: () => ++calls > 3,
        onProgress: (p) => built.push(p.tree),
      }),
    ).toThrow(GbdtCancelledError);
    expect(built).toEqual([1, 2, 3]);
  });

  it('validates its inputs', () => {
    expect(() => trainGbdt(train.data, train.y.subarray(1), base)).toThrow(/y has/);
    const y = train.y.slice();
    y[3] = NaN;
    expect(() => trainGbdt(train.data, y, base)).toThrow(/finite/);
    expect(() => trainGbdt(train.data, train.y, { ...base, numLeaves: 1 })).toThrow(/numLeaves/);
    expect(() => trainGbdt(train.data, train.y, { ...base, baggingFraction: 0 })).toThrow(/baggingFraction/);
  });
});
