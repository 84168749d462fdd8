import { randomUUID } from 'node:crypto';
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import {
  deserializeError,
  JobCancelledError,
  type ControlMessage,
  type ErrorRegistry,
  type LogLevel,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js';
import { spawnWorker } from './spawn.js';

export interface JobHandle<Result> {
  readonly jobId: string;
  readonly done: Promise<Result>;
  /** Asks the worker to stop at its next check; `done` then rejects with JobCancelledError. */
  cancel(): void;
}

export interface JobCallbacks<Progress> {
  readonly onProgress?: (progress: Progress) => void;
  readonly onLog?: (message: string, level: LogLevel) => void;
}

export interface JobOptions {
  /** Names the thread in the sentence a crash rejects with ("The import worker stopped …"). */
  readonly label?: string;
  /** Domain errors the worker may throw, rebuilt as their own classes here. */
  readonly errors?: ErrorRegistry;
  readonly transferList?: readonly TransferListItem[];
}

/** The sentence a thread that ended without an answer rejects with. */
export function stoppedUnexpectedly(label: string, code: number): Error {
  return new Error(`The ${label} stopped unexpectedly (exit code ${code}) before it finished.`);
}

/**
 * Runs one job in a fresh worker (whose module calls `runJob`) and settles `done` with its result or
 * its error, revived through `options.errors`. A worker that ends without either rejects with a
 * sentence that says so.
 */
export function startWorkerJob<Request, Progress, Result>(
  moduleUrl: URL,
  request: Request,
  callbacks: JobCallbacks<Progress> = {},
  options: JobOptions = {},
): JobHandle<Result> {
  const jobId = randomUUID();
  const { port1, port2 } = new MessageChannel();
  const init: WorkerInit<Request> = { jobId, request, control: port2 };
  const worker = spawnWorker(moduleUrl, {
    workerData: init,
    transferList: [port2, ...(options.transferList ?? [])],
  });
  let settled = false;
  const done = new Promise<Result>((resolve, reject) => {
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (msg: WorkerMessage<Progress, Result>) => {
      if (msg.jobId !== jobId || settled) return;
      switch (msg.type) {
        case 'progress':
          callbacks.onProgress?.(msg.progress);
          break;
        case 'log':
          callbacks.onLog?.(msg.message, msg.level);
          break;
        case 'result':
          settle(() => resolve(msg.result));
          break;
        case 'error':
          settle(() => reject(deserializeError(msg.error, options.errors)));
          break;
        default: {
          const never: never = msg;
          throw new Error(`unknown worker message ${JSON.stringify(never)}`);
        }
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => {
      port1.close();
      settle(() => reject(stoppedUnexpectedly(options.label ?? 'worker', code)));
    });
  });
  return {
    jobId,
    done,
    cancel: () => {
      if (!settled) port1.postMessage({ type: 'cancel', jobId } satisfies ControlMessage);
    },
  };
}

export { JobCancelledError };
