import type { Synchronous } from '../db/index.js';
import { startWorkerJob } from '../workers/job.js';
import { deserializeError, JobCancelledError, type LogLevel } from '../workers/protocol.js';
import { IMPORT_CANCELLED, IMPORT_ERRORS, ImportFileError } from './errors.js';
import type { ImportJobRequest, ImportJobResult } from './import-worker.js';
import type { ImportProgress, ImportResult } from './types.js';

export { IMPORT_CANCELLED, ImportFileError, type Acceptable } from './errors.js';
export { JobCancelledError } from '../workers/protocol.js';
export { readStats, type HistoryStats, type RangeStats } from './stats.js';
export type { ChangedField, FileReport, ImportPhase, ImportProgress, ImportResult } from './types.js';

export interface ImportOptions {
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly onLog?: (level: LogLevel, message: string) => void;
  /** Aborting rolls back the file in progress; files finished before it stay imported. */
  readonly signal?: AbortSignal;
  /** Import files that fail the model-column or rejected-share checks anyway (recorded per import). */
  readonly acceptPartial?: boolean;
  /**
   * When the import's commits reach the disk: 'full' (every commit synced: an acknowledged import
   * survives a power cut) unless set; the durability bench times 'normal' beside it.
   */
  readonly synchronous?: Synchronous;
}

/** A refused file's error as the worker sent it; anything else would be a fault in the worker. */
function refusal(error: Error): ImportFileError {
  if (error instanceof ImportFileError) return error;
  throw new Error(`the import worker reported a refusal that is not a file's: ${error.message}`);
}

/**
 * Imports LFB files into the history database at dbPath, in a worker thread, one transaction per
 * file. Resolves with a report per imported file and an ImportFileError per file that could not be
 * read (those change nothing); rejects with JobCancelledError when aborted.
 */
export async function importFiles(
  dbPath: string,
  files: string[],
  opts: ImportOptions = {},
): Promise<ImportResult> {
  if (opts.signal?.aborted) throw new JobCancelledError(IMPORT_CANCELLED);
  // Worker threads share the process's working directory: paths go as given, so reports name
  // files the way the caller did.
  const job = startWorkerJob<ImportJobRequest, ImportProgress, ImportJobResult>(
    new URL('./import-worker.js', import.meta.url),
    {
      dbPath,
      files,
      acceptPartial: opts.acceptPartial ?? false,
      ...(opts.synchronous ? { synchronous: opts.synchronous } : {}),
    },
    {
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      onLog: (message, level) => opts.onLog?.(level, message),
    },
    { label: 'import worker', errors: IMPORT_ERRORS, background: true },
  );
  const onAbort = () => job.cancel();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await job.done;
    return {
      files: result.files,
      errors: result.errors.map((e) => refusal(deserializeError(e, IMPORT_ERRORS))),
    };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
