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

describe('"Import anyway" on a file with a renamed column', () => {
  const firstPump = () =>
    db
      .prepare(
        'SELECT incident_number AS id, first_pump_seconds AS s FROM incidents ORDER BY incident_number',
      )
      .all();

  for (const readerThread of [false, true]) {
    it(`keeps every stored value of the absent column and counts the rows unchanged (reader thread: ${readerThread})`, async () => {
      await importFile(db, SAMPLE);
      const stored = firstPump();
      const timed = count('SELECT count(*) AS n FROM incidents WHERE first_pump_seconds IS NOT NULL');
      expect(timed).toBe(9_473);

      // Renamed, and one present column corrected: that correction still applies.
      const header = sample.header.map((h) =>
        h === 'FirstPumpArriving_AttendanceTime' ? 'FirstPump_Attendance' : h,
      );
      const rows = sample.rows.map((r) => [...r]);
      const station = col('FirstPumpArriving_DeployedFromStation');
      const at = rows.findIndex((r) => r[station] !== '');
      rows[at]![station] = 'Corrected Station';
      const renamed = writeCsv(path.join(dir, 'renamed.csv'), header, rows);

      const report = await importFile(db, renamed, { acceptPartial: true, readerThread });
      expect(report).toMatchObject({
        rowsImported: 0,
        rowsChanged: 1,
        rowsDuplicate: SAMPLE_ROWS - 1,
        acceptedPartial: ['missing_model_columns'],
      });
      expect(report.changedFields).toEqual([{ field: 'first_pump_station', rows: 1 }]);
      expect(firstPump()).toEqual(stored);
      expect(count('SELECT count(*) AS n FROM incidents WHERE first_pump_seconds IS NOT NULL')).toBe(timed);
      expect(
        db
          .prepare('SELECT first_pump_station AS s FROM incidents WHERE incident_number = ?')
          .get(rows[at]![col('IncidentNumber')]),
      ).toEqual({ s: 'Corrected Station' });
    });
  }

  it('a file without the column still stores its new rows with the value blank', async () => {
    const header = sample.header.map((h) =>
      h === 'FirstPumpArriving_AttendanceTime' ? 'FirstPump_Attendance' : h,
    );
    const renamed = writeCsv(path.join(dir, 'renamed.csv'), header, sample.rows.slice(0, 50));
    expect(await importFile(db, renamed, { acceptPartial: true })).toMatchObject({ rowsImported: 50 });
    expect(count('SELECT count(*) AS n FROM incidents WHERE first_pump_seconds IS NOT NULL')).toBe(0);
  });
});
