import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchoolHolidays } from '../../main/core/calendar/schoolHolidays.js';
import { openDatabase } from '../../main/core/db/index.js';
import { buildFeatureVector } from '../../main/core/features/build.js';
import { FEATURE_NAMES, type CallInput } from '../../main/core/features/spec.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { buildGazetteer } from '../../main/core/places/gazetteer.js';
import { EtaSession } from '../../main/core/serving/session.js';
import { loadTrainingRows, type TrainingRows } from '../../main/core/training/dataset.js';
import { trainFromRows, type TrainingResult } from '../../main/core/training/pipeline.js';
import { DEFAULT_FRACTIONS, splitByTime } from '../../main/core/training/split.js';
import { generateSynthetic, GROUND_TRUTH, truthBreakdown } from '../../tools/synthetic/index.js';
import { WEATHER_TRUTH } from '../../tools/synthetic/weather.js';
import { tempDir } from '../fixtures/lfb-files.js';
import { truthFeaturesFor } from '../fixtures/synthetic-recovery.js';

/**
 * The generator's known rain effect (each mm of rain in the call's hour makes the journey
 * GROUND_TRUTH.rain.travelPerMm longer, up to capMm) is recovered by a model trained through the
 * product's path: generated files and the generator's Visual Crossing weather file → importer →
 * training rows joined to each call's hour → trainFromRows → ONNX in onnxruntime. On the pipeline's
 * time-based holdout, each wet call is scored twice — with its hour's weather and with that hour made
 * dry (no rain, clear visibility) — and the mean rise is compared with the truth's mean rise on the same
 * calls (the journey's true seconds × the rain factor).
 *
 * Tolerance: the model's mean rise within ±25 % of the truth's, and at least 10 s (a model that ignored
 * the weather would show ~0). Measured: seed 'rain' +34.8 s against +35.9 s (0.97); other data sets
 * measured 0.85–0.92. 24 months rather than 12 for the
 * reason the synthetic recovery test gives (the holdout's months were seen a year earlier); over 12
 * months the L1 learner recovered 0.66 of it.
 */
const SIZE = { mobilisations: 40_000, months: 24, seed: 'rain' } as const;
const TOLERANCE = 0.25;
const MIN_RISE_SECONDS = 10;

let cleanup: () => void;
let rows: TrainingRows;
let result: TrainingResult;
let wet: { model: number; truth: number; calls: number; holdout: number };

beforeAll(async () => {
  const t = tempDir('pump-eta-rain-');
  cleanup = t.cleanup;
  const generated = await generateSynthetic({
    outDir: path.join(t.dir, 'files'),
    mobilisations: SIZE.mobilisations,
    months: SIZE.months,
    format: 'csv',
    seed: SIZE.seed,
    weather: true,
  });
  const dbPath = path.join(t.dir, 'history.sqlite');
  const imported = await importFiles(dbPath, [
    generated.stationsFile,
    generated.incidentsFile,
    generated.mobilisationsFile,
    generated.weatherFiles!.visualCrossing,
  ]);
  expect(imported.errors).toEqual([]);
  const db = openDatabase(dbPath, { readonly: true });
  let gazetteer;
  try {
    rows = loadTrainingRows(db);
    gazetteer = buildGazetteer(db);
  } finally {
    db.close();
  }
  result = trainFromRows(rows, gazetteer, {
    seed: 42,
    schoolHolidays: loadSchoolHolidays(generated.schoolHolidaysFile),
  });

  const holdout = splitByTime(rows.callAt, DEFAULT_FRACTIONS).holdout;
  const wetIndexes = Array.from(holdout).filter((i) => (rows.inputs.get(i).rainMm ?? 0) > 0);
  const inputs = wetIndexes.map((i) => rows.inputs.get(i));
  // A vehicle is one Mobilisation row: IncidentNumber and PumpOrder, as the generator's files key it.
  const wetKeys = wetIndexes.map((i, k) => `${rows.incidentNumber[i]}|${inputs[k]!.pumpOrder}`);
  const truth = await truthFeaturesFor(generated, new Set(wetKeys));
  const spec = result.metadata.featureSpec;
  const F = FEATURE_NAMES.length;
  const session = await EtaSession.create(result.bytes, F);
  try {
    const score = async (list: CallInput[]) => {
      const x = new Float32Array(list.length * F);
      list.forEach((input, k) => x.set(buildFeatureVector(spec, input), k * F));
      return (await session.run(x, list.length)).eta;
    };
    const asIs = await score(inputs);
    const dry = await score(
      inputs.map((x) => ({
        ...x,
        precipitationMm: 0,
        rainMm: 0,
        snowCm: 0,
        visibilityKm: WEATHER_TRUTH.clearVisibilityKm,
      })),
    );
    let model = 0;
    let truthRise = 0;
    inputs.forEach((x, k) => {
      model += asIs[k]! - dry[k]!;
      const parts = truthBreakdown(truth.get(wetKeys[k]!)!);
      const rain = Math.min(x.rainMm!, GROUND_TRUTH.rain.capMm);
      truthRise += parts.travelSeconds * GROUND_TRUTH.rain.travelPerMm * rain;
    });
    wet = {
      model: model / inputs.length,
      truth: truthRise / inputs.length,
      calls: inputs.length,
      holdout: holdout.length,
    };
  } finally {
    await session.release();
  }
}, 240_000);
afterAll(() => cleanup?.());

describe('rain effect recovery (40,000 mobilisations, 24 months, synthetic weather)', () => {
  it('joins every call to its imported hour', () => {
    let withWeather = 0;
    for (let i = 0; i < rows.inputs.length; i++) if (rows.inputs.get(i).temperatureC !== null) withWeather++;
    expect(withWeather / rows.inputs.length).toBeGreaterThan(0.999);
    expect(wet.calls).toBeGreaterThan(300);
  });

  it('recovers the mean slowdown of wet calls within the stated tolerance', () => {
    const detail =
      `model +${wet.model.toFixed(1)} s, truth +${wet.truth.toFixed(1)} s on ${wet.calls} wet holdout calls ` +
      `(of ${wet.holdout})`;
    console.log(`rain effect: ${detail}`);
    expect(wet.model, detail).toBeGreaterThan(MIN_RISE_SECONDS);
    expect(Math.abs(wet.model / wet.truth - 1), detail).toBeLessThanOrEqual(TOLERANCE);
  });
});
