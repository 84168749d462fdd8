import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase, schemaVersion } from '../../main/core/db/index.js';
import { migration001 } from '../../main/core/db/migrations/001_history.js';
import { migration002 } from '../../main/core/db/migrations/002_models.js';
import { migration003 } from '../../main/core/db/migrations/003_mobilisation_key.js';
import { undoImport } from '../../main/core/ingest/history.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { readCsv, real, tempDir, writeCsv } from '../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('pump-eta-migration-004-')));
afterAll(() => cleanup());

describe('migration 004 (versions)', () => {
  it('upgrades a version-3 history in place: rows kept, corrections then replace and undo restores', async () => {
    const dbPath = path.join(dir, 'v3.sqlite');
    const v3 = openDatabase(dbPath, { migrations: [migration001, migration002, migration003] });
    // A version-3 history, written as version 3 wrote it (INSERT OR IGNORE, the imports row of then).
    v3.exec(`INSERT INTO imports (id, file_name, sha256, kind, size_bytes, started_at, finished_at, rows_read,
               rows_imported, rows_duplicate, rows_rejected, report_json)
             VALUES (1, 'mobilisations-2009-first20.csv', 'abc', 'mobilisations', 1, 't', 't', 20, 20, 0, 0, '{}')`);
    const fresh = openDatabase(path.join(dir, 'fresh.sqlite'));
    await importFile(fresh, real('mobilisations-2009-first20.csv'));
    const rows = fresh.prepare('SELECT * FROM mobilisations ORDER BY id').all() as Record<string, unknown>[];
    fresh.close();
    const columns = Object.keys(rows[0]!);
    const insert = v3.prepare(
      `INSERT INTO mobilisations (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    for (const r of rows) insert.run(...columns.map((c) => (c === 'import_id' ? 1 : r[c])));
    expect(schemaVersion(v3)).toBe(3);
    v3.close();

    const db = openDatabase(dbPath);
    try {
      expect(schemaVersion(db)).toBe(latestVersion());
      expect(db.prepare('SELECT count(*) AS n FROM mobilisations').get()).toEqual({ n: 20 });
      expect(db.prepare('SELECT rows_changed, accept_partial, undone_at FROM imports').get()).toEqual({
        rows_changed: 0,
        accept_partial: 0,
        undone_at: null,
      });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

      const sample = readCsv(real('mobilisations-2009-first20.csv'));
      const at = sample.header.indexOf('AttendanceTimeSeconds');
      const corrected = sample.rows.map((r) => [...r]);
      corrected[0]![at] = String(Number(corrected[0]![at]) + 5);
      const file = writeCsv(path.join(dir, 'corrected.csv'), sample.header, corrected);
      const report = await importFile(db, file);
      expect(report).toMatchObject({ rowsImported: 0, rowsChanged: 1, rowsDuplicate: 19 });
      expect(report.changedFields).toEqual([{ field: 'attendance_seconds', rows: 1 }]);
      const first = () =>
        db
          .prepare('SELECT attendance_seconds AS s, import_id AS i FROM mobilisations WHERE id = ?')
          .get(rows[0]!.id);
      expect(first()).toEqual({ s: Number(sample.rows[0]![at]) + 5, i: report.importId });
      undoImport(db, report.importId);
      expect(first()).toEqual({ s: Number(sample.rows[0]![at]), i: 1 });
      expect(db.prepare('SELECT * FROM mobilisations ORDER BY id').all()).toEqual(
        rows.map((r) => ({ ...r, import_id: 1 })),
      );
    } finally {
      db.close();
    }
  });
});
