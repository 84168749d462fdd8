import { isoWeekday, monthOfDay } from '../../main/core/calendar/days.js';
import { isBankHoliday, isSchoolHoliday, parseIsoDay } from './calendar.js';
import type { Rng } from './prng.js';
import { STATION_BY_CODE, STATION_BY_NAME, type SyntheticStation } from './stations.js';

/**
 * The generator's known ground truth: how a vehicle's attendance time (mobilised → arrived) depends on
 * what is known at call time. Every effect is a named number here and in docs/synthetic-data.md, so a
 * test can check that a learner recovers it, and `trueMedianAttendance` is the best possible point
 * predictor under absolute error, whose MAE on a sample is the irreducible error a learner can approach
 * but not beat.
 *
 * Model, per vehicle, with x the call-time features:
 *   median(x) = turnout(x) + travel(x) + property(x) + station(x)
 *   turnout   = TURNOUT_BY_HOUR[hour] (+ pump order ≥ 2 extra, + Other Station adjustment)
 *   travel    = fixed + kolesar(detour × straight-line distance) / speedFactor(x)
 *   kolesar(d) = 2·√(d/a) while accelerating (d ≤ v²/a), else v/a + d/v  (Kolesar et al., the RAND
 *               fire-engine travel model: slow starts, faster on longer runs)
 *   speedFactor = hour profile (weekday / Saturday / Sunday; bank holidays use Sunday's)
 *                 × month factor × school-holiday factor (weekdays only) × Other Station factor
 *   attendance = median(x) / c × (exp(σ·Z) + J),  Z ~ N(0,1),  J ~ Exp(mean θ) with probability p, else 0
 * where c is the median of exp(σZ) + J, so the conditional median of the attendance is exactly median(x).
 * The distance is measured from the station's stations.csv position to the incident's
 * Easting_rounded/Northing_rounded, both of which the files carry, so nothing the truth uses is hidden.
 */

// prettier-ignore
export const GROUND_TRUTH = {
  /** Road distance = straight-line distance × detour factor (not below minRoadDistanceM). */
  detourFactor: 1.35,
  minRoadDistanceM: 100,
  /** Kolesar travel model at speed factor 1: acceleration (m/s²) and cruising speed (15 m/s = 54 km/h). */
  accelerationMps2: 0.235,
  cruiseSpeedMps: 15,
  /** Seconds of every journey not proportional to distance (pulling out, parking, finding the door). */
  travelFixedSeconds: 30,
  /** Median turnout (mobilised → mobile) by local hour of the call: crews asleep at night are slower. */
  turnoutSecondsByHour: [
    100, 102, 104, 104, 102, 100, 95, 82, 72, 70, 70, 70,
    70, 70, 70, 70, 70, 70, 70, 70, 72, 74, 78, 90,
  ],
  /** Added to turnout for the second and later pumps (a second crew from the same yard leaves behind the first). */
  laterPumpTurnoutSeconds: 10,
  /** A pump deployed from somewhere other than its home station: already crewed (faster turnout) but
   *  starting from an unknown point further away, modelled as a slower journey. */
  otherStation: { turnoutSeconds: -15, speedFactor: 1 / 1.15 },
  /** Speed multipliers by local hour of the call (above 1 = faster). Bank holidays use Sunday's. */
  hourSpeedFactor: {
    weekday: [
      1.30, 1.35, 1.35, 1.35, 1.32, 1.25, 1.10, 0.90, 0.80, 0.88, 0.97, 0.96,
      0.95, 0.95, 0.95, 0.92, 0.85, 0.80, 0.84, 0.93, 1.02, 1.08, 1.15, 1.22,
    ],
    saturday: [
      1.25, 1.30, 1.32, 1.35, 1.35, 1.32, 1.25, 1.18, 1.10, 1.02, 0.96, 0.93,
      0.92, 0.92, 0.92, 0.92, 0.93, 0.94, 0.96, 0.98, 1.03, 1.07, 1.10, 1.15,
    ],
    sunday: [
      1.22, 1.25, 1.28, 1.32, 1.35, 1.35, 1.32, 1.28, 1.22, 1.12, 1.04, 1.00,
      0.98, 0.98, 0.98, 0.98, 0.98, 1.00, 1.02, 1.05, 1.10, 1.14, 1.18, 1.22,
    ],
  },
  /** Speed multipliers by month of the call, January first: quiet August, pre-Christmas December. */
  monthSpeedFactor: [0.97, 0.98, 1.0, 1.01, 1.0, 0.99, 1.01, 1.07, 0.97, 0.97, 0.95, 0.93],
  /** Speed multiplier on school-holiday weekdays that are not bank holidays (no school run). */
  schoolHolidaySpeedFactor: 1.06,
  /** Seconds added by property category (locating the incident on open land, a road, a boat…). */
  propertyCategorySeconds: {
    Dwelling: 0,
    'Other Residential': 5,
    'Non Residential': 10,
    'Road Vehicle': 15,
    'Outdoor Structure': 20,
    Outdoor: 40,
    Aircraft: 30,
    'Rail Vehicle': 60,
    Boat: 75,
  } as Readonly<Record<string, number>>,
  /** Stations whose pumps are systematically slower than distance and time explain (seconds added to
   *  the median attendance of every pump deployed from them). */
  slowStations: {
    A24: 45, // Soho
    F23: 50, // Millwall
    G31: 45, // Northolt
    H28: 60, // Woodside
    F57: 70, // Harold Hill
  } as Readonly<Record<string, number>>,
  /** Multiplicative noise with a heavy right tail: lognormal σ, and with probability p an extra
   *  exponential delay of mean θ × (median / c) (traffic, wrong address, …). */
  noise: { sigma: 0.22, delayProbability: 0.03, delayMeanFraction: 0.6 },
  /** Pumps sent: drawn by stop code (catalog.ts PUMPS_BY_STOP), plus `extra` for calls to a Dwelling
   *  in these local hours (a house fire found at night has spread further). What the pumps model
   *  should recover beyond a (stop code, property category) table. */
  nightDwellingPumps: { fromHour: 0, toHour: 5, extra: 1 },
  /** With weather on (`synth --weather`): the journey (travel) takes this much longer per mm of rain in
   *  the call's hour, up to rainCapMm (wet roads, spray, slower traffic). Off, there is no rain. */
  rain: { travelPerMm: 0.1, capMm: 8 },
} as const;

