import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { weatherLine, WEATHER_MIN_SHARE } from '../../../contract/index.js';
import { decodeMetadata, encodeMetadata } from '../../../main/core/model/format.js';
import { readOnnxMetadata } from '../../../main/core/onnx/index.js';
import { DEMO_MODEL_FILE, findResourcesDir } from '../../../main/core/registry/manager.js';
import {
  WEATHER_INPUT_NAMES,
  type WeatherCoverage,
  type WeatherInputName,
} from '../../../main/core/model/weather-coverage.js';
import {
  noImportedWeather,
  resolveWeather,
  weatherModelUse,
  weatherTrainingLine,
  withModelUse,
} from '../../../main/core/serving/weather.js';
import { weatherCoverage } from '../../../main/core/training/weather-coverage.js';
import { FEATURE_INDEX, FEATURE_NAMES } from '../../../main/core/features/spec.js';
import type { Tree } from '../../../main/core/gbdt/index.js';

/**
 * Whether an answer's weather can count, from what the model file records of its training rows: the
 * rule, its sentence on every surface, and the record itself (counted from real columns and trees).
 */
const ROWS = 10_000;

function coverage(share: Partial<Record<WeatherInputName, number>>, splits = 10): WeatherCoverage {
  const inputs = Object.fromEntries(
    WEATHER_INPUT_NAMES.map((name) => {
      const s = share[name] ?? 0;
      return [name, { rows: Math.round(s * ROWS), share: s, splits: s > 0 ? splits : 0 }];
    }),
  ) as WeatherCoverage['inputs'];
  return { rows: ROWS, inputs };
}

const at = new Date('2024-07-01T16:40:00Z');
const heavyRain = resolveWeather({ preset: 'heavy-rain' }, noImportedWeather, at);
const full = { temperatureC: 1, precipitationMm: 1, rainMm: 1, snowCm: 1, windKmh: 1, visibilityKm: 1 };

describe('weather use by the model', () => {
  it('says typed weather was not used by a model trained without any', () => {
    const w = withModelUse(heavyRain, coverage({}));
    expect(w.modelUse).toEqual({ status: 'unused', reason: 'no-data', share: 0 });
    expect(weatherLine(w)).toBe(
      'Weather: heavy rain (typed) — not used: this model was trained without weather data',
    );
  });

  it('never calls a snowing hour dry: snow with no rain reads "no rain"', () => {
    const hour = {
      source: 'imported' as const,
      hourLabel: '10:00',
      conditions: null,
      modelUse: { status: 'used' as const },
    };
    const snow = {
      temperatureC: 0.2,
      precipitationMm: 1,
      rainMm: 0,
      snowCm: 0.7,
      windKmh: 5,
      visibilityKm: 4,
    };
    expect(weatherLine({ ...hour, ...snow })).toMatch(/^Weather: 0\.2 °C, 0\.7 cm snow, no rain at 10:00/);
    expect(weatherLine({ ...hour, ...snow, snowCm: 0 })).toMatch(/^Weather: 0\.2 °C, dry at 10:00/);
  });

  it('says nothing more when the model learned from the weather the answer has', () => {
    const w = withModelUse(heavyRain, coverage(full));
    expect(w.modelUse).toEqual({ status: 'used' });
    expect(weatherLine(w)).toBe('Weather: heavy rain (typed)');
  });

  it('draws the line at the stated share, and names the share below it', () => {
    const below = WEATHER_MIN_SHARE - 0.01;
    const little = withModelUse(heavyRain, coverage({ rainMm: below, precipitationMm: below }));
    expect(little.modelUse).toEqual({ status: 'unused', reason: 'little-data', share: below });
    expect(weatherLine(little)).toBe(
      "Weather: heavy rain (typed) — not used: only 4 % of this model's training rows had weather data",
    );
    const tiny = withModelUse(heavyRain, coverage({ rainMm: 0.001 }));
    expect(weatherLine(tiny)).toMatch(
      /— not used: under 1 % of this model's training rows had weather data$/,
    );
    expect(weatherModelUse(coverage({ rainMm: WEATHER_MIN_SHARE }), heavyRain)).toEqual({ status: 'used' });
  });

  it('judges only the values the answer has: wind alone in training does not make typed rain count', () => {
    // Heavy rain sets rain, precipitation, snow and visibility; the imported-free answer has no wind.
    expect(weatherModelUse(coverage({ windKmh: 1, temperatureC: 1 }), heavyRain)).toEqual({
      status: 'unused',
      reason: 'no-data',
      share: 0,
    });
    // A temperature typed alone is used by a model that learned from temperatures.
    const cold = resolveWeather({ temperatureC: -2 }, noImportedWeather, at);
    expect(weatherModelUse(coverage({ temperatureC: 1 }), cold)).toEqual({ status: 'used' });
  });

  it('says when the trees never split on the weather they had', () => {
    const w = withModelUse(heavyRain, coverage(full, 0));
    expect(w.modelUse).toEqual({ status: 'unused', reason: 'no-effect', share: 1 });
    expect(weatherLine(w)).toBe(
      'Weather: heavy rain (typed) — not used: this model learned no effect of the weather from its training data',
    );
  });

  it('says use is unknown for a file without the record, and adds nothing when the answer has no weather', () => {
    const w = withModelUse(heavyRain, undefined);
    expect(w.modelUse).toEqual({ status: 'unknown' });
    expect(weatherLine(w)).toBe(
      'Weather: heavy rain (typed) — weather use unknown for this model (its file does not record whether it learned from weather)',
    );
    const none = withModelUse(resolveWeather(undefined, noImportedWeather, at), coverage({}));
    expect(none.modelUse).toBeUndefined();
    expect(weatherLine(none)).toBe('Weather: none imported for this hour: answered without');
  });
});

