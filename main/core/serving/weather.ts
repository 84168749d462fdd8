import {
  WEATHER_MIN_SHARE,
  WEATHER_PRESET_VALUES,
  type WeatherInput,
  type WeatherModelUse,
  type WeatherUsed,
  type WeatherValues,
} from '../../../contract/index.js';
import { countOf } from '../../../contract/counts.js';
import {
  WEATHER_INPUT_NAMES,
  type WeatherCoverage,
  type WeatherInputName,
} from '../model/weather-coverage.js';
import { londonParts } from '../calendar/londonTime.js';
import type { Db } from '../db/index.js';
import { MS_PER_HOUR } from '../ingest/weather/hours.js';
import {
  latestWeatherBefore,
  weatherAt,
  weatherValues,
  type StoredWeather,
} from '../ingest/weather/stored.js';

/**
 * Which weather an answer uses. Values the dispatcher typed win; then the imported hour the call falls
 * in; else the latest imported hour if it is at most WEATHER_FRESH_HOURS older (weather files are
 * imported after the fact, so "now" is usually past the last hour); else none, and the model answers
 * with the weather missing, as it learned to for calls in hours no file covered.
 */

/** An imported hour older than this says nothing of the weather now. */
export const WEATHER_FRESH_HOURS = 3;

export interface ImportedWeather {
  readonly hour: StoredWeather;
  /** The call's own hour (false: the latest one, within the window). */
  readonly exact: boolean;
}

export type WeatherLookup = (callTime: Date) => ImportedWeather | null;

export const noImportedWeather: WeatherLookup = () => null;

/** Looks the call's hour up in the history's `weather_hours`. */
export function importedWeatherFrom(db: Db): WeatherLookup {
  return (callTime) => {
    const ms = callTime.getTime();
    const hour = weatherAt(db, ms);
    if (hour) return { hour, exact: true };
    const latest = latestWeatherBefore(db, ms);
    if (latest && ms - latest.hourAt < (WEATHER_FRESH_HOURS + 1) * MS_PER_HOUR)
      return { hour: latest, exact: false };
    return null;
  };
}

const NO_VALUES: WeatherValues = {
  temperatureC: null,
  precipitationMm: null,
  rainMm: null,
  snowCm: null,
  windKmh: null,
  visibilityKm: null,
};

const two = (n: number) => String(n).padStart(2, '0');

/** The weather the model reads for a call, and how the answer describes it. */
export function resolveWeather(
  typed: WeatherInput | undefined,
  lookup: WeatherLookup,
  callTime: Date,
): WeatherUsed {
  const imported = lookup(callTime);
  const base: WeatherValues = imported ? weatherValues(imported.hour) : NO_VALUES;
  const preset = typed?.preset;
  const told: Partial<WeatherValues> = {
    ...(preset ? WEATHER_PRESET_VALUES[preset] : {}),
    ...(typed?.rainMm !== undefined
      ? { rainMm: typed.rainMm, precipitationMm: typed.rainMm, ...(typed.rainMm > 0 ? {} : { snowCm: 0 }) }
      : {}),
    ...(typed?.temperatureC !== undefined ? { temperatureC: typed.temperatureC } : {}),
  };
  if (Object.keys(told).length > 0) {
    return { source: 'typed', ...(preset ? { preset } : {}), ...base, ...told };
  }
  if (imported) {
    const { hour } = londonParts(imported.hour.hourAt);
    return {
      source: 'imported',
      ...base,
      hourAt: new Date(imported.hour.hourAt).toISOString(),
      hourLabel: `${two(hour)}:00`,
      latest: !imported.exact,
      conditions: imported.hour.conditions,
    };
  }
  return { source: 'none', ...NO_VALUES };
}

/** The CallInput fields of the weather used. */
export function weatherInput(w: WeatherUsed): WeatherValues {
  return {
    temperatureC: w.temperatureC,
    precipitationMm: w.precipitationMm,
    rainMm: w.rainMm,
    snowCm: w.snowCm,
    windKmh: w.windKmh,
    visibilityKm: w.visibilityKm,
  };
}

