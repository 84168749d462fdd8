import type { Db } from '../db/index.js';
import type { LfbKind } from '../lfb/columns.js';
import {
  INCIDENT_COLUMNS,
  MOBILISATION_COLUMNS,
  STATION_COLUMNS,
  type IncidentRow,
  type MobilisationRow,
  type StationRow,
} from '../lfb/rows.js';

/** Inserts one row; false when its natural key is already present (a duplicate). */
export type RowWriter<T> = (row: T) => boolean;

const TABLES = {
  incidents: { table: 'incidents', columns: INCIDENT_COLUMNS },
  mobilisations: { table: 'mobilisations', columns: MOBILISATION_COLUMNS },
  stations: { table: 'stations', columns: STATION_COLUMNS },
} as const;

/**
 * INSERT OR IGNORE on the natural key (incident_number; dedupe_key; station code or name) is what
 * makes re-imports idempotent. Arguments are bound positionally from one reused array: binding is
 * the dominant per-row cost at a million rows.
 */
function rowWriter<T>(
  db: Db,
  table: string,
  columns: readonly (keyof T & string)[],
  importId: number,
): RowWriter<T> {
  const names = [...columns, 'import_id'];
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  const n = columns.length;
  const args: unknown[] = new Array<unknown>(n + 1);
  args[n] = importId;
  return (row) => {
    for (let i = 0; i < n; i++) args[i] = row[columns[i]!];
    return stmt.run(...args).changes > 0;
  };
}

export function incidentWriter(db: Db, importId: number): RowWriter<IncidentRow> {
  return rowWriter<IncidentRow>(db, TABLES.incidents.table, TABLES.incidents.columns, importId);
}

export function mobilisationWriter(db: Db, importId: number): RowWriter<MobilisationRow> {
  return rowWriter<MobilisationRow>(db, TABLES.mobilisations.table, TABLES.mobilisations.columns, importId);
}

export function stationWriter(db: Db, importId: number): RowWriter<StationRow> {
  return rowWriter<StationRow>(db, TABLES.stations.table, TABLES.stations.columns, importId);
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
  const table = TABLES[kind].table;
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
