import { openDatabase } from '../db/index.js';
import { runInBackground } from '../workers/priority.js';
import { serveRequests } from '../workers/run.js';
import { exportPredictions, purgePredictions, retentionCutoff, type AuditPeriod } from './audit.js';
import { PredictionLog, PREDICTION_LOG_SYNCHRONOUS, type StampedEntry } from './log.js';

/** The prediction log's thread (see log-thread.ts): its own connection, PredictionLog's writes. */

export interface LogWorkerInit {
  readonly dbPath: string;
  /** Entries older than this many days are purged when the thread starts and once a day after. */
  readonly retentionDays?: number;
}

/** Answers, handed over in batches: written when the database lets them be. */
export type LogWorkerNote = { readonly type: 'entries'; readonly entries: StampedEntry[] };

/**
 * 'close' writes everything still kept (waiting for the database if need be) and closes it; 'export'
 * writes what is kept first, then a period of the log to a CSV file (off the main thread: a long period
 * is many rows).
 */
export type LogWorkerRequest =
  | { readonly type: 'close' }
  | { readonly type: 'retention'; readonly days: number }
  | { readonly type: 'export'; readonly period: AuditPeriod; readonly file: string };

/** 'export' answers with the rows written; 'close' and 'retention' with null. */
export type LogWorkerResult = { readonly rows: number } | null;

const PURGE_EVERY_MS = 24 * 60 * 60 * 1000;

// Logging is never urgent: the entries wait in memory, answers do not.
runInBackground();

serveRequests<LogWorkerInit, LogWorkerNote, LogWorkerRequest, LogWorkerResult>((init) => {
  // A database that cannot be opened ends the thread here: its owner sees it stop.
  const db = openDatabase(init.dbPath, { synchronous: PREDICTION_LOG_SYNCHRONOUS });
  const log = new PredictionLog(db);
  let retentionDays = init.retentionDays;
  const purge = (): void => {
    if (retentionDays === undefined) return;
    try {
      purgePredictions(db, retentionCutoff(retentionDays));
    } catch (error) {
      // Tried again tomorrow; the entries are only kept longer meanwhile.
      console.error(`pump-eta: could not purge the prediction log: ${(error as Error).message}`);
    }
  };
  // At start-up, before any entry is taken (the thread's start is off the answer path), then daily.
  purge();
  const daily = setInterval(purge, PURGE_EVERY_MS);
  daily.unref();
  return {
    note: (note) => log.add(note.entries),
    request: (request) => {
      switch (request.type) {
        case 'export':
          log.flush();
          return { rows: exportPredictions(db, request.period, request.file) };
        case 'retention':
          // A changed setting applies at once: what is now older than it goes now, not tomorrow.
          retentionDays = request.days;
          purge();
          return null;
        case 'close':
          clearInterval(daily);
          try {
            log.flush();
          } finally {
            db.close();
          }
          return null;
      }
    },
  };
});
