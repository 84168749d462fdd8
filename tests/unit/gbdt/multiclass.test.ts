import { describe, expect, it } from 'vitest';
import {
  logLossFromRaw,
  softmaxGradient,
  softmaxHessian,
  softmaxRows,
  trainMulticlass,
  type MulticlassParams,
} from '../../../main/core/gbdt/multiclass.js';
import { MulticlassEnsemble, softmax32 } from '../../../main/core/gbdt/multiclass-model.js';
import { Prng } from '../../../main/core/util/prng.js';
import { gaussian, makeDataset } from './helpers.js';

const PARAMS: MulticlassParams = {
  numClasses: 3,
  numTrees: 60,
  learningRate: 0.2,
  numLeaves: 7,
  minDataInLeaf: 5,
  lambdaL2: 1,
  maxBins: 64,
  featureFraction: 1,
  earlyStoppingRounds: 10,
  seed: 7,
};

describe('softmax cross-entropy derivatives', () => {
  it('gradient and hessian match finite differences of the log-loss', () => {
    const rng = new Prng(3);
    const K = 5;
    for (let trial = 0; trial < 20; trial++) {
      const raw = Array.from({ length: K }, () => Float64Array.of(2 * gaussian(rng)));
      const label = Uint8Array.of(rng.nextInt(K));
      const prob = new Float64Array(K);
      softmaxRows(raw, 1, prob);
      for (let k = 0; k < K; k++) {
        const h = 1e-4;
        const at = (d: number) => {
          const moved = raw.map((r, j) => Float64Array.of(r[0]! + (j === k ? d : 0)));
          return logLossFromRaw(moved, label);
        };
        const fd1 = (at(h) - at(-h)) / (2 * h);
        const fd2 = (at(h) - 2 * at(0) + at(-h)) / (h * h);
        expect(softmaxGradient(prob[k]!, label[0] === k)).toBeCloseTo(fd1, 6);
        // The learner's hessian carries LightGBM's K/(K-1) factor on top of the true p(1-p).
        expect(softmaxHessian(prob[k]!, K) * ((K - 1) / K)).toBeCloseTo(fd2, 4);
      }
    }
  });

  it('softmax32 sums to 1 and survives huge scores', () => {
    const p = softmax32([1000, 0, -1000]);
    expect(p[0]).toBeCloseTo(1, 6);
    expect(p[1]! + p[2]!).toBeLessThan(1e-6);
    const q = softmax32([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });
});

/** Three classes separated by x0 (thresholds 0.33, 0.66); x1 is noise; 5 % of labels flipped. */
function separable(n: number, seed: number) {
  const rng = new Prng(seed);
  const x0 = new Float32Array(n);
  const x1 = new Float32Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = rng.nextFloat();
    x1[i] = rng.nextFloat();
    labels[i] = x0[i]! < 1 / 3 ? 0 : x0[i]! < 2 / 3 ? 1 : 2;
    if (rng.nextFloat() < 0.05) labels[i] = rng.nextInt(3);
  }
  return { data: makeDataset([x0, x1]), labels };
}

describe('trainMulticlass', () => {
  const train = separable(3000, 1);
  const valid = separable(1000, 2);

  it('learns a separable case: accuracy near the noise ceiling, log-loss far below the prior', () => {
    const m = trainMulticlass(train.data, train.labels, PARAMS, { valid, kernel: 'js', threads: 1 });
    const p = m.predictProba(valid.data.columns, valid.data.numRows);
    let correct = 0;
    for (let i = 0; i < valid.labels.length; i++) {
      const row = [p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!];
      if (row.indexOf(Math.max(...row)) === valid.labels[i]) correct++;
    }
    // 5 % flipped at random, a third of which land on the right class anyway: ceiling ≈ 96.7 %.
    expect(correct / valid.labels.length).toBeGreaterThan(0.93);
    const raw = m.predictRaw(valid.data.columns, valid.data.numRows);
    const prior = m.baseScores.map((b) => new Float64Array(valid.labels.length).fill(b));
    // The prior alone scores ≈ log 3 ≈ 1.10.
    expect(logLossFromRaw(prior, valid.labels)).toBeGreaterThan(1.05);
    expect(logLossFromRaw(raw, valid.labels)).toBeLessThan(0.35);
    expect(m.rounds.length).toBeGreaterThan(5);
    expect(m.rounds.every((r) => r.length === 3)).toBe(true);
  });

  it('stops early on validation log-loss and keeps the best round', () => {
    const losses: number[] = [];
    const m = trainMulticlass(
      train.data,
      train.labels,
      { ...PARAMS, numTrees: 300, learningRate: 0.5, numLeaves: 31, minDataInLeaf: 1 },
      { valid, kernel: 'js', threads: 1, onProgress: (p) => losses.push(p.validLoss!) },
    );
    expect(losses.length).toBeLessThan(300);
    const best = Math.min(...losses);
    expect(losses.indexOf(best) + 1).toBe(m.rounds.length);
    expect(losses.length - m.rounds.length).toBe(10);
  });

  it('is deterministic and the same with the wasm kernels and two threads; JSON round-trips', () => {
    const a = trainMulticlass(train.data, train.labels, PARAMS, { valid, kernel: 'js', threads: 1 });
    const b = trainMulticlass(train.data, train.labels, PARAMS, { valid, threads: 2 });
    expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
    const back = MulticlassEnsemble.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    const row = [0.5, 0.25];
    expect(Array.from(back.predictRowProba(row))).toEqual(Array.from(a.predictRowProba(row)));
  });

  it('refuses labels outside the classes and row bagging', () => {
    expect(() =>
      trainMulticlass(
        train.data,
        train.labels.map(() => 3),
        PARAMS,
      ),
    ).toThrow(/not a class/);
    expect(() => trainMulticlass(train.data, train.labels, { ...PARAMS, baggingFraction: 0.5 })).toThrow(
      /bagging/,
    );
  });
});
