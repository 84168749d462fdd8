import { bngToWgs84 } from '../../main/core/geo/bng.js';
import { civilDate, dayNumber } from '../../main/core/calendar/days.js';
import {
  ADDRESS_QUALIFIERS,
  CALLS_BY_HOUR,
  CATEGORY_BY_STOP,
  DELAY_REASONS,
  NOT_HELD_UP,
  NUM_CALLS,
  PROPERTY_TYPES,
  PUMP_HOUR_COST_BY_FY,
  PUMPS_BY_STOP,
  SPECIAL_SERVICE_TYPES,
  STOP_CODES,
  expectedPumpsPerIncident,
  incidentGroupOf,
} from './catalog.js';
import type { Cell } from './columns.js';
import { parseIsoDay } from './calendar.js';
import { Categorical, Rng } from './prng.js';
import { BOROUGH_CODES, NEAREST_NEIGHBOUR_M, STATIONS, nearestStations } from './stations.js';
import { londonMidnightUtc, londonWallMs, newLocalParts, wallParts, formatTime } from './time.js';
import { extraPumps, medianParts, sampleAttendance } from './truth.js';
import { rainLookup, simulateWeather } from './weather.js';

/**
 * The simulation behind the generator: walks forward in time producing one incident and its mobilised
 * vehicles at a time, as rows in the real column layouts (date cells as London wall-clock milliseconds).
 * Nothing is kept between incidents except counters, so memory stays flat at any output size.
 *
 * Dispatch-side parameters below shape the data but are not part of the attendance ground truth (that is
 * truth.ts); they are listed in docs/synthetic-data.md.
 */
export const SIMULATION = {
  /** The synthetic London: incidents outside this box are redrawn (BNG metres). */
  bounds: { minE: 503_000, maxE: 561_000, minN: 156_000, maxN: 201_000 },
  /** Where incident volume peaks (Charing Cross) and how fast it falls off with distance from it. */
  centre: { easting: 530_000, northing: 180_500, scaleM: 10_000 },
  /** Incident spread around a station: Rayleigh scale as a share of the distance to its nearest neighbour. */
  spreadOfNeighbourDistance: 0.4,
  /** Outdoor, road and outdoor-structure incidents spread further from built-up centres. */
  openCategorySpread: 1.15,
  /** Which of the nearest stations sends the first pump (0 = the ground's own station, when available). */
  firstPumpRank: [0.74, 0.2, 0.05, 0.01],
  /** Chance the next candidate pump is available: another station's, or the same station's second pump. */
  pumpAvailable: 0.8,
  secondPumpSameStation: 0.35,
  /** Share of pumps sent from somewhere other than their home station. */
  otherStationShare: 0.06,
  /** Pumps stood down before arriving (first pump, later pumps). */
  stoodDown: { first: 0.005, later: 0.03 },
  /** Rows without a DateAndTimeMobile (so no turnout/travel split), as in older real files. */
  missingMobileShare: 0.03,
  /** Rows with no DateAndTimeLeft. */
  missingLeftShare: 0.1,
  /** Call handling (call → mobilised): lognormal median and σ, in seconds. */
  callHandling: { median: 70, sigma: 0.45, min: 15, max: 900 },
  /** Turnout share of the attendance time: drawn around the true turnout with this lognormal σ. */
  turnoutSigma: 0.3,
  onScene: { median: 900, sigma: 0.8, min: 60, max: 6 * 3600 },
  firstResourceMobilisationId: 5_000_000,
} as const;

export interface SimulationOptions {
  readonly seed: string | number;
  readonly mobilisations: number;
  /** First local day (day number). */
  readonly startDay: number;
  /** Days the calls are spread over. */
  readonly days: number;
  /** Draw hourly weather (weather.ts) and let rain slow journeys (GROUND_TRUTH.rain). Default off. */
  readonly weather?: boolean;
  /** A known change from a day on (see SyntheticShift); absent, the world never changes. */
  readonly shift?: SyntheticShift;
}

/**
 * A known change in the world from a given day, for testing that monitoring finds it: one station's
 * vehicles arrive later, and one station is replaced by a new one (a new code and name at the same
 * place: its ground, wards and vehicles all carry the new name). Applied after every random draw, so
 * the rows before `from` are identical to those of the same seed without a shift, and the same options
 * still give the same files.
 */
