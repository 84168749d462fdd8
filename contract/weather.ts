import { z } from 'zod';
import { countOf } from './counts.js';

/**
 * The weather an answer used: what the dispatcher typed, the imported hour of the call, or none. A
 * typed choice is one of a few named conditions, each standing for documented values (below); typed
 * numbers (rain in mm in the hour, temperature in °C) win over both.
 */

export const WEATHER_PRESETS = ['dry', 'light-rain', 'heavy-rain', 'snow', 'fog'] as const;
export type WeatherPreset = (typeof WEATHER_PRESETS)[number];

/** How each choice reads in a sentence. */
export const WEATHER_PRESET_LABEL: Readonly<Record<WeatherPreset, string>> = {
  dry: 'dry',
  'light-rain': 'light rain',
  'heavy-rain': 'heavy rain',
  snow: 'snow',
  fog: 'fog',
};

/** The weather values a model reads (metric; null: not known). */
export interface WeatherValues {
  readonly temperatureC: number | null;
  /** All precipitation, mm of water in the hour. */
  readonly precipitationMm: number | null;
  readonly rainMm: number | null;
  readonly snowCm: number | null;
  readonly windKmh: number | null;
  readonly visibilityKm: number | null;
}

/** The weather hours the history holds, as the Data screen and `pump-eta stats` show them. */
export interface StoredWeatherSummary {
  readonly hours: number;
  /** The first and last stored hour (ISO, UTC); null when none is stored. */
  readonly firstHour: string | null;
  readonly lastHour: string | null;
  /** Hours between the first and the last that no import stored: calls in them have no weather. */
  readonly gaps: number;
  /** Which provider's file each stored hour last came from, most hours first. */
  readonly sources: readonly { readonly source: string; readonly hours: number }[];
}

/** How each provider is named (`weather_hours.source`). */
export const WEATHER_SOURCE_LABEL: Readonly<Record<string, string>> = {
  'visual-crossing': 'Visual Crossing',
  'open-meteo': 'Open-Meteo',
};

/** "2023-01-01 00:00 UTC" from an ISO instant. */
const hourText = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * The stored weather in one line, the same on the Data screen and in `pump-eta stats`: "8,760 hours
 * from … to … UTC; no gaps; from Visual Crossing (8,760 hours)".
 */
export function storedWeatherText(w: StoredWeatherSummary): string {
  if (w.hours === 0 || w.firstHour === null || w.lastHour === null) {
    return 'none imported: answers use typed weather only, and models train without weather';
  }
  const gaps =
    w.gaps === 0
      ? 'no gaps'
      : `${countOf(w.gaps, 'hour', 'hours')} missing in between (gaps: calls in them have no weather)`;
  const sources = w.sources
    .map((s) => `${WEATHER_SOURCE_LABEL[s.source] ?? s.source} (${countOf(s.hours, 'hour', 'hours')})`)
    .join(', ');
  return `${countOf(w.hours, 'hour', 'hours')} from ${hourText(w.firstHour)} to ${hourText(w.lastHour)}; ${gaps}; from ${sources}`;
}

/**
 * What each choice sets (values it leaves unset come from the imported hour when there is one).
 * Light rain is about the wettest London hour in ten; heavy rain the wettest in a few hundred.
 */
export const WEATHER_PRESET_VALUES: Readonly<Record<WeatherPreset, Partial<WeatherValues>>> = {
  dry: { precipitationMm: 0, rainMm: 0, snowCm: 0 },
  'light-rain': { precipitationMm: 1, rainMm: 1, snowCm: 0, visibilityKm: 10 },
  'heavy-rain': { precipitationMm: 6, rainMm: 6, snowCm: 0, visibilityKm: 5 },
  snow: { precipitationMm: 1, rainMm: 0, snowCm: 1, temperatureC: 0, visibilityKm: 2 },
  fog: { precipitationMm: 0, rainMm: 0, snowCm: 0, visibilityKm: 0.2 },
};

const MAX_TYPED_RAIN_MM = 150;
const MIN_TYPED_TEMPERATURE_C = -25;
const MAX_TYPED_TEMPERATURE_C = 45;

export const WeatherInputSchema = z.strictObject({
  preset: z
    .enum(WEATHER_PRESETS, { error: `weather must be one of ${WEATHER_PRESETS.join(', ')}` })
    .optional(),
  rainMm: z
    .number({ error: 'rain must be a number of mm in the hour' })
    .min(0, { error: 'rain cannot be negative' })
    .max(MAX_TYPED_RAIN_MM, { error: `rain must be at most ${MAX_TYPED_RAIN_MM} mm in the hour` })
    .optional(),
  temperatureC: z
    .number({ error: 'temperature must be a number of °C' })
    .min(MIN_TYPED_TEMPERATURE_C, { error: `temperature must be at least ${MIN_TYPED_TEMPERATURE_C} °C` })
    .max(MAX_TYPED_TEMPERATURE_C, { error: `temperature must be at most ${MAX_TYPED_TEMPERATURE_C} °C` })
    .optional(),
});
export type WeatherInput = z.infer<typeof WeatherInputSchema>;

