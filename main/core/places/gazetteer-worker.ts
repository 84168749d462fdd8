import path from 'node:path';
import { openDatabase } from '../db/index.js';
import { JobCancelledError } from '../workers/protocol.js';
import { runInBackground } from '../workers/priority.js';
import { runJob } from '../workers/run.js';
import { buildGazetteer, type Gazetteer } from './gazetteer.js';
import type { GazetteerBuildRequest } from './history.js';

/**
 * Builds the gazetteer off the main thread: on a large history it takes seconds of SQLite work. A
 * cancel (a newer build replaces this one, or the app closes) stops it between rows.
 */
runJob<GazetteerBuildRequest, never, Gazetteer | null>((request, job) => {
  // Background work unless a command is waiting for it: answers to dispatchers come first (priority.ts).
  if (request.background) runInBackground();
  try {
    const db = openDatabase(request.dbPath, { readonly: true });
    try {
      const any = db.prepare('SELECT 1 FROM incidents LIMIT 1').get() !== undefined;
      return any ? buildGazetteer(db, { shouldStop: job.isCancelled }) : null;
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof JobCancelledError) throw error;
    // SQLite's own words ("unable to open database file") name neither the file nor what was at stake.
    throw new Error(
      `the history database ${path.basename(request.dbPath)} could not be read for its places ` +
        `(${(error as Error).message}): postcodes and wards are placed from the model's own gazetteer`,
    );
  }
});
