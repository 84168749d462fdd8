import { randomUUID } from 'node:crypto';
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import { backgroundTransport, spawnBackground, type HostCommand, type HostReply } from './background.js';
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
  /**
   * Work nobody is waiting on (import, training): it runs where the platform can lower its priority,
   * a child process outside Linux (background.ts). Without it the job is a thread of this process.
   */
  readonly background?: boolean;
}

/** The sentence a thread that ended without an answer rejects with. */
export function stoppedUnexpectedly(label: string, code: number): Error {
  return new Error(`The ${label} stopped unexpectedly (exit code ${code}) before it finished.`);
}

/** One running job, whichever transport carries it: the protocol's messages in, cancels out. */
interface JobEndpoint {
  onMessage(listener: (message: WorkerMessage<unknown, unknown>) => void): void;
  onError(listener: (error: Error) => void): void;
  onExit(listener: (code: number) => void): void;
  cancel(message: ControlMessage): void;
}

function threadEndpoint(moduleUrl: URL, jobId: string, request: unknown, options: JobOptions): JobEndpoint {
  const { port1, port2 } = new MessageChannel();
  const init: WorkerInit<unknown> = { jobId, request, control: port2 };
  const worker = spawnWorker(moduleUrl, {
    workerData: init,
    transferList: [port2, ...(options.transferList ?? [])],
  });
  return {
    onMessage: (listener) => worker.on('message', listener),
    onError: (listener) => worker.on('error', listener),
    onExit: (listener) =>
      worker.on('exit', (code) => {
        port1.close();
        listener(code);
      }),
    cancel: (message) => port1.postMessage(message),
  };
}

/**
 * The same job in a child process (job-host.ts) that runs it in a worker thread of its own: the start
 * waits for the host's `ready`, a cancel travels as the same control message, and the worker's
 * messages come back unchanged. Transfers become copies across the process boundary. The job has
 * ended at the host's `ended` (everything before it delivered), or when the process ends without it.
 */
function processEndpoint(moduleUrl: URL, jobId: string, request: unknown, options: JobOptions): JobEndpoint {
  const child = spawnBackground(options.label ?? 'background job');
  const outbox: HostCommand[] = [{ type: 'start', moduleUrl: moduleUrl.href, jobId, request }];
  let ready = false;
  const send = (command: HostCommand) => (ready ? child.postMessage(command) : outbox.push(command));
  const listeners: ((message: WorkerMessage<unknown, unknown>) => void)[] = [];
  const exitListeners: ((code: number) => void)[] = [];
  let ended = false;
  const end = (code: number) => {
    if (ended) return;
    ended = true;
    for (const listener of exitListeners) listener(code);
  };
  child.onMessage((raw) => {
    const message = raw as HostReply;
    switch (message.type) {
      case 'ready':
        ready = true;
        for (const command of outbox.splice(0)) child.postMessage(command);
        return;
      case 'ended':
        child.postMessage({ type: 'close' } satisfies HostCommand);
        end(message.code);
        return;
      default:
        for (const listener of listeners) listener(message);
    }
  });
  child.onExit(end);
  return {
    onMessage: (listener) => listeners.push(listener),
    onError: (listener) => child.onError(listener),
    onExit: (listener) => exitListeners.push(listener),
    cancel: (message) => send(message),
  };
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
  const inProcess = options.background === true && backgroundTransport() === 'process';
  const endpoint = (inProcess ? processEndpoint : threadEndpoint)(moduleUrl, jobId, request, options);
  let settled = false;
  const done = new Promise<Result>((resolve, reject) => {
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    endpoint.onMessage((raw) => {
      const msg = raw as WorkerMessage<Progress, Result>;
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
    endpoint.onError((error) => settle(() => reject(error)));
    endpoint.onExit((code) => settle(() => reject(stoppedUnexpectedly(options.label ?? 'worker', code))));
  });
  return {
    jobId,
    done,
    cancel: () => {
      if (!settled) endpoint.cancel({ type: 'cancel', jobId } satisfies ControlMessage);
    },
  };
}

export { JobCancelledError };
