/**
 * Ways a history could still be damaged by files edited as spreadsheets get edited, each checked on
 * the stored rows of a real SQLite file built from the shared real samples: undoing the older of two
 * identical imports, a column absent from an "Import anyway" file, dates that could be read either
 * way, and a synthetic stations list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { listImports, undoImport, UndoError } from '../../main/core/ingest/history.js';
import { ImportFileError } from '../../main/core/ingest/errors.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { cli } from '../fixtures/cli.js';
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

describe('dates that could be read either way (no day above 12)', () => {
  const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
  const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const swapped = (iso: string) => `${iso.slice(0, 4)}-${iso.slice(8, 10)}-${iso.slice(5, 7)}`;
  const date = col('DateOfCall');
  /** Sample rows whose day is 12 or less and differs from the month: both orders read them. */
  const ambiguous = sample.rows
    .filter((r) => Number(r[date]!.slice(8, 10)) <= 12 && r[date]!.slice(8, 10) !== r[date]!.slice(5, 7))
    .slice(0, 300);
  const withDates = (form: (iso: string) => string) =>
    ambiguous.map((r) => r.map((v, i) => (i === date ? form(v) : v)));
  const stored = () =>
    new Map(
      (
        db.prepare('SELECT incident_number AS id, call_date_local AS d FROM incidents').all() as {
          id: string;
          d: string;
        }[]
      ).map((s) => [s.id, s.d]),
    );
  const isoOf = new Map(ambiguous.map((r) => [r[col('IncidentNumber')]!, r[date]!]));

  it('into an empty history: read day first, with a note saying the order could not be told', async () => {
    expect(ambiguous).toHaveLength(300);
    const file = writeCsv(path.join(dir, 'us-ambiguous.csv'), sample.header, withDates(usDate));
    const report = await importFile(db, file);
    expect(report).toMatchObject({ rowsImported: 300, dateOrder: 'day-first' });
    expect(report.notes.join(' ')).toMatch(
      /Dates could be read either way — no day above 12 — read day first as LFB files are .*undo this import/,
    );
    for (const [id, d] of stored()) expect(d, id).toBe(swapped(isoOf.get(id)!));
  });

  for (const threaded of [false, true]) {
    it(`re-imported in US order over the stored records: read month first, all unchanged (reader thread: ${threaded})`, async () => {
      await importFile(db, SAMPLE);
      const before = databaseChecksum(dbPath);
      const file = writeCsv(path.join(dir, 'us-ambiguous.csv'), sample.header, withDates(usDate));
      const report = await importFile(db, file, { readerThread: threaded });
      expect(report).toMatchObject({
        rowsImported: 0,
        rowsChanged: 0,
        rowsDuplicate: 300,
        dateOrder: 'month-first',
      });
      expect(report.notes.join(' ')).toMatch(
        /300 re-imported record\(s\) are stored with the month-first reading .* so the file was read month first/,
      );
      for (const [id, iso] of isoOf) expect(stored().get(id), id).toBe(iso);
      expect(count('SELECT count(*) AS n FROM incidents_prior')).toBe(0);
      expect(databaseChecksum(dbPath)).not.toBe(before); // the import is logged
    });
  }

  it('re-imported in UK order: read day first, all unchanged, with the note', async () => {
    await importFile(db, SAMPLE);
    const file = writeCsv(path.join(dir, 'uk-ambiguous.csv'), sample.header, withDates(ukDate));
    const report = await importFile(db, file);
    expect(report).toMatchObject({ rowsChanged: 0, rowsDuplicate: 300, dateOrder: 'day-first' });
    expect(report.notes.join(' ')).toMatch(/Dates could be read either way/);
    for (const [id, iso] of isoOf) expect(stored().get(id), id).toBe(iso);
  });

  it('a day-first file with days above 12 says so; an ISO file says no date depends on the order', async () => {
    const rows = sample.rows.slice(0, 200).map((r) => r.map((v, i) => (i === date ? ukDate(v) : v)));
    const uk = await importFile(db, writeCsv(path.join(dir, 'uk.csv'), sample.header, rows));
    expect(uk.notes.join(' ')).toMatch(
      /Dates read day first \(UK order, as LFB files are\): \d+ date\(s\) such as '\d\d\/\d\d\/2023' can only be read that way/,
    );
    const iso = await importFile(db, SAMPLE);
    expect(iso.notes.join(' ')).toMatch(/No date in the file depends on the day\/month order/);
  });
});

