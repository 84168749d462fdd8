import { FileFormatError } from '../errors.js';

/**
 * Units of Open-Meteo's CSV columns, which name them in the header (`temperature_2m (°C)`), converted
 * to the metric units the history stores. A unit not listed is refused in words: a guessed conversion
 * would store wrong weather silently.
 */

/** What a stored weather value measures. */
export type WeatherQuantity = 'temperature' | 'precipitation' | 'snow' | 'wind' | 'visibility';

const MM_PER_INCH = 25.4;
const CM_PER_INCH = 2.54;
const KMH_PER_MPH = 1.609344;
const KMH_PER_MS = 3.6;
const KMH_PER_KNOT = 1.852;
const KM_PER_M = 0.001;
const KM_PER_FOOT = 0.0003048;
const KM_PER_MILE = 1.609344;
const FAHRENHEIT_ZERO_C = 32;
const FAHRENHEIT_PER_C = 1.8;

type Convert = (value: number) => number;
const same: Convert = (v) => v;
const fahrenheit: Convert = (v) => (v - FAHRENHEIT_ZERO_C) / FAHRENHEIT_PER_C;

const CONVERSIONS: Record<WeatherQuantity, Readonly<Record<string, Convert>>> = {
  temperature: { '°c': same, c: same, '°f': fahrenheit, f: fahrenheit },
  precipitation: { mm: same, inch: (v) => v * MM_PER_INCH, in: (v) => v * MM_PER_INCH },
  snow: { cm: same, mm: (v) => v / 10, inch: (v) => v * CM_PER_INCH, in: (v) => v * CM_PER_INCH },
  wind: {
    'km/h': same,
    kmh: same,
    mph: (v) => v * KMH_PER_MPH,
    // Open-Meteo's own label for miles per hour.
    'mp/h': (v) => v * KMH_PER_MPH,
    'm/s': (v) => v * KMH_PER_MS,
    kn: (v) => v * KMH_PER_KNOT,
    knots: (v) => v * KMH_PER_KNOT,
  },
  visibility: {
    m: (v) => v * KM_PER_M,
    km: same,
    ft: (v) => v * KM_PER_FOOT,
    mi: (v) => v * KM_PER_MILE,
    miles: (v) => v * KM_PER_MILE,
  },
};

const STORED_UNIT: Record<WeatherQuantity, string> = {
  temperature: '°C',
  precipitation: 'mm',
  snow: 'cm',
  wind: 'km/h',
  visibility: 'km',
};

/** The conversion of a column's named unit to the stored one; refuses a unit it does not know. */
export function converterFor(quantity: WeatherQuantity, unit: string, column: string): Convert {
  const key = unit.trim().toLowerCase().replace(/\s+/g, '');
  const convert = CONVERSIONS[quantity][key];
  if (convert) return convert;
  const known = Object.keys(CONVERSIONS[quantity]).join(', ');
  throw new FileFormatError(
    `its column '${column}' is in '${unit}', a unit this import does not convert (it reads ${known}): ` +
      `export it in ${STORED_UNIT[quantity]}`,
  );
}

/**
 * What London's hourly weather can plausibly be, in stored units: outside these a value is a unit or
 * recording error, and its row is rejected. The records (UK 40.3 °C in 2022, −21 °C nationally; London's
 * wettest hours a few tens of mm) sit well inside.
 */
export const PLAUSIBLE: Record<WeatherQuantity, { readonly min: number; readonly max: number }> = {
  temperature: { min: -25, max: 45 },
  precipitation: { min: 0, max: 150 },
  snow: { min: 0, max: 100 },
  wind: { min: 0, max: 250 },
  visibility: { min: 0, max: 100 },
};
