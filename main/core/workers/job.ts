import { randomUUID } from 'node:crypto';
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import { deserializeError, JobCancelledError, type WorkerInit, type WorkerMessage } from './protocol.js';
import { spawnWorker } from './spawn.js';

export interface JobHandle<Result> {
  readonly jobId: string;
  readonly done: Promise<Result>;
  /** Asks the worker to stop at its next check; `done` then rejects with JobCancelledError. */
  cancel(): void;
}

export interface JobCallbacks<Progress> {
  readonly onProgress?: (progress: Progress) => void;
  readonly onLog?: (message: string) => void;
}

/** Runs one job in a fresh worker and settles `done` with its result or its (deserialised) error. */
export function startWorkerJob<Request, Progress, Result>(
  moduleUrl: URL,
  request: Request,
  callbacks: JobCallbacks<Progress> = {},
  transferList: TransferListItem[] = [],
): JobHandle<Result> {
  const jobId = randomUUID();
  const { port1, port2 } = new MessageChannel();
  const init: WorkerInit<Request> = { jobId, request, control: port2 };
  const worker = spawnWorker(moduleUrl, {
    workerData: init,
    transferList: [port2, ...transferList],
  });
  let settled = false;
  const done = new Promise<Result>((resolve, reject) => {
    worker.on('message', (msg: WorkerMessage<Progress, Result>) => {
      if (msg.jobId !== jobId) return;
      switch (msg.type) {
        case 'progress':
          callbacks.onProgress?.(msg.progress);
          break;
        case 'log':
          callbacks.onLog?.(msg.message);
          break;
        case 'result':
          settled = true;
          resolve(msg.result);
          break;
        case 'error':
          settled = true;
          reject(deserializeError(msg.error));
          break;
        default: {
          const never: never = msg;
          throw new Error(`unknown worker message ${JSON.stringify(never)}`);
        }
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      port1.close();
      if (!settled) reject(new Error(`the worker stopped unexpectedly (exit code ${code})`));
    });
  });
  return {
    jobId,
    done,
    cancel: () => port1.postMessage({ type: 'cancel', jobId }),
  };
}

export { JobCancelledError };
