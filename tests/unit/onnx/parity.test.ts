import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, trainGbdt, type GbdtModel } from '../../../main/core/gbdt/index.js';
import { Prng } from '../../../main/core/util/prng.js';
import { evaluateHeads, type HeadParams } from '../../../main/core/model/heads.js';
import { exportEtaModel } from '../../../main/core/onnx/index.js';
import { friedmanLike } from '../gbdt/helpers.js';

/** The acceptance bar: ONNX and learner predictions agree to 0.01 s on 100,000 rows. */
const TOLERANCE_SECONDS = 0.01;
const ROWS = 100_000;
/** Probabilities: float32 sums and exp differ from ours only in the last bits. */
const PROBABILITY_TOLERANCE = 1e-5;

/** Every split threshold a model uses, per feature. */
function thresholdsByFeature(models: GbdtModel[], numFeatures: number): number[][] {
  const out = Array.from({ length: numFeatures }, () => new Set<number>());
  for (const m of models) {
    for (const t of m.trees) t.splitFeature.forEach((f, k) => out[f]!.add(t.threshold[k]!));
  }
  return out.map((s) => [...s].filter(Number.isFinite));
}

describe('ONNX parity', () => {
  it('onnxruntime answers what the learner and evaluateHeads compute, to 0.01 s and 1e-5 on 100,000 rows', async () => {
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
    const late = trainGbdt(
      train.data,
      Float32Array.from(train.y, (v) => (v > 1 ? 1 : 0)),
      { ...params, numTrees: 100 },
    );
    const f = Math.fround;
    // Feature 0 plays the distance: values near 1 give a backbone of a few hundred seconds.
    const heads: HeadParams = {
      distanceFeature: 0,
      backbone: { turnoutSeconds: f(176.3), secondsPerMetre: f(281.7) },
      p90Offset: f(17.3),
      withinTarget: {
        targetSeconds: 360,
        minSpreadSeconds: 10,
        intercept: f(-0.16),
        perSecond: f(0.0174),
        perSpread: f(0.73),
      },
      late: { intercept: f(-2.98), slope: f(8.6) },
    };
    const bytes = exportEtaModel({
      point,
      upper,
      late,
      heads,
      featureNames: train.data.featureNames,
      metadata: {},
    });

    // Fresh rows: a third of the values sit exactly on a split threshold, some are missing or infinite.
    const numFeatures = train.data.numFeatures;
    const thresholds = thresholdsByFeature([point, upper, late], numFeatures);
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
    const within = out.within_target!.data as Float32Array;
    const lateP = out.late_probability!.data as Float32Array;
    const ours = point.predict(columns, ROWS);
    const oursUpper = upper.predict(columns, ROWS);
    const oursLate = late.predict(columns, ROWS);
    let maxEta = 0;
    let maxP90 = 0;
    let maxWithin = 0;
    let maxLate = 0;
    let compared = 0;
    for (let i = 0; i < ROWS; i++) {
      const d = columns[0]![i]!;
      // A missing or infinite distance has no meaningful answer (serving always has a finite one).
      if (!Number.isFinite(d)) continue;
      compared++;
      const o = evaluateHeads(heads, d, ours[i]!, oursUpper[i]!, oursLate[i]!);
      maxEta = Math.max(maxEta, Math.abs(eta[i]! - o.eta));
      maxP90 = Math.max(maxP90, Math.abs(p90[i]! - o.p90));
      maxWithin = Math.max(maxWithin, Math.abs(within[i]! - o.withinTarget));
      maxLate = Math.max(maxLate, Math.abs(lateP[i]! - o.late));
    }
    console.info(
      `ONNX parity on ${compared} rows: max |eta diff| ${maxEta}, max |p90 diff| ${maxP90}, ` +
        `max |within diff| ${maxWithin}, max |late diff| ${maxLate}`,
    );
    expect(compared).toBeGreaterThan(ROWS * 0.8);
    expect(maxEta).toBeLessThan(TOLERANCE_SECONDS);
    expect(maxP90).toBeLessThan(TOLERANCE_SECONDS);
    expect(maxWithin).toBeLessThan(PROBABILITY_TOLERANCE);
    expect(maxLate).toBeLessThan(PROBABILITY_TOLERANCE);
    // Row-wise prediction (the serving path's reference) agrees too.
    for (let i = 0; i < 1000; i++) {
      const row = columns.map((c) => c[i]!);
      expect(point.predictRow(row)).toBe(ours[i]);
    }
  });
});
