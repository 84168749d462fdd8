import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  trainGbdt,
  trainMulticlass,
  type MulticlassEnsemble,
} from '../../../main/core/gbdt/index.js';
import type { HeadParams } from '../../../main/core/model/heads.js';
import { pumpsProbabilities, PUMP_CLASSES } from '../../../main/core/model/pumps.js';
import { exportEtaModel, PUMPS_OUTPUT, readOnnxMetadata } from '../../../main/core/onnx/index.js';
import { Prng } from '../../../main/core/util/prng.js';
import { friedmanLike } from '../gbdt/helpers.js';

/** onnxruntime's float32 sums and exp differ from the JavaScript twin in the last bits only. */
const PROBABILITY_TOLERANCE = 1e-5;
const ROWS = 20_000;

const f = Math.fround;
const HEADS: HeadParams = {
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

function fixture(): { bytes: Uint8Array; pumps: MulticlassEnsemble; withoutPumps: Uint8Array } {
  const train = friedmanLike(5000, 21, 2);
  const params = { ...DEFAULT_PARAMS, numTrees: 20, numLeaves: 15, earlyStoppingRounds: undefined };
  const point = trainGbdt(train.data, train.y, params);
  const upper = trainGbdt(train.data, train.y, { ...params, objective: 'quantile', alpha: 0.9 });
  const late = trainGbdt(train.data, train.y, params);
  // Five ordered classes from the friedman-like target's quantiles.
  const labels = Uint8Array.from(train.y, (v) => Math.max(0, Math.min(4, Math.floor((v - 5) / 5))));
  const pumps = trainMulticlass(
    train.data,
    labels,
    {
      numClasses: PUMP_CLASSES,
      numTrees: 80,
      learningRate: 0.1,
      numLeaves: 15,
      minDataInLeaf: 20,
      lambdaL2: 1,
      maxBins: 255,
      seed: 5,
    },
    { threads: 1 },
  );
  const common = { point, upper, late, heads: HEADS, featureNames: train.data.featureNames, metadata: {} };
  return {
    bytes: exportEtaModel({ ...common, pumps: { model: pumps, head: { temperature: f(1.37) } } }),
    pumps,
    withoutPumps: exportEtaModel(common),
  };
}

describe('pumps output of the model file', () => {
  const { bytes, pumps, withoutPumps } = fixture();

  it('onnxruntime answers what the JavaScript twin computes, to 1e-5, on rows with thresholds hit and missing values', async () => {
    const session = await ort.InferenceSession.create(bytes);
    try {
      expect(session.outputNames).toContain(PUMPS_OUTPUT);
      const rng = new Prng(9);
      const thresholds = pumps.rounds.flatMap((r) => r.flatMap((t) => Array.from(t.threshold)));
      const F = pumps.numFeatures;
      const x = new Float32Array(ROWS * F);
      for (let i = 0; i < x.length; i++) {
        const u = rng.nextFloat();
        x[i] =
          u < 0.1
            ? NaN
            : u < 0.4
              ? thresholds[rng.nextInt(thresholds.length)]!
              : i % F === 3
                ? rng.nextInt(6)
                : rng.nextFloat();
      }
      const out = await session.run({ features: new ort.Tensor('float32', x, [ROWS, F]) });
      const got = out[PUMPS_OUTPUT]!.data as Float32Array;
      expect(out[PUMPS_OUTPUT]!.dims).toEqual([ROWS, PUMP_CLASSES]);
      let maxDiff = 0;
      let spread = 0;
      for (let i = 0; i < ROWS; i++) {
        const row = x.subarray(i * F, (i + 1) * F);
        const raw = rawScores(pumps, row);
        const twin = pumpsProbabilities({ temperature: f(1.37) }, raw);
        for (let k = 0; k < PUMP_CLASSES; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(twin[k]! - got[i * PUMP_CLASSES + k]!));
          spread = Math.max(spread, twin[k]!);
        }
      }
      expect(maxDiff).toBeLessThan(PROBABILITY_TOLERANCE);
      // The classifier is not a constant: some row puts most of its mass on one class.
      expect(spread).toBeGreaterThan(0.5);
    } finally {
      await session.release();
    }
  });

  it('records the temperature in the metadata; a file without the classifier has no pumps output', async () => {
    expect(JSON.parse(readOnnxMetadata(bytes)['pump_eta.onnx.pumps']!)).toEqual({ temperature: f(1.37) });
    expect(readOnnxMetadata(withoutPumps)['pump_eta.onnx.pumps']).toBeUndefined();
    const session = await ort.InferenceSession.create(withoutPumps);
    expect(session.outputNames).not.toContain(PUMPS_OUTPUT);
    await session.release();
  });
});

/** The learner's raw class scores (summed in float64; onnxruntime sums in float32, hence the tolerance). */
function rawScores(model: MulticlassEnsemble, row: Float32Array): number[] {
  const cols = Array.from(row, (v) => Float32Array.of(v));
  return model.predictRaw(cols, 1).map((r) => r[0]!);
}
