import { londonLocalMs } from '../../calendar/londonTime.js';

/**
 * Hours of a weather file as instants. Open-Meteo writes UTC or Europe/London hours as its metadata
 * says; Visual Crossing writes the location's wall clock (Europe/London). A London wall-clock hour is
 * an instant once the clock changes are settled: the hour the clocks skip in March does not exist, and
 * the hour they repeat in October comes twice in a file — its first appearance is the summer-time
 * (BST) one, its second the winter-time one.
 */

export const MS_PER_HOUR = 3_600_000;

/** `2023-01-01T00:00`, `2023-01-01 00:00:00`, `2023-01-01T00:00:00Z`: date, hour and minute. */
const HOUR_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z)?$/;
/** A date without a time, as a daily export writes it. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export type HourReading =
  | { readonly ok: true; readonly wallClockMs: number }
  | { readonly ok: false; readonly problem: string; readonly dateOnly?: boolean };

/** The hour written, as if the wall clock were UTC (epoch ms), or why it is not an hour. */
export function readHour(text: string): HourReading {
  const t = text.trim();
  if (DATE_ONLY.test(t)) return { ok: false, problem: 'a date without an hour', dateOnly: true };
  const m = HOUR_PATTERN.exec(t);
  if (!m) return { ok: false, problem: 'not a date and hour like 2023-01-01T00:00' };
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const back = new Date(ms);
  if (
    !Number.isFinite(ms) ||
    back.getUTCMonth() !== Number(mo) - 1 ||
    back.getUTCDate() !== Number(d) ||
    Number(h) > 23
  ) {
    return { ok: false, problem: 'no such date or hour' };
  }
  if (Number(mi) !== 0 || Number(s ?? 0) !== 0) return { ok: false, problem: 'not on the hour' };
  return { ok: true, wallClockMs: ms };
}

/**
 * Turns London wall-clock hours into instants in file order, remembering which repeated October hours
 * were met already.
 */
export class LondonHours {
  private readonly seen = new Set<number>();

  /** The instant of a London wall-clock hour, or null for an hour the clocks skipped. */
  instant(wallClockMs: number): number | null {
    const summer = wallClockMs - MS_PER_HOUR;
    const candidates = [summer, wallClockMs].filter((c) => londonLocalMs(c) === wallClockMs);
    if (candidates.length === 0) return null;
    if (candidates.length === 1) return candidates[0]!;
    // The repeated hour: first met is summer time, met again is winter time.
    if (this.seen.has(wallClockMs)) return wallClockMs;
    this.seen.add(wallClockMs);
    return summer;
  }
}
