import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/index.js';
import { GbdtCancelledError } from '../gbdt/index.js';
import {
  cancelPoller,
  JobCancelledError,
  serializeError,
  type WorkerInit,
  type WorkerMessage,
} from '../workers/protocol.js';
import { trainFromDatabase, type TrainingProgress } from './pipeline.js';
import type { TrainingJobRequest, TrainingJobResult } from './job.js';
import { runInBackground } from '../workers/priority.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

type Message = WorkerMessage<TrainingProgress, TrainingJobResult>;

const PROGRESS_INTERVAL_MS = 100;

function main(): void {
  const { jobId, request, control } = workerData as WorkerInit<TrainingJobRequest>;
  const post = (m: Message, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
  const shouldStop = cancelPoller(control, jobId);
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
      shouldStop,
      onProgress: (progress) => {
        const now = Date.now();
        const boundary = progress.done === 0 || progress.done === progress.total;
        if (!boundary && now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        post({ type: 'progress', jobId, progress });
        if (shouldStop()) throw new JobCancelledError();
      },
    });
    const bytes = result.bytes;
    post(
      {
        type: 'result',
        jobId,
        result: {
          bytes,
          holdout: result.holdout,
          dataset: result.dataset,
          rows: result.rows,
          params: result.params,
          trees: result.trees,
          ...(result.tuning ? { tuning: result.tuning } : {}),
          window: result.metadata.window,
          calibration: result.metadata.calibration,
          risk: result.metadata.risk,
        },
      },
      [bytes.buffer as ArrayBuffer],
    );
  } catch (error) {
    const cancelled = error instanceof JobCancelledError || error instanceof GbdtCancelledError;
    post({
      type: 'error',
      jobId,
      error: serializeError(
        cancelled ? new JobCancelledError('Training was cancelled; no model was saved.') : error,
        cancelled,
      ),
    });
  } finally {
    db.close();
    control.close();
  }
}

main();
