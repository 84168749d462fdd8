/**
 * Ways a history could still be damaged by files edited as spreadsheets get edited, each checked on
 * the stored rows of a real SQLite file built from the shared real samples: undoing the older of two
 * identical imports, a column absent from an "Import anyway" file, dates that could be read either
 * way, and a synthetic stations list.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { listImports, undoImport, UndoError } from '../../main/core/ingest/history.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { databaseChecksum } from '../fixtures/db-state.js';
import { readCsv, real, tempDir, writeCsv } from '../fixtures/lfb-files.js';

const SAMPLE = real('incidents-2023-sample.csv');
const STATIONS = real('stations.csv');
const SAMPLE_ROWS = 10_000;

let dir: string;
let cleanup: () => void;
let dbPath: string;
let db: Db;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('pump-eta-safety-'));
  dbPath = path.join(dir, 'history.sqlite');
  db = openDatabase(dbPath);
});
afterEach(() => {
  db.close();
  cleanup();
});

const sample = readCsv(SAMPLE);
const col = (name: string) => sample.header.indexOf(name);
const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

describe('undoing the older of two imports of the same rows', () => {
  it('is refused, naming the later import, and changes nothing; undoing the later one first works', async () => {
    const first = await importFile(db, SAMPLE);
    const second = await importFile(db, SAMPLE);
    expect(second).toMatchObject({ rowsImported: 0, rowsChanged: 0, rowsDuplicate: SAMPLE_ROWS });
    const before = databaseChecksum(dbPath);

    expect(() => undoImport(db, first.importId)).toThrow(UndoError);
    expect(() => undoImport(db, first.importId)).toThrow(
      `import ${second.importId} (incidents-2023-sample.csv, same rows) still holds ${SAMPLE_ROWS} of them: undo import ${second.importId} first`,
    );
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(SAMPLE_ROWS);
    expect(count('SELECT count(*) AS n FROM incidents WHERE import_id = ?', first.importId)).toBe(
      SAMPLE_ROWS,
    );
    expect(listImports(db).every((e) => e.undoneAt === null)).toBe(true);
    expect(databaseChecksum(dbPath)).toBe(before);

    // The later import added nothing of its own: undoing it removes nothing, and then the first may go.
    expect(undoImport(db, second.importId)).toMatchObject({ removed: 0, restored: 0 });
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(SAMPLE_ROWS);
    expect(undoImport(db, first.importId)).toMatchObject({ removed: SAMPLE_ROWS, restored: 0 });
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(0);
  });

  it('a later import of other rows does not block it', async () => {
    const half = sample.rows.slice(0, 100);
    const other = sample.rows.slice(100, 200);
    const a = await importFile(db, writeCsv(path.join(dir, 'a.csv'), sample.header, half));
    await importFile(db, writeCsv(path.join(dir, 'b.csv'), sample.header, other));
    expect(undoImport(db, a.importId)).toMatchObject({ removed: 100 });
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(100);
    expect(
      count('SELECT count(*) AS n FROM incidents WHERE incident_number = ?', half[0]![col('IncidentNumber')]),
    ).toBe(0);
  });

  it('the same holds for stations imports', async () => {
    const first = await importFile(db, STATIONS);
    const second = await importFile(db, STATIONS);
    const stations = count('SELECT count(*) AS n FROM stations');
    expect(stations).toBeGreaterThan(100);
    expect(second.rowsDuplicate).toBe(stations);
    expect(() => undoImport(db, first.importId)).toThrow(
      new RegExp(
        `import ${second.importId} \\(stations.csv, same rows\\) still holds ${stations} of them: undo import ${second.importId} first`,
      ),
    );
    expect(count('SELECT count(*) AS n FROM stations')).toBe(stations);
    undoImport(db, second.importId);
    expect(undoImport(db, first.importId)).toMatchObject({ removed: stations });
    expect(count('SELECT count(*) AS n FROM stations')).toBe(0);
  });
});