/** Pumps added to the stop code's draw for a call to `category` at local `hour` (see nightDwellingPumps). */
export function extraPumps(category: string, hour: number): number {
  const { fromHour, toHour, extra } = GROUND_TRUTH.nightDwellingPumps;
  return category === 'Dwelling' && hour >= fromHour && hour <= toHour ? extra : 0;
}

/** Time to drive a road distance at speed factor 1: accelerate then cruise (no braking phase modelled). */
export function kolesarSeconds(roadDistanceM: number): number {
  const a = GROUND_TRUTH.accelerationMps2;
  const v = GROUND_TRUTH.cruiseSpeedMps;
  const accelerating = (v * v) / a;
  return roadDistanceM <= accelerating ? 2 * Math.sqrt(roadDistanceM / a) : v / a + roadDistanceM / v;
}

export type DayType = 'weekday' | 'saturday' | 'sunday';

export interface TruthFeatures {
  /** Deploying station code (DeployedFromStation_Code), or its name. */
  readonly station: string;
  /** The incident's Easting_rounded / Northing_rounded. */
  readonly easting: number;
  readonly northing: number;
  /** Local date of the call, `YYYY-MM-DD` (DateOfCall) or a day number. */
  readonly date: string | number;
  /** Local hour of the call, 0..23 (HourOfCall). */
  readonly hour: number;
  readonly propertyCategory: string;
  readonly pumpOrder: number;
  /** DeployedFromLocation: 'Home Station' or 'Other Station'. */
  readonly deployedFromLocation: string;
}

export interface TruthBreakdown {
  readonly station: SyntheticStation;
  readonly distanceM: number;
  readonly roadDistanceM: number;
  readonly dayType: DayType;
  readonly bankHoliday: boolean;
  readonly schoolHoliday: boolean;
  readonly speedFactor: number;
  readonly turnoutSeconds: number;
  readonly travelSeconds: number;
  readonly propertySeconds: number;
  readonly stationSeconds: number;
  /** The conditional median of the attendance time: the best point estimate under absolute error. */
  readonly medianSeconds: number;
  readonly meanSeconds: number;
  /** Expected absolute error of the median predictor for these features. */
  readonly expectedAbsErrorSeconds: number;
}

