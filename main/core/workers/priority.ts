import os from 'node:os';

/**
 * The nice value of background threads (import, reading, training, gazetteer). A dispatcher's answer
 * must not wait for them: on Linux a thread's nice value is its own, and at 19 a woken main thread
 * preempts them at once (its weight is ~68× theirs), while on an otherwise idle machine they still
 * get every spare cycle, so imports and training lose nothing when nobody is asking for an ETA.
 */
export const BACKGROUND_NICE = 19;

/**
 * Lowers the calling thread's scheduling priority. Only on Linux, where setpriority(pid 0) means
 * "this thread": on Windows and macOS the same call would lower the whole process, the thread that
 * answers dispatchers included, so there it does nothing. Returns whether the priority was lowered.
 */
export function runInBackground(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    os.setPriority(0, BACKGROUND_NICE);
    return true;
  } catch {
    // A sandbox may forbid it; the work runs at normal priority, which is what it did before.
    return false;
  }
}
