import os from 'node:os';

/**
 * The nice value of background threads (import, reading, training, gazetteer). A dispatcher's answer
 * must not wait for them: on Linux a thread's nice value is its own, and at 19 a woken main thread
 * preempts them at once (its weight is ~68× theirs), while on an otherwise idle machine they still
 * get every spare cycle, so imports and training lose nothing when nobody is asking for an ETA.
 */
export const BACKGROUND_NICE = 19;

/**
 * The priority of a background child process where priority belongs to the whole process (Windows:
 * BELOW_NORMAL_PRIORITY_CLASS, which libuv maps this value to; macOS: nice 10). Below the app's own
 * processes, so a dispatcher's answer comes first, but not the idle class, which on a busy desktop
 * would leave an import waiting behind every other program's normal-priority work.
 */
export const BACKGROUND_PROCESS_PRIORITY = os.constants.priority.PRIORITY_BELOW_NORMAL;

/**
 * Lowers the calling thread's scheduling priority. Only on Linux, where setpriority(pid 0) means
 * "this thread": on Windows and macOS the same call would lower the whole process, the thread that
 * answers dispatchers included, so there it does nothing (there, background jobs run in a child
 * process lowered by lowerProcessPriority). Returns whether the priority was lowered.
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

/**
 * Lowers a background child process (`pid`, or 0 for the calling one). On Windows and macOS this sets
 * the priority of the whole process, every thread it has or will start. On Linux it sets the nice
 * value of one thread (the process's main thread when called with its pid or 0 from it), which
 * threads started afterwards inherit, so a child lowers itself before it starts any. Returns whether
 * the priority was lowered; a refusal (a sandbox, a policy) leaves the work at normal priority.
 */
export function lowerProcessPriority(pid = 0, platform: NodeJS.Platform = process.platform): boolean {
  try {
    os.setPriority(pid, platform === 'linux' ? BACKGROUND_NICE : BACKGROUND_PROCESS_PRIORITY);
    return true;
  } catch {
    return false;
  }
}
