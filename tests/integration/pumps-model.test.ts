import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/index.js';
import { buildFeatureColumns } from '../../main/core/features/build.js';
import { FEATURE_NAMES } from '../../main/core/features/spec.js';
import { decodeMetadata } from '../../main/core/model/format.js';
import { PUMP_CLASSES } from '../../main/core/model/pumps.js';
import { readOnnxMetadata } from '../../main/core/onnx/index.js';
import { EtaSession } from '../../main/core/serving/session.js';
import { EtaService, loadModel } from '../../main/core/serving/service.js';
import {
  likelyPumps,
  PredictRequestSchema,
  pumpsSummary,
  PUMPS_UNAVAILABLE_REASON,
} from '../../contract/index.js';
import { PUMPS_SUMMARY } from '../fixtures/pumps-summary.js';
import { loadPumpCounts, pumpClass } from '../../main/core/training/pumps.js';
import { trainFromRows, type TrainingResult } from '../../main/core/training/pipeline.js';
import { DEFAULT_FRACTIONS, splitByTime } from '../../main/core/training/split.js';
import { GROUND_TRUTH } from '../../tools/synthetic/index.js';
import { tempDir } from '../fixtures/lfb-files.js';
import { syntheticHistory, type SyntheticHistory } from '../fixtures/synthetic-recovery.js';

/**
 * The pumps model on generated history, through the product's path (csv → importer → training rows
 * and recorded pump counts → trainFromRows → ONNX in onnxruntime). The generator draws the pumps sent
 * by stop code and adds one for night calls to a dwelling (GROUND_TRUTH.nightDwellingPumps): a
 * (stop code, property category) table cannot see the hour, the model can.
 */
const SIZE = { mobilisations: 30_000, months: 12, seed: 'pumps' } as const;
/**
 * Reliability: every decile bin of every class, |mean predicted − observed| within 3 standard errors
 * of the observed share plus 0.02 (bins hold ~250 holdout incidents here).
 */
const RELIABILITY_SE = 3;
const RELIABILITY_SLACK = 0.02;

let cleanup: () => void;
let history: SyntheticHistory;
let result: TrainingResult;
let counts: Map<string, number>;

beforeAll(async () => {
  const t = tempDir('pump-eta-pumps-');
  cleanup = t.cleanup;
  history = await syntheticHistory(t.dir, SIZE);
  const db = openDatabase(history.dbPath, { readonly: true });
  try {
    counts = loadPumpCounts(db);
  } finally {
    db.close();
  }
  result = trainFromRows(history.rows, history.gazetteer, {
    schoolHolidays: history.schoolHolidays,
    pumpCounts: counts,
    threads: 1,
  });
}, 240_000);
afterAll(() => cleanup?.());

