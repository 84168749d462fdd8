import { civilDateInto } from '../calendar/days.js';
import type { Cell } from './cells.js';

/**
 * Date and time fields exactly as a file writes them, before any time zone applies. Parsers fill a
 * caller-owned instance so that a million-row import does not allocate one per cell.
 */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  hasDate: boolean;
  /** The value states a time of day (a string with a time, or a serial with a fraction). */
  hasTime: boolean;
  /** Input: read `NN/NN/YYYY` as month first (US order) instead of the LFB's day first. */
  monthFirst: boolean;
  /**
   * Output, for a numeric date whose order matters (`NN/NN/YYYY`): what its two numbers allow.
   * A file's order is decided from all of them (see DateOrderLog).
   */
  order: DateOrderHint;
}

/**
 * 0: no evidence (not that form, or both numbers the same); 1: only day first fits; 2: only month
 * first; 3: both fit and give different dates (`03/04/2023`).
 */
export type DateOrderHint = 0 | 1 | 2 | 3;
export const ORDER_NONE = 0;
export const ORDER_DAY_FIRST = 1;
export const ORDER_MONTH_FIRST = 2;
export const ORDER_EITHER = 3;

const MAX_MONTH = 12;

/** What the two leading numbers of a numeric date allow. */
function orderHint(a: number, b: number): DateOrderHint {
  if (a > MAX_MONTH && b >= 1 && b <= MAX_MONTH) return ORDER_DAY_FIRST;
  if (b > MAX_MONTH && a >= 1 && a <= MAX_MONTH) return ORDER_MONTH_FIRST;
  if (a !== b && a >= 1 && a <= MAX_MONTH && b >= 1 && b <= MAX_MONTH) return ORDER_EITHER;
  return ORDER_NONE;
}

export function newWallClock(): WallClock {
  return {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    hasDate: false,
    hasTime: false,
    monthFirst: false,
    order: ORDER_NONE,
  };
}

const SECONDS_PER_DAY = 86_400;
/** Serial number of 1970-01-01 in Excel's 1900 date system. */
const EXCEL_UNIX_EPOCH_SERIAL = 25_569;
/** Days between the 1900 and 1904 (old Mac Excel) date systems. */
const EXCEL_1904_OFFSET_DAYS = 1_462;
/** 9999-12-31, the last date Excel represents. */
const MAX_EXCEL_SERIAL = 2_958_465;
/** Two-digit years (`19-Mar-23`): LFB records start in 2009, so every one is 20yy. */
const TWO_DIGIT_YEAR_BASE = 2000;

const MONTHS = new Map<string, number>();
[
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
].forEach((name, i) => {
  MONTHS.set(name, i + 1);
  MONTHS.set(name.slice(0, 3), i + 1);
});
MONTHS.set('sept', 9);

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function setTimeOfDay(secondOfDay: number, out: WallClock): void {
  out.hour = Math.floor(secondOfDay / 3600);
  out.minute = Math.floor((secondOfDay % 3600) / 60);
  out.second = secondOfDay % 60;
}

/** Whole seconds since the Unix epoch → fields; the time is rounded to the second. */
function fromEpochSeconds(totalSeconds: number, timeOnly: boolean, out: WallClock): boolean {
  const days = Math.floor(totalSeconds / SECONDS_PER_DAY);
  const secondOfDay = totalSeconds - days * SECONDS_PER_DAY;
  setTimeOfDay(secondOfDay, out);
  if (timeOnly) {
    out.hasTime = true;
    return true;
  }
  civilDateInto(days, out);
  out.hasDate = true;
  out.hasTime = secondOfDay !== 0;
  return true;
}

function fromExcelSerial(serial: number, date1904: boolean, out: WallClock): boolean {
  if (!(serial >= 0) || serial > MAX_EXCEL_SERIAL) return false;
  // Rounding the whole serial (not its fraction) carries 23:59:59.9999 into the next day.
  const total = Math.round(serial * SECONDS_PER_DAY);
  const timeOnly = total < SECONDS_PER_DAY;
  const unixDays = (date1904 ? EXCEL_1904_OFFSET_DAYS : 0) - EXCEL_UNIX_EPOCH_SERIAL;
  return fromEpochSeconds(total + unixDays * SECONDS_PER_DAY, timeOnly, out);
}

/** exceljs and SheetJS give Excel cells as Dates whose UTC fields are the wall clock. */
function fromDate(value: Date, out: WallClock): boolean {
  const ms = value.getTime();
  if (Number.isNaN(ms)) return false;
  // Time-only cells come back on Excel's day zero, 1899-12-30 (or 31).
  return fromEpochSeconds(Math.round(ms / 1000), value.getUTCFullYear() < 1900, out);
}

/** The value read by the last `readInt`: a module slot, so the hot path returns a plain number. */
let intValue = 0;

