import { bankHolidayDays } from '../calendar/bankHolidays.js';

/**
 * The synthetic world's calendar. Bank holidays are the app's own (one rule set for truth and
 * features). School holidays are part of the ground truth, so they are code here, computable for any
 * year and independent of the user-editable bundled calendar; the rules reproduce that calendar's
 * typical London pattern (a test checks every day it covers), and each generated folder gets
 * `school-holidays.json` with exactly the days used, in the app's calendar format.
 * Dates are day numbers (days since 1970-01-01) for exact, allocation-free arithmetic.
 */

export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

export function civilFromDays(dayNum: number, out: Civil = { year: 0, month: 0, day: 0 }): Civil {
  const z = dayNum + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}

/** ISO weekday, Monday = 1 … Sunday = 7. */
export function isoWeekday(dayNum: number): number {
  return ((((dayNum + 3) % 7) + 7) % 7) + 1;
}

export function isoDate(dayNum: number): string {
  const c = civilFromDays(dayNum);
  return `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
}

export function parseIsoDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`expected a date as YYYY-MM-DD, got '${text}'`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = dayNumber(year, month, day);
  const back = civilFromDays(n);
  if (back.month !== month || back.day !== day) throw new Error(`no such date '${text}'`);
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

/** First `weekday` (ISO) on or after a day. */
function onOrAfter(dayNum: number, weekday: number): number {
  return dayNum + ((weekday - isoWeekday(dayNum) + 7) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = dayNumber(year, month + 1, 1) - 1;
  return last - ((isoWeekday(last) - 1 + 7) % 7);
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

function onOrBefore(dayNum: number, weekday: number): number {
  return dayNum - ((isoWeekday(dayNum) - weekday + 7) % 7);
}

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
    flagsForYear(civilFromDays(dayNum).year);
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
