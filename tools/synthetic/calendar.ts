import { bankHolidayDays, easterSunday, lastMonday } from '../../main/core/calendar/bankHolidays.js';
import {
  civilDate,
  dayNumber,
  parseIsoDate,
  weekdayOnOrAfter as onOrAfter,
  weekdayOnOrBefore as onOrBefore,
} from '../../main/core/calendar/days.js';

/**
 * The synthetic world's calendar. Bank holidays are the app's own (one rule set for truth and
 * features). School holidays are part of the ground truth, so they are code here, computable for any
 * year and independent of the user-editable bundled calendar; the rules reproduce that calendar's
 * typical London pattern (a test checks every day it covers), and each generated folder gets
 * `school-holidays.json` with exactly the days used, in the app's calendar format.
 * Dates are day numbers (days since 1970-01-01) for exact, allocation-free arithmetic.
 */

/**
 * `YYYY-MM-DD` with the year unpadded (the generator's years are four digits anyway); the app's
 * `formatIsoDate` pads the year to four digits, so the two differ below year 1000.
 */
export function isoDate(dayNum: number): string {
  const c = civilDate(dayNum);
  return `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
}

/** A strict `YYYY-MM-DD` as a day number; throws (naming the text) where `parseIsoDate` returns null. */
export function parseIsoDay(text: string): number {
  if (!/^(\d{4})-(\d{2})-(\d{2})$/.test(text))
    throw new Error(`expected a date as YYYY-MM-DD, got '${text}'`);
  const n = parseIsoDate(text);
  if (n === null) throw new Error(`no such date '${text}'`);
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Observed England & Wales bank holidays of a year (substitute days included), sorted. */
export function bankHolidays(year: number): number[] {
  return bankHolidayDays(year);
}

export interface HolidayRange {
  readonly name: string;
  /** Inclusive day numbers. */
  readonly start: number;
  readonly end: number;
}

const SATURDAY = 6;
const SUNDAY = 7;

/** Easter break by where Easter falls: early Easters start the break, late ones end it. */
function easterBreak(year: number): [number, number] {
  const easter = easterSunday(year);
  const early = dayNumber(year, 4, 5);
  const middle = dayNumber(year, 4, 14);
  if (easter <= early) return [easter - 2, easter + 14];
  if (easter <= middle) return [easter - 8, easter + 7];
  return [easter - 15, easter + 1];
}

/** The Christmas break that ends early in `year + 1`: Saturday on or before 23 Dec → Sunday on or after 3 Jan. */
function christmasBreak(year: number): [number, number] {
  return [onOrBefore(dayNumber(year, 12, 23), SATURDAY), onOrAfter(dayNumber(year + 1, 1, 3), SUNDAY)];
}

/**
 * London school holidays by rule (boroughs differ by a day or two), weekends included: the February and
 * October half-terms (the weeks whose Monday falls 12–18 Feb and 22–28 Oct), two weeks at Easter placed
 * by where Easter falls, the week of the last Monday in May, the summer from the Saturday 18–24 Jul to
 * the Sunday before the first Monday on or after 2 Sep, and Christmas from the Saturday on or before
 * 23 Dec to the Sunday on or after 3 Jan. Ranges are those starting in `year` (Christmas runs into the next).
 */
export function schoolHolidayRanges(year: number): HolidayRange[] {
  const febMonday = onOrAfter(dayNumber(year, 2, 12), 1);
  const octMonday = onOrAfter(dayNumber(year, 10, 22), 1);
  const mayMonday = lastMonday(year, 5);
  const [easterStart, easterEnd] = easterBreak(year);
  const [christmasStart, christmasEnd] = christmasBreak(year);
  return [
    { name: `February half-term ${year}`, start: febMonday - 2, end: febMonday + 6 },
    { name: `Easter ${year}`, start: easterStart, end: easterEnd },
    { name: `May half-term ${year}`, start: mayMonday - 2, end: mayMonday + 6 },
    {
      name: `Summer ${year}`,
      start: onOrAfter(dayNumber(year, 7, 18), SATURDAY),
      end: onOrAfter(dayNumber(year, 9, 2), 1) - 1,
    },
    { name: `October half-term ${year}`, start: octMonday - 2, end: octMonday + 6 },
    {
      name: `Christmas ${year}/${String((year + 1) % 100).padStart(2, '0')}`,
      start: christmasStart,
      end: christmasEnd,
    },
  ];
}

/** Memoised per-day flags: the generator asks once per incident, over a range of a few thousand days. */
const FLAG_CACHE = new Map<number, number>();
const BANK_HOLIDAY = 1;
const SCHOOL_HOLIDAY = 2;

function flagsForYear(year: number): void {
  const first = dayNumber(year, 1, 1);
  const last = dayNumber(year + 1, 1, 1) - 1;
  for (let d = first; d <= last; d++) FLAG_CACHE.set(d, 0);
  for (const d of bankHolidays(year)) FLAG_CACHE.set(d, (FLAG_CACHE.get(d) ?? 0) | BANK_HOLIDAY);
  const [, lastChristmasEnd] = christmasBreak(year - 1);
  for (const r of [{ start: first, end: lastChristmasEnd }, ...schoolHolidayRanges(year)]) {
    for (let d = r.start; d <= Math.min(r.end, last); d++)
      FLAG_CACHE.set(d, (FLAG_CACHE.get(d) ?? 0) | SCHOOL_HOLIDAY);
  }
}

function flags(dayNum: number): number {
  let f = FLAG_CACHE.get(dayNum);
  if (f === undefined) {
    flagsForYear(civilDate(dayNum).year);
    f = FLAG_CACHE.get(dayNum) ?? 0;
  }
  return f;
}

export function isBankHoliday(dayNum: number): boolean {
  return (flags(dayNum) & BANK_HOLIDAY) !== 0;
}

export function isSchoolHoliday(dayNum: number): boolean {
  return (flags(dayNum) & SCHOOL_HOLIDAY) !== 0;
}