/** Reads an unsigned integer of at most `maxDigits` digits at `i`; returns its end index or -1. */
function readInt(s: string, i: number, maxDigits: number): number {
  let v = 0;
  let j = i;
  while (j < s.length && j - i < maxDigits) {
    const d = s.charCodeAt(j) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    j++;
  }
  intValue = v;
  return j === i ? -1 : j;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** `H:MM[:SS[.fff]]` at `i`; returns the end index or -1. */
function parseTime(s: string, i: number, out: WallClock): number {
  let j = readInt(s, i, 2);
  if (j < 0 || s.charCodeAt(j) !== 58) return -1;
  const hour = intValue;
  const mStart = j + 1;
  j = readInt(s, mStart, 2);
  if (j - mStart !== 2) return -1;
  const minute = intValue;
  let second = 0;
  if (s.charCodeAt(j) === 58) {
    const sStart = j + 1;
    j = readInt(s, sStart, 2);
    if (j - sStart !== 2) return -1;
    second = intValue;
    if (s.charCodeAt(j) === 46) {
      // Fractions of a second: LFB records are to the second, so they are dropped.
      const f = readInt(s, j + 1, 9);
      if (f < 0) return -1;
      j = f;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return -1;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.hasTime = true;
  return j;
}

/**
 * `YYYY-MM-DD`, `DD/MM/YYYY` (day first, as the LFB writes it; month first when `out.monthFirst`),
 * `DD Mon YYYY`, `DD-Mon-YY`;
 * returns the end index or -1.
 */
function parseDate(s: string, i: number, out: WallClock): number {
  let j = readInt(s, i, 4);
  if (j < 0) return -1;
  const first = intValue;
  const firstLen = j - i;
  const sep = s.charCodeAt(j);
  let year: number;
  let month: number;
  let day: number;
  if (firstLen === 4) {
    if (sep !== 45 && sep !== 47) return -1; // - /
    j = readInt(s, j + 1, 2);
    if (j < 0 || s.charCodeAt(j) !== sep) return -1;
    month = intValue;
    j = readInt(s, j + 1, 2);
    if (j < 0) return -1;
    year = first;
    day = intValue;
  } else if (firstLen <= 2) {
    day = first;
    if (sep !== 45 && sep !== 47 && sep !== 46 && !isSpace(sep)) return -1; // - / . space
    const code = s.charCodeAt(j + 1);
    if ((code | 32) >= 97 && (code | 32) <= 122) {
      let k = j + 1;
      while (k < s.length && (s.charCodeAt(k) | 32) >= 97 && (s.charCodeAt(k) | 32) <= 122) k++;
      const m = MONTHS.get(s.slice(j + 1, k).toLowerCase());
      if (m === undefined) return -1;
      month = m;
      const sep2 = s.charCodeAt(k);
      if (sep2 !== 45 && !isSpace(sep2)) return -1;
      j = k;
    } else {
      if (isSpace(sep)) return -1;
      j = readInt(s, j + 1, 2);
      if (j < 0 || s.charCodeAt(j) !== sep) return -1;
      month = intValue;
      out.order = orderHint(day, month);
      if (out.monthFirst) {
        month = day;
        day = intValue;
      }
    }
    const yStart = j + 1;
    j = readInt(s, yStart, 4);
    if (j - yStart === 2) year = TWO_DIGIT_YEAR_BASE + intValue;
    else if (j - yStart === 4) year = intValue;
    else return -1;
  } else {
    return -1;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  out.year = year;
  out.month = month;
  out.day = day;
  out.hasDate = true;
  return j;
}

/** Two decimal digits at i, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const DATE_TIME_LENGTH = 19;

/**
 * `DD/MM/YYYY HH:MM:SS` and `YYYY-MM-DD HH:MM:SS`, the forms of nearly every Mobilisation time, by
 * fixed positions: five per row, a million rows. Anything else falls through to the general parser.
 */
function parseFixedDateTime(s: string, out: WallClock): boolean {
  if (s.length !== DATE_TIME_LENGTH || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  let year: number;
  let month: number;
  let day: number;
  if (s.charCodeAt(2) === 47 && s.charCodeAt(5) === 47 && s.charCodeAt(10) === 32) {
    const a = digits2(s, 0);
    const b = digits2(s, 3);
    out.order = orderHint(a, b);
    day = out.monthFirst ? b : a;
    month = out.monthFirst ? a : b;
    const hi = digits2(s, 6);
    const lo = digits2(s, 8);
    year = hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
  } else if (
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    (s.charCodeAt(10) === 32 || s.charCodeAt(10) === 84)
  ) {
    const hi = digits2(s, 0);
    const lo = digits2(s, 2);
    year = hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    month = digits2(s, 5);
    day = digits2(s, 8);
  } else {
    return false;
  }
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  const second = digits2(s, 17);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  out.year = year;
  out.month = month;
  out.day = day;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  out.hasDate = true;
  out.hasTime = true;
  return true;
}

function parseText(s: string, out: WallClock): boolean {
  if (parseFixedDateTime(s, out)) return true;
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let end = s.length;
  while (end > i && isSpace(s.charCodeAt(end - 1))) end--;
  if (i === end) return false;

  const c1 = s.charCodeAt(i + 1);
  const c2 = s.charCodeAt(i + 2);
  if (c1 === 58 || c2 === 58) return parseTime(s, i, out) === end; // a time on its own

  let j = parseDate(s, i, out);
  if (j < 0) return false;
  if (j === end) return true;
  const sep = s.charCodeAt(j);
  if (sep !== 84 && !isSpace(sep)) return false; // T or space
  j++;
  while (j < end && isSpace(s.charCodeAt(j))) j++;
  return parseTime(s, j, out) === end;
}

/**
 * Reads any date/time form the LFB files have used: Excel serials and Date cells, ISO dates with an
 * optional time, `DD/MM/YYYY HH:MM:SS`, `DD Mon YYYY`, `DD-Mon-YY`, or a time of day on its own.
 * Returns false when the cell is blank or not a date; `out.hasDate`/`hasTime` say what it held.
 */
export function readWallClock(v: Cell, out: WallClock, date1904 = false): boolean {
  out.hasDate = false;
  out.hasTime = false;
  out.order = ORDER_NONE;
  out.hour = 0;
  out.minute = 0;
  out.second = 0;
  if (typeof v === 'string') return parseText(v, out);
  if (typeof v === 'number') return fromExcelSerial(v, date1904, out);
  if (v instanceof Date) return fromDate(v, out);
  return false;
}
