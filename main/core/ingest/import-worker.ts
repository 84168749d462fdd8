import { openDatabase, type Synchronous } from '../db/index.js';
import { runInBackground } from '../workers/priority.js';
import { serializeError, type SerializedError } from '../workers/protocol.js';
import { runJob } from '../workers/run.js';
import { ImportFileError } from './errors.js';
import { importFile } from './import-file.js';
import type { FileReport, ImportProgress } from './types.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

/** Progress messages are throttled: the UI needs a few a second, not one per batch. */
const PROGRESS_INTERVAL_MS = 100;
/** A larger page cache keeps a million-row transaction's index pages in memory (SQLite KiB units). */
const IMPORT_CACHE_KIB = 65_536;

/** What importFiles asks of the worker. */
export interface ImportJobRequest {
  readonly dbPath: string;
  readonly files: readonly string[];
  readonly acceptPartial: boolean;
  readonly synchronous?: Synchronous;
}

/** Its answer: a report per imported file, the error of each file that was refused. */
export interface ImportJobResult {
  readonly files: FileReport[];
  readonly errors: SerializedError[];
}

runJob<ImportJobRequest, ImportProgress, ImportJobResult>(async (request, job) => {
  const { dbPath, files, acceptPartial } = request;
  const db = openDatabase(dbPath, request.synchronous ? { synchronous: request.synchronous } : {});
  try {
    db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
    const reports: FileReport[] = [];
    const errors: SerializedError[] = [];
    for (const [fileIndex, file] of files.entries()) {
      let last = 0;
      const send = (progress: ImportProgress, force: boolean) => {
        const now = Date.now();
        if (!force && now - last < PROGRESS_INTERVAL_MS) return;
        last = now;
        job.progress(progress);
      };
      try {
        const report = await importFile(db, file, {
          isCancelled: job.isCancelled,
          acceptPartial,
          onProgress: (p) => send({ ...p, file, fileIndex, fileCount: files.length }, p.phase !== 'reading'),
        });
        reports.push(report);
        job.log(`${file}: ${report.rowsImported} rows imported`);
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        errors.push(serializeError(error));
        job.log(error.message, 'warn');
      }
    }
    return { files: reports, errors };
  } finally {
    db.close();
  }
});
