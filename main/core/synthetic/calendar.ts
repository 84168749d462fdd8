/**
 * The synthetic world's calendar: England & Wales bank holidays and a rule-based approximation of
 * London school holidays. It is part of the ground truth, so it lives with the generator and is fully
 * computable for any year; the app's own calendar (bundled, editable) may differ on a few school days,
 * which is why each generated folder also gets `school-holidays.csv` listing exactly the days used here.
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

const ONE_OFF_BANK_HOLIDAYS = [
  '1999-12-31',
  '2002-06-03',
  '2011-04-29',
  '2012-06-05',
  '2022-06-03',
  '2022-09-19',
  '2023-05-08',
];
const EARLY_MAY_MOVED: Readonly<Record<number, string>> = { 1995: '1995-05-08', 2020: '2020-05-08' };
const SPRING_MOVED: Readonly<Record<number, string>> = {
  2002: '2002-06-04',
  2012: '2012-06-04',
  2022: '2022-06-02',
};

/** Observed England & Wales bank holidays of a year (substitute days included), sorted. */
export function bankHolidays(year: number): number[] {
  const days: number[] = [];
  const newYear = dayNumber(year, 1, 1);
  const nyWd = isoWeekday(newYear);
  days.push(nyWd === 6 ? newYear + 2 : nyWd === 7 ? newYear + 1 : newYear);
  const easter = easterSunday(year);
  days.push(easter - 2, easter + 1);
  const earlyMay = EARLY_MAY_MOVED[year];
  days.push(earlyMay ? parseIsoDay(earlyMay) : onOrAfter(dayNumber(year, 5, 1), 1));
  const spring = SPRING_MOVED[year];
  days.push(spring ? parseIsoDay(spring) : lastMonday(year, 5));
  days.push(lastMonday(year, 8));
  const christmas = dayNumber(year, 12, 25);
  switch (isoWeekday(christmas)) {
    case 5: // Friday: Boxing Day falls on Saturday, substitute Monday
      days.push(christmas, christmas + 3);
      break;
    case 6:
      days.push(christmas + 2, christmas + 3);
      break;
    case 7:
      days.push(christmas + 1, christmas + 2);
      break;
    default:
      days.push(christmas, christmas + 1);
  }
  for (const text of ONE_OFF_BANK_HOLIDAYS) if (text.startsWith(`${year}-`)) days.push(parseIsoDay(text));
  return days.sort((a, b) => a - b);
}

export interface HolidayRange {
  readonly name: string;
  /** Inclusive day numbers. */
  readonly start: number;
  readonly end: number;
}

/**
 * London school holidays approximated by rule (boroughs differ by a day or two): February and October
 * half-terms, two weeks at Easter, the week of the spring bank holiday, the summer from 21 July to
 * 3 September, and Christmas from 21 December to 3 January. Weekends inside the ranges are included.
 */
export function schoolHolidayRanges(year: number): HolidayRange[] {
  const easter = easterSunday(year);
  const febMonday = onOrAfter(dayNumber(year, 2, 12), 1);
  const octMonday = onOrAfter(dayNumber(year, 10, 21), 1);
  const spring = SPRING_MOVED[year] ? parseIsoDay(SPRING_MOVED[year]) : lastMonday(year, 5);
  const springMonday = spring - (isoWeekday(spring) - 1);
  return [
    { name: 'Christmas (end)', start: dayNumber(year, 1, 1), end: dayNumber(year, 1, 3) },
    { name: 'February half-term', start: febMonday - 2, end: febMonday + 6 },
    { name: 'Easter', start: easter - 9, end: easter + 8 },
    { name: 'May half-term', start: springMonday - 2, end: springMonday + 6 },
    { name: 'Summer', start: dayNumber(year, 7, 21), end: dayNumber(year, 9, 3) },
    { name: 'October half-term', start: octMonday - 2, end: octMonday + 6 },
    { name: 'Christmas', start: dayNumber(year, 12, 21), end: dayNumber(year, 12, 31) },
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
  for (const r of schoolHolidayRanges(year)) {
    for (let d = r.start; d <= r.end; d++) FLAG_CACHE.set(d, (FLAG_CACHE.get(d) ?? 0) | SCHOOL_HOLIDAY);
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
