import { isJobEnd, type JobEvent } from '../../../contract/index.js';

/**
 * A job's events as its listener hears them: whatever the job's code does, exactly one ending (the
 * first `done` or `error`) and nothing after it. The core is the only source of a job's ending; this
 * is where that promise is kept, so a failure while reporting success cannot add a second one.
 */
export function jobReporter(onEvent: (event: JobEvent) => void): (event: JobEvent) => void {
  let ended = false;
  return (event) => {
    if (ended) return;
    // Marked before the listener runs: if it throws on `done`, the `error` that follows is dropped.
    if (isJobEnd(event)) ended = true;
    onEvent(event);
  };
}
