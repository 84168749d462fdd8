import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/index.js';
import { cancelPoller, serializeError, type WorkerInit, type WorkerMessage } from '../workers/protocol.js';
import { buildGazetteer, GazetteerBuildStopped, type Gazetteer } from './gazetteer.js';
import { runInBackground } from '../workers/priority.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

/**
 * Builds the gazetteer off the main thread: on a large history it takes seconds of SQLite work. A
 * cancel (a newer build replaces this one, or the app closes) stops it between rows.
 */
const { jobId, request, control } = workerData as WorkerInit<{ dbPath: string }>;
const post = (m: WorkerMessage<never, Gazetteer | null>) => parentPort!.postMessage(m);
try {
  const db = openDatabase(request.dbPath, { readonly: true });
  try {
    const any = db.prepare('SELECT 1 FROM incidents LIMIT 1').get() !== undefined;
    const shouldStop = cancelPoller(control, jobId);
    post({ type: 'result', jobId, result: any ? buildGazetteer(db, { shouldStop }) : null });
  } finally {
    db.close();
  }
} catch (error) {
  const stopped = error instanceof GazetteerBuildStopped;
  // SQLite's own words ("unable to open database file") name neither the file nor what was at stake.
  const explained = stopped
    ? error
    : new Error(
        `the history database ${path.basename(request.dbPath)} could not be read for its places ` +
          `(${(error as Error).message}): postcodes and wards are placed from the model's own gazetteer`,
      );
  post({ type: 'error', jobId, error: serializeError(explained, stopped) });
} finally {
  control.close();
}
