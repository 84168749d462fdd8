import { DateTime } from 'luxon';
import { civilDate, civilDateInto, MS_PER_DAY, type CivilFields } from '../../main/core/calendar/days.js';
import { LONDON_ZONE, londonOffset } from '../../main/core/calendar/londonTime.js';

/**
 * Europe/London wall-clock time for the generator. The app's `londonOffset` (luxon, cached per UTC day)
 * decides the UTC offsets (summer time); the per-row formatting is integer arithmetic on top, because
 * formatting five timestamps per row through a date library would dominate the time to write a million rows.
 */

/** Offset of Europe/London from UTC at an instant, in milliseconds (0 or 3,600,000). */
export function londonOffsetMs(utcMs: number): number {
  return londonOffset(utcMs) * 60_000;
}

/** The UTC instant of local midnight starting a local day (day number). */
export function londonMidnightUtc(dayNum: number): number {
  const c = civilDate(dayNum);
  return DateTime.fromObject({ year: c.year, month: c.month, day: c.day }, { zone: LONDON_ZONE }).toMillis();
}

/**
 * Wall-clock fields of an instant in London, as "local milliseconds": the UTC epoch value whose UTC
 * fields read as the London wall clock. Excel date cells are exactly this (they carry no zone).
 */
export function londonWallMs(utcMs: number): number {
  return utcMs + londonOffsetMs(utcMs);
}

export interface LocalParts extends CivilFields {
  dayNum: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallParts(wallMs: number, out: LocalParts): LocalParts {
  const dayNum = Math.floor(wallMs / MS_PER_DAY);
  civilDateInto(dayNum, out);
  out.dayNum = dayNum;
  let rest = Math.floor((wallMs - dayNum * MS_PER_DAY) / 1000);
  out.hour = Math.floor(rest / 3600);
  rest -= out.hour * 3600;
  out.minute = Math.floor(rest / 60);
  out.second = rest - out.minute * 60;
  return out;
}

export function newLocalParts(): LocalParts {
  return { year: 0, month: 0, day: 0, dayNum: 0, hour: 0, minute: 0, second: 0 };
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

export function two(n: number): string {
  return TWO_DIGITS[n]!;
}

/** `2023-03-19`, the Incident file's DateOfCall form. */
export function formatIsoDate(p: CivilFields): string {
  return `${p.year}-${two(p.month)}-${two(p.day)}`;
}

/** `14:11:51`, the Incident file's TimeOfCall form. */
export function formatTime(p: LocalParts): string {
  return `${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

const scratch = newLocalParts();

/** `19/03/2023 14:11:51` (day first), the Mobilisation file's date-time form, from wall-clock ms. */
export function formatDayFirst(wallMs: number): string {
  const p = wallParts(wallMs, scratch);
  return `${two(p.day)}/${two(p.month)}/${p.year} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

export function wallMsOfDay(dayNum: number): number {
  return dayNum * MS_PER_DAY;
}
