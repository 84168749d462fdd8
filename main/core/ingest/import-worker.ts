import { parentPort } from 'node:worker_threads';
import { openDatabase } from '../db/index.js';
import { ImportFileError } from './errors.js';
import { importFile } from './import-file.js';
import { serializeError, type ImportReply, type ImportRequest, type SerializedError } from './protocol.js';
import type { FileReport, ImportProgress } from './types.js';
import { runInBackground } from '../workers/priority.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

/** Progress messages are throttled: the UI needs a few a second, not one per batch. */
const PROGRESS_INTERVAL_MS = 100;
/** A larger page cache keeps a million-row transaction's index pages in memory (SQLite KiB units). */
const IMPORT_CACHE_KIB = 65_536;

const port = parentPort;
if (!port) throw new Error('import-worker must run in a worker thread');

const cancelled = new Set<string>();

function post(reply: ImportReply): void {
  port!.postMessage(reply);
}

async function run(
  jobId: string,
  dbPath: string,
  files: readonly string[],
  acceptPartial: boolean,
): Promise<void> {
  const db = openDatabase(dbPath);
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
        post({ type: 'progress', jobId, progress });
      };
      try {
        const report = await importFile(db, file, {
          isCancelled: () => cancelled.has(jobId),
          acceptPartial,
          onProgress: (p) => send({ ...p, file, fileIndex, fileCount: files.length }, p.phase !== 'reading'),
        });
        reports.push(report);
        post({ type: 'log', jobId, level: 'info', message: `${file}: ${report.rowsImported} rows imported` });
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        errors.push(serializeError(error));
        post({ type: 'log', jobId, level: 'warn', message: error.message });
      }
    }
    post({ type: 'result', jobId, files: reports, errors });
  } finally {
    db.close();
  }
}

function onMessage(message: ImportRequest): void {
  switch (message.type) {
    case 'cancel':
      cancelled.add(message.jobId);
      return;
    case 'import':
      run(message.jobId, message.dbPath, message.files, message.acceptPartial)
        .catch((error: unknown) =>
          post({ type: 'error', jobId: message.jobId, error: serializeError(error) }),
        )
        // One job per worker: with no listener left the thread ends once its work is done.
        .finally(() => port!.off('message', onMessage));
      return;
  }
}

port.on('message', onMessage);