describe('pumps model on generated history', () => {
  it('is trained on one row per incident with a count, on the ETA models’ time slices', () => {
    const r = result.pumps!;
    expect(r).toBeDefined();
    const total = r.rows.train + r.rows.validation + r.rows.calibration + r.rows.holdout;
    expect(total).toBe(new Set(history.rows.incidentNumber.filter((n) => counts.has(n))).size);
    expect(r.rows.holdout).toBeGreaterThan(1500);
    expect(r.rounds).toBeGreaterThan(10);
    // The model file carries the report and the classifier's temperature.
    const meta = decodeMetadata(readOnnxMetadata(result.bytes));
    expect((meta.metrics as { pumps?: unknown }).pumps).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('beats the (stop code, property category) baseline’s log-loss on the holdout', () => {
    const { model, baseline } = result.pumps!;
    const detail = `model ${JSON.stringify(model)}, baseline ${JSON.stringify(baseline)}`;
    // The night-dwelling pump is information the baseline cannot have.
    expect(model.logLoss.value, detail).toBeLessThan(baseline.logLoss.value - 0.02);
    expect(model.logLoss.high, detail).toBeLessThan(baseline.logLoss.value);
    expect(result.pumps!.logLossDifference.high, detail).toBeLessThan(0);
    expect(model.accuracy.value, detail).toBeGreaterThanOrEqual(baseline.accuracy.value);
    for (const i of [model.logLoss, model.accuracy, baseline.logLoss, baseline.accuracy]) {
      expect(i.low).toBeLessThanOrEqual(i.value);
      expect(i.high).toBeGreaterThanOrEqual(i.value);
    }
  });

  it('is calibrated: every class’s reliability table is within tolerance', () => {
    const { reliability } = result.pumps!;
    expect(reliability).toHaveLength(PUMP_CLASSES);
    for (const [k, table] of reliability.entries()) {
      for (const bin of table) {
        const se = Math.sqrt(Math.max(bin.observed * (1 - bin.observed), 0.01) / bin.count);
        const detail = `class ${k + 1}: ${JSON.stringify(bin)}`;
        expect(bin.count, detail).toBeGreaterThan(100);
        expect(Math.abs(bin.meanPredicted - bin.observed), detail).toBeLessThanOrEqual(
          RELIABILITY_SE * se + RELIABILITY_SLACK,
        );
      }
    }
  });

  it('recovers the night-dwelling pump: onnxruntime’s expected count rises by about what the files show', async () => {
    const rows = history.rows;
    const split = splitByTime(rows.callAt, DEFAULT_FRACTIONS);
    const meta = decodeMetadata(readOnnxMetadata(result.bytes));
    const columns = buildFeatureColumns(meta.featureSpec, rows.inputs);
    const session = await EtaSession.create(result.bytes, FEATURE_NAMES.length);
    const seen = new Set<string>();
    const picked: number[] = [];
    for (const i of split.holdout) {
      const id = rows.incidentNumber[i]!;
      if (!counts.has(id) || seen.has(id)) continue;
      seen.add(id);
      picked.push(i);
    }
    const F = FEATURE_NAMES.length;
    const matrix = new Float32Array(picked.length * F);
    picked.forEach((r, j) => columns.forEach((col, f) => (matrix[j * F + f] = col[r]!)));
    const out = await session.run(matrix, picked.length);
    await session.release();
    const { fromHour, toHour, extra } = GROUND_TRUTH.nightDwellingPumps;
    const groups = { night: { pred: 0, obs: 0, n: 0 }, day: { pred: 0, obs: 0, n: 0 } };
    picked.forEach((r, j) => {
      const input = rows.inputs.get(r);
      if (input.propertyCategory !== 'Dwelling') return;
      const hour = Number(
        new Intl.DateTimeFormat('en-GB', {
          hour: 'numeric',
          hourCycle: 'h23',
          timeZone: 'Europe/London',
        }).format(input.callTime),
      );
      const g = hour >= fromHour && hour <= toHour ? groups.night : groups.day;
      let expected = 0;
      for (let k = 0; k < PUMP_CLASSES; k++) expected += (k + 1) * out.pumps![j * PUMP_CLASSES + k]!;
      g.pred += expected;
      g.obs += pumpClass(counts.get(rows.incidentNumber[r]!)!) + 1;
      g.n++;
    });
    const mean = (g: { pred: number; obs: number; n: number }) => ({ pred: g.pred / g.n, obs: g.obs / g.n });
    const night = mean(groups.night);
    const day = mean(groups.day);
    const detail = `night ${JSON.stringify(night)} (${groups.night.n}), day ${JSON.stringify(day)} (${groups.day.n})`;
    expect(groups.night.n, detail).toBeGreaterThan(100);
    // Pumps stood down before arriving and the 5+ cap make the recorded rise a little under `extra`.
    const observedRise = night.obs - day.obs;
    expect(observedRise, detail).toBeGreaterThan(0.6 * extra);
    expect(Math.abs(night.pred - day.pred - observedRise), detail).toBeLessThan(0.15);
  });
});

describe('serving the pumps answer', () => {
  const request = () =>
    PredictRequestSchema.parse({
      location: { kind: 'coordinates', easting: 530_450, northing: 179_050 },
      callTime: '2024-03-05T02:30:00Z',
      propertyCategory: 'Dwelling',
      stopCode: 'Primary Fire',
    });

  it('answers a distribution, its most likely count and the chance of 4 or more, the same for every station', async () => {
    const model = await loadModel(result.bytes, 'pumps');
    try {
      const service = new EtaService(model, null);
      const p = await service.predict(request());
      const pumps = p.pumps!;
      if (!pumps.available) throw new Error(pumps.reason);
      expect(pumps.probabilities).toHaveLength(PUMP_CLASSES);
      expect(pumps.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      const top = pumps.probabilities.indexOf(Math.max(...pumps.probabilities)) + 1;
      expect(pumps.mostLikely).toBe(top);
      expect(pumps.fourOrMoreProbability).toBeCloseTo(pumps.probabilities[3]! + pumps.probabilities[4]!, 2);
      // The headline follows the rule on the model's own distribution (contract/pumps.ts).
      expect(pumps.likely).toEqual({
        ...likelyPumps(pumps.probabilities),
        probability: pumps.likely.probability,
      });
      expect(pumps.summary).toBe(pumpsSummary(pumps.likely, pumps.fourOrMoreProbability));
      expect(pumps.summary).toMatch(PUMPS_SUMMARY);
      // A night fire in a dwelling needs more than one pump in the generated history.
      expect(pumps.mostLikely).toBeGreaterThanOrEqual(2);
      const ranked = await service.rank(request());
      for (const s of ranked.stations) expect(s.pumps).toEqual(pumps);
    } finally {
      await model.session.release();
    }
  });

  it('a model file without the classifier still loads and serves ETAs, and says it has no pumps estimate', async () => {
    const old = trainFromRows(history.rows, history.gazetteer, {
      schoolHolidays: history.schoolHolidays,
      threads: 1,
      params: { numTrees: 20 },
    });
    expect(old.pumps).toBeUndefined();
    const model = await loadModel(old.bytes, 'old');
    try {
      expect(model.session.hasPumps).toBe(false);
      const p = await new EtaService(model, null).predict(request());
      expect(p.etaSeconds).toBeGreaterThan(30);
      expect(p.pumps).toEqual({ available: false, reason: PUMPS_UNAVAILABLE_REASON });
    } finally {
      await model.session.release();
    }
  }, 120_000);
});
