import { workerData } from 'node:worker_threads';
import { openDatabase } from '../db/index.js';
import { runInBackground } from '../workers/priority.js';
import { runJob } from '../workers/run.js';
import { computeMonitoring, type MonitorOutcome, type MonitorProgress, type MonitorRequest } from './run.js';
import { isScorerInit, serveScoring } from './scorer.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

const CANCELLED = 'Monitoring was cancelled; the earlier results were kept.';

// The same module is the monitoring job and, started by it, the thread that runs the champion's
// session (scorer.ts): one entry to ship and to find.
if (isScorerInit(workerData)) {
  void serveScoring(workerData);
} else {
  runJob<MonitorRequest, MonitorProgress, MonitorOutcome>(async (request, job) => {
    const db = openDatabase(request.dbPath);
    try {
      return await computeMonitoring(
        db,
        request,
        (progress) => {
          job.progress(progress);
          job.throwIfCancelled(CANCELLED);
        },
        () => job.throwIfCancelled(CANCELLED),
      );
    } finally {
      db.close();
    }
  });
}
