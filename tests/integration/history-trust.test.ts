/**
 * A history the data officer can trust, from the shared real samples edited the way spreadsheets get
 * edited (a renamed column, US dates, a semicolon CSV from a European Excel, a corrected value in a
 * re-published file, the wrong file): every case checks the stored rows, not only the exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { ImportFileError } from '../../main/core/ingest/errors.js';
import { listImports, undoImport, UndoError } from '../../main/core/ingest/history.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { cli } from '../fixtures/cli.js';
import { databaseChecksum } from '../fixtures/db-state.js';
import { readCsv, real, tempDir, writeCsv } from '../fixtures/lfb-files.js';

const SAMPLE = real('incidents-2023-sample.csv');
/** The sample's rows with a first-pump attendance time: the training targets it holds. */
const SAMPLE_TARGETS = 9_473;
const EDITED_ROWS = 200;

let dir: string;
let cleanup: () => void;
let dbPath: string;
let db: Db;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('pump-eta-trust-'));
  dbPath = path.join(dir, 'history.sqlite');
  db = openDatabase(dbPath);
});
afterEach(() => {
  db.close();
  cleanup();
});

const sample = readCsv(SAMPLE);
const col = (name: string) => sample.header.indexOf(name);
const firstRows = () => sample.rows.slice(0, EDITED_ROWS).map((r) => [...r]);
const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
const targets = () => count('SELECT count(*) AS n FROM incidents WHERE first_pump_seconds IS NOT NULL');
const refusal = async (file: string, options = {}) => {
  const error = await importFile(db, file, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
};
const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe('a renamed attendance-time column', () => {
  it('is refused with the reason, imports only as partial, and the right file later repairs its rows', async () => {
    const header = sample.header.map((h) =>
      h === 'FirstPumpArriving_AttendanceTime' ? 'FirstPump_Attendance' : h,
    );
    const renamed = writeCsv(path.join(dir, 'renamed.csv'), header, firstRows());

    const error = await refusal(renamed);
    expect(error.acceptable).toBe('missing_model_columns');
    expect(error.problem).toMatch(
      /lacks column\(s\) the model learns from: the attendance time \(FirstPumpArriving_AttendanceTime\)/,
    );
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(0);
    expect(count('SELECT count(*) AS n FROM imports')).toBe(0);

    const partial = await importFile(db, renamed, { acceptPartial: true });
    expect(partial).toMatchObject({ rowsImported: EDITED_ROWS, acceptedPartial: ['missing_model_columns'] });
    expect(db.prepare('SELECT accept_partial FROM imports WHERE id = ?').get(partial.importId)).toEqual({
      accept_partial: 1,
    });
    expect(targets()).toBe(0);

    // The right file: its copies of those incidents carry the attendance time and replace them
    // (the few with none in the sample are the same in both, so unchanged).
    const timed = firstRows().filter((r) => r[col('FirstPumpArriving_AttendanceTime')] !== '').length;
    expect(timed).toBeGreaterThan(EDITED_ROWS * 0.9);
    const right = await importFile(db, SAMPLE);
    expect(right).toMatchObject({
      rowsImported: 10_000 - EDITED_ROWS,
      rowsChanged: timed,
      rowsDuplicate: EDITED_ROWS - timed,
    });
    expect(right.changedFields).toEqual([{ field: 'first_pump_seconds', rows: timed }]);
    expect(targets()).toBe(SAMPLE_TARGETS);
  });

  it('through the CLI: non-zero exit, the reason on stderr, --accept-partial recorded', async () => {
    const header = sample.header.map((h) =>
      h === 'FirstPumpArriving_AttendanceTime' ? 'AttendanceTime' : h,
    );
    const renamed = writeCsv(path.join(dir, 'renamed.csv'), header, firstRows());
    const refused = await cli(['import', renamed, '--db', dbPath]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /the attendance time \(FirstPumpArriving_AttendanceTime\).*nothing was imported.*--accept-partial/,
    );
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(0);
    const accepted = await cli(['import', renamed, '--db', dbPath, '--accept-partial']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/accepted as partial: missing_model_columns/);
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(EDITED_ROWS);
    expect(count('SELECT count(*) AS n FROM imports WHERE accept_partial = 1')).toBe(1);
  });
});

describe('dates: the order is decided once per file from the whole column', () => {
  it('reads a US-date file (03/19/2023) month first, every row as the ISO original', async () => {
    const rows = firstRows();
    const iso = rows.map((r) => r[col('DateOfCall')]!);
    for (const r of rows) r[col('DateOfCall')] = usDate(r[col('DateOfCall')]!);
    const file = writeCsv(path.join(dir, 'us-dates.csv'), sample.header, rows);
    const report = await importFile(db, file);
    expect(report).toMatchObject({ rowsImported: EDITED_ROWS, rowsRejected: 0, dateOrder: 'month-first' });
    expect(report.notes.join(' ')).toMatch(/Dates read month first \(US order\)/);
    const stored = db.prepare('SELECT incident_number, call_date_local FROM incidents').all() as {
      incident_number: string;
      call_date_local: string;
    }[];
    const expected = new Map(rows.map((r, i) => [r[col('IncidentNumber')]!, iso[i]!]));
    expect(stored).toHaveLength(EDITED_ROWS);
    for (const s of stored)
      expect(s.call_date_local, s.incident_number).toBe(expected.get(s.incident_number));
  });

  it('reads the UK form of the same rows day first, identically', async () => {
    const rows = firstRows();
    for (const r of rows) r[col('DateOfCall')] = ukDate(r[col('DateOfCall')]!);
    const report = await importFile(db, writeCsv(path.join(dir, 'uk.csv'), sample.header, rows));
    expect(report).toMatchObject({ rowsImported: EDITED_ROWS, dateOrder: 'day-first' });
    const other = openDatabase(path.join(dir, 'iso.sqlite'));
    try {
      await importFile(other, writeCsv(path.join(dir, 'iso.csv'), sample.header, firstRows()));
      const q = 'SELECT incident_number, call_at, call_date_local, hour_of_call FROM incidents ORDER BY 1';
      expect(db.prepare(q).all()).toEqual(other.prepare(q).all());
    } finally {
      other.close();
    }
  });

  it('refuses a file whose dates fit neither order consistently, with examples, storing nothing', async () => {
    const rows = firstRows();
    rows.forEach((r, i) => {
      const d = r[col('DateOfCall')]!;
      r[col('DateOfCall')] = i % 2 === 0 ? ukDate(d) : usDate(d);
    });
    const file = writeCsv(path.join(dir, 'mixed-dates.csv'), sample.header, rows);
    const error = await refusal(file);
    expect(error.acceptable).toBeUndefined();
    expect(error.problem).toMatch(
      /dates fit neither day-first nor month-first order consistently: \d+ can only be day first \('\d\d\/\d\d\/2023'.*only month first \('\d\d\/\d\d\/2023'/,
    );
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(0);
    // Even accepted as partial: a half-swapped history is never an option.
    await refusal(file, { acceptPartial: true });
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(0);
  });

  it('reads a large US-date Mobilisation file in the reader thread the same way', async () => {
    const mob = readCsv(real('mobilisations-2009-first20.csv'));
    const timeCols = [
      'DateAndTimeMobilised',
      'DateAndTimeMobile',
      'DateAndTimeArrived',
      'DateAndTimeLeft',
      'DateAndTimeReturned',
    ].map((c) => mob.header.indexOf(c));
    // 01/01/2009 is the same either way: move the rows to the 13th so the order shows.
    const shifted = mob.rows.map((r) =>
      r.map((v, i) => (timeCols.includes(i) && v ? v.replace(/^01\/01\/2009/, '13/01/2009') : v)),
    );
    const us = shifted.map((r) =>
      r.map((v, i) => (timeCols.includes(i) && v ? v.replace(/^13\/01\/2009/, '01/13/2009') : v)),
    );
    const uk = await importFile(db, writeCsv(path.join(dir, 'uk-mob.csv'), mob.header, shifted), {
      readerThread: true,
    });
    expect(uk.dateOrder).toBe('day-first');
    const other = openDatabase(path.join(dir, 'us.sqlite'));
    try {
      const report = await importFile(other, writeCsv(path.join(dir, 'us-mob.csv'), mob.header, us), {
        readerThread: true,
      });
      expect(report).toMatchObject({ dateOrder: 'month-first', rowsImported: 20 });
      const q =
        'SELECT incident_number, dedupe_key, mobilised_at, arrived_at, mobilised_date_local FROM mobilisations ORDER BY 1, 2';
      const a = db.prepare(q).all() as { mobilised_date_local: string }[];
      expect(a.every((r) => r.mobilised_date_local === '2009-01-13')).toBe(true);
      expect(other.prepare(q).all()).toEqual(a);
    } finally {
      other.close();
    }
  });
});

describe('a semicolon CSV saved by a European Excel', () => {
  it('is read, decimal commas included, to the same stored rows as the comma original', async () => {
    const rows = firstRows();
    const decimal = (v: string) => (/^-?\d+\.\d+$/.test(v) ? v.replace('.', ',') : v);
    const text =
      [sample.header, ...rows.map((r) => r.map(decimal))].map((r) => r.join(';')).join('\r\n') + '\r\n';
    const semicolon = path.join(dir, 'excel-eu.csv');
    fs.writeFileSync(semicolon, text);
    expect(text).toMatch(/51,\d+;-0,\d+/); // latitude and longitude with decimal commas
    const report = await importFile(db, semicolon);
    expect(report).toMatchObject({ rowsImported: EDITED_ROWS, rowsRejected: 0 });
    const other = openDatabase(path.join(dir, 'comma.sqlite'));
    try {
      await importFile(other, writeCsv(path.join(dir, 'comma.csv'), sample.header, firstRows()));
      const q = 'SELECT * FROM incidents ORDER BY incident_number';
      const strip = (rs: unknown[]) => (rs as Record<string, unknown>[]).map(({ import_id: _, ...r }) => r);
      expect(strip(db.prepare(q).all())).toEqual(strip(other.prepare(q).all()));
      expect(count('SELECT count(*) AS n FROM incidents WHERE latitude BETWEEN 51 AND 52')).toBeGreaterThan(
        0,
      );
    } finally {
      other.close();
    }
  });
});

describe('corrections in a re-published file, and undo', () => {
  it('replaces the corrected record, reports the changed field, and undo restores it', async () => {
    const first = await importFile(db, SAMPLE);
    const rows = sample.rows.map((r) => [...r]);
    const at = rows.findIndex((r) => r[col('FirstPumpArriving_AttendanceTime')] !== '');
    const id = rows[at]![col('IncidentNumber')]!;
    const before = Number(rows[at]![col('FirstPumpArriving_AttendanceTime')]);
    rows[at]![col('FirstPumpArriving_AttendanceTime')] = String(before + 61);
    const republished = writeCsv(path.join(dir, 'republished.csv'), sample.header, rows);
    const checksumBefore = databaseChecksum(dbPath);

    const second = await importFile(db, republished);
    expect(second).toMatchObject({ rowsImported: 0, rowsChanged: 1, rowsDuplicate: 9_999 });
    expect(second.changedFields).toEqual([{ field: 'first_pump_seconds', rows: 1 }]);
    const stored = () =>
      db
        .prepare('SELECT first_pump_seconds AS s, import_id AS i FROM incidents WHERE incident_number = ?')
        .get(id);
    expect(stored()).toEqual({ s: before + 61, i: second.importId });
    expect(count('SELECT count(*) AS n FROM incidents_prior')).toBe(1);

    expect(listImports(db).map((e) => [e.id, e.rowsAdded, e.rowsChanged])).toEqual([
      [second.importId, 0, 1],
      [first.importId, 10_000, 0],
    ]);
    // The first import cannot be undone while the later one holds its corrected row.
    expect(() => undoImport(db, first.importId)).toThrow(UndoError);
    expect(() => undoImport(db, first.importId)).toThrow(
      /later import\(s\) 2 \([^)]+\.csv\) changed: undo that first/,
    );

    expect(undoImport(db, second.importId)).toMatchObject({ removed: 0, restored: 1 });
    expect(stored()).toEqual({ s: before, i: first.importId });
    expect(count('SELECT count(*) AS n FROM incidents_prior')).toBe(0);
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(10_000);
    expect(() => undoImport(db, second.importId)).toThrow(/already undone/);

    expect(undoImport(db, first.importId)).toMatchObject({ removed: 10_000, restored: 0 });
    expect(count('SELECT count(*) AS n FROM incidents')).toBe(0);
    expect(listImports(db).every((e) => e.undoneAt !== null)).toBe(true);
    expect(databaseChecksum(dbPath)).not.toBe(checksumBefore);
  });

  it('through the CLI: imports --json lists, undo-import restores, and neither touches the models', async () => {
    db.close();
    const first = await cli(['import', SAMPLE, '--db', dbPath, '--json']);
    expect(first.code).toBe(0);
    const rows = sample.rows.map((r) => [...r]);
    rows[3]![col('IncGeo_WardName')] = 'Corrected Ward';
    const again = await cli([
      'import',
      writeCsv(path.join(dir, 'fixed.csv'), sample.header, rows),
      '--db',
      dbPath,
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /changed most: ward_name 1 \(earlier versions kept: pump-eta undo-import 2\)/,
    );
    const listed = await cli(['imports', '--db', dbPath, '--json']);
    const { imports } = JSON.parse(listed.stdout) as {
      imports: { id: number; kind: string; rowsAdded: number; rowsChanged: number }[];
    };
    expect(imports.map((i) => [i.id, i.kind, i.rowsAdded, i.rowsChanged])).toEqual([
      [2, 'incidents', 0, 1],
      [1, 'incidents', 10_000, 0],
    ]);
    const models = path.join(dir, 'models');
    const modelFilesBefore = fs.existsSync(models) ? fs.readdirSync(models) : [];
    const registryBefore = (() => {
      const d = openDatabase(dbPath, { readonly: true });
      try {
        return d.prepare('SELECT * FROM models ORDER BY id').all();
      } finally {
        d.close();
      }
    })();
    const undone = await cli(['undo-import', '2', '--db', dbPath]);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(
      /undone import 2 .*: earlier versions of 1 incident it corrected restored; nothing to remove\./,
    );
    db = openDatabase(dbPath);
    expect(
      db
        .prepare('SELECT ward_name FROM incidents WHERE incident_number = ?')
        .get(rows[3]![col('IncidentNumber')]),
    ).toEqual({
      ward_name: sample.rows[3]![col('IncGeo_WardName')],
    });
    expect(db.prepare('SELECT * FROM models ORDER BY id').all()).toEqual(registryBefore);
    expect(fs.existsSync(models) ? fs.readdirSync(models) : []).toEqual(modelFilesBefore);
    const unknown = await cli(['undo-import', '99', '--db', dbPath]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/there is no import 99/);
  });
});

describe('the wrong file', () => {
  it('mobilisations whose incidents are not in the history: imported, counted as waiting', async () => {
    const report = await importFile(db, real('mobilisations-2009-first20.csv'));
    expect(report).toMatchObject({ rowsImported: 20, waitingForIncidents: 20 });
    await importFile(db, real('incidents-2009-first20.csv'));
    const waiting = count(
      `SELECT count(*) AS n FROM mobilisations m
       WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.incident_number = m.incident_number)`,
    );
    expect(waiting).toBeLessThan(20);
  });

  it('synthetic records are refused in a real history, and real ones in a synthetic history', async () => {
    await importFile(db, SAMPLE);
    const synthDir = path.join(dir, 'synth');
    const made = await cli([
      'synth',
      '--out',
      synthDir,
      '--mobilisations',
      '300',
      '--format',
      'csv',
      '--seed',
      '3',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const synthFiles = fs.readdirSync(synthDir).filter((f) => /\.csv$/i.test(f) && !/station/i.test(f));
    expect(synthFiles.length).toBeGreaterThan(0);
    const before = databaseChecksum(dbPath);
    for (const f of synthFiles) {
      const error = await refusal(path.join(synthDir, f), { acceptPartial: true });
      expect(error.problem).toMatch(
        /holds synthetic records .* this history holds real LFB records: synthetic and real data never share a history/,
      );
    }
    expect(count("SELECT count(*) AS n FROM incidents WHERE incident_number LIKE 'SYN-%'")).toBe(0);
    expect(databaseChecksum(dbPath)).toBe(before);

    const synthetic = openDatabase(path.join(dir, 'synthetic.sqlite'));
    try {
      for (const f of synthFiles) await importFile(synthetic, path.join(synthDir, f));
      const error = await importFile(synthetic, SAMPLE).catch((e: unknown) => e);
      expect((error as ImportFileError).problem).toMatch(
        /holds real LFB records and this history holds synthetic ones/,
      );
      expect(
        (
          synthetic
            .prepare("SELECT count(*) AS n FROM incidents WHERE incident_number NOT LIKE 'SYN-%'")
            .get() as { n: number }
        ).n,
      ).toBe(0);
    } finally {
      synthetic.close();
    }
  });

  it('stats, imports and undo-import on a database that does not exist say so and create nothing', async () => {
    const missing = path.join(dir, 'typo', 'histroy.sqlite');
    for (const args of [['stats'], ['imports'], ['undo-import', '1'], ['models'], ['train']]) {
      const r = await cli([...args, '--db', missing]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/there is no history database at .*histroy\.sqlite: .*pump-eta import FILE/);
    }
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });
});
