import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUND_TRUTH } from '../../tools/synthetic/index.js';
import { tempDir } from '../fixtures/lfb-files.js';
import { measureRecovery, syntheticHistory, type RecoveryReport } from '../fixtures/synthetic-recovery.js';

/**
 * The "must show" on synthetic data: trained through the product's own path (generated csv →
 * importer → trainFromRows → ONNX), the model's holdout MAE is within 3 % of the generator's
 * irreducible error, it learns most of the slow stations' offsets (what it leaves makes them late more
 * often, and flagged more often), and it recovers the distance effect.
 *
 * Size: 50,000 mobilisations over 24 months. 24 rather than 12 because the holdout is the newest 15 %
 * of calls: with one year of data that is November–December, months the model never trained on, and the
 * generator's month factors (0.95, 0.93: the slowest of the year) leave it ~28 s optimistic there —
 * 7–9 % above the floor at any size (50k: 1.089, 200k: 1.067). Over two years every holdout month was
 * seen a year earlier. Measured model MAE / floor over 24 months: 25k 1.032, 35k 1.029, 50k 1.019–1.024
 * (five generator seeds), 100k 1.018, 200k 1.010, 1M 1.006 — 50k is the smallest size with a safe
 * margin under 1.03. The bench's recovery section runs the larger sizes.
 */
const SIZE = { mobilisations: 50_000, months: 24, seed: 'recovery' } as const;

let cleanup: () => void;
let r: RecoveryReport;

beforeAll(async () => {
  const t = tempDir('pump-eta-recovery-');
  cleanup = t.cleanup;
  r = await measureRecovery(await syntheticHistory(t.dir, SIZE));
  // ~18 s of CPU: 31 s of wall time on the shared 2-core machine at load 6, 74 s at load 13. The limit
  // only keeps a very busy machine from failing it; the bench's recovery section times it.
}, 180_000);
afterAll(() => cleanup?.());

describe('synthetic recovery (50,000 mobilisations, 24 months)', () => {
  it('scores the pipeline’s own holdout rows, whose floor matches the noise model', () => {
    expect(r.result.rows.holdout).toBeGreaterThan(7000);
    // The rows scored here are the pipeline's holdout: same MAE through onnxruntime.
    expect(Math.abs(r.modelMae - r.result.holdout.metrics.mae)).toBeLessThan(0.01);
    // The truth read back from the files explains the imported targets exactly as the noise model says
    // (a wrong join, time zone or station position would inflate the floor).
    expect(r.irreducibleMae / r.expectedIrreducibleMae).toBeGreaterThan(0.97);
    expect(r.irreducibleMae / r.expectedIrreducibleMae).toBeLessThan(1.03);
  });

  it('has a holdout MAE within 3 % of the irreducible error', () => {
    const ratio = r.modelMae / r.irreducibleMae;
    const detail = `model MAE ${r.modelMae.toFixed(2)} s, floor ${r.irreducibleMae.toFixed(2)} s`;
    expect(ratio, detail).toBeLessThanOrEqual(1.03);
    // Below the floor by more than sampling noise would mean the floor is wrong (or a leak).
    expect(ratio, detail).toBeGreaterThan(0.99);
  });

  it('learns the slow stations’ offsets', () => {
    for (const s of r.slowStations) {
      const detail = `${s.code}: learned ${s.learnedSeconds.toFixed(1)} s of ${s.trueSeconds} s over ${s.holdoutRows} rows`;
      expect(s.holdoutRows, detail).toBeGreaterThanOrEqual(30);
      expect(s.learnedSeconds, detail).toBeGreaterThan(0);
      expect(s.learnedSeconds, detail).toBeLessThan(1.5 * s.trueSeconds);
    }
    // The station is a feature, so the model itself corrects the offsets — most of them, not all: a
    // station's ranked code must be isolated by splits, and rarer stations are shrunk towards their
    // neighbours in rank. Pooled share learned: 0.63–0.76 at 50k rows over five generator seeds, 0.85 at
    // 1M; one station alone went as low as 0.27 at 50k, so the per-station bound above is only "positive".
    expect(r.learnedShare).toBeGreaterThan(0.5);
  });

  it('leaves them late more often, and the risk flag fires on them more often', () => {
    // What the model has not absorbed shows as more "arrived > estimate + 120 s" events, the event the
    // risk flag predicts: 1.3–1.8× the other stations' rate in every run measured (50k to 1M rows).
    expect(r.slow.lateRate).toBeGreaterThan(1.2 * r.ordinary.lateRate);
    // The flag itself (a model of the late event on out-of-fold residuals, with the station among its
    // features) fires on the slow stations' rows more often. This is the weakest check: with generator
    // seed 'bench' at 50k rows the two rates were 42 % and 41 %. If a learner change flips it, look at
    // the bench's recovery section before suspecting a bug.
    expect(r.slow.fireRate).toBeGreaterThan(r.ordinary.fireRate);
    // Holdout fire rate matches the pipeline's own report, so the flags above are the product's.
    expect(r.fireRate).toBeCloseTo(r.result.holdout.riskFlag.fireRate, 6);
  });

  it('recovers the distance effect', () => {
    expect(r.distanceCalls).toBeGreaterThan(5000);
    const rises = r.distance.map((d) => d.modelRise);
    for (let j = 1; j < rises.length; j++) expect(rises[j]!).toBeGreaterThan(rises[j - 1]!);
    // The truth's rise from 1 km to 5 km is 1.35 × 4000 m at 15 m/s = 360 s over the call's speed
    // factor (~374 s on these calls). Trees fit a step function that flattens where data thins out
    // (4 % of training runs are over 4.5 km) and share the effect with ward, ground and postcode, which
    // this counterfactual holds fixed. Measured (model / truth, 1→3 km and 1→5 km): 0.83–0.94 and
    // 0.85–0.93 at 50k rows over five generator seeds, 0.90 and 0.93 at 200k, 0.93 and 0.95 at 1M. A model
    // that had not learned the travel speed would miss by far more than the 25 % allowed.
    const T = GROUND_TRUTH;
    for (const d of r.distance.filter((p) => p.metres >= 3000)) {
      const cruise = (T.detourFactor * (d.metres - 1000)) / T.cruiseSpeedMps;
      expect(d.truthRise).toBeGreaterThan(0.9 * cruise);
      expect(d.truthRise).toBeLessThan(1.2 * cruise);
      const detail = `${d.metres} m: model +${d.modelRise.toFixed(0)} s, truth +${d.truthRise.toFixed(0)} s`;
      expect(d.modelRise / d.truthRise, detail).toBeGreaterThan(0.75);
      expect(d.modelRise / d.truthRise, detail).toBeLessThan(1.1);
    }
  });
});
