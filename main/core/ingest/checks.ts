import type { Db } from '../db/index.js';
import type { LfbKind } from '../lfb/columns.js';
import { columnsOf } from '../lfb/rows.js';
import type { RejectExample } from '../lfb/reasons.js';
import { ImportFileError, type Acceptable } from './errors.js';
import type { ChangedField } from './types.js';
import { naturalKey, SYNTHETIC_INCIDENT_PREFIX } from './writer.js';

/**
 * The checks that keep a file from quietly damaging the history: columns the model learns from,
 * the share of rejected rows, synthetic and real records in one history; and what the report says
 * about corrections and mobilisations that wait for their incidents.
 */

/** Above this share of rejected rows a file is refused (unless accepted as partial). */
export const MAX_REJECTED_SHARE = 0.05;
/** Rejected rows quoted in the sentence that refuses a file. */
const REFUSAL_EXAMPLES = 3;
/** Fields listed as changed most often by a re-import. */
const MAX_CHANGED_FIELDS = 5;

/** Checks that `acceptPartial` may override; `overridden` says which ones it did. */
export class PartialChecks {
  readonly overridden: Acceptable[] = [];

  constructor(
    private readonly file: string,
    private readonly acceptPartial: boolean,
  ) {}

  private fail(check: Acceptable, problem: string): void {
    if (this.acceptPartial) {
      this.overridden.push(check);
      return;
    }
    throw new ImportFileError(this.file, `${problem}; nothing was imported`, check);
  }

  modelColumns(missing: readonly string[]): void {
    if (missing.length === 0) return;
    this.fail(
      'missing_model_columns',
      `lacks column(s) the model learns from: ${missing.join('; ')} (a renamed column?)`,
    );
  }

  rejectedShare(rowsRead: number, rejected: number, examples: readonly RejectExample[]): void {
    if (rowsRead === 0 || rejected / rowsRead <= MAX_REJECTED_SHARE) return;
    const shown = examples
      .slice(0, REFUSAL_EXAMPLES)
      .map((e) => `row ${e.row}: ${e.message}: ${e.value}`)
      .join('; ');
    const share = ((rejected / rowsRead) * 100).toFixed(1);
    this.fail(
      'rejected_share',
      `${rejected} of ${rowsRead} rows (${share} %) were rejected, more than ` +
        `${MAX_REJECTED_SHARE * 100} % (e.g. ${shown})`,
    );
  }

  /**
   * A stations list that would move most stored stations by more than STATION_MOVE_METRES is not a
   * correction but another list (the generator's made-up positions, for one, which carry no marker).
   */
  stationMoves(db: Db, importId: number): void {
    const moves = stationMoves(db, importId);
    if (moves.stored === 0 || moves.moved / moves.stored <= MAX_MOVED_STATION_SHARE) return;
    this.fail(
      'moves_stations',
      `would move ${moves.moved} of the ${moves.stored} stored stations by more than ` +
        `${STATION_MOVE_METRES} m (e.g. ${moves.examples.join('; ')}): it is not the station list this ` +
        'history was built with (a synthetic stations.csv from pump-eta synth?)',
    );
  }
}

/** A station moved further than this is a different position, not a rounding of the same one. */
export const STATION_MOVE_METRES = 100;
/** Above this share of the stored stations moved, a stations file is refused. */
export const MAX_MOVED_STATION_SHARE = 0.5;
const MOVED_EXAMPLES = 3;

/**
 * How many of the stations stored before this import it moved by more than STATION_MOVE_METRES
 * (grid metres), out of how many were stored. Only this import's replaced rows are compared.
 */
function stationMoves(db: Db, importId: number): { stored: number; moved: number; examples: string[] } {
  const kept = (
    db.prepare('SELECT count(*) AS n FROM stations WHERE import_id <> ?').get(importId) as { n: number }
  ).n;
  const replaced = (
    db.prepare('SELECT count(*) AS n FROM stations_prior WHERE replaced_by = ?').get(importId) as {
      n: number;
    }
  ).n;
  const squared =
    '(s.easting - p.easting) * (s.easting - p.easting) + (s.northing - p.northing) * (s.northing - p.northing)';
  const moved = db
    .prepare(
      `SELECT s.code AS code, round(sqrt(${squared})) AS metres
       FROM stations_prior p JOIN stations s ON s.code = p.code
       WHERE p.replaced_by = ? AND s.import_id = ? AND ${squared} > ?
       ORDER BY s.code`,
    )
    .all(importId, importId, STATION_MOVE_METRES * STATION_MOVE_METRES) as { code: string; metres: number }[];
  return {
    stored: kept + replaced,
    moved: moved.length,
    examples: moved.slice(0, MOVED_EXAMPLES).map((m) => `${m.code} by ${m.metres} m`),
  };
}

