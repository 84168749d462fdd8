import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Db } from '../db/index.js';

/**
 * The prediction log holds where live incidents were, as dispatchers typed them (postcode, ward,
 * coordinates, call time) with each answer. It is kept for a set number of days (the retention), then
 * purged; an auditor can export any period of it as CSV first.
 */

const LONDON = 'Europe/London';
const DAY_MS = 86_400_000;
/** Rows deleted per transaction: an import waiting for the write lock waits for one chunk at most. */
const PURGE_CHUNK = 5_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export class AuditPeriodError extends Error {
  override name = 'AuditPeriodError';
}

/** The instant before which entries are older than `retentionDays` (whole days back from `now`). */
export function retentionCutoff(retentionDays: number, now: Date = new Date()): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RangeError(`the retention must be a whole number of days, at least 1 (got ${retentionDays})`);
  }
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Deletes log entries answered before `before`, a chunk per transaction, and returns how many. It waits
 * for the write lock as any writer does: it runs on the log's own thread, never on the answer path.
 */
export function purgePredictions(db: Db, before: Date): number {
  const cutoff = before.toISOString();
  const chunk = db.prepare(
    'DELETE FROM predictions WHERE id IN (SELECT id FROM predictions WHERE at < ? ORDER BY id LIMIT ?)',
  );
  let deleted = 0;
  for (;;) {
    const { changes } = chunk.run(cutoff, PURGE_CHUNK);
    deleted += changes;
    if (changes < PURGE_CHUNK) return deleted;
  }
}

/** A period of London calendar days, both inclusive, as the UTC instants the log is stamped in. */
export interface AuditPeriod {
  readonly from: string;
  readonly to: string;
  /** First instant included. */
  readonly startUtc: string;
  /** First instant after the period. */
  readonly endUtc: string;
}

/** `from` and `to` are London dates, `YYYY-MM-DD`, both inclusive. */
export function auditPeriod(from: string, to: string): AuditPeriod {
  const day = (label: string, text: string): DateTime => {
    const parsed = ISO_DAY.test(text) ? DateTime.fromISO(text, { zone: LONDON }) : null;
    if (!parsed?.isValid) {
      throw new AuditPeriodError(
        `${label} must be a date written YYYY-MM-DD, such as 2026-11-28 (got "${text}")`,
      );
    }
    return parsed.startOf('day');
  };
  const start = day('The first day', from);
  const last = day('The last day', to);
  if (last < start) {
    throw new AuditPeriodError(`The last day (${to}) is before the first day (${from}).`);
  }
  return {
    from,
    to,
    startUtc: start.toUTC().toISO()!,
    endUtc: last.plus({ days: 1 }).toUTC().toISO()!,
  };
}

/** The name offered for an export: the period it holds. */
export function auditFileName(period: AuditPeriod): string {
  return `pump-eta-audit-${period.from}-to-${period.to}.csv`;
}

/** The export's columns: when (UTC and London), which model, what was asked and what was answered. */
const AUDIT_COLUMNS = ['answered_at_utc', 'answered_at_london', 'model_id', 'kind', 'input', 'output'];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

interface LoggedRow {
  readonly at: string;
  readonly model_id: string;
  readonly kind: string;
  readonly input_json: string;
  readonly output_json: string;
}

/**
 * Writes the log entries of a period to `file` as CSV (a temporary file renamed into place, so an
 * interrupted export never leaves half a file under the name asked for). Returns the rows written.
 */
export function exportPredictions(db: Db, period: AuditPeriod, file: string): number {
  const rows = db
    .prepare(
      'SELECT at, model_id, kind, input_json, output_json FROM predictions WHERE at >= ? AND at < ? ORDER BY at, id',
    )
    .iterate(period.startUtc, period.endUtc) as IterableIterator<LoggedRow>;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(temp, 'w', 0o600);
  let count = 0;
  try {
    fs.writeSync(fd, `${AUDIT_COLUMNS.join(',')}\n`);
    for (const row of rows) {
      const london = DateTime.fromISO(row.at, { zone: LONDON }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
      const fields = [row.at, london, row.model_id, row.kind, row.input_json, row.output_json];
      fs.writeSync(fd, `${fields.map(csvField).join(',')}\n`);
      count++;
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, file);
    return count;
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