function resolveStation(key: string): SyntheticStation {
  const station = STATION_BY_CODE.get(key) ?? STATION_BY_NAME.get(key.toLowerCase());
  if (!station) throw new Error(`unknown synthetic station '${key}'`);
  return station;
}

export function dayTypeOf(dayNum: number): DayType {
  if (isBankHoliday(dayNum)) return 'sunday';
  const wd = isoWeekday(dayNum);
  return wd === 7 ? 'sunday' : wd === 6 ? 'saturday' : 'weekday';
}

/** The speed factor of a call time (before the Other Station adjustment). */
export function speedFactorAt(dayNum: number, hour: number): number {
  const type = dayTypeOf(dayNum);
  const month = monthOfDay(dayNum);
  let f = GROUND_TRUTH.hourSpeedFactor[type][hour]! * GROUND_TRUTH.monthSpeedFactor[month - 1]!;
  if (type === 'weekday' && isSchoolHoliday(dayNum)) f *= GROUND_TRUTH.schoolHolidaySpeedFactor;
  return f;
}

export function truthBreakdown(f: TruthFeatures): TruthBreakdown {
  if (!Number.isInteger(f.hour) || f.hour < 0 || f.hour > 23)
    throw new Error(`hour must be 0..23, got ${f.hour}`);
  const station = resolveStation(f.station);
  const dayNum = typeof f.date === 'number' ? f.date : parseIsoDay(f.date);
  const parts = medianParts(
    station,
    f.easting,
    f.northing,
    dayNum,
    f.hour,
    f.propertyCategory,
    f.pumpOrder,
    f.deployedFromLocation !== 'Other Station',
  );
  const k = noiseConstants();
  return {
    station,
    ...parts,
    dayType: dayTypeOf(dayNum),
    bankHoliday: isBankHoliday(dayNum),
    schoolHoliday: isSchoolHoliday(dayNum),
    meanSeconds: parts.medianSeconds * k.meanOverMedian,
    expectedAbsErrorSeconds: parts.medianSeconds * k.maeOverMedian,
  };
}

interface MedianParts {
  distanceM: number;
  roadDistanceM: number;
  speedFactor: number;
  turnoutSeconds: number;
  travelSeconds: number;
  propertySeconds: number;
  stationSeconds: number;
  medianSeconds: number;
}

/** How much longer a journey takes in this much rain (1 when dry). */
export function rainFactor(rainMm: number): number {
  return 1 + GROUND_TRUTH.rain.travelPerMm * Math.min(Math.max(rainMm, 0), GROUND_TRUTH.rain.capMm);
}

/** The one place the median is computed; the generator calls it per vehicle, truthBreakdown per query. */
export function medianParts(
  station: SyntheticStation,
  easting: number,
  northing: number,
  dayNum: number,
  hour: number,
  propertyCategory: string,
  pumpOrder: number,
  home: boolean,
  /** Rain in the call's hour, mm (0 without weather). */
  rainMm = 0,
): MedianParts {
  const T = GROUND_TRUTH;
  const distanceM = Math.hypot(station.easting - easting, station.northing - northing);
  const roadDistanceM = Math.max(T.minRoadDistanceM, distanceM * T.detourFactor);
  let speedFactor = speedFactorAt(dayNum, hour);
  if (!home) speedFactor *= T.otherStation.speedFactor;
  let turnoutSeconds = T.turnoutSecondsByHour[hour]!;
  if (pumpOrder >= 2) turnoutSeconds += T.laterPumpTurnoutSeconds;
  if (!home) turnoutSeconds += T.otherStation.turnoutSeconds;
  const travelSeconds =
    (T.travelFixedSeconds + kolesarSeconds(roadDistanceM) / speedFactor) * rainFactor(rainMm);
  const propertySeconds = T.propertyCategorySeconds[propertyCategory] ?? 0;
  const stationSeconds = T.slowStations[station.code] ?? 0;
  const medianSeconds = turnoutSeconds + travelSeconds + propertySeconds + stationSeconds;
  return {
    distanceM,
    roadDistanceM,
    speedFactor,
    turnoutSeconds,
    travelSeconds,
    propertySeconds,
    stationSeconds,
    medianSeconds,
  };
}

