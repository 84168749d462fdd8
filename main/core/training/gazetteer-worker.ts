import { openDatabase } from '../db/index.js';
import { runInBackground } from '../workers/priority.js';
import { runJob } from '../workers/run.js';
import { buildGazetteer, type Gazetteer } from './gazetteer.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

/** Builds the gazetteer off the main thread: on a large history it takes seconds of SQLite work. */
runJob<{ dbPath: string }, never, Gazetteer | null>((request) => {
  const db = openDatabase(request.dbPath, { readonly: true });
  try {
    const any = db.prepare('SELECT 1 FROM incidents LIMIT 1').get() !== undefined;
    return any ? buildGazetteer(db) : null;
  } finally {
    db.close();
  }
});
