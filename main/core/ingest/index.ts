import { randomUUID } from 'node:crypto';
import { spawnWorker } from '../workers/spawn.js';
import { ImportCancelledError, ImportFileError } from './errors.js';
import type { ImportReply, ImportRequest, SerializedError } from './protocol.js';
import type { ImportProgress, ImportResult } from './types.js';

export { ImportCancelledError, ImportFileError, type Acceptable } from './errors.js';
export { readStats, type HistoryStats, type RangeStats } from './stats.js';
export type { ChangedField, FileReport, ImportPhase, ImportProgress, ImportResult } from './types.js';

export interface ImportOptions {
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly onLog?: (level: 'info' | 'warn', message: string) => void;
  /** Aborting rolls back the file in progress; files finished before it stay imported. */
  readonly signal?: AbortSignal;
  /** Import files that fail the model-column or rejected-share checks anyway (recorded per import). */
  readonly acceptPartial?: boolean;
}

function revive(error: SerializedError): Error {
  if (error.name === 'ImportFileError' && error.file !== undefined && error.problem !== undefined) {
    return new ImportFileError(error.file, error.problem, error.acceptable);
  }
  if (error.name === 'AbortError') return new ImportCancelledError(error.message);
  return Object.assign(new Error(error.message), { name: error.name });
}

/**
 * Imports LFB files into the history database at dbPath, in a worker thread, one transaction per
 * file. Resolves with a report per imported file and an ImportFileError per file that could not be
 * read (those change nothing); rejects with ImportCancelledError when aborted.
 */
export function importFiles(
  dbPath: string,
  files: string[],
  opts: ImportOptions = {},
): Promise<ImportResult> {
  if (opts.signal?.aborted) return Promise.reject(new ImportCancelledError());
  const jobId = randomUUID();
  const worker = spawnWorker(new URL('./import-worker.js', import.meta.url));
  return new Promise<ImportResult>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => worker.postMessage({ type: 'cancel', jobId } satisfies ImportRequest);
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (reply: ImportReply) => {
      if (reply.jobId !== jobId) return;
      switch (reply.type) {
        case 'progress':
          opts.onProgress?.(reply.progress);
          return;
        case 'log':
          opts.onLog?.(reply.level, reply.message);
          return;
        case 'result':
          settle(() =>
            resolve({ files: reply.files, errors: reply.errors.map((e) => revive(e) as ImportFileError) }),
          );
          return;
        case 'error':
          settle(() => reject(revive(reply.error)));
          return;
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`The import worker stopped unexpectedly (exit code ${code}).`))),
    );
    // Worker threads share the process's working directory: paths go as given, so reports name
    // files the way the caller did.
    worker.postMessage({
      type: 'import',
      jobId,
      dbPath,
      files,
      acceptPartial: opts.acceptPartial ?? false,
    } satisfies ImportRequest);
  });
}