describe('a stations list that would move most stored stations', () => {
  const positions = () =>
    db.prepare('SELECT code, easting, northing, import_id FROM stations ORDER BY code').all();

  it("the generator's stations.csv is refused in a real history unless accepted; a real correction is not", async () => {
    const real = await importFile(db, STATIONS);
    const synthDir = path.join(dir, 'synth');
    const made = await cli([
      'synth',
      '--out',
      synthDir,
      '--mobilisations',
      '50',
      '--format',
      'csv',
      '--seed',
      '3',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const synthStations = fs.readdirSync(synthDir).find((f) => /station/i.test(f) && /\.csv$/i.test(f));
    expect(synthStations).toBeDefined();
    const file = path.join(synthDir, synthStations!);
    const stored = positions();
    const before = databaseChecksum(dbPath);

    const error = (await importFile(db, file).catch((e: unknown) => e)) as ImportFileError;
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error.acceptable).toBe('moves_stations');
    expect(error.problem).toMatch(
      /would move \d+ of the \d+ stored stations by more than 100 m \(e\.g\. [A-Z]\d+ by \d+ m.*\): it is not the station list this history was built with.*nothing was imported/,
    );
    expect(positions()).toEqual(stored);
    expect(databaseChecksum(dbPath)).toBe(before);

    // A real list with one station corrected by 300 m is a correction, not another list.
    const list = readCsv(STATIONS);
    const easting = list.header.findIndex((h) => /^easting$/i.test(h));
    expect(easting).toBeGreaterThanOrEqual(0);
    const rows = list.rows.map((r) => [...r]);
    rows[0]![easting] = String(Number(rows[0]![easting]) + 300);
    const corrected = await importFile(db, writeCsv(path.join(dir, 'stations-fixed.csv'), list.header, rows));
    expect(corrected).toMatchObject({ rowsChanged: 1, acceptedPartial: [] });

    const anyway = await importFile(db, file, { acceptPartial: true });
    expect(anyway.acceptedPartial).toEqual(['moves_stations']);
    expect(count('SELECT count(*) AS n FROM stations WHERE import_id = ?', anyway.importId)).toBeGreaterThan(
      50,
    );
    expect(real.importId).toBeLessThan(anyway.importId);
  });
});

describe('a semicolon CSV with a decimal-comma number in exponent form', () => {
  it('reads -4,50755e-05 as the number, not as blank', async () => {
    const rows = sample.rows.slice(0, 20).map((r) => [...r]);
    const lon = col('Longitude');
    const at = rows.findIndex((r) => r[lon] !== '');
    rows[at]![lon] = '-4,50755e-05';
    const decimal = (v: string) => (/^-?\d+\.\d+$/.test(v) ? v.replace('.', ',') : v);
    const text = [sample.header, ...rows.map((r) => r.map(decimal))].map((r) => r.join(';')).join('\r\n');
    const file = path.join(dir, 'excel-eu.csv');
    fs.writeFileSync(file, text + '\r\n');
    expect(await importFile(db, file)).toMatchObject({ rowsImported: 20, rowsRejected: 0 });
    expect(
      db
        .prepare('SELECT longitude AS v FROM incidents WHERE incident_number = ?')
        .get(rows[at]![col('IncidentNumber')]),
    ).toEqual({ v: -4.50755e-5 });
  });
});