export interface SyntheticShift {
  /** First local day of the change, `YYYY-MM-DD`. */
  readonly from: string;
  /** Code of the station whose vehicles arrive `slowerBySeconds` later from `from` on. */
  readonly slowerStation?: string;
  readonly slowerBySeconds?: number;
  /** The station replaced from `from` on, and the new station's code and name. */
  readonly newStation?: { readonly replaces: string; readonly code: string; readonly name: string };
}

/** The shift in the simulation's own terms (station indices, a day number). */
interface ResolvedShift {
  readonly fromDay: number;
  readonly slowIndex: number;
  readonly slowSeconds: number;
  readonly replacedIndex: number;
  readonly code: string;
  readonly name: string;
}

function resolveShift(shift: SyntheticShift | undefined): ResolvedShift | null {
  if (!shift) return null;
  const indexOf = (code: string | undefined) => {
    if (code === undefined) return -1;
    const index = STATIONS.findIndex((s) => s.code === code);
    if (index < 0) throw new Error(`shift: unknown synthetic station code '${code}'`);
    return index;
  };
  const fresh = shift.newStation;
  if (fresh && STATIONS.some((s) => s.code === fresh.code || s.name === fresh.name)) {
    throw new Error(`shift: the new station '${fresh.code}' (${fresh.name}) must not be an existing one`);
  }
  return {
    fromDay: parseIsoDay(shift.from),
    slowIndex: indexOf(shift.slowerStation),
    slowSeconds: shift.slowerBySeconds ?? 0,
    replacedIndex: indexOf(fresh?.replaces),
    code: fresh?.code ?? '',
    name: fresh?.name ?? '',
  };
}

export interface SimulatedIncident {
  readonly incident: Cell[];
  readonly mobilisations: Cell[][];
}

const DIRECTIONS = ['NORTH', 'EAST', 'SOUTH', 'WEST'] as const;
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const SECOND = 1000;
const MAX_TURNOUT_SHARE = 0.7;
const CANDIDATE_STATIONS = 16;

const STATION_VOLUME = new Categorical(
  STATIONS.map((s, i) => {
    const d = Math.hypot(s.easting - SIMULATION.centre.easting, s.northing - SIMULATION.centre.northing);
    return [i, 0.6 + 1.4 * Math.exp(-d / SIMULATION.centre.scaleM)] as const;
  }),
);
const FIRST_PUMP_RANK = new Categorical(SIMULATION.firstPumpRank.map((w, i) => [i, w] as const));

/** Cumulative share of calls at each hour boundary (25 entries, 0 … 1). */
const HOUR_CDF: readonly number[] = (() => {
  const total = CALLS_BY_HOUR.reduce((a, b) => a + b, 0);
  const cdf = [0];
  let acc = 0;
  for (const c of CALLS_BY_HOUR) cdf.push((acc += c) / total);
  cdf[24] = 1;
  return cdf;
})();

/** Maps a uniform share of a day to a share of the day's elapsed time following the hourly call profile. */
function diurnal(u: number): number {
  let h = 0;
  while (h < 23 && u >= HOUR_CDF[h + 1]!) h++;
  const lo = HOUR_CDF[h]!;
  const within = (u - lo) / (HOUR_CDF[h + 1]! - lo);
  return (h + Math.min(within, 0.999_999)) / 24;
}

