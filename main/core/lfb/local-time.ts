import { MAX_RECORD_YEAR, MIN_RECORD_YEAR } from '../../../contract/years.js';
import type { Cell } from './cells.js';
import { DateOrderLog, type DateOrder } from './date-order.js';
import { laterOccurrence, londonDay, londonInstant } from '../calendar/londonDay.js';
import { newWallClock, readWallClock, type WallClock } from './wallclock.js';

export type TimeStatus = 'ok' | 'blank' | 'invalid' | 'no_time' | 'out_of_range';

function isBlank(v: Cell): boolean {
  if (typeof v === 'string') return v.length === 0 || (v.charCodeAt(0) <= 32 && v.trim() === '');
  return v === null || v === undefined;
}

/**
 * Reads LFB date/time cells as Europe/London wall-clock time. One instance per file and column set:
 * the results of the last successful read are left in its fields, so the per-row path allocates
 * nothing.
 */
export class LondonTimeReader {
  /** UTC instant, epoch milliseconds. */
  epochMs = 0;
  /** YYYY-MM-DD, Europe/London. */
  localDate = '';
  /** 0–23, Europe/London wall clock as written. */
  hour = 0;
  /** For an autumn-overlap time, the instant of its second occurrence; otherwise NaN. */
  laterMs = NaN;

  private readonly wc: WallClock = newWallClock();
  private readonly tc: WallClock = newWallClock();

  constructor(
    private readonly date1904 = false,
    order: DateOrder = 'day-first',
    /** Where the numeric dates that fit only one order are counted (one log per file). */
    private readonly orders: DateOrderLog = new DateOrderLog(),
  ) {
    this.wc.monthFirst = order === 'month-first';
  }

  /** Reads a date cell, noting what its numbers say about the file's date order. */
  private readDate(cell: Cell): boolean {
    const ok = readWallClock(cell, this.wc, this.date1904);
    if (this.wc.order !== 0) this.orders.note(this.wc.order, cell);
    return ok;
  }

  /** A date and time in one cell (`DateAndTimeMobilised`). A text date with no time is refused. */
  read(cell: Cell): TimeStatus {
    if (isBlank(cell)) return 'blank';
    const wc = this.wc;
    if (!this.readDate(cell) || !wc.hasDate) return 'invalid';
    if (!wc.hasTime && typeof cell === 'string') return 'no_time';
    return this.finish(wc, wc);
  }

  /** A date and a separate time of day (`DateOfCall` + `TimeOfCall`); the time cell wins when set. */
  readSplit(dateCell: Cell, timeCell: Cell): TimeStatus {
    if (isBlank(dateCell)) return 'blank';
    const wc = this.wc;
    if (!this.readDate(dateCell) || !wc.hasDate) return 'invalid';
    if (isBlank(timeCell)) return wc.hasTime ? this.finish(wc, wc) : 'no_time';
    const tc = this.tc;
    if (!readWallClock(timeCell, tc, this.date1904)) return 'invalid';
    if (!tc.hasTime && typeof timeCell === 'string') return 'no_time';
    return this.finish(wc, tc);
  }

  private finish(date: WallClock, time: WallClock): TimeStatus {
    if (date.year < MIN_RECORD_YEAR || date.year > MAX_RECORD_YEAR) return 'out_of_range';
    const day = londonDay(date.year, date.month, date.day);
    const secondOfDay = time.hour * 3600 + time.minute * 60 + time.second;
    this.epochMs = londonInstant(day, secondOfDay);
    this.localDate = day.date;
    this.hour = time.hour;
    this.laterMs = laterOccurrence(day, secondOfDay);
    return 'ok';
  }
}
