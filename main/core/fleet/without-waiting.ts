import type { Db } from '../db/index.js';

/** Retries start soon and back off: an import can hold the write lock for seconds. */
const FIRST_RETRY_MS = 20;
const MAX_RETRY_MS = 500;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

/**
 * Runs a write on the main thread's connection without ever waiting there for SQLite's lock: the
 * connection's busy timeout would block every dispatcher's answer while an import holds the lock (for
 * seconds). It tries with no timeout and, when the database is busy, tries again a little later,
 * answering in between, until it succeeds or `stopped()` says to give up. `fn` must be safe to repeat
 * (each try is its own transaction, rolled back whole when busy).
 */
export async function writeWithoutWaiting<T>(db: Db, fn: () => T, stopped: () => boolean): Promise<T> {
  const saved = db.pragma('busy_timeout', { simple: true }) as number;
  for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
    db.pragma('busy_timeout = 0');
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error)) throw error;
    } finally {
      db.pragma(`busy_timeout = ${saved}`);
    }
    if (stopped()) throw new Error('Pump ETA is closing: the change was not recorded.');
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
