import { Rng } from './prng.js';
import { londonMidnightUtc, londonWallMs } from './time.js';

/**
 * Synthetic hourly London weather, and the files Visual Crossing and Open-Meteo would export for it.
 * The series is drawn from its own stream (`<seed>:weather`), so turning weather on changes no other
 * draw of the simulation. Rain comes in spells (a wet/dry Markov chain per hour) with exponentially
 * distributed intensity; temperature follows the season and the day; snow falls instead of rain below
 * 1 °C; visibility drops in rain and at cold dawns (fog).
 */

export const MS_PER_HOUR = 3_600_000;

// prettier-ignore
export const WEATHER_TRUTH = {
  /** Chance an hour is wet given the previous hour was dry / wet (about 9 % of hours wet). */
  wetAfterDry: 0.03,
  wetAfterWet: 0.7,
  /** Mean rain intensity of a wet hour, mm. */
  meanRainMm: 1.5,
  /** Mean temperature by month (°C, January first) and the day's swing (± °C around it). */
  monthMeanC: [5.5, 5.8, 8.0, 10.5, 14.0, 17.0, 19.5, 19.2, 16.5, 12.8, 8.8, 6.2],
  diurnalSwingC: 4,
  temperatureNoiseC: 2,
  /** Below this temperature precipitation falls as snow (cm per mm of water). */
  snowBelowC: 1,
  snowCmPerMm: 1,
  meanWindKmh: 15,
  clearVisibilityKm: 25,
  rainVisibilityKm: 8,
  fogVisibilityKm: 0.5,
  fogChanceColdDawn: 0.15,
} as const;

