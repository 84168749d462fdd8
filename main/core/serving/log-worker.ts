import { openDatabase } from '../db/index.js';
import { runInBackground } from '../workers/priority.js';
import { serveRequests } from '../workers/run.js';
import { PredictionLog, type StampedEntry } from './log.js';

/** The prediction log's thread (see log-thread.ts): its own connection, PredictionLog's writes. */

export interface LogWorkerInit {
  readonly dbPath: string;
}

/** Answers, handed over in batches: written when the database lets them be. */
export type LogWorkerNote = { readonly type: 'entries'; readonly entries: StampedEntry[] };

/** 'close' writes everything still kept (waiting for the database if need be) and closes it. */
export type LogWorkerRequest = { readonly type: 'close' };

// Logging is never urgent: the entries wait in memory, answers do not.
runInBackground();

serveRequests<LogWorkerInit, LogWorkerNote, LogWorkerRequest, null>((init) => {
  // A database that cannot be opened ends the thread here: its owner sees it stop.
  const db = openDatabase(init.dbPath);
  const log = new PredictionLog(db);
  return {
    note: (note) => log.add(note.entries),
    request: (request) => {
      switch (request.type) {
        case 'close':
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
