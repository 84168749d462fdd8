import { z } from 'zod';
import type { WeatherValues } from '../../../contract/index.js';
import type { FeatureName } from '../features/spec.js';

/**
 * How much weather a model learned from, recorded in its file at training: for each weather input,
 * the training rows that had a value and how many of the trees' splits test it. A model trained
 * without an imported weather file for its window has none, and its trees cannot split on weather:
 * an answer that names typed weather must then say the weather was not taken into account.
 */

export type WeatherInputName = keyof WeatherValues;

/** The feature each weather input feeds (features/spec.ts). */
export const WEATHER_FEATURES = {
  temperatureC: 'temperature_c',
  precipitationMm: 'precipitation_mm',
  rainMm: 'rain_mm',
  snowCm: 'snow_cm',
  windKmh: 'wind_kmh',
  visibilityKm: 'visibility_km',
} as const satisfies Record<WeatherInputName, FeatureName>;

export const WEATHER_INPUT_NAMES = Object.keys(WEATHER_FEATURES) as WeatherInputName[];

export interface WeatherInputCoverage {
  /** Training rows with a value for this input. */
  readonly rows: number;
  /** `rows` as a share (0–1) of the training rows, four decimals. */
  readonly share: number;
  /** Splits on this input across every tree of the file's ensembles (estimates, late, pumps). */
  readonly splits: number;
}

export interface WeatherCoverage {
  /** Rows the trees learned from: the training and validation slices. */
  readonly rows: number;
  readonly inputs: Readonly<Record<WeatherInputName, WeatherInputCoverage>>;
}

const inputSchema = z.object({
  rows: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
  splits: z.number().int().nonnegative(),
});

export const weatherCoverageSchema = z.object({
  rows: z.number().int().nonnegative(),
  inputs: z.object(
    Object.fromEntries(WEATHER_INPUT_NAMES.map((k) => [k, inputSchema])) as Record<
      WeatherInputName,
      typeof inputSchema
    >,
  ),
});
