/**
 * A large file is read in a reader thread that hands packed rows to the importing thread; a small
 * one is read in the importing thread itself. Both placements must store exactly the same rows and
 * report exactly the same outcome, for good files and for every file of the bad-file corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { ImportFileError } from '../../main/core/ingest/errors.js';
import { JobCancelledError } from '../../main/core/workers/protocol.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { ROWS_PER_STATEMENT } from '../../main/core/ingest/writer.js';
import { BAD_FILES, writeBadFiles } from '../fixtures/bad-files.js';
import { csvToXlsx, readCsv, real, tempDir, writeMobilisationCsv } from '../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
let dbs = 0;

beforeAll(() => ({ dir, cleanup } = tempDir('pump-eta-reader-thread-')));
afterAll(() => cleanup());

function freshDb(): Db {
  return openDatabase(path.join(dir, `history-${++dbs}.sqlite`));
}

/** Everything an import stores, minus the clock. */
function dump(db: Db) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    imports: all(
      `SELECT id, file_name, sha256, kind, size_bytes, rows_read, rows_imported, rows_duplicate,
         rows_rejected, report_json FROM imports ORDER BY id`,
    ),
    incidents: all('SELECT * FROM incidents ORDER BY rowid'),
    mobilisations: all('SELECT * FROM mobilisations ORDER BY id'),
    stations: all('SELECT * FROM stations ORDER BY rowid'),
  };
}

/** The file imported `times` times (after the first, all duplicates); the outcomes and the rows. */
async function importRepeatedly(file: string, readerThread: boolean, times: number) {
  const db = freshDb();
  try {
    const outcomes: unknown[] = [];
    for (let i = 0; i < times; i++) {
      try {
        outcomes.push(await importFile(db, file, { readerThread }));
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        outcomes.push({ refused: error.message });
      }
    }
    return { outcomes, stored: dump(db) };
  } finally {
    db.close();
  }
}

async function expectSamePlacements(file: string, times = 2) {
  const here = await importRepeatedly(file, false, times);
  const threaded = await importRepeatedly(file, true, times);
  expect(threaded, path.basename(file)).toEqual(here);
  return threaded;
}

describe('reading in a reader thread', () => {
  it('stores and reports exactly what reading in the importing thread does, for the real samples', async () => {
    const xlsx = await csvToXlsx(
      real('mobilisations-2009-first20.csv'),
      path.join(dir, 'mobilisations-2009-first20.xlsx'),
    );
    for (const file of [
      real('incidents-2023-sample.csv'),
      real('incidents-2009-first20.csv'),
      real('mobilisations-2009-first20.csv'),
      real('joined-2016-10rows.csv'),
      real('stations.csv'),
      xlsx,
    ]) {
      const { outcomes, stored } = await expectSamePlacements(file);
      const [first, again] = outcomes as { rowsRead: number; rowsImported: number; rowsDuplicate: number }[];
      expect(first!.rowsImported, file).toBeGreaterThan(0);
      expect(again, file).toMatchObject({ rowsImported: 0, rowsDuplicate: first!.rowsImported });
      expect(stored.imports, file).toHaveLength(2);
    }
  });

  it('counts duplicates within one multi-row statement, across statements and in the last partial one', async () => {
    const base = writeMobilisationCsv(path.join(dir, 'base.csv'), 3 * ROWS_PER_STATEMENT + 37);
    const { header, rows } = readCsv(base);
    // Repeats right after their original (same statement), far from it (another statement), and at
    // the very end (the flushed remainder); one row without an IncidentNumber is rejected.
    const repeated = [...rows];
    repeated.splice(5, 0, rows[4]!);
    repeated.splice(250, 0, rows[10]!, rows[11]!);
    repeated.push(rows[300]!, rows[0]!);
    repeated.push(['', ...rows[1]!.slice(1)]);
    const file = path.join(dir, 'with-duplicates.csv');
    fs.writeFileSync(file, [header, ...repeated].map((r) => r.join(',')).join('\n') + '\n');

    const { outcomes, stored } = await expectSamePlacements(file);
    expect(outcomes[0]).toMatchObject({
      rowsRead: rows.length + 6,
      rowsImported: rows.length,
      rowsDuplicate: 5,
      rowsRejected: 1,
      rejected: { missing_incident_number: 1 },
    });
    expect(stored.mobilisations).toHaveLength(rows.length);
  });

  it('gives the same outcome for every file of the bad-file corpus', async () => {
    const corpus = path.join(dir, 'corpus');
    fs.mkdirSync(corpus);
    const files = writeBadFiles(corpus);
    let refused = 0;
    for (const name of BAD_FILES) {
      const { outcomes } = await expectSamePlacements(files[name], 1);
      if ((outcomes[0] as { refused?: string }).refused !== undefined) refused++;
    }
    // The corpus holds both kinds: some refused outright, the rest read with rejections.
    expect(refused).toBeGreaterThan(5);
    expect(refused).toBeLessThan(BAD_FILES.length);
  }, 120_000);

  it('rolls the file back when cancelled while the reader is still reading', async () => {
    const file = writeMobilisationCsv(path.join(dir, 'cancel.csv'), 60_000);
    const db = freshDb();
    try {
      const before = dump(db);
      let batches = 0;
      const attempt = importFile(db, file, {
        readerThread: true,
        onProgress: (p) => void (p.phase === 'reading' && batches++),
        isCancelled: () => batches >= 2,
      });
      await expect(attempt).rejects.toBeInstanceOf(JobCancelledError);
      expect(batches).toBeGreaterThanOrEqual(2);
      expect(dump(db)).toEqual(before);
      expect(db.inTransaction).toBe(false);
      // The database is usable at once: the same file imports whole afterwards.
      expect(await importFile(db, file, { readerThread: true })).toMatchObject({ rowsImported: 60_000 });
    } finally {
      db.close();
    }
  });
});
