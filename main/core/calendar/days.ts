/**
 * Civil dates as day numbers (days since 1970-01-01). Calendar rules (bank holidays, school terms) and
 * the feature builder work on whole local days; integer arithmetic keeps that exact and fast enough to
 * run per row over a million rows, where a date library per row would dominate featurisation time.
 */

export const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

/** Howard Hinnant's days_from_civil: proleptic Gregorian, valid far beyond any LFB record. */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil fields a caller owns and reuses: `civilDateInto` fills one without allocating. */
export interface CivilFields {
  year: number;
  month: number;
  day: number;
}

export function civilDate(dayNum: number): CivilDate {
  return civilDateInto(dayNum, { year: 0, month: 0, day: 0 });
}

/** Howard Hinnant's civil_from_days, written into `out`; per-row callers (importer, generator) reuse one. */
export function civilDateInto<T extends CivilFields>(dayNum: number, out: T): T {
  const z = dayNum + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  out.month = month;
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  return out;
}

const monthScratch: CivilFields = { year: 0, month: 0, day: 0 };

/** Month (1..12) of a day number without allocating; the batch featuriser calls this per row. */
export function monthOfDay(dayNum: number): number {
  return civilDateInto(dayNum, monthScratch).month;
}

/** ISO weekday: Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday). */
export function isoWeekday(dayNum: number): number {
  return ((((dayNum + 3) % 7) + 7) % 7) + 1;
}

/** The first day on or after `dayNum` that is ISO `weekday` (Monday = 1 … Sunday = 7). */
export function weekdayOnOrAfter(dayNum: number, weekday: number): number {
  return dayNum + ((weekday - isoWeekday(dayNum) + 7) % 7);
}

/** The last day on or before `dayNum` that is ISO `weekday`. */
export function weekdayOnOrBefore(dayNum: number, weekday: number): number {
  return dayNum - ((isoWeekday(dayNum) - weekday + 7) % 7);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict `YYYY-MM-DD`; null for anything else, including impossible dates like 2023-02-30. */
export function parseIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const n = dayNumber(year, month, day);
  const back = civilDate(n);
  return back.month === month && back.day === day ? n : null;
}

export function formatIsoDate(dayNum: number): string {
  const { year, month, day } = civilDate(dayNum);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
