import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/index.js';
import {
  ImportFileError,
  importFiles,
  JobCancelledError,
  readStats,
  type ImportProgress,
} from '../../../main/core/ingest/index.js';
import { real, tempDir, writeMobilisationCsv } from '../../fixtures/lfb-files.js';
import { TRANSPORTS, useTransport } from '../../fixtures/transport.js';

let dir: string;
let cleanup: () => void;
let dbPath: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  dbPath = path.join(dir, 'history.sqlite');
});
afterEach(() => cleanup());

function stats() {
  const db = openDatabase(dbPath);
  try {
    return readStats(db);
  } finally {
    db.close();
  }
}

describe.each(TRANSPORTS)('importFiles (a worker thread, run as a %s)', (transport) => {
  useTransport(transport);

  it('imports readable files, reports unreadable ones, and sends progress', async () => {
    const png = path.join(dir, 'photo.xlsx');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a', 'hex'));
    const progress: ImportProgress[] = [];
    const result = await importFiles(
      dbPath,
      [real('incidents-2009-first20.csv'), png, real('stations.csv')],
      {
        onProgress: (p) => progress.push(p),
      },
    );
    expect(result.files.map((f) => [f.kind, f.rowsImported])).toEqual([
      ['incidents', 20],
      ['stations', 103],
    ]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(ImportFileError);
    expect(result.errors[0]!.file).toBe(png);
    expect(result.errors[0]!.message).toBe(`${png}: the file is a PNG image, not a spreadsheet`);
    expect(progress.some((p) => p.phase === 'committing' && p.fileIndex === 2 && p.fileCount === 3)).toBe(
      true,
    );
    const done = progress.filter((p) => p.phase === 'committing' && p.fileIndex === 0)[0]!;
    expect(done.bytesRead).toBe(done.bytesTotal);
    expect(done.rowsRead).toBe(20);
    expect(stats()).toMatchObject({
      incidents: { count: 20 },
      stations: { count: 103 },
      imports: { count: 2 },
    });
  });

  it('cancels by message: the file in progress is rolled back', async () => {
    await importFiles(dbPath, [real('incidents-2009-first20.csv')]);
    const before = stats();
    const file = writeMobilisationCsv(path.join(dir, 'many.csv'), 60_000);
    const controller = new AbortController();
    const run = importFiles(dbPath, [file], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'reading') controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(JobCancelledError);
    expect(stats()).toEqual(before);
  });

  it('refuses to start when already aborted', async () => {
    await expect(
      importFiles(dbPath, [real('stations.csv')], { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(JobCancelledError);
    expect(fs.existsSync(dbPath)).toBe(false);
  });
});
