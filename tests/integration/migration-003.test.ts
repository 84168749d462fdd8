import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase, schemaVersion, type Db } from '../../main/core/db/index.js';
import { migration001 } from '../../main/core/db/migrations/001_history.js';
import { migration002 } from '../../main/core/db/migrations/002_models.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { readCsv, real, tempDir, writeCsv } from '../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
let files: string[];

beforeAll(() => {
  ({ dir, cleanup } = tempDir('pump-eta-migration-003-'));
  // Rows with a ResourceMobilisationId, and the same rows without one (keyed by their content).
  const sample = readCsv(real('mobilisations-2009-first20.csv'));
  const drop = sample.header.indexOf('ResourceMobilisationId');
  const withoutId = writeCsv(
    path.join(dir, 'without-id.csv'),
    sample.header.filter((_, i) => i !== drop),
    sample.rows.map((r) => r.filter((_, i) => i !== drop)),
  );
  files = [real('mobilisations-2009-first20.csv'), real('joined-2016-10rows.csv'), withoutId];
});
afterAll(() => cleanup());

const mobilisations = (db: Db) => db.prepare('SELECT * FROM mobilisations ORDER BY id').all();
const indexes = (db: Db) =>
  db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mobilisations' ORDER BY name",
    )
    .pluck()
    .all();

describe('migration 003 (mobilisation key)', () => {
  it('rewrites version-1 keys so a database from before reads, dedupes and re-imports as a new one', async () => {
    const fresh = openDatabase(path.join(dir, 'fresh.sqlite'));
    for (const f of files) await importFile(fresh, f);
    const expected = mobilisations(fresh);
    expect(expected.length).toBe(50);
    expect(indexes(fresh)).toEqual(['mobilisations_mobilised_at', 'sqlite_autoindex_mobilisations_1']);
    fresh.close();

    // A database as version 2 left it: the same rows (copied: today's writer needs today's keys),
    // keyed `IncidentNumber|rest`.
    const oldPath = path.join(dir, 'old.sqlite');
    const old = openDatabase(oldPath, { migrations: [migration001, migration002] });
    old.exec(`ATTACH '${path.join(dir, 'fresh.sqlite')}' AS fresh`);
    const v1Imports = `id, file_name, sha256, kind, size_bytes, started_at, finished_at, rows_read, rows_imported,
      rows_duplicate, rows_rejected, report_json`;
    old.exec(`INSERT INTO imports SELECT ${v1Imports} FROM fresh.imports`);
    old.exec('INSERT INTO mobilisations SELECT * FROM fresh.mobilisations');
    old.exec('DETACH fresh');
    old.exec("UPDATE mobilisations SET dedupe_key = incident_number || '|' || dedupe_key");
    expect(schemaVersion(old)).toBe(2);
    expect(indexes(old)).toContain('mobilisations_incident');
    old.close();

    const migrated = openDatabase(oldPath);
    try {
      expect(schemaVersion(migrated)).toBe(latestVersion());
      expect(mobilisations(migrated)).toEqual(expected);
      expect(indexes(migrated)).toEqual(['mobilisations_mobilised_at', 'sqlite_autoindex_mobilisations_1']);
      expect(migrated.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(migrated.pragma('foreign_key_check')).toEqual([]);
      for (const f of files) {
        const again = await importFile(migrated, f);
        expect(again.rowsImported, f).toBe(0);
        expect(again.rowsDuplicate, f).toBe(again.rowsRead - again.rowsRejected);
      }
    } finally {
      migrated.close();
    }
  });
});