export type WeatherSource = 'typed' | 'imported' | 'none';

/**
 * Below this share of its training rows with a weather value, a model is taken not to use that value:
 * the trees had too little of it to learn an effect that an answer could rest on.
 */
export const WEATHER_MIN_SHARE = 0.05;

/**
 * Whether the model behind an answer can take the weather it was given into account. `used`: at least
 * one of the answer's weather values was present in WEATHER_MIN_SHARE or more of its training rows and
 * its trees split on it. `unused`: none was — no training row had weather (`no-data`), too few did
 * (`little-data`, `share` the largest share), or they did but the trees never split on it
 * (`no-effect`); typed weather then cannot change the answer. `unknown`: the model file predates the
 * record of its weather rows.
 */
export type WeatherModelUse =
  | { readonly status: 'used' }
  | {
      readonly status: 'unused';
      readonly reason: 'no-data' | 'little-data' | 'no-effect';
      /** The largest share (0–1) of training rows with any of the answer's weather values. */
      readonly share: number;
    }
  | { readonly status: 'unknown' };

export interface WeatherUsed extends WeatherValues {
  readonly source: WeatherSource;
  /** The typed choice, when one was made. */
  readonly preset?: WeatherPreset;
  /** Imported: the hour's start (ISO, UTC) and its London clock time ("17:00"). */
  readonly hourAt?: string;
  readonly hourLabel?: string;
  /** Imported: the latest hour imported, not the call's own (within the freshness window). */
  readonly latest?: boolean;
  readonly conditions?: string | null;
  /** Whether the model can use these values; absent when the answer has none. */
  readonly modelUse?: WeatherModelUse;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function values(w: WeatherValues): string {
  const parts: string[] = [];
  if (w.temperatureC !== null) parts.push(`${round1(w.temperatureC)} °C`);
  const rain = w.rainMm ?? w.precipitationMm;
  if (w.snowCm !== null && w.snowCm > 0) parts.push(`${round1(w.snowCm)} cm snow`);
  const snowing = w.snowCm !== null && w.snowCm > 0;
  // Snow with no rain is not "dry": only say "dry" when nothing falls.
  if (rain !== null) parts.push(rain > 0 ? `${round1(rain)} mm rain` : snowing ? 'no rain' : 'dry');
  if (w.visibilityKm !== null && w.visibilityKm < 1) parts.push(`visibility ${round1(w.visibilityKm)} km`);
  return parts.join(', ');
}

/** "only 3 %", or "under 1 %": never 0 % for a share that is not zero. */
function fewRows(share: number): string {
  const v = Math.round(share * 100);
  return v <= 0 ? 'under 1 %' : `only ${v} %`;
}

/** What the weather line adds when the model cannot use (or may not use) the weather: '' when it can. */
export function weatherUseNote(use: WeatherModelUse | undefined): string {
  if (!use) return '';
  switch (use.status) {
    case 'used':
      return '';
    case 'unknown':
      return 'weather use unknown for this model (its file does not record whether it learned from weather)';
    case 'unused':
      switch (use.reason) {
        case 'no-data':
          return 'not used: this model was trained without weather data';
        case 'little-data':
          return `not used: ${fewRows(use.share)} of this model's training rows had weather data`;
        case 'no-effect':
          return 'not used: this model learned no effect of the weather from its training data';
      }
  }
}

/** The weather an answer was given and where it came from, without what the model made of it. */
export function weatherSourceLine(w: WeatherUsed): string {
  switch (w.source) {
    case 'typed': {
      const told = w.preset ? WEATHER_PRESET_LABEL[w.preset] : values(w);
      return `Weather: ${told} (typed)`;
    }
    case 'imported': {
      const at = w.hourLabel ? ` at ${w.hourLabel}` : '';
      return `Weather: ${values(w) || 'no values'}${at} (imported${w.latest ? ', latest hour' : ''})`;
    }
    case 'none':
      return 'Weather: none imported for this hour: answered without';
  }
}

/**
 * The answer's one line on weather, the same on every surface: e.g. "Weather: heavy rain (typed) — not
 * used: this model was trained without weather data".
 */
export function weatherLine(w: WeatherUsed): string {
  const note = weatherUseNote(w.modelUse);
  return note ? `${weatherSourceLine(w)} — ${note}` : weatherSourceLine(w);
}
