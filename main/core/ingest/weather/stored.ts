import type { Statement } from 'better-sqlite3';
import type { WeatherValues } from '../../../../contract/index.js';
import type { Db } from '../../db/index.js';
import { MS_PER_HOUR } from './hours.js';
import type { WeatherHour } from './parse.js';

/**
 * The imported weather as training and serving read it: a call is joined to the UTC hour it falls in
 * (`weather_hours.hour_at`, migration 008).
 */

/** A stored hour has the shape a parsed one has (`hourAt`: the hour's first instant, epoch ms). */
export type StoredWeather = WeatherHour;

/**
 * The six values a call's inputs take from a stored hour (the hour's instant and its conditions text
 * feed no feature). One list, so training and serving cannot come to read different weather.
 */
export function weatherValues(hour: StoredWeather): WeatherValues {
  return {
    temperatureC: hour.temperatureC,
    precipitationMm: hour.precipitationMm,
    rainMm: hour.rainMm,
    snowCm: hour.snowCm,
    windKmh: hour.windKmh,
    visibilityKm: hour.visibilityKm,
  };
}

const SELECT = `SELECT hour_at AS hourAt, temperature_c AS temperatureC, precipitation_mm AS precipitationMm,
  rain_mm AS rainMm, snow_cm AS snowCm, wind_kmh AS windKmh, visibility_km AS visibilityKm, conditions
  FROM weather_hours`;

/** The start of the UTC hour an instant falls in. */
export const hourOf = (ms: number): number => Math.floor(ms / MS_PER_HOUR) * MS_PER_HOUR;

/** Every stored hour by its start (a year is ~8,800 rows: read once per training run). */
export function loadWeatherHours(db: Db): ReadonlyMap<number, StoredWeather> {
  const rows = db.prepare(SELECT).all() as StoredWeather[];
  return new Map(rows.map((r) => [r.hourAt, r]));
}

interface HourStatements {
  readonly at: Statement;
  readonly latest: Statement;
}

/**
 * Every answer looks its hour up: the statements are prepared once per connection, not per answer
 * (a statement prepared per call is compiled again and left for the garbage collector, whose pauses
 * then land on dispatchers' answers).
 */
const statements = new WeakMap<Db, HourStatements>();

function hourStatements(db: Db): HourStatements {
  let s = statements.get(db);
  if (!s) {
    s = {
      at: db.prepare(`${SELECT} WHERE hour_at = ?`),
      latest: db.prepare(`${SELECT} WHERE hour_at <= ? ORDER BY hour_at DESC LIMIT 1`),
    };
    statements.set(db, s);
  }
  return s;
}

/** The stored hour an instant falls in, if any. */
export function weatherAt(db: Db, ms: number): StoredWeather | undefined {
  return hourStatements(db).at.get(hourOf(ms)) as StoredWeather | undefined;
}

/** The latest stored hour at or before an instant, if any. */
export function latestWeatherBefore(db: Db, ms: number): StoredWeather | undefined {
  return hourStatements(db).latest.get(hourOf(ms)) as StoredWeather | undefined;
}
