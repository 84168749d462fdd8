import type { ImportKind } from './types.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/index.js';
import type { LfbKind } from '../lfb/columns.js';
import type { NormalisedRow } from './read-rows.js';
import { columnsOf } from '../lfb/rows.js';

/**
 * Buffers rows and writes them many per statement. `written` counts rows that were new or replaced a
 * stored row with different content; the others were already stored unchanged (or earlier in the same
 * file). Call flush() before reading the counts and before the transaction ends.
 */
export interface RowWriter {
  add(row: NormalisedRow): void;
  /** A row as its values in the table's column order (as a reader thread sends them). */
  addValues(values: readonly unknown[]): void;
  flush(): void;
  readonly written: number;
  /** Rows whose IncidentNumber marks them as synthetic (`SYN-`), and the others. */
  readonly syntheticRows: number;
  readonly realRows: number;
}

/**
 * Rows per INSERT statement. Each statement call costs ~1.5 µs of binding and VM set-up beyond its
 * values; 100 rows a statement took a million-row Mobilisation import from 15.0 s to 12.6 s here,
 * and 100 × 27 parameters stay far below SQLite's 32,766.
 */
export const ROWS_PER_STATEMENT = 100;

/** The prefix of every synthetic IncidentNumber (see synthetic/simulate.ts). */
export const SYNTHETIC_INCIDENT_PREFIX = 'SYN-';

/** Each kind's natural key: what makes a re-imported row the same record. */
export function naturalKey(kind: LfbKind): readonly string[] {
  switch (kind) {
    case 'incidents':
      return ['incident_number'];
    case 'mobilisations':
      return ['incident_number', 'dedupe_key'];
    case 'stations':
      return ['code'];
  }
}

/**
 * An upsert on the natural key: a new record is inserted; a stored record from an earlier import
 * whose content differs is replaced (the newer import wins; the trigger of migration 004 keeps the
 * version it replaces); one with the same content, or met earlier in the same file, is left alone.
 * SQLite applies the rows of one multi-row statement in order, so a repeat later in the same
 * statement is treated like any other. The stations list's second unique key (the name) is ignored
 * on conflict, as before.
 */
function upsertSql(
  table: string,
  names: readonly string[],
  key: readonly string[],
  rows: number,
  absent: readonly string[],
): string {
  const tuple = `(${names.map(() => '?').join(', ')})`;
  // A column the file does not have keeps its stored value and is not compared (absent-columns.ts).
  const data = names.filter((c) => c !== 'import_id' && !key.includes(c) && !absent.includes(c));
  const set = [...data, 'import_id'].map((c) => `${c} = excluded.${c}`).join(', ');
  const mine = data.map((c) => `${table}.${c}`).join(', ');
  const theirs = data.map((c) => `excluded.${c}`).join(', ');
  return (
    `INSERT INTO ${table} (${names.join(', ')}) VALUES ${new Array<string>(rows).fill(tuple).join(', ')} ` +
    `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set} ` +
    `WHERE ${table}.import_id <> excluded.import_id AND (${mine}) IS NOT (${theirs}) ` +
    'ON CONFLICT DO NOTHING'
  );
}

class BatchedRowWriter implements RowWriter {
  private readonly full: Statement;
  private readonly single: Statement;
  private readonly width: number;
  private readonly values: unknown[];
  private readonly one: unknown[];
  /** Position of incident_number in a row, or -1 (stations). */
  private readonly incidentAt: number;
  private pending = 0;
  written = 0;
  syntheticRows = 0;
  realRows = 0;

  constructor(
    db: Db,
    table: string,
    private readonly columns: readonly string[],
    key: readonly string[],
    private readonly importId: number,
    absent: readonly string[],
  ) {
    const names = [...columns, 'import_id'];
    this.width = names.length;
    this.full = db.prepare(upsertSql(table, names, key, ROWS_PER_STATEMENT, absent));
    this.single = db.prepare(upsertSql(table, names, key, 1, absent));
    this.values = new Array<unknown>(this.width * ROWS_PER_STATEMENT);
    this.one = new Array<unknown>(this.width);
    this.incidentAt = columns.indexOf('incident_number');
  }

  add(row: NormalisedRow): void {
    const { columns, values } = this;
    const n = columns.length;
    const at = this.pending * this.width;
    const fields = row as unknown as Readonly<Record<string, unknown>>;
    for (let i = 0; i < n; i++) values[at + i] = fields[columns[i]!];
    this.endRow(at, n);
  }

