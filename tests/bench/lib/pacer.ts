/**
 * Load pacer (a worker thread): sends request i at start + i / rate, as messages to the main thread,
 * the way the renderer's IPC messages reach the Electron main process. A timer on the main thread
 * could not do it: Node's timers have 1 ms granularity and fire late in bursts, which the old harness
 * counted as the service's latency. Sleeping with Atomics.wait wakes within ~0.1 ms here, and the send
 * time goes with the message, so a request's latency runs from its arrival to its answer, stalls of
 * the main thread included (a message waits in the queue while the event loop is busy).
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface PacerStart {
  /** Absolute time (performance.timeOrigin + performance.now()) of request 0. */
  readonly startAt: number;
  readonly count: number;
  readonly ratePerSecond: number;
}

export interface PacerRequest {
  readonly i: number;
  /** Absolute time the request was sent. */
  readonly sentAt: number;
}

const port = parentPort;
if (!port) throw new Error('pacer must run in a worker thread');
const { startAt, count, ratePerSecond } = workerData as PacerStart;
const now = () => performance.timeOrigin + performance.now();
const sleeper = new Int32Array(new SharedArrayBuffer(4));

for (let i = 0; i < count; i++) {
  const due = startAt + (i * 1000) / ratePerSecond;
  for (let wait = due - now(); wait > 0.02; wait = due - now()) Atomics.wait(sleeper, 0, 0, wait);
  port.postMessage({ i, sentAt: now() } satisfies PacerRequest);
}
port.postMessage('done');