/** The conditional median attendance time: the generator's best possible point estimate. */
export function trueMedianAttendance(f: TruthFeatures): number {
  return truthBreakdown(f).medianSeconds;
}

export function trueMeanAttendance(f: TruthFeatures): number {
  return truthBreakdown(f).meanSeconds;
}

/** Draws an attendance time (seconds, unrounded) for a given true median. */
export function sampleAttendance(medianSeconds: number, rng: Rng): { seconds: number; delaySeconds: number } {
  const { sigma, delayProbability, delayMeanFraction } = GROUND_TRUTH.noise;
  const scale = medianSeconds / noiseConstants().medianOfNoise;
  const base = scale * Math.exp(sigma * rng.normal());
  // Always draw both numbers so the stream position does not depend on the outcome.
  const u = rng.next();
  const e = rng.exponential(delayMeanFraction);
  const delaySeconds = u < delayProbability ? scale * e : 0;
  return { seconds: base + delaySeconds, delaySeconds };
}

export interface NoiseConstants {
  /** c: median of exp(σZ) + J. */
  readonly medianOfNoise: number;
  readonly meanOverMedian: number;
  /** E|A − median| / median: the irreducible MAE as a share of the median. */
  readonly maeOverMedian: number;
}

let constants: NoiseConstants | null = null;

/** Computed once by quadrature (deterministic, a few milliseconds). */
export function noiseConstants(): NoiseConstants {
  if (constants) return constants;
  const { sigma, delayProbability: p, delayMeanFraction: theta } = GROUND_TRUTH.noise;
  const Z_MIN = -9;
  const Z_STEPS = 3600;
  const dz = (2 * -Z_MIN) / Z_STEPS;
  const zs = new Float64Array(Z_STEPS + 1);
  const ws = new Float64Array(Z_STEPS + 1);
  for (let i = 0; i <= Z_STEPS; i++) {
    const z = Z_MIN + i * dz;
    zs[i] = Math.exp(sigma * z);
    const simpson = i === 0 || i === Z_STEPS ? 1 : i % 2 === 1 ? 4 : 2;
    ws[i] = ((simpson * dz) / 3) * (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI));
  }
  const cdf = (y: number): number => {
    if (y <= 0) return 0;
    let lognormalPart = 0;
    let delayedPart = 0;
    for (let i = 0; i <= Z_STEPS; i++) {
      const gap = y - zs[i]!;
      if (gap > 0) {
        lognormalPart += ws[i]!;
        delayedPart += ws[i]! * (1 - Math.exp(-gap / theta));
      }
    }
    return (1 - p) * lognormalPart + p * delayedPart;
  };
  let lo = 0.1;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < 0.5) lo = mid;
    else hi = mid;
  }
  const c = (lo + hi) / 2;
  const mean = Math.exp((sigma * sigma) / 2) + p * theta;
  // E|Y − c| = E[Y] − c + 2 ∫₀ᶜ F(y) dy
  const STEPS = 400;
  let integral = 0;
  for (let i = 0; i <= STEPS; i++) {
    const w = i === 0 || i === STEPS ? 1 : i % 2 === 1 ? 4 : 2;
    integral += w * cdf((c * i) / STEPS);
  }
  integral *= c / STEPS / 3;
  constants = { medianOfNoise: c, meanOverMedian: mean / c, maeOverMedian: (mean - c + 2 * integral) / c };
  return constants;
}

/** MAE of the true conditional median on a sample: the error floor a learner is compared against. */
export function irreducibleMae(
  rows: Iterable<{ readonly features: TruthFeatures; readonly actual: number }>,
): number {
  let sum = 0;
  let n = 0;
  for (const row of rows) {
    sum += Math.abs(row.actual - trueMedianAttendance(row.features));
    n++;
  }
  if (n === 0) throw new Error('irreducibleMae needs at least one row');
  return sum / n;
}
