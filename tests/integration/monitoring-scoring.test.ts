import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_IN_TRAINING_WINDOW } from '../../contract/index.js';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { notInTrainingWindow } from '../../main/core/monitor/drift.js';
import { computeReference, scoreSinceTraining, type MonitorWindow } from '../../main/core/monitor/score.js';
import { loadForMonitoring, pruneToOutputs, type MonitorModel } from '../../main/core/monitor/session.js';
import { threadScorer } from '../../main/core/monitor/scorer.js';
import { VehicleBatch, VehicleReader } from '../../main/core/monitor/vehicles.js';
import { monitorStationTable } from '../../main/core/monitor/score.js';
import { modelsDirFor } from '../../main/core/paths.js';
import { Registry } from '../../main/core/registry/registry.js';
import { loadModel, type LoadedModel } from '../../main/core/serving/service.js';
import {
  EtaSession,
  OUTPUT_ETA,
  OUTPUT_LATE,
  OUTPUT_P90,
  OUTPUT_WITHIN_TARGET,
} from '../../main/core/serving/session.js';
import { generateSynthetic } from '../../tools/synthetic/index.js';
import { cli } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';
import { referenceScore, sortedSnapshot } from '../fixtures/monitor-reference.js';
import {
  copyHistory,
  filesOf,
  importThroughCore,
  NEWER_MONTHS,
  NEWER_START,
  newerFiles,
  openTestCore,
  trainedHistory,
  type MonitoringSizes,
} from '../fixtures/monitoring.js';

/**
 * The monitor's fast path (its own reader straight into feature rows, a two-thread session on the
 * model cut down to the outputs it reads) gives the same sums, drift and new values as the plain way:
 * training's reader, one `CallInput` and `buildFeatureVector` per vehicle, the serving session on the
 * whole file. On generated months after a champion's window, with a new station, a slowed one and
 * hourly weather the training window never had.
 */
const SIZES: MonitoringSizes = { trainingVehicles: 20_000, newerVehicles: 6_000, numTrees: 40 };
const WEATHER_FEATURES = [
  'temperature_c',
  'precipitation_mm',
  'rain_mm',
  'snow_cm',
  'wind_kmh',
  'visibility_km',
];

let dir: string;
let cleanup: () => void;
let dbPath: string;
let db: Db;
let plain: LoadedModel;
let lean: MonitorModel;
let bytes: Uint8Array;
let window: MonitorWindow;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('pump-eta-monitor-scoring-'));
  const base = await trainedHistory(path.join(dir, 'base'), SIZES);
  dbPath = copyHistory(base, path.join(dir, 'history'));
  const newer = await newerFiles(path.join(dir, 'newer'), true, SIZES);
  // Hourly weather for the newer months only: the champion was trained without any.
  const weather = await generateSynthetic({
    outDir: path.join(dir, 'weather'),
    mobilisations: 200,
    months: NEWER_MONTHS,
    startDate: NEWER_START,
    format: 'csv',
    weather: true,
    seed: 'monitor-weather',
  });
  const core = await openTestCore(dbPath);
  try {
    await importThroughCore(core, [...filesOf(newer), weather.weatherFiles!.visualCrossing]);
  } finally {
    await core.close();
  }
  db = openDatabase(dbPath);
  const registry = new Registry(db, modelsDirFor(dbPath));
  const champion = registry.champion()!;
  bytes = fs.readFileSync(registry.filePath(champion));
  plain = await loadModel(bytes, champion.id);
  // In a scoring thread of its own, as after an import on a machine of two cores or more.
  lean = await loadForMonitoring(bytes, champion.id, false);
  const w = plain.meta.window;
  window = {
    trainFrom: Date.parse(w.trainFrom),
    trainTo: Date.parse(w.trainTo),
    scoredAfter: Date.parse(w.holdoutTo),
  };
}, 900_000);

afterAll(async () => {
  await plain?.session.release();
  await lean?.scorer.release();
  db?.close();
  cleanup();
});

