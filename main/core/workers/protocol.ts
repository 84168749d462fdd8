import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * The one message protocol between the main side and a worker thread, for one-shot jobs (import,
 * training, gazetteer) and long-lived services (the prediction log) alike.
 *
 * - Start: the worker's `workerData` is a WorkerInit (an id, the request, the control port).
 * - Worker → main: progress* and log* messages, then one result or error, each with the id of the
 *   request it answers (a job has one id; a service one per request).
 * - Main → service: requests (answered as above) and fire-and-forget notes; `stop` ends it.
 * - Cancel travels on its own control port so that a worker busy in a synchronous loop can poll it
 *   with `receiveMessageOnPort` between units of work: cancellation is a message, never
 *   `worker.terminate()` in the middle of native work.
 */
export type WorkerMessage<Progress, Result> =
  | { readonly type: 'progress'; readonly jobId: string; readonly progress: Progress }
  | { readonly type: 'log'; readonly jobId: string; readonly level: LogLevel; readonly message: string }
  | { readonly type: 'result'; readonly jobId: string; readonly result: Result }
  | { readonly type: 'error'; readonly jobId: string; readonly error: SerializedError };

export type LogLevel = 'info' | 'warn';

/** What a service receives on its parent port. */
export type ServiceMessage<Note, Request> =
  | { readonly type: 'request'; readonly jobId: string; readonly request: Request }
  | { readonly type: 'note'; readonly note: Note }
  /** Detach: the thread ends once the work it has already started is done. */
  | { readonly type: 'stop' };

export type ControlMessage = { readonly type: 'cancel'; readonly jobId: string };

export interface WorkerInit<Request> {
  readonly jobId: string;
  readonly request: Request;
  readonly control: MessagePort;
}

/** Plain values a domain error needs to be rebuilt on the other side (its file, its problem, …). */
export type ErrorDetails = Readonly<Record<string, string | number | boolean>>;

/** The one shape every error crosses a thread boundary in. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly cancelled: boolean;
  readonly details?: ErrorDetails;
}

/** An error that says what it needs to be rebuilt in the other thread (see ErrorRegistry). */
export interface DetailedError extends Error {
  workerDetails(): ErrorDetails;
}

/**
 * Rebuilds domain errors by name. A reviver returns null when the details do not fit (the error is
 * then revived as a plain Error with the same name and message, which still reads the same).
 */
export type ErrorReviver = (message: string, details: ErrorDetails) => Error | null;
export type ErrorRegistry = Readonly<Record<string, ErrorReviver>>;

/** The one cancellation: whatever the job, the caller asked it to stop and it stopped. */
export class JobCancelledError extends Error {
  override name = 'JobCancelledError';
  constructor(message = 'The job was cancelled; nothing was changed.') {
    super(message);
  }
}

function isDetailed(error: Error): error is DetailedError {
  return typeof (error as Partial<DetailedError>).workerDetails === 'function';
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), cancelled: false };
  const cancelled = error instanceof JobCancelledError;
  // A system error's code (ENOENT, SQLITE_FULL) is what callers explain it by.
  const code = (error as NodeJS.ErrnoException).code;
  const details: ErrorDetails | undefined = isDetailed(error)
    ? error.workerDetails()
    : typeof code === 'string'
      ? { code }
      : undefined;
  return { name: error.name, message: error.message, cancelled, ...(details ? { details } : {}) };
}

export function deserializeError(e: SerializedError, registry: ErrorRegistry = {}): Error {
  if (e.cancelled) return new JobCancelledError(e.message);
  const details = e.details ?? {};
  const revived = Object.hasOwn(registry, e.name) ? registry[e.name]!(e.message, details) : null;
  if (revived) return revived;
  const error = new Error(e.message) as NodeJS.ErrnoException;
  error.name = e.name;
  if (typeof details['code'] === 'string') error.code = details['code'];
  return error;
}

/** True once a cancel message for `jobId` has arrived on the control port (checked synchronously). */
export function cancelPoller(control: MessagePort, jobId: string): () => boolean {
  let cancelled = false;
  return () => {
    if (cancelled) return true;
    for (let msg = receiveMessageOnPort(control); msg; msg = receiveMessageOnPort(control)) {
      const m = msg.message as ControlMessage;
      if (m.type === 'cancel' && m.jobId === jobId) cancelled = true;
    }
    return cancelled;
  };
}
