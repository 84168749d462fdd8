import {
  dayNumber,
  formatIsoDate,
  isoWeekday,
  parseIsoDate,
  weekdayOnOrAfter,
  weekdayOnOrBefore,
} from './days.js';

/**
 * England & Wales bank holidays, computed from the rules in force since 1978 plus the one-off moves and
 * extra days proclaimed since. The list is the observed days (the substitute Monday or Tuesday when a
 * fixed holiday falls at a weekend), which is what changes traffic and staffing.
 */

const MONDAY = 1;
const SATURDAY = 6;
const SUNDAY = 7;

/** Royal or national occasions proclaimed as extra bank holidays. */
const ONE_OFF_DAYS: readonly string[] = [
  '1999-12-31', // millennium
  '2002-06-03', // golden jubilee
  '2011-04-29', // royal wedding
  '2012-06-05', // diamond jubilee
  '2022-06-03', // platinum jubilee
  '2022-09-19', // state funeral of Queen Elizabeth II
  '2023-05-08', // coronation of King Charles III
];

/** Years whose early-May holiday moved off the first Monday, to the VE-day anniversary. */
const EARLY_MAY_MOVED: ReadonlyMap<number, string> = new Map([
  [1995, '1995-05-08'],
  [2020, '2020-05-08'],
]);

/** Years whose spring holiday moved off the last Monday of May for a jubilee. */
const SPRING_MOVED: ReadonlyMap<number, string> = new Map([
  [2002, '2002-06-04'],
  [2012, '2012-06-04'],
  [2022, '2022-06-02'],
]);

/** Gregorian Easter Sunday (anonymous Gregorian / Meeus–Jones–Butcher algorithm), as a day number. */
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

function firstMonday(year: number, month: number): number {
  return weekdayOnOrAfter(dayNumber(year, month, 1), MONDAY);
}

/** The last Monday of a month (1..12), as a day number. */
export function lastMonday(year: number, month: number): number {
  return weekdayOnOrBefore(dayNumber(year, month + 1, 1) - 1, MONDAY);
}

function isoDay(text: string): number {
  const n = parseIsoDate(text);
  if (n === null) throw new Error(`Invalid built-in holiday date ${text}`);
  return n;
}

/** Observed bank holidays of one year, as sorted day numbers. */
export function bankHolidayDays(year: number): number[] {
  const days: number[] = [];

  const newYear = dayNumber(year, 1, 1);
  const nyWeekday = isoWeekday(newYear);
  days.push(nyWeekday === SATURDAY ? newYear + 2 : nyWeekday === SUNDAY ? newYear + 1 : newYear);

  const easter = easterSunday(year);
  days.push(easter - 2, easter + 1);

  const earlyMay = EARLY_MAY_MOVED.get(year);
  days.push(earlyMay ? isoDay(earlyMay) : firstMonday(year, 5));

  const spring = SPRING_MOVED.get(year);
  days.push(spring ? isoDay(spring) : lastMonday(year, 5));

  days.push(lastMonday(year, 8));

  // A weekend Christmas or Boxing Day moves to the next weekday not already a holiday.
  const christmas = dayNumber(year, 12, 25);
  switch (isoWeekday(christmas)) {
    case 5: // Friday: Boxing Day (Saturday) → Monday 28th
      days.push(christmas, christmas + 3);
      break;
    case SATURDAY: // → Monday 27th and Tuesday 28th
      days.push(christmas + 2, christmas + 3);
      break;
    case SUNDAY: // Boxing Day stays Monday 26th, Christmas → Tuesday 27th
      days.push(christmas + 1, christmas + 2);
      break;
    default:
      days.push(christmas, christmas + 1);
  }

  for (const text of ONE_OFF_DAYS) {
    if (text.startsWith(`${year}-`)) days.push(isoDay(text));
  }
  return [...new Set(days)].sort((x, y) => x - y);
}

const byYear = new Map<number, ReadonlySet<number>>();

function daysOfYear(year: number): ReadonlySet<number> {
  let set = byYear.get(year);
  if (!set) {
    set = new Set(bankHolidayDays(year));
    byYear.set(year, set);
  }
  return set;
}

/** Observed bank holidays of one year as `YYYY-MM-DD` strings, sorted. */
export function bankHolidays(year: number): string[] {
  return bankHolidayDays(year).map(formatIsoDate);
}

/** `year` must be the civil year of `dayNum`; callers on a hot path already have it. */
export function isBankHolidayDay(dayNum: number, year: number): boolean {
  return daysOfYear(year).has(dayNum);
}

export function isBankHoliday(isoDate: string): boolean {
  const n = parseIsoDate(isoDate);
  if (n === null) throw new Error(`Not a date (YYYY-MM-DD): ${isoDate}`);
  return daysOfYear(Number(isoDate.slice(0, 4))).has(n);
}