describe('scoring the champion after an import', () => {
  it('gives exactly the sums, drift and new values of the plain computation', async () => {
    const reference = computeReference(db, plain, window);
    const fast = await scoreSinceTraining(db, lean, window, reference);
    const slow = await referenceScore(db, plain, window, reference);
    // The case is not empty: newer vehicles scored, a new station's counted apart, new names found.
    expect(fast.vehicles).toBeGreaterThan(SIZES.newerVehicles / 2);
    expect(fast.unscored).toBeGreaterThan(0);
    expect(fast.newCategories.some((c) => c.feature === 'ward')).toBe(true);
    expect(fast.months.length).toBeGreaterThanOrEqual(NEWER_MONTHS);
    expect(sortedSnapshot(fast)).toEqual(sortedSnapshot(slow));
    // On a machine of one core the session stays on the monitor's thread: the same answer.
    const single = await loadForMonitoring(bytes, plain.id, true);
    try {
      expect(sortedSnapshot(await scoreSinceTraining(db, single, window, reference))).toEqual(
        sortedSnapshot(slow),
      );
    } finally {
      await single.scorer.release();
    }
  });

  it('says why when the scoring thread cannot open the model', async () => {
    await expect(threadScorer(new Uint8Array([8, 1, 2, 3]))).rejects.toThrow();
  });

  it('the cut-down model answers as the whole file does, without the pumps classifier', async () => {
    expect(plain.session.hasPumps).toBe(true);
    const kept = [OUTPUT_ETA, OUTPUT_P90, OUTPUT_WITHIN_TARGET, OUTPUT_LATE];
    const pruned = pruneToOutputs(bytes, kept);
    const session = await EtaSession.create(pruned, plain.session.numFeatures);
    expect(session.hasPumps).toBe(false);
    expect(pruned.length).toBeLessThan(bytes.length);
    // A file with nothing else to cut comes back as it was.
    expect(pruneToOutputs(pruned, kept)).toBe(pruned);
    const reader = new VehicleReader(
      db,
      plain.meta.featureSpec,
      monitorStationTable(db, plain),
      window.scoredAfter,
      () => 0,
      () => {},
    );
    const batch = new VehicleBatch(2_000);
    expect(reader.fill(batch)).toBe(2_000);
    reader.close();
    const rows = batch.matrix.subarray(0, batch.count * plain.session.numFeatures);
    const whole = await plain.session.run(rows, batch.count);
    const cut = await session.run(rows, batch.count);
    await session.release();
    expect(cut.eta).toEqual(whole.eta);
    expect(cut.p90).toEqual(whole.p90);
    expect(cut.withinTarget).toEqual(whole.withinTarget);
    expect(cut.late).toEqual(whole.late);
  });

  it('marks inputs the training window never held instead of reporting their drift, and never advises on them', async () => {
    expect([...notInTrainingWindow(computeReference(db, plain, window))].sort()).toEqual(
      [...WEATHER_FEATURES].sort(),
    );
    const core = await openTestCore(dbPath);
    try {
      const report = await core.monitor();
      const weather = report.drift.filter((d) => WEATHER_FEATURES.includes(d.feature));
      expect(weather.map((d) => d.feature).sort()).toEqual([...WEATHER_FEATURES].sort());
      for (const d of weather) {
        expect(d).toMatchObject({ psi: null, level: null, notInTrainingWindow: true });
      }
      for (const d of report.drift.filter((x) => !WEATHER_FEATURES.includes(x.feature))) {
        expect(d.notInTrainingWindow).toBe(false);
        expect(d.psi).not.toBeNull();
      }
      for (const feature of WEATHER_FEATURES) {
        expect(report.advice.sentence).not.toContain(feature);
        expect(report.advice.reasons.join(' ')).not.toContain(feature);
      }
    } finally {
      await core.close();
    }
    const text = await cli(['monitor', '--db', dbPath]);
    expect(text.stdout).toMatch(new RegExp(`^  (\\w+, )*rain_mm(, \\w+)*: ${NOT_IN_TRAINING_WINDOW}$`, 'm'));
  });
});
