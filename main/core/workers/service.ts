import { randomUUID } from 'node:crypto';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { stoppedUnexpectedly } from './job.js';
import {
  deserializeError,
  type ErrorRegistry,
  type ServiceMessage,
  type WorkerInit,
  type WorkerMessage,
} from './protocol.js';
import { spawnWorker } from './spawn.js';

export interface ServiceOptions {
  /** Names the thread in the sentence a crash rejects pending requests with. */
  readonly label?: string;
  readonly errors?: ErrorRegistry;
  /** An error the thread threw (it then ends): the caller says what it means for its work. */
  readonly onError?: (error: Error) => void;
}

interface Pending {
  readonly resolve: (result: never) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The main side of a long-lived worker (whose module calls `serveRequests`): fire-and-forget notes,
 * and requests answered in the protocol's result/error messages. A thread that ends rejects every
 * request still waiting, with a sentence that says so; `exited` resolves with its exit code.
 */
export class WorkerService<Note, Request, Result> {
  readonly id = randomUUID();
  readonly exited: Promise<number>;
  /** The thread itself, for its resource figures; it ends through stop(), never by terminate(). */
  readonly thread: Worker;
  private readonly pending = new Map<string, Pending>();
  private alive = true;

  constructor(moduleUrl: URL, init: unknown, options: ServiceOptions = {}) {
    const { port2: control } = new MessageChannel();
    const data: WorkerInit<unknown> = { jobId: this.id, request: init, control };
    this.thread = spawnWorker(moduleUrl, { workerData: data, transferList: [control] });
    this.thread.on('message', (msg: WorkerMessage<never, Result>) => this.answer(msg, options.errors));
    this.thread.on('error', (error) => options.onError?.(error));
    this.exited = new Promise<number>((resolve) =>
      this.thread.once('exit', (code) => {
        this.alive = false;
        const stopped = stoppedUnexpectedly(options.label ?? 'worker', code);
        for (const p of this.pending.values()) p.reject(stopped);
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  /** False once the thread has ended. */
  get running(): boolean {
    return this.alive;
  }

  /** Hands a note over (structured clone: throws, as postMessage does, on a value it cannot copy). */
  notify(note: Note): void {
    this.thread.postMessage({ type: 'note', note } satisfies ServiceMessage<Note, Request>);
  }

  request(request: Request): Promise<Result> {
    if (!this.alive) return Promise.reject(new Error('The worker thread has already stopped.'));
    const jobId = randomUUID();
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(jobId, { resolve: resolve as (result: never) => void, reject });
      this.thread.postMessage({ type: 'request', jobId, request } satisfies ServiceMessage<Note, Request>);
    });
  }

  /** Detaches the thread's handlers: it ends once the work it has started is done. */
  stop(): Promise<number> {
    if (this.alive) this.thread.postMessage({ type: 'stop' } satisfies ServiceMessage<Note, Request>);
    return this.exited;
  }

  private answer(msg: WorkerMessage<never, Result>, errors: ErrorRegistry | undefined): void {
    switch (msg.type) {
      case 'result':
      case 'error': {
        const waiting = this.pending.get(msg.jobId);
        if (!waiting) return;
        this.pending.delete(msg.jobId);
        if (msg.type === 'result') waiting.resolve(msg.result as never);
        else waiting.reject(deserializeError(msg.error, errors));
        return;
      }
      case 'progress':
      case 'log':
        // A service answers requests; it has no progress to show.
        return;
      default: {
        const never: never = msg;
        throw new Error(`unknown worker message ${JSON.stringify(never)}`);
      }
    }
  }
}
