import { MS_PER_DAY } from './days.js';
import { londonOffset } from './londonTime.js';

/**
 * Europe/London wall-clock time → UTC instant (londonTime.ts goes the other way and owns the one
 * cache of the zone's offsets). Each local day's facts (its label, offsets and clock change) are
 * derived once from those offsets and memoised, so the per-row cost is a map lookup and an addition.
 *
 * Clock changes are resolved deterministically:
 * - spring gap (01:00–01:59 does not exist): read with the offset before the change, i.e. 01:30 is
 *   taken as 02:30 BST, as the clocks would show it;
 * - autumn overlap (01:00–01:59 happens twice): the first occurrence (BST). `laterOccurrence` gives
 *   the second one, for a time that must follow an earlier one (an arrival after a mobilisation).
 */

const MINUTE_MS = 60_000;
const DAY_MS = MS_PER_DAY;

export interface LondonDay {
  /** YYYY-MM-DD */
  readonly date: string;
  /** Midnight of the day's wall clock read as if it were UTC. */
  readonly wallMidnightMs: number;
  /** Offset (ms east of UTC) at the start of the day. */
  readonly offsetMs: number;
  /** Offset after the day's clock change; equals offsetMs on days without one. */
  readonly offsetAfterMs: number;
  /** The UTC instant of the change; NaN on days without one. */
  readonly changeAtMs: number;
}

function offsetAt(utcMs: number): number {
  return londonOffset(utcMs) * MINUTE_MS;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function computeDay(year: number, month: number, day: number): LondonDay {
  const wallMidnightMs = Date.UTC(year, month - 1, day);
  const offsetMs = offsetAt(wallMidnightMs - offsetAt(wallMidnightMs));
  const startMs = wallMidnightMs - offsetMs;
  const offsetAfterMs = offsetAt(startMs + DAY_MS - 1);
  let changeAtMs = NaN;
  if (offsetAfterMs !== offsetMs) {
    // Binary search, in whole minutes from the start of the day, for the instant the offset changes;
    // `lo` keeps the old offset throughout.
    let lo = startMs;
    let hi = startMs + DAY_MS - 1;
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetAt(mid) === offsetMs) lo = mid;
      else hi = mid;
    }
    changeAtMs = lo + MINUTE_MS;
  }
  const date = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  return { date, wallMidnightMs, offsetMs, offsetAfterMs, changeAtMs };
}

const days = new Map<number, LondonDay>();
let lastKey = -1;
let lastDay: LondonDay | undefined;

/** The cached zone facts for one local calendar day (month 1–12). */
export function londonDay(year: number, month: number, day: number): LondonDay {
  const key = year * 10_000 + month * 100 + day;
  if (key === lastKey && lastDay) return lastDay;
  let d = days.get(key);
  if (!d) {
    d = computeDay(year, month, day);
    days.set(key, d);
  }
  lastKey = key;
  lastDay = d;
  return d;
}

/** The instant of a wall-clock second of `day` (see the module note for gaps and overlaps). */
export function londonInstant(day: LondonDay, secondOfDay: number): number {
  const wall = day.wallMidnightMs + secondOfDay * 1000;
  const before = wall - day.offsetMs;
  if (Number.isNaN(day.changeAtMs) || before < day.changeAtMs) return before;
  const after = wall - day.offsetAfterMs;
  return after >= day.changeAtMs ? after : before;
}

/** The second reading of an autumn-overlap time, or NaN when the time is not ambiguous. */
export function laterOccurrence(day: LondonDay, secondOfDay: number): number {
  if (Number.isNaN(day.changeAtMs) || day.offsetAfterMs >= day.offsetMs) return NaN;
  const wall = day.wallMidnightMs + secondOfDay * 1000;
  const before = wall - day.offsetMs;
  const after = wall - day.offsetAfterMs;
  return before < day.changeAtMs && after >= day.changeAtMs ? after : NaN;
}