function pad6(n: number): string {
  const s = String(n);
  return s.length >= 6 ? s : '000000'.slice(s.length) + s;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const COST_YEARS = Object.keys(PUMP_HOUR_COST_BY_FY).map(Number);
const FIRST_COST_YEAR = Math.min(...COST_YEARS);
const LAST_COST_YEAR = Math.max(...COST_YEARS);

/** The notional pump-hour cost in force on a date (LFB financial years start in April). */
function costRate(year: number, month: number): number {
  const fy = month >= 4 ? year : year - 1;
  return PUMP_HOUR_COST_BY_FY[Math.min(Math.max(fy, FIRST_COST_YEAR), LAST_COST_YEAR)]!;
}

interface Vehicle {
  stationIndex: number;
  pump: number;
  pumpOrder: number;
  home: boolean;
  arrived: boolean;
  attendance: number;
  turnout: number;
  delay: number;
  mobileMissing: boolean;
  leftMissing: boolean;
  onScene: number;
  returnExtra: number;
  rank: number;
}

export class Simulation {
  private readonly rng: Rng;
  private readonly incidentsPerDay: number;
  private produced = 0;
  private incidentIndex = 0;
  private resourceId: number = SIMULATION.firstResourceMobilisationId;
  private readonly seqByYear = new Map<number, number>();
  private midnightDay = Number.NaN;
  private midnightUtc = 0;
  private nextMidnightUtc = 0;
  private readonly parts = newLocalParts();
  /** Dispatch considers only this many nearest stations (enough for the largest initial attendance). */
  private readonly sorted = new Int32Array(CANDIDATE_STATIONS);
  private readonly rainAt: (utcMs: number) => number;
  private readonly shift: ResolvedShift | null;

  constructor(private readonly options: SimulationOptions) {
    if (!(options.mobilisations >= 1)) throw new Error('mobilisations must be at least 1');
    if (!(options.days >= 1)) throw new Error('the period must be at least one day');
    this.shift = resolveShift(options.shift);
    this.rng = new Rng(options.seed);
    // The weather has its own stream: turning it on changes no other draw.
    this.rainAt = options.weather
      ? rainLookup(simulateWeather(options.seed, options.startDay, options.days))
      : () => 0;
    this.incidentsPerDay = options.mobilisations / expectedPumpsPerIncident() / options.days;
  }

  get mobilisationsProduced(): number {
    return this.produced;
  }

  get incidentsProduced(): number {
    return this.incidentIndex;
  }

  next(): SimulatedIncident | null {
    const remaining = this.options.mobilisations - this.produced;
    if (remaining <= 0) return null;
    const rng = this.rng;
    const S = SIMULATION;

    // When: stratified along the period so calls come out in time order.
    const x = (this.incidentIndex + rng.next()) / this.incidentsPerDay;
    const dayIdx = Math.floor(x);
    const dayNum = this.options.startDay + dayIdx;
    this.ensureMidnight(dayNum);
    const dayLengthS = (this.nextMidnightUtc - this.midnightUtc) / SECOND;
    const elapsedS = Math.floor(diurnal(x - dayIdx) * dayLengthS);
    const callUtc = this.midnightUtc + elapsedS * SECOND;
    const call = wallParts(londonWallMs(callUtc), this.parts);
    const callYear = call.year;
    const callMonth = call.month;
    const callHour = call.hour;
    const timeOfCall = formatTime(call);
    const callDayWallMs = dayNumber(call.year, call.month, call.day) * 86_400_000;
    const seq = (this.seqByYear.get(callYear) ?? 0) + 1;
    this.seqByYear.set(callYear, seq);
    const incidentNumber = `SYN-${pad6(seq)}-${two(call.day)}${two(call.month)}${callYear}`;
    this.incidentIndex++;

    // What.
    const stop = STOP_CODES.sample(rng);
    const category = CATEGORY_BY_STOP[stop].sample(rng);
    const propertyType = PROPERTY_TYPES[category].sample(rng);
    const specialServiceType = stop === 'Special Service' ? SPECIAL_SERVICE_TYPES.sample(rng) : null;
    const qualifier = ADDRESS_QUALIFIERS[category].sample(rng);
    const numCalls = NUM_CALLS.sample(rng);
    const dwelling = category === 'Dwelling';

    // Where: clustered around a station, busier towards the centre.
    const source = STATIONS[STATION_VOLUME.sample(rng)]!;
    const open = category === 'Outdoor' || category === 'Outdoor Structure' || category === 'Road Vehicle';
    const spread =
      S.spreadOfNeighbourDistance *
      NEAREST_NEIGHBOUR_M[STATIONS.indexOf(source)]! *
      (open ? S.openCategorySpread : 1);
    let easting = source.easting;
    let northing = source.northing;
    for (let attempt = 0; attempt < 20; attempt++) {
      const r = spread * Math.sqrt(-2 * Math.log(rng.nextOpen()));
      const angle = 2 * Math.PI * rng.next();
      const e = Math.round(source.easting + r * Math.cos(angle));
      const n = Math.round(source.northing + r * Math.sin(angle));
      if (e >= S.bounds.minE && e <= S.bounds.maxE && n >= S.bounds.minN && n <= S.bounds.maxN) {
        easting = e;
        northing = n;
        break;
      }
    }
    const eRounded = Math.floor(easting / 50) * 50;
    const nRounded = Math.floor(northing / 50) * 50;
    const sorted = nearestStations(eRounded, nRounded, this.sorted);
    const groundIndex = sorted[0]!;
    const ground = STATIONS[groundIndex]!;
    const de = eRounded - ground.easting;
    const dn = nRounded - ground.northing;
    const quadrant = Math.abs(dn) >= Math.abs(de) ? (dn >= 0 ? 0 : 2) : de >= 0 ? 1 : 3;
    const district = ground.districts[quadrant % ground.districts.length]!;
    const groundName = this.label(groundIndex, call.dayNum).name;
    const wardName = `${groundName.toUpperCase()} ${DIRECTIONS[quadrant]}`;
    const wardCode = `E05${900_000 + groundIndex * 4 + quadrant}`;
    const postcodeFull = dwelling
      ? null
      : `${district} ${1 + rng.int(9)}${POSTCODE_LETTERS[rng.int(20)]}${POSTCODE_LETTERS[rng.int(20)]}`;
    const uprn = dwelling ? 0 : 100_000_000 + rng.int(900_000_000);
    const usrn = 20_000_000 + groundIndex * 10_000 + rng.int(10_000);
    const latLon = dwelling ? null : bngToWgs84(easting, northing);

    // Who goes: the nearest available pumps, in dispatch order.
    const pumpCount = Math.min(PUMPS_BY_STOP[stop].sample(rng) + extraPumps(category, callHour), remaining);
    const vehicles: Vehicle[] = [];
    const used = new Set<number>();
    const firstRank = FIRST_PUMP_RANK.sample(rng);
    for (let k = 1; k <= pumpCount; k++) {
      let chosen = -1;
      if (k === 1) {
        const st = sorted[firstRank]!;
        chosen = st * 2 + (STATIONS[st]!.pumps === 2 && rng.bernoulli(0.15) ? 1 : 0);
      } else {
        for (let j = 0; j < sorted.length && chosen < 0; j++) {
          const st = sorted[j]!;
          for (let p = 0; p < STATIONS[st]!.pumps && chosen < 0; p++) {
            const key = st * 2 + p;
            if (used.has(key)) continue;
            const sameStation = used.has(st * 2) || used.has(st * 2 + 1);
            if (rng.bernoulli(sameStation ? S.secondPumpSameStation : S.pumpAvailable)) chosen = key;
          }
        }
        if (chosen < 0) {
          for (let j = 0; j < sorted.length && chosen < 0; j++) {
            const key = sorted[j]! * 2;
            if (!used.has(key)) chosen = key;
          }
        }
      }
      used.add(chosen);
      const stationIndex = chosen >> 1;
      const station = STATIONS[stationIndex]!;
      const home = !rng.bernoulli(S.otherStationShare);
      const truth = medianParts(
        station,
        eRounded,
        nRounded,
        call.dayNum,
        callHour,
        category,
        k,
        home,
        this.rainAt(callUtc),
      );
      const draw = sampleAttendance(truth.medianSeconds, rng);
      const slower =
        this.shift && stationIndex === this.shift.slowIndex && call.dayNum >= this.shift.fromDay
          ? this.shift.slowSeconds
          : 0;
      const attendance = Math.max(1, Math.round(draw.seconds) + slower);
      let turnout = Math.round(truth.turnoutSeconds * Math.exp(S.turnoutSigma * rng.normal()));
      // Turnout is drawn around its own truth but never leaves less than 30 % of the attendance for the journey.
      turnout = Math.max(
        Math.min(turnout, Math.round(attendance * MAX_TURNOUT_SHARE)),
        Math.min(5, attendance),
      );
      vehicles.push({
        stationIndex,
        pump: (chosen & 1) + 1,
        pumpOrder: k,
        home,
        arrived: !rng.bernoulli(k === 1 ? S.stoodDown.first : S.stoodDown.later),
        attendance,
        turnout,
        delay: draw.delaySeconds,
        mobileMissing: rng.bernoulli(S.missingMobileShare),
        leftMissing: rng.bernoulli(S.missingLeftShare),
        onScene: Math.round(
          Math.min(Math.max(rng.lognormal(S.onScene.median, S.onScene.sigma), S.onScene.min), S.onScene.max),
        ),
        returnExtra: Math.round(rng.lognormal(60, 0.5)),
        rank: 0,
      });
    }
    const handling = Math.round(
      Math.min(
        Math.max(rng.lognormal(S.callHandling.median, S.callHandling.sigma), S.callHandling.min),
        S.callHandling.max,
      ),
    );
    const mobilisedUtc = callUtc + handling * SECOND;

    // Arrival order gives PerformanceReporting and the Incident file's first/second pump.
    const arrivedInOrder = vehicles
      .filter((v) => v.arrived)
      .sort((a, b) => a.attendance - b.attendance || a.pumpOrder - b.pumpOrder);
    arrivedInOrder.forEach((v, i) => (v.rank = i + 1));

    let pumpMs = 0;
    const rows: Cell[][] = [];
    for (const v of vehicles) {
      const station = this.label(v.stationIndex, call.dayNum);
      const mobileUtc = mobilisedUtc + v.turnout * SECOND;
      let arrivedWall: number | null = null;
      let leftWall: number | null = null;
      let returnedUtc: number;
      let delay: { id: number; description: string } | null = null;
      if (v.arrived) {
        const arrivedUtc = mobilisedUtc + v.attendance * SECOND;
        const leftUtc = arrivedUtc + v.onScene * SECOND;
        arrivedWall = londonWallMs(arrivedUtc);
        leftWall = v.leftMissing ? null : londonWallMs(leftUtc);
        returnedUtc = leftUtc + (Math.round((v.attendance - v.turnout) * 1.1) + v.returnExtra) * SECOND;
        pumpMs += leftUtc - mobilisedUtc;
        if (v.attendance > 360) delay = v.delay > 60 ? DELAY_REASONS.sample(rng) : NOT_HELD_UP;
      } else {
        returnedUtc = mobileUtc + (v.returnExtra + 120) * SECOND;
        pumpMs += returnedUtc - mobilisedUtc;
      }
      rows.push([
        incidentNumber,
        callYear,
        callHour,
        this.resourceId++,
        `${station.code}${v.pump}`,
        v.arrived ? v.rank : null,
        londonWallMs(mobilisedUtc),
        v.mobileMissing ? null : londonWallMs(mobileUtc),
        arrivedWall,
        v.mobileMissing || !v.arrived ? null : v.turnout,
        v.mobileMissing || !v.arrived ? null : v.attendance - v.turnout,
        v.arrived ? v.attendance : null,
        leftWall,
        londonWallMs(returnedUtc),
        station.code,
        station.name,
        v.home ? 'Home Station' : 'Other Station',
        v.pumpOrder,
        'Initial',
        'Initial Mobilisation',
        delay ? delay.id : null,
        delay ? delay.description : null,
      ]);
    }
    this.produced += rows.length;

    const first = arrivedInOrder[0];
    const second = arrivedInOrder[1];
    const attending = arrivedInOrder.length;
    const stationsAttending = new Set(arrivedInOrder.map((v) => v.stationIndex)).size;
    const pumpMinutes = Math.max(60, Math.ceil(pumpMs / 60_000));
    const incident: Cell[] = [
      incidentNumber,
      callDayWallMs,
      callYear,
      timeOfCall,
      callHour,
      incidentGroupOf(stop),
      stop,
      specialServiceType,
      category,
      propertyType,
      qualifier,
      postcodeFull,
      district,
      uprn,
      usrn,
      BOROUGH_CODES[ground.borough] ?? null,
      ground.borough.toUpperCase(),
      ground.borough,
      wardCode,
      wardName,
      wardName,
      dwelling ? null : easting,
      dwelling ? null : northing,
      eRounded,
      nRounded,
      latLon ? latLon.lat : null,
      latLon ? latLon.lon : null,
      'London',
      groundName,
      first ? first.attendance : null,
      first ? this.label(first.stationIndex, call.dayNum).name : null,
      second ? second.attendance : null,
      second ? this.label(second.stationIndex, call.dayNum).name : null,
      attending > 0 ? stationsAttending : null,
      attending > 0 ? attending : null,
      vehicles.length,
      pumpMinutes,
      Math.round((costRate(callYear, callMonth) * pumpMinutes) / 60),
      numCalls,
    ];
    return { incident, mobilisations: rows };
  }

  /** A station's code and name on a day: the new station's once it has replaced the old one. */
  private label(index: number, dayNum: number): { code: string; name: string } {
    const shift = this.shift;
    if (shift && index === shift.replacedIndex && dayNum >= shift.fromDay) {
      return { code: shift.code, name: shift.name };
    }
    return STATIONS[index]!;
  }

  private ensureMidnight(dayNum: number): void {
    if (dayNum === this.midnightDay) return;
    this.midnightUtc = dayNum === this.midnightDay + 1 ? this.nextMidnightUtc : londonMidnightUtc(dayNum);
    this.nextMidnightUtc = londonMidnightUtc(dayNum + 1);
    this.midnightDay = dayNum;
  }
}

/** Day number `months` calendar months after a day (clamped to the month's last day). */
export function addMonths(dayNum: number, months: number): number {
  const c = civilDate(dayNum);
  const total = c.month - 1 + months;
  const year = c.year + Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = civilDate(dayNumber(year, month + 1, 1) - 1).day;
  return dayNumber(year, month, Math.min(c.day, lastDay));
}
