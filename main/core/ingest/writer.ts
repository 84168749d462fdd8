import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/index.js';
import type { LfbKind } from '../lfb/columns.js';
import type { NormalisedRow } from './read-rows.js';
import { columnsOf } from '../lfb/rows.js';

/**
 * Buffers rows and inserts them many per statement. `imported` counts rows that were new; the others
 * were duplicates of rows already stored (or earlier in the same file). Call flush() before reading
 * `imported` and before the transaction ends.
 */
export interface RowWriter {
  add(row: NormalisedRow): void;
  /** A row as its values in the table's column order (as a reader thread sends them). */
  addValues(values: readonly unknown[]): void;
  flush(): void;
  readonly imported: number;
}

/**
 * Rows per INSERT statement. Each statement call costs ~1.5 µs of binding and VM set-up beyond its
 * values; 100 rows a statement took a million-row Mobilisation import from 15.0 s to 12.6 s here,
 * and 100 × 27 parameters stay far below SQLite's 32,766.
 */
export const ROWS_PER_STATEMENT = 100;

/**
 * INSERT OR IGNORE on the natural key (incident_number; incident_number + dedupe_key; station code or
 * name) is what makes re-imports idempotent: SQLite applies the rows of one multi-row statement in
 * order, so a duplicate later in the same statement is ignored like any other.
 */
class BatchedRowWriter implements RowWriter {
  private readonly full: Statement;
  private readonly single: Statement;
  private readonly width: number;
  private readonly values: unknown[];
  private readonly one: unknown[];
  private pending = 0;
  imported = 0;

  constructor(
    db: Db,
    table: string,
    private readonly columns: readonly string[],
    private readonly importId: number,
  ) {
    const names = [...columns, 'import_id'];
    this.width = names.length;
    const tuple = `(${names.map(() => '?').join(', ')})`;
    const insert = `INSERT OR IGNORE INTO ${table} (${names.join(', ')}) VALUES `;
    this.full = db.prepare(insert + new Array<string>(ROWS_PER_STATEMENT).fill(tuple).join(', '));
    this.single = db.prepare(insert + tuple);
    this.values = new Array<unknown>(this.width * ROWS_PER_STATEMENT);
    this.one = new Array<unknown>(this.width);
  }

  add(row: NormalisedRow): void {
    const { columns, values } = this;
    const n = columns.length;
    const at = this.pending * this.width;
    const fields = row as unknown as Readonly<Record<string, unknown>>;
    for (let i = 0; i < n; i++) values[at + i] = fields[columns[i]!];
    this.endRow(at + n);
  }

  addValues(row: readonly unknown[]): void {
    const { values } = this;
    const n = this.columns.length;
    const at = this.pending * this.width;
    for (let i = 0; i < n; i++) values[at + i] = row[i];
    this.endRow(at + n);
  }

  private endRow(importIdAt: number): void {
    this.values[importIdAt] = this.importId;
    if (++this.pending === ROWS_PER_STATEMENT) {
      this.imported += this.full.run(...this.values).changes;
      this.pending = 0;
    }
  }

  /** The last partial statement goes row by row (a statement per remainder size is not worth it). */
  flush(): void {
    const { values, one, width } = this;
    for (let r = 0; r < this.pending; r++) {
      for (let i = 0; i < width; i++) one[i] = values[r * width + i];
      this.imported += this.single.run(...one).changes;
    }
    this.pending = 0;
  }
}

/** A writer for the rows of one import of the given kind. */
export function writerFor(db: Db, kind: LfbKind, importId: number): RowWriter {
  // Each kind's table is named after it; columnsOf is also the order a reader thread packs rows in.
  return new BatchedRowWriter(db, kind, columnsOf(kind), importId);
}

export interface ImportRecord {
  readonly fileName: string;
  readonly kind: LfbKind;
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
  readonly rowsDuplicate: number;
  readonly rowsRejected: number;
  readonly report: unknown;
}

export function completeImport(db: Db, id: number, c: ImportCompletion): void {
  db.prepare(
    `UPDATE imports SET sha256 = ?, finished_at = ?, rows_read = ?, rows_imported = ?, rows_duplicate = ?,
       rows_rejected = ?, report_json = ? WHERE id = ?`,
  ).run(
    c.sha256,
    c.finishedAt,
    c.rowsRead,
    c.rowsImported,
    c.rowsDuplicate,
    c.rowsRejected,
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
