import type { Db } from '../db/index.js';
import type { ImportKind } from './types.js';

/**
 * The import log as the data officer sees it, and undo: an import's rows are removed and the
 * versions it replaced are put back, in one transaction. Undo touches only the history tables and
 * the import log, never model files or the model registry.
 */

export interface ImportEntry {
  readonly id: number;
  readonly fileName: string;
  readonly kind: ImportKind;
  readonly finishedAt: string;
  readonly rowsRead: number;
  readonly rowsAdded: number;
  readonly rowsChanged: number;
  readonly rowsUnchanged: number;
  readonly rowsRejected: number;
  readonly acceptPartial: boolean;
  /** When it was undone, or null. */
  readonly undoneAt: string | null;
}

export interface UndoResult {
  readonly id: number;
  readonly fileName: string;
  readonly kind: ImportKind;
  /** Rows this import added (areas, for boundaries), now removed. */
  readonly removed: number;
  /** Earlier versions of the rows it changed, now back in place. */
  readonly restored: number;
}

/** A refusal whose message is meant for the user; nothing was changed. */
export class UndoError extends Error {
  override name = 'UndoError';
}

/** The table each kind of row-by-row import writes (boundaries are layers, undone whole). */
const TABLES: Readonly<Record<Exclude<ImportKind, 'boundaries'>, string>> = {
  incidents: 'incidents',
  mobilisations: 'mobilisations',
  stations: 'stations',
  weather: 'weather_hours',
};

/** Every import, newest first (undone ones included, marked). */
export function listImports(db: Db): ImportEntry[] {
  const rows = db
    .prepare(
      `SELECT id, file_name, kind, finished_at, rows_read, rows_imported, rows_changed, rows_duplicate,
              rows_rejected, accept_partial, undone_at
       FROM imports WHERE sha256 <> '' ORDER BY id DESC`,
    )
    .all() as {
    id: number;
    file_name: string;
    kind: ImportKind;
    finished_at: string;
    rows_read: number;
    rows_imported: number;
    rows_changed: number;
    rows_duplicate: number;
    rows_rejected: number;
    accept_partial: number;
    undone_at: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    kind: r.kind,
    finishedAt: r.finished_at,
    rowsRead: r.rows_read,
    rowsAdded: r.rows_imported,
    rowsChanged: r.rows_changed,
    rowsUnchanged: r.rows_duplicate,
    rowsRejected: r.rows_rejected,
    acceptPartial: r.accept_partial === 1,
    undoneAt: r.undone_at,
  }));
}

function columnsOfTable(db: Db, table: string): string[] {
  return (
    db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string }[]
  ).map((c) => c.name);
}

/**
 * Undoes one import: deletes the rows it wrote (new or changed) and puts back the versions it
 * replaced. Refused, changing nothing, when the import does not exist, was undone already, or a later
 * import has since replaced some of its rows (that one must be undone first, or undo would bring
 * back rows the later file corrected).
 */
export function undoImport(db: Db, id: number, now: () => Date = () => new Date()): UndoResult {
  return db
    .transaction((): UndoResult => {
      const entry = db
        .prepare(`SELECT id, file_name, kind, undone_at, sha256 FROM imports WHERE id = ?`)
        .get(id) as
        | { id: number; file_name: string; kind: ImportKind; undone_at: string | null; sha256: string }
        | undefined;
      if (entry === undefined || entry.sha256 === '') {
        throw new UndoError(`there is no import ${id}: 'pump-eta imports' lists them`);
      }
      if (entry.undone_at !== null) {
        throw new UndoError(`import ${id} (${entry.file_name}) was already undone at ${entry.undone_at}`);
      }
      if (entry.kind === 'boundaries') {
        // A layer is the import's alone (a second import of the same file adds none): it goes whole.
        const removed = db
          .prepare('SELECT COALESCE(SUM(areas), 0) FROM boundary_layers WHERE import_id = ?')
          .pluck()
          .get(id) as number;
        db.prepare('DELETE FROM boundary_layers WHERE import_id = ?').run(id);
        db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(now().toISOString(), id);
        return { id, fileName: entry.file_name, kind: entry.kind, removed, restored: 0 };
      }
      const table = TABLES[entry.kind];
      if (table === undefined)
        throw new UndoError(`import ${id} is of kind ${entry.kind}, which cannot be undone`);
      const later = db
        .prepare(
          `SELECT DISTINCT p.replaced_by AS id, i.file_name FROM ${table}_prior p
           JOIN imports i ON i.id = p.replaced_by
           WHERE p.import_id = ? ORDER BY p.replaced_by DESC`,
        )
        .all(id) as { id: number; file_name: string }[];
      if (later.length > 0) {
        // Named by file as the import log shows them, not only by number.
        const named = later.map((l) => `${l.id} (${l.file_name})`);
        throw new UndoError(
          `import ${id} (${entry.file_name}) has rows that later import(s) ${named.join(', ')} changed: undo ${later.length > 1 ? 'those' : 'that'} first`,
        );
      }
      refuseIfLaterImportHolds(db, entry.kind, table, id, entry.file_name);
      const removed = db.prepare(`DELETE FROM ${table} WHERE import_id = ?`).run(id).changes;
      const columns = columnsOfTable(db, table).join(', ');
      const restored = db
        .prepare(
          `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${table}_prior WHERE replaced_by = ?`,
        )
        .run(id).changes;
      db.prepare(`DELETE FROM ${table}_prior WHERE replaced_by = ?`).run(id);
      db.prepare('UPDATE imports SET undone_at = ? WHERE id = ?').run(now().toISOString(), id);
      return { id, fileName: entry.file_name, kind: entry.kind, removed: removed - restored, restored };
    })
    .immediate();
}

/**
 * A row delivered again unchanged by a later import keeps the id of the import that first stored it,
 * so undoing that first import would delete a row the later import still counts as its own. Which
 * rows a later import found unchanged is not recorded, so the rule is the safe one: while a later,
 * not undone import of the same kind found any rows unchanged, an import that still holds rows is
 * not undone (the later one must be undone first, which leaves this one's rows in place).
 */
function refuseIfLaterImportHolds(
  db: Db,
  kind: ImportKind,
  table: string,
  id: number,
  fileName: string,
): void {
  const held = (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE import_id = ?`).get(id) as { n: number })
    .n;
  if (held === 0) return;
  const later = db
    .prepare(
      `SELECT id, file_name, rows_duplicate FROM imports
       WHERE id > ? AND kind = ? AND undone_at IS NULL AND sha256 <> '' AND rows_duplicate > 0
       ORDER BY id DESC`,
    )
    .all(id, kind) as { id: number; file_name: string; rows_duplicate: number }[];
  if (later.length === 0) return;
  const holders = later
    .map(
      (l) =>
        `import ${l.id} (${l.file_name}, same rows) still holds ${Math.min(l.rows_duplicate, held)} of them`,
    )
    .join('; ');
  const ids = later.map((l) => l.id).join(', ');
  throw new UndoError(
    `import ${id} (${fileName}) added ${held} row(s) that a later import delivered again unchanged: ` +
      `${holders}: undo import ${ids} first`,
  );
}
