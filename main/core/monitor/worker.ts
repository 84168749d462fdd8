import { openDatabase } from '../db/index.js';
import { runInBackground } from '../workers/priority.js';
import { runJob } from '../workers/run.js';
import { computeMonitoring, type MonitorOutcome, type MonitorProgress, type MonitorRequest } from './run.js';

// Background work: answers to dispatchers come first (see priority.ts).
runInBackground();

const CANCELLED = 'Monitoring was cancelled; the earlier results were kept.';

runJob<MonitorRequest, MonitorProgress, MonitorOutcome>(async (request, job) => {
  const db = openDatabase(request.dbPath);
  try {
    return await computeMonitoring(db, request, (progress) => {
      job.progress(progress);
      job.throwIfCancelled(CANCELLED);
    });
  } finally {
    db.close();
  }
});
