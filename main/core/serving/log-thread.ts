import type { Worker } from 'node:worker_threads';
import { WorkerService } from '../workers/service.js';
import type { AuditLog, StampedEntry } from './log.js';
import type { AuditPeriod } from './audit.js';
import type { LogWorkerInit, LogWorkerNote, LogWorkerRequest, LogWorkerResult } from './log-worker.js';
import type { PredictionLogEntry } from './service.js';

/**
 * How long answers gather before they go to the log thread in one message. One message per answer
 * would cost the main thread ~10 µs each; a message per 20 ms is one structured clone of a few
 * dozen small objects.
 */
const HAND_OVER_MS = 20;
const MAX_RESTARTS = 3;

export interface LogThreadOptions {
  /** Days an entry is kept; none: kept until purged some other way. */
  readonly retentionDays?: number;
}

/**
 * The audit log with its SQLite writes on a thread of their own. Written on the main thread, 250
 * entries took 4–23 ms there (JSON, inserts, and WAL writes queued behind an import's on the same
 * file) while dispatchers waited: the load bench's p99 was 13 ms against 4.8 ms inside the service.
 * Here the main thread only stamps entries and hands them over; the thread writes them with
 * PredictionLog, so the batching, the retry while an import holds the write lock and the bound on
 * what is kept are the same code.
 */
export class PredictionLogThread implements AuditLog {
  private pending: StampedEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private service!: WorkerService<LogWorkerNote, LogWorkerRequest, LogWorkerResult>;
  private exited!: Promise<void>;
  private alive = true;
  private restarts = 0;

  private constructor(
    private readonly dbPath: string,
    private options: LogThreadOptions,
  ) {
    this.attach();
  }

  /**
   * Starts the thread, with its own connection to the history database at dbPath. With a retention,
   * it purges older entries as it starts and once a day.
   */
  static start(dbPath: string, options: LogThreadOptions = {}): PredictionLogThread {
    return new PredictionLogThread(dbPath, options);
  }

  /**
   * A thread that ends while the log is open (a crash) is replaced, up to MAX_RESTARTS times: what it
   * had not written yet is lost and said so; later answers are logged again. A thread that cannot
   * even open the database ends at once each time, so the restarts run out and the log says it stopped.
   */
  private attach(): void {
    const service = new WorkerService<LogWorkerNote, LogWorkerRequest, LogWorkerResult>(
      new URL('./log-worker.js', import.meta.url),
      {
        dbPath: this.dbPath,
        ...(this.options.retentionDays !== undefined ? { retentionDays: this.options.retentionDays } : {}),
      } satisfies LogWorkerInit,
      {
        label: 'prediction log thread',
        onError: (error) => console.error(`pump-eta: the prediction log thread failed: ${error.message}`),
      },
    );
    this.service = service;
    this.exited = service.exited.then(() => {
      if (this.closing === null && this.restarts < MAX_RESTARTS) {
        this.restarts++;
        console.error(
          'pump-eta: the prediction log thread stopped; answers it had not written are lost; restarting it',
        );
        this.attach();
      } else {
        this.alive = false;
      }
    });
  }

  /** The thread itself, as a crash would end it (tests end it so). */
  private get worker(): Worker {
    return this.service.thread;
  }

  readonly record = (entry: PredictionLogEntry): void => {
    if (this.closing) {
      console.error('pump-eta: an answer was given after the prediction log closed; it is not logged');
      return;
    }
    this.pending.push({ ...entry, at: new Date().toISOString() });
    if (this.timer === null) {
      this.timer = setTimeout(() => this.handOver(), HAND_OVER_MS);
      this.timer.unref();
    }
  };

  private handOver(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    if (!this.alive) {
      console.error(
        `pump-eta: the prediction log thread has stopped; ${this.pending.length} answer(s) not logged`,
      );
      this.pending = [];
      return;
    }
    const entries = this.pending;
    this.pending = [];
    try {
      this.service.notify({ type: 'entries', entries });
    } catch {
      // A value structured clone refuses (a function, a symbol): log what JSON keeps of it, as the
      // in-thread log's JSON.stringify would have.
      const plain = entries.flatMap((e) => {
        try {
          return [JSON.parse(JSON.stringify(e)) as StampedEntry];
        } catch (error) {
          console.error(`pump-eta: an answer could not be logged: ${(error as Error).message}`);
          return [];
        }
      });
      this.service.notify({ type: 'entries', entries: plain });
    }
  }

  /** Keeps entries `days` days from now on (purging what is older at once); a restarted thread too. */
  async setRetention(days: number): Promise<void> {
    this.options = { ...this.options, retentionDays: days };
    if (this.closing || !this.alive) return;
    await this.service.request({ type: 'retention', days });
  }

  async exportPeriod(period: AuditPeriod, file: string): Promise<number> {
    if (this.closing || !this.alive)
      throw new Error('The prediction log has stopped; nothing can be exported.');
    this.handOver();
    const result = await this.service.request({ type: 'export', period, file });
    if (result === null) throw new Error('The prediction log thread did not say how many rows it wrote.');
    return result.rows;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // handOver reports (and drops) what a stopped thread can no longer take.
      this.handOver();
      if (!this.alive) return;
      try {
        await this.service.request({ type: 'close' });
      } catch (error) {
        console.error(`pump-eta: could not write the prediction log: ${(error as Error).message}`);
      }
      // Written and closed, or the thread has ended (the request then rejects): either way it stops
      // by itself, never terminated mid-write.
      await this.service.stop();
      await this.exited;
    })();
    return this.closing;
  }
}
