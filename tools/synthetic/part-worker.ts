import { parentPort, workerData } from 'node:worker_threads';
import { writeParts, type Part, type PartPlan, type PartWorkerMessage } from './parts.js';

/** Worker entry: writes some of a synthetic data set's files (see writeParts) and reports once. */
const { plan, parts } = workerData as { plan: PartPlan; parts: Part[] };
const post = (message: PartWorkerMessage): void => parentPort?.postMessage(message);
try {
  post({ type: 'result', result: await writeParts(plan, parts) });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
