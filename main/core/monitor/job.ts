import { startWorkerJob, type JobCallbacks, type JobHandle } from '../workers/job.js';
import type { MonitorOutcome, MonitorProgress, MonitorRequest } from './run.js';

/** Scores the champion in a worker thread: the window and the dispatcher's answers never wait for it. */
export function startMonitorJob(
  request: MonitorRequest,
  callbacks: JobCallbacks<MonitorProgress> = {},
): JobHandle<MonitorOutcome> {
  return startWorkerJob<MonitorRequest, MonitorProgress, MonitorOutcome>(
    new URL('./worker.js', import.meta.url),
    request,
    callbacks,
    { label: 'monitoring worker' },
  );
}
