import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db/index.js';
import { ImportFileError } from '../../../main/core/ingest/errors.js';
import { JobCancelledError } from '../../../main/core/workers/protocol.js';
import { importFile } from '../../../main/core/ingest/import-file.js';
import { readStats } from '../../../main/core/ingest/stats.js';
import {
  csvToXlsx,
  readCsv,
  real,
  tempDir,
  writeCsv,
  writeMobilisationCsv,
  writeXlsx,
} from '../../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
let db: Db;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = openDatabase(path.join(dir, 'history.sqlite'));
});
afterEach(() => {
  db.close();
  cleanup();
});

/** Everything an import could change. */
function snapshot(d: Db) {
  return {
    stats: readStats(d),
    schema: d
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
      .all(),
  };
}

const rowsOf = (d: Db, sql: string) =>
  (d.prepare(sql).all() as Record<string, unknown>[]).map(({ import_id: _i, id: _id, ...rest }) => rest);

describe('importFile: real LFB samples', () => {
  it('imports the 10,000-row 2023 Incident sample, and a second time adds nothing', async () => {
    const file = real('incidents-2023-sample.csv');
    const first = await importFile(db, file);
    expect(first).toMatchObject({
      kind: 'incidents',
      rowsRead: 10_000,
      rowsImported: 10_000,
      rowsDuplicate: 0,
      rowsRejected: 0,
    });
    const again = await importFile(db, file);
    expect(again).toMatchObject({
      rowsRead: 10_000,
      rowsImported: 0,
      rowsDuplicate: 10_000,
      rowsRejected: 0,
    });
    expect(readStats(db).incidents).toEqual({
      count: 10_000,
      firstDate: '2023-01-01',
      lastDate: '2023-12-31',
    });
    const imports = db
      .prepare('SELECT file_name, kind, sha256, rows_read, rows_imported, rows_duplicate FROM imports')
      .all();
    expect(imports).toHaveLength(2);
    expect(imports[1]).toMatchObject({
      file_name: 'incidents-2023-sample.csv',
      kind: 'incidents',
      rows_duplicate: 10_000,
    });
    expect((imports[0] as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    // A BST call: 19 Mar is GMT, 1 Jul would be BST; the sample row 038967-19032023 called 14:11:51 GMT.
    const row = db
      .prepare(
        "SELECT call_at, call_date_local, hour_of_call FROM incidents WHERE incident_number = '038967-19032023'",
      )
      .get();
    expect(row).toEqual({
      call_at: Date.parse('2023-03-19T14:11:51Z'),
      call_date_local: '2023-03-19',
      hour_of_call: 14,
    });
    const summer = db
      .prepare(
        "SELECT call_at, call_date_local, hour_of_call FROM incidents WHERE call_date_local = '2023-07-01' ORDER BY call_at LIMIT 1",
      )
      .get() as { call_at: number; hour_of_call: number };
    expect(new Date(summer.call_at).getUTCHours()).toBe((summer.hour_of_call + 23) % 24);
  });

  it('imports the 2009 samples with their date forms parsed (GMT in January)', async () => {
    expect(await importFile(db, real('incidents-2009-first20.csv'))).toMatchObject({ rowsImported: 20 });
    expect(await importFile(db, real('mobilisations-2009-first20.csv'))).toMatchObject({ rowsImported: 20 });
    const incident = db
      .prepare(
        "SELECT call_at, call_date_local, hour_of_call FROM incidents WHERE incident_number = '235138081'",
      )
      .get();
    expect(incident).toEqual({
      call_at: Date.parse('2009-01-01T00:00:37Z'),
      call_date_local: '2009-01-01',
      hour_of_call: 0,
    });
    const mob = db
      .prepare(
        "SELECT mobilised_at, arrived_at, attendance_seconds, left_at FROM mobilisations WHERE incident_number = '235138081' AND dedupe_key = '38426'",
      )
      .get();
    expect(mob).toEqual({
      mobilised_at: Date.parse('2009-01-01T00:02:27Z'),
      arrived_at: Date.parse('2009-01-01T00:07:46Z'),
      attendance_seconds: 319,
      left_at: Date.parse('2009-01-01T00:16:46Z'),
    });
  });

  it('reads the joined notebook file as Mobilisations (mixed ISO and day-first times) and says so', async () => {
    const report = await importFile(db, real('joined-2016-10rows.csv'));
    expect(report).toMatchObject({ kind: 'mobilisations', rowsRead: 10, rowsImported: 10 });
    expect(report.notes[0]).toMatch(/imported as a Mobilisation file/);
    const mob = db
      .prepare(
        "SELECT mobilised_at, arrived_at FROM mobilisations WHERE incident_number = '000001-01012016' AND dedupe_key = '4620744'",
      )
      .get();
    expect(mob).toEqual({
      mobilised_at: Date.parse('2016-01-01T00:03:17Z'),
      arrived_at: Date.parse('2016-01-01T00:06:02Z'),
    });
    expect(readStats(db).incidents.count).toBe(0);
  });

  it('imports the stations list', async () => {
    expect(await importFile(db, real('stations.csv'))).toMatchObject({ kind: 'stations', rowsImported: 103 });
    expect(db.prepare("SELECT name, easting FROM stations WHERE code = 'A21'").get()).toEqual({
      name: 'Paddington',
      easting: 526141.0053,
    });
  });
});

describe('importFile: XLSX', () => {
  it('imports an .xlsx copy of a sample exactly as the CSV', async () => {
    for (const sample of ['incidents-2009-first20.csv', 'mobilisations-2009-first20.csv']) {
      const xlsx = await csvToXlsx(real(sample), path.join(dir, sample.replace('.csv', '.xlsx')));
      const other = openDatabase(path.join(dir, `${sample}.sqlite`));
      try {
        expect(await importFile(db, xlsx)).toMatchObject({ rowsRead: 20, rowsImported: 20 });
        expect(await importFile(other, real(sample))).toMatchObject({ rowsImported: 20 });
        const table = sample.startsWith('incidents')
          ? 'incidents ORDER BY incident_number'
          : 'mobilisations ORDER BY incident_number, dedupe_key';
        expect(rowsOf(db, `SELECT * FROM ${table}`)).toEqual(rowsOf(other, `SELECT * FROM ${table}`));
      } finally {
        other.close();
      }
    }
  });

  it('reads Excel date cells, a 1900-formatted PerformanceReporting and a BST time', async () => {
    const { header, rows } = readCsv(real('mobilisations-2009-first20.csv'));
    const at = (name: string) => header.indexOf(name);
    const local = (y: number, mo: number, d: number, h: number, mi: number, s: number) =>
      new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    const cells = rows
      .slice(0, 2)
      .map(
        (r) =>
          r.map((v) => (v === '' ? null : v)) as (string | null | Date | { value: number; numFmt: string })[],
      );
    cells[0]![at('DateAndTimeMobilised')] = local(2009, 7, 1, 12, 0, 0);
    cells[0]![at('DateAndTimeArrived')] = local(2009, 7, 1, 12, 5, 19);
    cells[0]![at('PerformanceReporting')] = { value: 1, numFmt: 'yyyy-mm-dd' };
    cells[1]![at('PerformanceReporting')] = { value: 2, numFmt: 'yyyy-mm-dd' };
    const file = await writeXlsx(path.join(dir, 'dates.xlsx'), [
      { name: 'Mobilisations', rows: [header, ...cells] },
    ]);
    expect(await importFile(db, file)).toMatchObject({ rowsImported: 2, rowsRejected: 0 });
    const got = db
      .prepare(
        'SELECT mobilised_at, arrived_at, mobilised_hour, performance_reporting FROM mobilisations ORDER BY incident_number, dedupe_key',
      )
      .all();
    expect(got).toEqual([
      {
        mobilised_at: Date.parse('2009-07-01T11:00:00Z'),
        arrived_at: Date.parse('2009-07-01T11:05:19Z'),
        mobilised_hour: 12,
        performance_reporting: '1',
      },
      {
        mobilised_at: Date.parse('2009-01-01T00:02:27Z'),
        arrived_at: Date.parse('2009-01-01T00:08:09Z'),
        mobilised_hour: 0,
        performance_reporting: '2',
      },
    ]);
  });

  it('uses the first worksheet with an LFB header', async () => {
    const { header, rows } = readCsv(real('incidents-2009-first20.csv'));
    const file = await writeXlsx(path.join(dir, 'notes-first.xlsx'), [
      { name: 'About', rows: [['London Fire Brigade incident records'], ['Licence: OGL']] },
      { name: 'Data', rows: [['Incident records 2009'], [], header, ...rows.slice(0, 5)] },
    ]);
    const report = await importFile(db, file);
    expect(report).toMatchObject({ kind: 'incidents', rowsImported: 5 });
    expect(report.notes).toContain("Read worksheet 'Data'.");
  });
});

describe('importFile: rows', () => {
  it('counts exact duplicate rows in a file and adds only new rows from an overlapping newer file', async () => {
    const { header, rows } = readCsv(real('mobilisations-2009-first20.csv'));
    const older = writeCsv(path.join(dir, 'older.csv'), header, [...rows.slice(0, 10), rows[3]!, rows[3]!]);
    expect(await importFile(db, older)).toMatchObject({ rowsRead: 12, rowsImported: 10, rowsDuplicate: 2 });
    expect(await importFile(db, real('mobilisations-2009-first20.csv'))).toMatchObject({
      rowsImported: 10,
      rowsDuplicate: 10,
    });
    expect(readStats(db).mobilisations.count).toBe(20);
  });

  it('deduplicates rows without ResourceMobilisationId by content', async () => {
    const { header, rows } = readCsv(real('mobilisations-2009-first20.csv'));
    const idAt = header.indexOf('ResourceMobilisationId');
    const drop = (r: string[]) => r.filter((_, i) => i !== idAt);
    const file = writeCsv(path.join(dir, 'noid.csv'), drop(header), [...rows, rows[0]!].map(drop));
    expect(await importFile(db, file)).toMatchObject({ rowsRead: 21, rowsImported: 20, rowsDuplicate: 1 });
    expect(await importFile(db, file)).toMatchObject({ rowsImported: 0, rowsDuplicate: 21 });
  });

  it('rejects unusable rows with reasons and examples; over 5 % rejected, imports the rest only as partial', async () => {
    const { header, rows } = readCsv(real('mobilisations-2009-first20.csv'));
    const at = (name: string) => header.indexOf(name);
    const bad = rows.map((r) => [...r]);
    bad[0]![at('IncidentNumber')] = '';
    bad[1]![at('DateAndTimeMobilised')] = '31/02/2009 00:02:27';
    bad[2]![at('AttendanceTimeSeconds')] = '-10';
    bad[3]![at('AttendanceTimeSeconds')] = '99999';
    bad[4]![at('DateAndTimeArrived')] = '01/01/2009 00:00:01';
    bad[5] = bad[5]!.map(() => ''); // a blank row is skipped, not rejected
    const file = writeCsv(path.join(dir, 'bad.csv'), header, bad);
    const refused = await importFile(db, file).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportFileError);
    expect((refused as ImportFileError).acceptable).toBe('rejected_share');
    expect((refused as ImportFileError).problem).toMatch(
      /^5 of 19 rows \(26\.3 %\) were rejected, more than 5 % \(e\.g\. row 2: IncidentNumber is blank/,
    );
    expect(readStats(db).mobilisations.count).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 0 });

    const report = await importFile(db, file, { acceptPartial: true });
    expect(report).toMatchObject({ rowsRead: 19, rowsImported: 14, rowsRejected: 5 });
    expect(report.acceptedPartial).toEqual(['rejected_share']);
    expect(db.prepare('SELECT accept_partial FROM imports').get()).toEqual({ accept_partial: 1 });
    expect(readStats(db).mobilisations.count).toBe(14);
    expect(report.rejected).toEqual({
      missing_incident_number: 1,
      bad_date: 1,
      negative_time: 1,
      absurd_time: 1,
      arrival_before_mobilisation: 1,
    });
    expect(report.examples).toContainEqual({
      reason: 'bad_date',
      row: 3,
      message: 'DateAndTimeMobilised is not a date/time',
      value: '31/02/2009 00:02:27',
    });
  });

  it('reads PerformanceReporting written out as 1900 dates by pandas', async () => {
    const { header, rows } = readCsv(real('mobilisations-2009-first20.csv'));
    const at = header.indexOf('PerformanceReporting');
    const dated = rows.map((r) => r.map((v, i) => (i === at ? `1900-01-0${v} 00:00:00` : v)));
    await importFile(db, writeCsv(path.join(dir, 'perf.csv'), header, dated));
    const counts = db
      .prepare('SELECT performance_reporting AS p, count(*) AS n FROM mobilisations GROUP BY p ORDER BY p')
      .all();
    const twos = rows.filter((r) => r[at] === '2').length;
    expect(twos).toBeGreaterThan(0);
    expect(counts).toEqual([
      { p: '1', n: rows.length - twos },
      { p: '2', n: twos },
    ]);
  });
});

