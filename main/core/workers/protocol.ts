import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * The typed message protocol between the main side and a job worker. Every message carries the job
 * id. Control (cancel) travels on its own MessagePort so that a worker busy in a synchronous loop can
 * poll it with `receiveMessageOnPort` between units of work — cancellation is a message, never
 * `worker.terminate()` in the middle of native work.
 */
export type WorkerMessage<Progress, Result> =
  | { readonly type: 'progress'; readonly jobId: string; readonly progress: Progress }
  | { readonly type: 'log'; readonly jobId: string; readonly message: string }
  | { readonly type: 'result'; readonly jobId: string; readonly result: Result }
  | { readonly type: 'error'; readonly jobId: string; readonly error: SerializedError };

export type ControlMessage = { readonly type: 'cancel'; readonly jobId: string };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly cancelled: boolean;
}

export interface WorkerInit<Request> {
  readonly jobId: string;
  readonly request: Request;
  readonly control: MessagePort;
}

export class JobCancelledError extends Error {
  override name = 'JobCancelledError';
  constructor(message = 'The job was cancelled; nothing was changed.') {
    super(message);
  }
}

export function serializeError(error: unknown, cancelled: boolean): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, cancelled };
  return { name: 'Error', message: String(error), cancelled };
}

export function deserializeError(e: SerializedError): Error {
  const error = e.cancelled ? new JobCancelledError(e.message) : new Error(e.message);
  error.name = e.name;
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
