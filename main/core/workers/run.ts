import { parentPort, workerData, type MessagePort, type TransferListItem } from 'node:worker_threads';
import {
  cancelPoller,
  JobCancelledError,
  serializeError,
  type LogLevel,
  type ServiceMessage,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js';

/** What a job's work function gets besides its request. */
export interface JobContext<Progress> {
  readonly jobId: string;
  progress(progress: Progress): void;
  log(message: string, level?: LogLevel): void;
  /** True once the caller asked to stop (a synchronous poll of the control port: cheap, call it often). */
  isCancelled(): boolean;
  /** Throws JobCancelledError (with `message`, if given) once the caller asked to stop. */
  throwIfCancelled(message?: string): void;
}

export interface RunJobOptions<Result> {
  /** Buffers the result may hand over instead of copying (a model's bytes). */
  readonly transfer?: (result: Result) => TransferListItem[];
}

function port(): MessagePort {
  if (!parentPort) throw new Error('this module must run in a worker thread');
  return parentPort;
}

/**
 * The worker side of a one-shot job (see startWorkerJob): runs `work` on the request in workerData,
 * posts its result or its error in the one serialised shape, and lets the thread end. A throw of
 * JobCancelledError arrives on the main side as a cancellation; any other error as itself.
 */
export function runJob<Request, Progress, Result>(
  work: (request: Request, context: JobContext<Progress>) => Result | Promise<Result>,
  options: RunJobOptions<Result> = {},
): void {
  const out = port();
  const { jobId, request, control } = workerData as WorkerInit<Request>;
  const post = (message: WorkerMessage<Progress, Result>, transfer: TransferListItem[] = []) =>
    out.postMessage(message, transfer);
  const isCancelled = cancelPoller(control, jobId);
  const context: JobContext<Progress> = {
    jobId,
    progress: (progress) => post({ type: 'progress', jobId, progress }),
    log: (message, level = 'info') => post({ type: 'log', jobId, level, message }),
    isCancelled,
    throwIfCancelled: (message) => {
      if (isCancelled()) throw new JobCancelledError(message);
    },
  };
  const finish = async () => {
    try {
      const result = await work(request, context);
      post({ type: 'result', jobId, result }, options.transfer?.(result) ?? []);
    } catch (error) {
      post({ type: 'error', jobId, error: serializeError(error) });
    } finally {
      // Nothing else holds the thread open: it ends once this job's work is done.
      control.close();
    }
  };
  void finish();
}

/** A long-lived service's handlers (see WorkerService). */
export interface ServiceHandlers<Note, Request, Result> {
  /** A fire-and-forget message: nothing is answered, a throw is logged to stderr. */
  readonly note: (note: Note) => void;
  /** A request: its result, or its error in the one serialised shape, goes back with its id. */
  readonly request: (request: Request) => Result | Promise<Result>;
}

/**
 * The worker side of a long-lived service: `start` gets the init request from workerData (and may
 * throw, which ends the thread: the main side sees it stop). Requests are answered in order of
 * arrival for synchronous handlers; `stop` detaches so the thread ends once its timers are done.
 */
export function serveRequests<Init, Note, Request, Result>(
  start: (init: Init) => ServiceHandlers<Note, Request, Result>,
): void {
  const out = port();
  const { request: init, control } = workerData as WorkerInit<Init>;
  // A service is stopped by a message, not cancelled: its control port is not needed.
  control.close();
  const handlers = start(init);
  const onMessage = (message: ServiceMessage<Note, Request>) => {
    switch (message.type) {
      case 'note':
        try {
          handlers.note(message.note);
        } catch (error) {
          console.error(`pump-eta: a worker thread could not take a message: ${(error as Error).message}`);
        }
        return;
      case 'request': {
        const { jobId } = message;
        const answer = async () => {
          try {
            const result = await handlers.request(message.request);
            out.postMessage({ type: 'result', jobId, result } satisfies WorkerMessage<never, Result>);
          } catch (error) {
            out.postMessage({
              type: 'error',
              jobId,
              error: serializeError(error),
            } satisfies WorkerMessage<never, Result>);
          }
        };
        void answer();
        return;
      }
      case 'stop':
        out.off('message', onMessage);
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown service message ${JSON.stringify(never)}`);
      }
    }
  };
  out.on('message', onMessage);
}