  addValues(row: readonly unknown[]): void {
    const { values } = this;
    const n = this.columns.length;
    const at = this.pending * this.width;
    for (let i = 0; i < n; i++) values[at + i] = row[i];
    this.endRow(at, n);
  }

  private endRow(at: number, n: number): void {
    if (this.incidentAt >= 0) {
      const incident = this.values[at + this.incidentAt] as string;
      if (incident.startsWith(SYNTHETIC_INCIDENT_PREFIX)) this.syntheticRows++;
      else this.realRows++;
    }
    this.values[at + n] = this.importId;
    if (++this.pending === ROWS_PER_STATEMENT) {
      this.written += this.full.run(...this.values).changes;
      this.pending = 0;
    }
  }

  /** The last partial statement goes row by row (a statement per remainder size is not worth it). */
  flush(): void {
    const { values, one, width } = this;
    for (let r = 0; r < this.pending; r++) {
      for (let i = 0; i < width; i++) one[i] = values[r * width + i];
      this.written += this.single.run(...one).changes;
    }
    this.pending = 0;
  }
}

/**
 * A writer for the rows of one import of the given kind; `absent` are the stored columns the file has
 * no column for, whose stored values a re-imported record keeps.
 */
export function writerFor(
  db: Db,
  kind: LfbKind,
  importId: number,
  absent: readonly string[] = [],
): RowWriter {
  // Each kind's table is named after it; columnsOf is also the order a reader thread packs rows in.
  return new BatchedRowWriter(db, kind, columnsOf(kind), naturalKey(kind), importId, absent);
}

export interface ImportRecord {
  readonly fileName: string;
  readonly kind: ImportKind;
  readonly sizeBytes: number;
  readonly startedAt: string;
}

/** The imports row is written first (rows reference it) and completed at the end. */
export function insertImport(db: Db, r: ImportRecord): number {
  const info = db
    .prepare(
      `INSERT INTO imports (file_name, sha256, kind, size_bytes, started_at, finished_at, rows_read,
         rows_imported, rows_duplicate, rows_rejected, report_json)
       VALUES (?, '', ?, ?, ?, ?, 0, 0, 0, 0, '{}')`,
    )
    .run(r.fileName, r.kind, r.sizeBytes, r.startedAt, r.startedAt);
  return Number(info.lastInsertRowid);
}

export interface ImportCompletion {
  readonly sha256: string;
  readonly finishedAt: string;
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rowsChanged: number;
  readonly rowsDuplicate: number;
  readonly rowsRejected: number;
  readonly acceptPartial: boolean;
  readonly report: unknown;
}

export function completeImport(db: Db, id: number, c: ImportCompletion): void {
  db.prepare(
    `UPDATE imports SET sha256 = ?, finished_at = ?, rows_read = ?, rows_imported = ?, rows_changed = ?,
       rows_duplicate = ?, rows_rejected = ?, accept_partial = ?, report_json = ? WHERE id = ?`,
  ).run(
    c.sha256,
    c.finishedAt,
    c.rowsRead,
    c.rowsImported,
    c.rowsChanged,
    c.rowsDuplicate,
    c.rowsRejected,
    c.acceptPartial ? 1 : 0,
    JSON.stringify(c.report),
    id,
  );
}

/** Rows a file is expected to hold per byte read, for deciding on a bulk load (CSV ~200 B/row). */
const ESTIMATED_BYTES_PER_ROW = 200;

/**
 * For a load larger than the table it goes into, drops the table's non-unique indexes and returns a
 * function that recreates them from their stored SQL: one sorted build is ~20 % cheaper than a
 * million incremental updates. Call inside the import transaction, so a rollback restores them.
 * Unique indexes stay: they are what detects duplicates.
 */
export function deferSecondaryIndexes(db: Db, kind: LfbKind, fileBytes: number): () => void {
  const table = kind;
  const existing = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  if (existing >= fileBytes / ESTIMATED_BYTES_PER_ROW) return () => {};
  const indexes = (
    db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
      )
      .all(table) as { name: string; sql: string }[]
  ).filter((i) => !/\bUNIQUE\b/i.test(i.sql));
  for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
  return () => {
    for (const i of indexes) db.exec(i.sql);
  };
}
