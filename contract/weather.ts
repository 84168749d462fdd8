import { z } from 'zod';

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
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function values(w: WeatherValues): string {
  const parts: string[] = [];
  if (w.temperatureC !== null) parts.push(`${round1(w.temperatureC)} °C`);
  const rain = w.rainMm ?? w.precipitationMm;
  if (w.snowCm !== null && w.snowCm > 0) parts.push(`${round1(w.snowCm)} cm snow`);
  if (rain !== null) parts.push(rain > 0 ? `${round1(rain)} mm rain` : 'dry');
  if (w.visibilityKm !== null && w.visibilityKm < 1) parts.push(`visibility ${round1(w.visibilityKm)} km`);
  return parts.join(', ');
}

/** The answer's one line on weather, the same on every surface. */
export function weatherLine(w: WeatherUsed): string {
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
