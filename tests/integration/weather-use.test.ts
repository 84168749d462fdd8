import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PredictRequestSchema, weatherLine, type Prediction } from '../../contract/index.js';
import { openDatabase } from '../../main/core/db/index.js';
import { importFiles } from '../../main/core/ingest/index.js';
import { decodeMetadata } from '../../main/core/model/format.js';
import { WEATHER_INPUT_NAMES } from '../../main/core/model/weather-coverage.js';
import { readOnnxMetadata } from '../../main/core/onnx/index.js';
import { buildGazetteer } from '../../main/core/places/gazetteer.js';
import { EtaService, loadModel, type LoadedModel } from '../../main/core/serving/service.js';
import { loadTrainingRows } from '../../main/core/training/dataset.js';
import { trainFromRows, type TrainingResult } from '../../main/core/training/pipeline.js';
import { generateSynthetic, type GenerateResult } from '../../tools/synthetic/index.js';
import { cli, cliJson } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';

/**
 * Two real models from the same generated history, one trained with the generator's hourly weather
 * file imported for its window and one without: the file records how many training rows had each
 * weather input, and an answer naming typed weather says when the model cannot use it — in the core's
 * answer, in `pump-eta predict` text and --json.
 */
const SIZE = { mobilisations: 6_000, months: 12, seed: 'weather-use' } as const;
const PARAMS = { numTrees: 40 } as const;
const NOT_USED = 'Weather: heavy rain (typed) — not used: this model was trained without weather data';

let cleanup: () => void;
let dir: string;
let generated: GenerateResult;
const trained: Record<'withWeather' | 'without', { db: string; result: TrainingResult }> = {} as never;

async function history(name: string, files: string[]): Promise<string> {
  // Each history in its own folder: the model registry lives beside the database.
  const dbPath = path.join(dir, name, 'history.sqlite');
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const imported = await importFiles(dbPath, files);
  expect(imported.errors).toEqual([]);
  return dbPath;
}

function train(dbPath: string): TrainingResult {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return trainFromRows(loadTrainingRows(db), buildGazetteer(db), { seed: 5, params: PARAMS, threads: 1 });
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const t = tempDir('pump-eta-weather-use-');
  ({ dir, cleanup } = t);
  generated = await generateSynthetic({
    outDir: path.join(dir, 'files'),
    format: 'csv',
    weather: true,
    ...SIZE,
  });
  const lfb = [generated.stationsFile, generated.incidentsFile, generated.mobilisationsFile];
  const withWeather = await history('with', [...lfb, generated.weatherFiles!.visualCrossing]);
  const without = await history('without', lfb);
  trained.withWeather = { db: withWeather, result: train(withWeather) };
  trained.without = { db: without, result: train(without) };
}, 300_000);
afterAll(() => cleanup?.());

const request = (preset: 'heavy-rain' | 'dry') =>
  PredictRequestSchema.parse({
    location: { kind: 'coordinates', easting: 531_500, northing: 180_000 },
    callTime: '2026-11-28T17:30',
    propertyCategory: 'Dwelling',
    weather: { preset },
  });

async function answers(result: TrainingResult): Promise<{ heavy: Prediction; dry: Prediction }> {
  const model: LoadedModel = await loadModel(result.bytes, 'candidate');
  try {
    const service = new EtaService(model, null);
    return {
      heavy: await service.predict(request('heavy-rain')),
      dry: await service.predict(request('dry')),
    };
  } finally {
    await model.session.release();
  }
}

describe('what a model says of the weather it was given', () => {
  it('records in the file how many training rows had each weather input', () => {
    for (const { result } of Object.values(trained)) {
      const fromFile = decodeMetadata(readOnnxMetadata(result.bytes)).weatherCoverage;
      expect(fromFile).toEqual(result.metadata.weatherCoverage);
      expect(fromFile!.rows).toBe(result.rows.train + result.rows.validation);
    }
    const withWeather = trained.withWeather.result.metadata.weatherCoverage!;
    // The generator's file covers every hour of the period: every training row has rain and temperature.
    for (const name of ['rainMm', 'precipitationMm', 'temperatureC'] as const) {
      expect(withWeather.inputs[name].share).toBeGreaterThan(0.99);
    }
    expect(withWeather.inputs.rainMm.splits + withWeather.inputs.precipitationMm.splits).toBeGreaterThan(0);
    const without = trained.without.result.metadata.weatherCoverage!;
    for (const name of WEATHER_INPUT_NAMES) {
      expect(without.inputs[name]).toEqual({ rows: 0, share: 0, splits: 0 });
    }
  });

  it('says typed weather was not used by the model trained without weather, and it indeed changes nothing', async () => {
    const { heavy, dry } = await answers(trained.without.result);
    expect(heavy.weather?.modelUse).toEqual({ status: 'unused', reason: 'no-data', share: 0 });
    expect(weatherLine(heavy.weather!)).toBe(NOT_USED);
    // The trees never split on weather: heavy rain and dry give the same answer.
    expect(heavy.etaSeconds).toBe(dry.etaSeconds);
    expect(heavy.p90Seconds).toBe(dry.p90Seconds);
  });

  it('names typed weather without a caveat when the model learned from weather', async () => {
    const { heavy } = await answers(trained.withWeather.result);
    expect(heavy.weather?.modelUse).toEqual({ status: 'used' });
    expect(weatherLine(heavy.weather!)).toBe('Weather: heavy rain (typed)');
  });

  it('says the same through pump-eta predict, in text and --json, once the model is in service', async () => {
    const db = trained.without.db;
    const candidate = await cliJson<{ modelId: string; weatherCoverage: { rows: number } }>([
      'train',
      '--db',
      db,
      '--seed',
      '5',
      '--trees',
      '20',
    ]);
    expect(candidate.weatherCoverage.rows).toBeGreaterThan(0);
    const promoted = await cli(['promote', candidate.modelId, '--force', '--db', db]);
    expect(promoted.code, promoted.stderr).toBe(0);
    const args = [
      'predict',
      '--easting',
      '531500',
      '--northing',
      '180000',
      '--db',
      db,
      '--weather',
      'heavy-rain',
    ];
    const json = await cliJson<Prediction>(args);
    expect(json.modelId).toBe(candidate.modelId);
    expect(json.weather?.modelUse).toEqual({ status: 'unused', reason: 'no-data', share: 0 });
    const text = await cli(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${NOT_USED}\n`);
    // The data officer is told at training time, in the text report.
    const again = await cli(['train', '--db', db, '--seed', '6', '--trees', '5']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(
      'Weather: no training row had weather data; answers from this model will say typed or imported weather is not used.',
    );
    const ranked = await cli([
      'rank',
      '--easting',
      '531500',
      '--northing',
      '180000',
      '--db',
      db,
      '--weather',
      'heavy-rain',
    ]);
    expect(ranked.stdout).toContain(`${NOT_USED}\n`);
  }, 240_000);
});
