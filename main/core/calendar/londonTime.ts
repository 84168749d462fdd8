import { DateTime } from 'luxon';
import { MS_PER_DAY } from './days.js';

/**
 * Europe/London wall-clock parts of an instant. Asking luxon per row costs microseconds, which over a
 * million training rows dominates featurisation, so the UTC offset is resolved once per UTC day (two
 * luxon calls; a few more on the two days a year when the clocks change) and cached. This is the one
 * place the app asks the zone database; londonDay.ts (wall clock → instant) reads its offsets from here.
 */

export const LONDON_ZONE = 'Europe/London';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

interface DayOffsets {
  /** Offset in minutes from the start of the UTC day … */
  readonly before: number;
  /** … and from `switchAt` (epoch ms) on; Infinity when the offset holds all day. */
  readonly after: number;
  readonly switchAt: number;
}

const offsetsByUtcDay = new Map<number, DayOffsets>();

function londonOffsetMinutes(ms: number): number {
  return DateTime.fromMillis(ms, { zone: LONDON_ZONE }).offset;
}

function offsetsFor(utcDay: number): DayOffsets {
  const cached = offsetsByUtcDay.get(utcDay);
  if (cached) return cached;
  const start = utcDay * MS_PER_DAY;
  const before = londonOffsetMinutes(start);
  const after = londonOffsetMinutes(start + MS_PER_DAY - 1);
  let switchAt = Infinity;
  if (after !== before) {
    // Only on the two clock-change days a year: bisect to the first millisecond of the new offset.
    let lo = start;
    let hi = start + MS_PER_DAY - 1;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (londonOffsetMinutes(mid) === before) lo = mid;
      else hi = mid;
    }
    switchAt = hi;
  }
  const entry = { before, after, switchAt };
  offsetsByUtcDay.set(utcDay, entry);
  return entry;
}

/** The London UTC offset in minutes at an instant (0 in winter, 60 in summer). */
export function londonOffset(ms: number): number {
  const o = offsetsFor(Math.floor(ms / MS_PER_DAY));
  return ms < o.switchAt ? o.before : o.after;
}

export interface LondonParts {
  /** Local civil day as a day number (days since 1970-01-01). */
  readonly day: number;
  /** 0..23 local hour. */
  readonly hour: number;
}

/** Local day number and hour; the batch featuriser inlines the same arithmetic via `londonLocalMs`. */
export function londonParts(ms: number): LondonParts {
  const local = londonLocalMs(ms);
  const day = Math.floor(local / MS_PER_DAY);
  return { day, hour: Math.floor((local - day * MS_PER_DAY) / MS_PER_HOUR) };
}

/** The instant shifted so that UTC arithmetic on it reads London wall-clock time. */
export function londonLocalMs(ms: number): number {
  return ms + londonOffset(ms) * MS_PER_MINUTE;
}
