import type { Db } from '../db/index.js';
import type { PredictionLogEntry } from './service.js';

const FLUSH_DELAY_MS = 200;
const MAX_BUFFERED = 1_000;

/**
 * The audit trail of every answer. Entries are buffered and written in one transaction a moment
 * later, so logging never adds a disk write to the dispatcher's wait.
 */
export class PredictionLog {
  private buffer: Array<PredictionLogEntry & { at: string }> = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO predictions (at, model_id, kind, input_json, output_json) VALUES (?, ?, ?, ?, ?)',
    );
  }

  readonly record = (entry: PredictionLogEntry): void => {
    this.buffer.push({ ...entry, at: new Date().toISOString() });
    if (this.buffer.length >= MAX_BUFFERED) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  };

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    if (batch.length === 0) return;
    this.buffer = [];
    try {
      this.db.transaction(() => {
        for (const e of batch) {
          this.insert.run(e.at, e.modelId, e.kind, JSON.stringify(e.input), JSON.stringify(e.output));
        }
      })();
    } catch (error) {
      // A busy or full disk must not take answers down with it; keep the entries for the next flush.
      this.buffer = batch.concat(this.buffer).slice(-MAX_BUFFERED * 10);
      console.error(`pump-eta: could not write the prediction log: ${(error as Error).message}`);
    }
  }
}