export interface HistoryNature {
  readonly synthetic: boolean;
  readonly real: boolean;
}

const SYN_FROM = SYNTHETIC_INCIDENT_PREFIX;
/** The key just after every `SYN-…` one ('.' follows '-'), so both tests are index range seeks. */
const SYN_TO = SYNTHETIC_INCIDENT_PREFIX.slice(0, -1) + '.';

/** Whether the history holds synthetic records, real ones, or both (a few index seeks). */
export function historyNature(db: Db): HistoryNature {
  const any = (table: string, where: string, ...args: string[]) =>
    db.prepare(`SELECT 1 FROM ${table} WHERE ${where} LIMIT 1`).get(...args) !== undefined;
  const tables = ['incidents', 'mobilisations'];
  return {
    synthetic: tables.some((t) => any(t, 'incident_number >= ? AND incident_number < ?', SYN_FROM, SYN_TO)),
    real: tables.some(
      (t) => any(t, 'incident_number < ?', SYN_FROM) || any(t, 'incident_number >= ?', SYN_TO),
    ),
  };
}

/** Why rows of this file may not join this history, or null. */
export function mixingProblem(
  fileSynthetic: boolean,
  fileReal: boolean,
  history: HistoryNature,
): string | null {
  if (fileSynthetic && fileReal) {
    return (
      `mixes synthetic records (IncidentNumber ${SYNTHETIC_INCIDENT_PREFIX}…) with real ones; ` +
      'synthetic and real data never share a history'
    );
  }
  if (fileSynthetic && history.real) {
    return (
      `holds synthetic records (IncidentNumber ${SYNTHETIC_INCIDENT_PREFIX}…, written by pump-eta synth) ` +
      'and this history holds real LFB records: synthetic and real data never share a history; ' +
      'import it into another database (--db)'
    );
  }
  if (fileReal && history.synthetic) {
    return (
      'holds real LFB records and this history holds synthetic ones (written by pump-eta synth): ' +
      'synthetic and real data never share a history; import it into another database (--db)'
    );
  }
  return null;
}

export interface VersionReport {
  /** Stored records this import replaced with different content. */
  readonly changed: number;
  readonly fields: ChangedField[];
}

/**
 * What this import changed, from the versions it replaced (copied to `<kind>_prior` by migration
 * 004's trigger): how many, and which fields most often. Only replaced rows are read.
 */
export function versionReport(db: Db, kind: LfbKind, importId: number): VersionReport {
  const changed = (
    db.prepare(`SELECT count(*) AS n FROM ${kind}_prior WHERE replaced_by = ?`).get(importId) as { n: number }
  ).n;
  if (changed === 0) return { changed, fields: [] };
  const key = naturalKey(kind);
  const data = columnsOf(kind).filter((c) => !key.includes(c));
  const sums = data.map((c, i) => `sum(p.${c} IS NOT t.${c}) AS c${i}`).join(', ');
  const on = key.map((k) => `t.${k} = p.${k}`).join(' AND ');
  const row = db
    .prepare(`SELECT ${sums} FROM ${kind}_prior p JOIN ${kind} t ON ${on} WHERE p.replaced_by = ?`)
    .get(importId) as Record<string, number | null>;
  const fields = data
    .map((field, i) => ({ field, rows: row[`c${i}`] ?? 0 }))
    .filter((f) => f.rows > 0)
    .sort((a, b) => b.rows - a.rows || a.field.localeCompare(b.field))
    .slice(0, MAX_CHANGED_FIELDS);
  return { changed, fields };
}

/**
 * New mobilisations of this import whose incident is not in the history yet: they wait for the
 * Incident file (training skips them until it comes). New rows are those above the largest id before
 * the import, so only they are read; with no incidents at all every new row waits, and a million-row
 * file is not scanned to find that out.
 */
export function waitingForIncidents(db: Db, newRows: number, lastIdBefore: number): number {
  if (newRows === 0) return 0;
  if (db.prepare('SELECT 1 FROM incidents LIMIT 1').get() === undefined) return newRows;
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM mobilisations m
         WHERE m.id > ?
           AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.incident_number = m.incident_number)`,
      )
      .get(lastIdBefore) as { n: number }
  ).n;
}