export interface SyntheticWeatherHour {
  /** The hour's first instant, epoch ms (UTC). */
  readonly hourAt: number;
  readonly temperatureC: number;
  /** All precipitation (liquid water), mm in the hour. */
  readonly precipitationMm: number;
  readonly rainMm: number;
  readonly snowCm: number;
  readonly windKmh: number;
  readonly visibilityKm: number;
  readonly conditions: string;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const DAWN_HOURS = [4, 5, 6, 7];
const DIURNAL_PEAK_HOUR = 15;

/** Every hour from the start of `startDay` (London) to the start of `startDay + days`. */
export function simulateWeather(
  seed: string | number,
  startDay: number,
  days: number,
): SyntheticWeatherHour[] {
  const rng = new Rng(`${seed}:weather`);
  const W = WEATHER_TRUTH;
  const first = londonMidnightUtc(startDay);
  const end = londonMidnightUtc(startDay + days);
  const hours: SyntheticWeatherHour[] = [];
  let wet = false;
  for (let at = first; at < end; at += MS_PER_HOUR) {
    const wall = new Date(londonWallMs(at));
    const month = wall.getUTCMonth();
    const hour = wall.getUTCHours();
    wet = rng.bernoulli(wet ? W.wetAfterWet : W.wetAfterDry);
    const temperatureC = round1(
      W.monthMeanC[month]! +
        W.diurnalSwingC * Math.cos(((hour - DIURNAL_PEAK_HOUR) / 24) * 2 * Math.PI) +
        W.temperatureNoiseC * rng.normal(),
    );
    const water = wet ? round1(Math.max(0.1, rng.exponential(W.meanRainMm))) : 0;
    const snowing = water > 0 && temperatureC < W.snowBelowC;
    const fog = !wet && DAWN_HOURS.includes(hour) && temperatureC < 8 && rng.bernoulli(W.fogChanceColdDawn);
    const windKmh = round1(rng.exponential(W.meanWindKmh) + (wet ? 5 : 0));
    const visibilityKm = fog ? W.fogVisibilityKm : wet ? W.rainVisibilityKm : W.clearVisibilityKm;
    hours.push({
      hourAt: at,
      temperatureC,
      precipitationMm: water,
      rainMm: snowing ? 0 : water,
      snowCm: snowing ? round1(water * W.snowCmPerMm) : 0,
      windKmh,
      visibilityKm,
      conditions: snowing ? 'Snow' : wet ? (water >= 4 ? 'Heavy Rain' : 'Rain') : fog ? 'Fog' : 'Clear',
    });
  }
  return hours;
}

/** Rain (mm) in the hour of an instant, 0 outside the series. */
export function rainLookup(hours: readonly SyntheticWeatherHour[]): (utcMs: number) => number {
  if (hours.length === 0) return () => 0;
  const first = hours[0]!.hourAt;
  return (utcMs) => hours[Math.floor((utcMs - first) / MS_PER_HOUR)]?.rainMm ?? 0;
}

const pad = (n: number) => String(n).padStart(2, '0');
function wallText(ms: number, seconds: boolean): string {
  const d = new Date(ms);
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:00`;
  return seconds ? `${text}:00` : text;
}

export interface VisualCrossingOptions {
  /** Write in Visual Crossing's US unit group (°F, inches, mph, miles), as a wrong export would. */
  readonly us?: boolean;
}

/**
 * Visual Crossing's hourly CSV (unitGroup=metric unless told otherwise): London wall-clock times, so
 * the October hour comes twice and the March hour not at all, as its exports do.
 */
export function visualCrossingCsv(
  hours: readonly SyntheticWeatherHour[],
  options: VisualCrossingOptions = {},
): string {
  const us = options.us ?? false;
  const lines = [
    'name,datetime,temp,feelslike,dew,humidity,precip,precipprob,preciptype,snow,snowdepth,windgust,windspeed,winddir,sealevelpressure,cloudcover,visibility,solarradiation,solarenergy,uvindex,severerisk,conditions,icon,stations',
  ];
  for (const h of hours) {
    const temp = us ? round1(h.temperatureC * 1.8 + 32) : h.temperatureC;
    const precip = us ? Math.round((h.precipitationMm / 25.4) * 1000) / 1000 : h.precipitationMm;
    const snow = us ? Math.round((h.snowCm / 2.54) * 100) / 100 : h.snowCm;
    const wind = us ? round1(h.windKmh / 1.609344) : h.windKmh;
    const vis = us ? round1(h.visibilityKm / 1.609344) : h.visibilityKm;
    const type = h.snowCm > 0 ? 'snow' : h.rainMm > 0 ? 'rain' : '';
    lines.push(
      `London,${wallText(londonWallMs(h.hourAt), true)},${temp},${temp},5,80,${precip},${h.precipitationMm > 0 ? 100 : 0},${type},${snow},0,,${wind},200,1015,50,${vis},0,0,0,10,"${h.conditions}",rain,EGLC`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface OpenMeteoOptions {
  /**
   * Hours in UTC (timezone GMT, Open-Meteo's default), or with timezone Europe/London: Open-Meteo then
   * writes every hour at the one offset London had when the file was requested (0 or 3600 s), with no
   * summer-time change inside the file.
   */
  readonly timezone: 'GMT' | 'Europe/London';
  readonly offsetSeconds?: number;
  /** Column units as Open-Meteo's settings offer them. */
  readonly fahrenheit?: boolean;
  readonly inches?: boolean;
  readonly windUnit?: 'km/h' | 'm/s' | 'mph' | 'kn';
  readonly latitude?: number;
  readonly longitude?: number;
}

const WIND_PER_KMH: Record<NonNullable<OpenMeteoOptions['windUnit']>, number> = {
  'km/h': 1,
  'm/s': 1 / 3.6,
  mph: 1 / 1.609344,
  kn: 1 / 1.852,
};

/** Open-Meteo's historical CSV: two metadata lines, a blank line, the hourly table. */
export function openMeteoCsv(hours: readonly SyntheticWeatherHour[], options: OpenMeteoOptions): string {
  const offset = options.timezone === 'GMT' ? 0 : (options.offsetSeconds ?? 0);
  const wind = options.windUnit ?? 'km/h';
  const t = options.fahrenheit ? '°F' : '°C';
  const p = options.inches ? 'inch' : 'mm';
  const s = options.inches ? 'inch' : 'cm';
  const lines = [
    'latitude,longitude,elevation,utc_offset_seconds,timezone,timezone_abbreviation',
    `${options.latitude ?? 51.5},${options.longitude ?? -0.12},23.0,${offset},${options.timezone},${offset === 0 ? 'GMT' : 'BST'}`,
    '',
    // Open-Meteo labels miles per hour "mp/h".
    `time,temperature_2m (${t}),precipitation (${p}),rain (${p}),snowfall (${s}),wind_speed_10m (${wind === 'mph' ? 'mp/h' : wind}),visibility (m)`,
  ];
  for (const h of hours) {
    const when = wallText(h.hourAt + offset * 1000, false);
    const temp = options.fahrenheit ? round1(h.temperatureC * 1.8 + 32) : h.temperatureC;
    const inch = (mm: number) => Math.round((mm / 25.4) * 1000) / 1000;
    const precip = options.inches ? inch(h.precipitationMm) : h.precipitationMm;
    const rain = options.inches ? inch(h.rainMm) : h.rainMm;
    const snow = options.inches ? Math.round((h.snowCm / 2.54) * 100) / 100 : h.snowCm;
    lines.push(
      `${when},${temp},${precip},${rain},${snow},${round1(h.windKmh * WIND_PER_KMH[wind])},${Math.round(h.visibilityKm * 1000)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
