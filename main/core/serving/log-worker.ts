import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/index.js';
import { runInBackground } from '../workers/priority.js';
import { PredictionLog, type StampedEntry } from './log.js';

/** The prediction log's thread (see log-thread.ts): its own connection, PredictionLog's writes. */

export type LogWorkerRequest =
  { readonly type: 'entries'; readonly entries: StampedEntry[] } | { readonly type: 'close' };

/** The reply to 'close': everything is written, or why not. */
export interface LogWorkerReply {
  readonly error?: string;
}

const port = parentPort;
if (!port) throw new Error('log-worker must run in a worker thread');
// Logging is never urgent: the entries wait in memory, answers do not.
runInBackground();
const db = openDatabase((workerData as { dbPath: string }).dbPath);
const log = new PredictionLog(db);

port.on('message', (message: LogWorkerRequest) => {
  if (message.type === 'entries') {
    log.add(message.entries);
    return;
  }
  try {
    log.flush();
    db.close();
    port.postMessage({} satisfies LogWorkerReply);
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies LogWorkerReply);
  }
});
