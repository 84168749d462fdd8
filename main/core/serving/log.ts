import type { Db, Synchronous } from '../db/index.js';
import { exportPredictions, type AuditPeriod } from './audit.js';
import type { PredictionLogEntry } from './service.js';

const FLUSH_DELAY_MS = 200;
/** Entries written per background transaction: a few milliseconds of the main thread at most. */
const CHUNK = 250;
/** A backlog drains a chunk at a time, leaving the event loop to answer between chunks. */
const DRAIN_DELAY_MS = 5;
/**
 * Entries kept while the database cannot take them (an import holds the write lock for a whole file, or
 * the disk is full): at 1,000 answers a second that is 100 s; at a control room's rate, days.
 */
const MAX_KEPT = 100_000;
/**
 * The log thread's connection syncs at checkpoints only: a power cut may lose its last few seconds of
 * entries (never the database's consistency), against a disk sync per batch of answers otherwise.
 * Imports and the model registry sync every commit (openDatabase's default).
 */
export const PREDICTION_LOG_SYNCHRONOUS: Synchronous = 'normal';

/** An entry with the time it was answered (stamped where the answer was given). */
export interface StampedEntry extends PredictionLogEntry {
  readonly at: string;
}

/** Where answers are recorded: PredictionLog in this thread, PredictionLogThread off it. */
export interface AuditLog {
  readonly record: (entry: PredictionLogEntry) => void;
  /** Writes everything recorded (waiting for the database if need be) and stops. */
  close(): Promise<void>;
  /** Writes what is recorded, then the entries of `period` to `file` as CSV; the rows written. */
  exportPeriod(period: AuditPeriod, file: string): Promise<number>;
  /** Changes how long entries are kept, purging what is older at once (the app's log only). */
  setRetention?(days: number): Promise<void>;
}

/**
 * The audit trail of every answer. Entries are buffered and written a moment later, a chunk per
 * transaction, so logging never adds a disk write to the dispatcher's wait. The background writes never
 * wait for the database: an import holds SQLite's write lock for as long as a file takes, and a
 * synchronous wait here would stall every answer on the main thread for that long. They try, and
 * retry later if the database is busy; `flush()` (at shutdown) waits as any writer does.
 */
export class PredictionLog implements AuditLog {
  private buffer: StampedEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO predictions (at, model_id, kind, input_json, output_json) VALUES (?, ?, ?, ?, ?)',
    );
  }

  readonly record = (entry: PredictionLogEntry): void => {
    this.add([{ ...entry, at: new Date().toISOString() }]);
  };

  /** Entries already stamped (as PredictionLogThread hands them over). */
  add(entries: readonly StampedEntry[]): void {
    for (const e of entries) this.buffer.push(e);
    if (this.buffer.length > MAX_KEPT) this.buffer.splice(0, this.buffer.length - MAX_KEPT);
    this.schedule(FLUSH_DELAY_MS);
  }

  close(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }

  exportPeriod(period: AuditPeriod, file: string): Promise<number> {
    this.flush();
    return Promise.resolve(exportPredictions(this.db, period, file));
  }

  /** Writes everything buffered, waiting for the database if it is busy (for shutdown). */
  flush(): void {
    this.cancelTimer();
    while (this.buffer.length > 0 && this.write(this.buffer.length, true)) {
      /* written */
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.write(CHUNK, false) && this.buffer.length > 0) this.schedule(DRAIN_DELAY_MS);
      else if (this.buffer.length > 0) this.schedule(FLUSH_DELAY_MS);
    }, delayMs);
    this.timer.unref();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Writes up to `max` entries in one transaction; false (entries kept) if the database refused. */
  private write(max: number, wait: boolean): boolean {
    const batch = this.buffer.slice(0, max);
    if (batch.length === 0) return true;
    const timeout = wait ? null : (this.db.pragma('busy_timeout', { simple: true }) as number);
    if (timeout !== null) this.db.pragma('busy_timeout = 0');
    try {
      this.db.transaction(() => {
        for (const e of batch) {
          this.insert.run(e.at, e.modelId, e.kind, JSON.stringify(e.input), JSON.stringify(e.output));
        }
      })();
      this.buffer.splice(0, batch.length);
      return true;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      // Busy is expected while an import runs; anything else (a full disk) is worth a line in the log.
      if (wait || !code.startsWith('SQLITE_BUSY')) {
        console.error(`pump-eta: could not write the prediction log: ${(error as Error).message}`);
      }
      return false;
    } finally {
      if (timeout !== null) this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }
}
