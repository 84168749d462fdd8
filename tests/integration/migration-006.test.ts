import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase, schemaVersion } from '../../main/core/db/index.js';
import { MIGRATIONS } from '../../main/core/db/migrations/index.js';
import { undoImport } from '../../main/core/ingest/history.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { databaseChecksum } from '../fixtures/db-state.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

/**
 * Migration 006 rebuilds `imports` (its kind may now be 'boundaries') under every history row that
 * points at an import: a version-5 history with real LFB rows must come through whole, its imports
 * still undoable, and its foreign keys enforced again afterwards.
 */
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('pump-eta-migration-006-')));
afterAll(() => cleanup());

const BEFORE_006 = MIGRATIONS.filter((m) => m.version < 6);

describe('migration 006 (boundaries)', () => {
  it('upgrades a version-5 history in place: every row kept, imports undoable, references enforced', async () => {
    const dbPath = path.join(dir, 'v5.sqlite');
    const v5 = openDatabase(dbPath, { migrations: BEFORE_006 });
    const stations = await importFile(v5, real('stations.csv'));
    const incidents = await importFile(v5, real('incidents-2009-first20.csv'));
    expect(schemaVersion(v5)).toBe(5);
    const tables = ['imports', 'incidents', 'stations', 'incidents_prior'];
    const count = (db: typeof v5, t: string) =>
      db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    const before = Object.fromEntries(tables.map((t) => [t, count(v5, t)]));
    const importsBefore = v5.prepare('SELECT * FROM imports ORDER BY id').all();
    v5.close();

    const db = openDatabase(dbPath);
    try {
      expect(schemaVersion(db)).toBe(latestVersion());
      expect(Object.fromEntries(tables.map((t) => [t, count(db, t)]))).toEqual(before);
      expect(db.prepare('SELECT * FROM imports ORDER BY id').all()).toEqual(importsBefore);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // References to imports still hold: a row pointing at no import is refused.
      expect(() =>
        db
          .prepare('UPDATE stations SET import_id = 999 WHERE rowid = (SELECT min(rowid) FROM stations)')
          .run(),
      ).toThrow(/FOREIGN KEY/);
      // The new kind is accepted; an unknown one still is not.
      const insert = (kind: string) =>
        db
          .prepare(
            `INSERT INTO imports (file_name, sha256, kind, size_bytes, started_at, finished_at, rows_read,
               rows_imported, rows_duplicate, rows_rejected, report_json) VALUES ('b', '', ?, 0, 't', 't', 0, 0, 0, 0, '{}')`,
          )
          .run(kind);
      db.transaction(() => {
        insert('boundaries');
        expect(() => insert('pictures')).toThrow(/CHECK/);
        db.prepare("DELETE FROM imports WHERE file_name = 'b'").run();
      })();
      expect(undoImport(db, incidents.importId).removed).toBe(incidents.rowsImported);
      expect(count(db, 'incidents')).toBe(0);
      expect(count(db, 'stations')).toBe(stations.rowsImported);
    } finally {
      db.close();
    }
    // Opening it again changes nothing.
    const sum = databaseChecksum(dbPath);
    openDatabase(dbPath).close();
    expect(databaseChecksum(dbPath)).toBe(sum);
  });
});