/**
 * Whether the model can take the answer's weather into account (see WeatherModelUse): judged on the
 * values the answer has, against what the model file records of its training rows. Undefined when the
 * answer has no weather value: the line then already says it answered without.
 */
export function weatherModelUse(
  coverage: WeatherCoverage | undefined,
  values: WeatherValues,
): WeatherModelUse | undefined {
  const given = WEATHER_INPUT_NAMES.filter((name) => values[name] !== null);
  if (given.length === 0) return undefined;
  if (!coverage) return { status: 'unknown' };
  const learned = (name: (typeof given)[number]) =>
    coverage.inputs[name].share >= WEATHER_MIN_SHARE && coverage.inputs[name].splits > 0;
  if (given.some(learned)) return { status: 'used' };
  const share = Math.max(...given.map((name) => coverage.inputs[name].share));
  const reason = share === 0 ? 'no-data' : share < WEATHER_MIN_SHARE ? 'little-data' : 'no-effect';
  return { status: 'unused', reason, share };
}

/** The weather used, with what the model can make of it. */
export function withModelUse(weather: WeatherUsed, coverage: WeatherCoverage | undefined): WeatherUsed {
  const use = weatherModelUse(coverage, weatherInput(weather));
  return use ? { ...weather, modelUse: use } : weather;
}

/** Every weather input given: the question "can this model use any weather at all?". */
const ALL_VALUES_GIVEN: WeatherValues = {
  temperatureC: 0,
  precipitationMm: 0,
  rainMm: 0,
  snowCm: 0,
  windKmh: 0,
  visibilityKm: 0,
};

/** Each weather input in a word, as the training line names it. */
const WEATHER_INPUT_WORD: Readonly<Record<WeatherInputName, string>> = {
  temperatureC: 'temperature',
  precipitationMm: 'precipitation',
  rainMm: 'rain',
  snowCm: 'snow',
  windKmh: 'wind',
  visibilityKm: 'visibility',
};

/**
 * What a training run's report says of the weather its model learned from: the data officer learns
 * at once that typed weather will not count, and why, instead of from a dispatcher.
 */
export function weatherTrainingLine(coverage: WeatherCoverage): string {
  const share = Math.max(...WEATHER_INPUT_NAMES.map((name) => coverage.inputs[name].share));
  const percent = Math.round(share * 100);
  const use = weatherModelUse(coverage, ALL_VALUES_GIVEN);
  if (use?.status === 'used') {
    const rows = Math.max(...WEATHER_INPUT_NAMES.map((name) => coverage.inputs[name].rows));
    const split = WEATHER_INPUT_NAMES.filter((name) => coverage.inputs[name].splits > 0).sort(
      (a, b) => coverage.inputs[b].splits - coverage.inputs[a].splits,
    );
    const splits = split.reduce((sum, name) => sum + coverage.inputs[name].splits, 0);
    const each = split
      .map((name) => `${WEATHER_INPUT_WORD[name]} ${coverage.inputs[name].splits}`)
      .join(', ');
    return (
      `Weather: ${countOf(rows, 'training row', 'training rows')} of ${coverage.rows.toLocaleString('en-GB')} ` +
      `(${percent} %) had weather data; the trees split on it ${countOf(splits, 'time', 'times')} (${each}).`
    );
  }
  const had =
    share === 0
      ? 'no training row had weather data'
      : share < WEATHER_MIN_SHARE
        ? `only ${percent > 0 ? `${percent} %` : 'under 1 %'} of the training rows had weather data`
        : `${percent} % of the training rows had weather data but the trees found no effect of it`;
  return (
    `Weather: ${had}; answers from this model will say typed or imported weather is not used. ` +
    'To have it count, import a weather file covering the same period and retrain.'
  );
}
