import { cellNumber, cellText, describeCell, type Cell } from './cells.js';
import type { TimeStatus } from './local-time.js';
import { MAX_RECORD_YEAR, MIN_RECORD_YEAR } from '../../../contract/years.js';
import { Rejection } from './reasons.js';

/** No attendance, turnout or travel takes longer: beyond it a time is a recording error. */
export const MAX_DURATION_SECONDS = 2 * 3600;

/**
 * Absent columns map to an index past any row, so a lookup is an ordinary (undefined) element read;
 * row[-1] would be a named-property lookup on the hot path.
 */
const ABSENT_COLUMN = 1 << 20;

export function columnIndex(i: number): number {
  return i < 0 ? ABSENT_COLUMN : i;
}

/** Every field of a column map as a row index (see ABSENT_COLUMN). */
export function rowIndexes<F extends string>(map: Readonly<Record<F, number>>): Record<F, number> {
  const out = {} as Record<F, number>;
  for (const k of Object.keys(map) as F[]) out[k] = columnIndex(map[k]);
  return out;
}

/** A number, or null when blank or not a number (for descriptive fields, never keys or times). */
export function optionalNumber(v: Cell): number | null {
  const n = cellNumber(v);
  return n === null || Number.isNaN(n) ? null : n;
}

export function optionalInteger(v: Cell): number | null {
  const n = optionalNumber(v);
  return n === null ? null : Math.round(n);
}

export const optionalText = cellText;

/** A duration in seconds: blank → null; not a number, negative or over 2 hours → Rejection. */
export function duration(v: Cell, column: string): number | null | Rejection {
  const n = cellNumber(v);
  if (n === null) return null;
  if (Number.isNaN(n)) return new Rejection('bad_number', `${column} is not a number`, describeCell(v));
  if (n < 0) return new Rejection('negative_time', `${column} is negative`, describeCell(v));
  if (n > MAX_DURATION_SECONDS) {
    return new Rejection('absurd_time', `${column} is over ${MAX_DURATION_SECONDS} s`, describeCell(v));
  }
  return n;
}

export function timeRejection(status: Exclude<TimeStatus, 'ok'>, column: string, value: string): Rejection {
  switch (status) {
    case 'blank':
      return new Rejection('bad_date', `${column} is blank`, value);
    case 'invalid':
      return new Rejection('bad_date', `${column} is not a date/time`, value);
    case 'no_time':
      return new Rejection('bad_date', `${column} has no time of day`, value);
    case 'out_of_range':
      return new Rejection('bad_date', `${column} is outside ${MIN_RECORD_YEAR}–${MAX_RECORD_YEAR}`, value);
  }
}
