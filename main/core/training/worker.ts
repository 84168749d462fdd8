import { loadSchoolHolidays, schoolHolidaysFileIn } from '../calendar/schoolHolidays.js';
import { openDatabase } from '../db/index.js';
import { GbdtCancelledError } from '../gbdt/index.js';
import { runInBackground } from '../workers/priority.js';
import { JobCancelledError } from '../workers/protocol.js';
import { runJob } from '../workers/run.js';
import { trainFromDatabase, type TrainingProgress } from './pipeline.js';
import type { TrainingJobRequest, TrainingJobResult } from './job.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

const PROGRESS_INTERVAL_MS = 100;
const CANCELLED = 'Training was cancelled; no model was saved.';

runJob<TrainingJobRequest, TrainingProgress, TrainingJobResult>(
  (request, job) => {
    let lastProgress = 0;
    // Training reads only: a read-only connection cannot block imports or the registry's writes.
    const db = openDatabase(request.dbPath, { readonly: true });
    try {
      const result = trainFromDatabase(db, {
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(request.params ? { params: request.params } : {}),
        ...(request.demo ? { demo: true } : {}),
        ...(request.threads !== undefined ? { threads: request.threads } : {}),
        ...(request.tune ? { tune: true } : {}),
        ...(request.resourcesDir
          ? { schoolHolidays: loadSchoolHolidays(schoolHolidaysFileIn(request.resourcesDir)) }
          : {}),
        shouldStop: job.isCancelled,
        onProgress: (progress) => {
          const now = Date.now();
          const boundary = progress.done === 0 || progress.done === progress.total;
          if (!boundary && now - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = now;
          job.progress(progress);
          job.throwIfCancelled(CANCELLED);
        },
      });
      return {
        bytes: result.bytes,
        holdout: result.holdout,
        dataset: result.dataset,
        rows: result.rows,
        params: result.params,
        trees: result.trees,
        ...(result.tuning ? { tuning: result.tuning } : {}),
        window: result.metadata.window,
        calibration: result.metadata.calibration,
        risk: result.metadata.risk,
        ...(result.metadata.weatherCoverage ? { weatherCoverage: result.metadata.weatherCoverage } : {}),
      };
    } catch (error) {
      // The learner stops between trees with its own error: to the caller it is the job's cancel.
      if (error instanceof GbdtCancelledError) throw new JobCancelledError(CANCELLED);
      throw error;
    } finally {
      db.close();
    }
  },
  // The model's bytes are handed over, not copied.
  { transfer: (result) => [result.bytes.buffer as ArrayBuffer] },
);
