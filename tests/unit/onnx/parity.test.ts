import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, trainGbdt, type GbdtModel } from '../../../main/core/gbdt/index.js';
import { Prng } from '../../../main/core/gbdt/prng.js';
import { exportEtaModel } from '../../../main/core/onnx/index.js';
import { friedmanLike } from '../gbdt/helpers.js';

/** The acceptance bar: ONNX and learner predictions agree to 0.01 s on 100,000 rows. */
const TOLERANCE_SECONDS = 0.01;
const ROWS = 100_000;

/** Every split threshold a model uses, per feature. */
function thresholdsByFeature(models: GbdtModel[], numFeatures: number): number[][] {
  const out = Array.from({ length: numFeatures }, () => new Set<number>());
  for (const m of models) {
    for (const t of m.trees) t.splitFeature.forEach((f, k) => out[f]!.add(t.threshold[k]!));
  }
  return out.map((s) => [...s].filter(Number.isFinite));
}

describe('ONNX parity', () => {
  it('onnxruntime predicts what the learner predicts, to 0.01 s on 100,000 rows', async () => {
    // Attendance-time-like scale: a few hundred seconds, so float32 summation is exercised.
    const train = friedmanLike(20_000, 11, 2);
    const y = Float32Array.from(train.y, (v) => 300 + 20 * v);
    const params = {
      ...DEFAULT_PARAMS,
      numTrees: 300,
      numLeaves: 31,
      learningRate: 0.1,
      earlyStoppingRounds: undefined,
    };
    const point = trainGbdt(train.data, y, params);
    const upper = trainGbdt(train.data, y, { ...params, objective: 'quantile', alpha: 0.9 });
    const offset = 17.3;
    const bytes = exportEtaModel({
      point,
      upper,
      upperOffset: offset,
      featureNames: train.data.featureNames,
      metadata: {},
    });

    // Fresh rows: a third of the values sit exactly on a split threshold, some are missing or infinite.
    const numFeatures = train.data.numFeatures;
    const thresholds = thresholdsByFeature([point, upper], numFeatures);
    const rng = new Prng(99);
    const columns = Array.from({ length: numFeatures }, () => new Float32Array(ROWS));
    const rowMajor = new Float32Array(ROWS * numFeatures);
    let onThreshold = 0;
    for (let i = 0; i < ROWS; i++) {
      for (let f = 0; f < numFeatures; f++) {
        const u = rng.nextFloat();
        const ts = thresholds[f]!;
        let v: number;
        if (u < 0.33 && ts.length > 0) {
          v = ts[rng.nextInt(ts.length)]!;
          onThreshold++;
        } else if (u < 0.43) v = NaN;
        else if (u < 0.44) v = rng.nextFloat() < 0.5 ? Infinity : -Infinity;
        else v = f === 3 ? rng.nextInt(7) : rng.nextFloat() * 1.2 - 0.1;
        columns[f]![i] = v;
        rowMajor[i * numFeatures + f] = v;
      }
    }
    expect(onThreshold).toBeGreaterThan(ROWS);

    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ features: new ort.Tensor('float32', rowMajor, [ROWS, numFeatures]) });
    const eta = out.eta!.data as Float32Array;
    const p90 = out.p90!.data as Float32Array;
    const ours = point.predict(columns, ROWS);
    const oursUpper = upper.predict(columns, ROWS);
    let maxEta = 0;
    let maxP90 = 0;
    for (let i = 0; i < ROWS; i++) {
      maxEta = Math.max(maxEta, Math.abs(eta[i]! - ours[i]!));
      maxP90 = Math.max(maxP90, Math.abs(p90[i]! - (oursUpper[i]! + Math.fround(offset))));
    }
    console.info(`ONNX parity on ${ROWS} rows: max |eta diff| ${maxEta}, max |p90 diff| ${maxP90}`);
    expect(maxEta).toBeLessThan(TOLERANCE_SECONDS);
    expect(maxP90).toBeLessThan(TOLERANCE_SECONDS);
    // Row-wise prediction (the serving path's reference) agrees too.
    for (let i = 0; i < 1000; i++) {
      const row = columns.map((c) => c[i]!);
      expect(point.predictRow(row)).toBe(ours[i]);
    }
  });
});