describe('the training report’s weather line', () => {
  it('tells the data officer whether answers will use weather, and what to do when not', () => {
    expect(weatherTrainingLine(coverage(full))).toBe(
      'Weather: 10,000 training rows of 10,000 (100 %) had weather data; the trees split on it 60 times ' +
        '(temperature 10, precipitation 10, rain 10, snow 10, wind 10, visibility 10).',
    );
    // Rows with any weather value, and only the inputs the trees split on, most splits first.
    const some: WeatherCoverage = {
      rows: ROWS,
      inputs: {
        ...coverage({}).inputs,
        temperatureC: { rows: 8_123, share: 0.8123, splits: 7 },
        rainMm: { rows: 8_123, share: 0.8123, splits: 12 },
        snowCm: { rows: 8_123, share: 0.8123, splits: 0 },
      },
    };
    expect(weatherTrainingLine(some)).toBe(
      'Weather: 8,123 training rows of 10,000 (81 %) had weather data; the trees split on it 19 times ' +
        '(rain 12, temperature 7).',
    );
    expect(weatherTrainingLine(coverage({}))).toBe(
      'Weather: no training row had weather data; answers from this model will say typed or imported ' +
        'weather is not used. To have it count, import a weather file covering the same period and retrain.',
    );
    expect(weatherTrainingLine(coverage({ rainMm: 0.02 }))).toMatch(
      /^Weather: only 2 % of the training rows had weather data; answers/,
    );
    expect(weatherTrainingLine(coverage(full, 0))).toMatch(
      /^Weather: 100 % of the training rows had weather data but the trees found no effect of it; answers/,
    );
  });
});

describe('the weather record of a model file', () => {
  it('counts rows with a value over the training rows only, and splits over every tree', () => {
    const n = 8;
    const columns = FEATURE_NAMES.map(() => new Float32Array(n).fill(Number.NaN));
    // Rows 0–3 train, 4–5 validation, 6–7 holdout (never counted): rain on rows 0, 4 and 6.
    for (const i of [0, 4, 6]) columns[FEATURE_INDEX.rain_mm]![i] = 2;
    for (let i = 0; i < n; i++) columns[FEATURE_INDEX.temperature_c]![i] = 10;
    const tree = (features: number[]): Tree => ({
      splitFeature: Int32Array.from(features),
      threshold: new Float32Array(features.length),
      defaultLeft: new Uint8Array(features.length),
      left: new Int32Array(features.length),
      right: new Int32Array(features.length),
      leafValue: new Float32Array(features.length + 1),
    });
    const c = weatherCoverage(
      columns,
      [Uint32Array.from([0, 1, 2, 3]), Uint32Array.from([4, 5])],
      [tree([FEATURE_INDEX.rain_mm, FEATURE_INDEX.distance_m]), tree([FEATURE_INDEX.rain_mm])],
    );
    expect(c.rows).toBe(6);
    expect(c.inputs.rainMm).toEqual({ rows: 2, share: 0.3333, splits: 2 });
    expect(c.inputs.temperatureC).toEqual({ rows: 6, share: 1, splits: 0 });
    expect(c.inputs.snowCm).toEqual({ rows: 0, share: 0, splits: 0 });
  });

  it('travels in the file’s metadata and reads back; a file without it reads as not recorded', () => {
    const props = readOnnxMetadata(fs.readFileSync(path.join(findResourcesDir(), DEMO_MODEL_FILE)));
    const withoutRecord = { ...props };
    delete withoutRecord['pump_eta.weather_coverage'];
    const old = decodeMetadata(withoutRecord);
    expect(old.weatherCoverage).toBeUndefined();
    expect(withModelUse(heavyRain, old.weatherCoverage).modelUse).toEqual({ status: 'unknown' });

    const record = coverage({ rainMm: 0.5 });
    const encoded = encodeMetadata({ ...old, weatherCoverage: record });
    expect(decodeMetadata(encoded).weatherCoverage).toEqual(record);
    expect(decodeMetadata(encodeMetadata(old))).toEqual(old);
    // A damaged record is refused, not read as "no weather".
    expect(() =>
      decodeMetadata({ ...encoded, 'pump_eta.weather_coverage': '{"rows":-1,"inputs":{}}' }),
    ).toThrow();
  });
});