describe('importFile: refused files change nothing', () => {
  it.each([
    ['empty.csv', () => '', /the file is empty/],
    ['picture.xlsx', () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /PNG image/],
    [
      'notes.csv',
      () => 'Column,Sample record,Description\nIncidentNumber,1,LFB number\n',
      /no LFB header row/,
    ],
    [
      'big-cell.csv',
      () => `IncidentNumber,DateOfCall,TimeOfCall\n1,"${'x'.repeat(1_000_000)}",00:00\n`,
      /cell of 1000000 characters/,
    ],
    [
      'no-number.csv',
      () => {
        const { header, rows } = readCsv(real('incidents-2009-first20.csv'));
        return [header, ...rows].map((r) => r.slice(1).join(',')).join('\n');
      },
      /lacks the required column\(s\): IncidentNumber/,
    ],
  ])('%s', async (name, content, message) => {
    await importFile(db, real('stations.csv'));
    const before = snapshot(db);
    const file = path.join(dir, name);
    fs.writeFileSync(file, content());
    const error = await importFile(db, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).message).toMatch(message);
    expect((error as ImportFileError).message.startsWith(file)).toBe(true);
    expect(snapshot(db)).toEqual(before);
  });

  it('a truncated .xlsx', async () => {
    const xlsx = await csvToXlsx(real('incidents-2009-first20.csv'), path.join(dir, 'whole.xlsx'));
    const cut = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(cut, fs.readFileSync(xlsx).subarray(0, 4000));
    const before = snapshot(db);
    await expect(importFile(db, cut)).rejects.toThrow(/cut\.xlsx: the \.xlsx file is truncated or damaged/);
    expect(snapshot(db)).toEqual(before);
  });

  it('a CSV renamed .xlsx is read as CSV, with a note', async () => {
    const file = path.join(dir, 'really-csv.xlsx');
    fs.copyFileSync(real('incidents-2009-first20.csv'), file);
    const report = await importFile(db, file);
    expect(report.rowsImported).toBe(20);
    expect(report.notes[0]).toMatch(/holds CSV text/);
  });

  it('cancellation rolls the file back, indexes included', async () => {
    await importFile(db, real('incidents-2009-first20.csv'));
    const before = snapshot(db);
    const file = writeMobilisationCsv(path.join(dir, 'many.csv'), 12_000);
    let batches = 0;
    const run = importFile(db, file, { isCancelled: () => ++batches > 2 });
    await expect(run).rejects.toBeInstanceOf(JobCancelledError);
    expect(snapshot(db)).toEqual(before);
    // The same file then imports in full.
    expect(await importFile(db, file)).toMatchObject({ rowsImported: 12_000 });
  });
});
