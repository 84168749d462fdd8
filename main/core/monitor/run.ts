import fs from 'node:fs';
import type { Db } from '../db/index.js';
import { JobCancelledError } from '../workers/protocol.js';
import { GateStage, waitAtGate } from './gate.js';
import {
  callsVersion,
  computeReference,
  prepareScoring,
  type MonitorWindow,
  type PreparedScoring,
} from './score.js';
import { loadForMonitoring } from './session.js';
import { MonitorStore } from './store.js';

/** What one computation needs: the model's file and its window, the history to score. */
export interface MonitorRequest {
  readonly dbPath: string;
  readonly modelFile: string;
  readonly modelId: string;
  readonly window: MonitorWindow;
  /** Set when the job starts beside an import and goes on as it lets it (gate.ts). */
  readonly gate?: SharedArrayBuffer;
}

/** The import beside which the job started failed or changed nothing: there is nothing new to score. */
export const MONITOR_ABANDONED = 'Monitoring was not needed: the import changed nothing.';

export interface MonitorOutcome {
  readonly vehicles: number;
  readonly unscored: number;
  readonly months: number;
  /** Whether the training window's distributions had to be computed (once per model). */
  readonly referenceComputed: boolean;
}

export interface MonitorProgress {
  readonly phase: 'reference' | 'scoring';
  readonly done: number;
  /** Null while scoring: vehicles are read as they are scored, so their number is known at the end. */
  readonly total: number | null;
}

/**
 * Scores the model on the history's vehicles after its window and replaces its stored results. The
 * model gets a session of its own here (see session.ts), so the one answering dispatchers never
 * queues behind it.
 */
export async function computeMonitoring(
  db: Db,
  request: MonitorRequest,
  onProgress: (p: MonitorProgress) => void = () => {},
  throwIfCancelled: () => void = () => {},
): Promise<MonitorOutcome> {
  const store = new MonitorStore(db);
  const model = await loadForMonitoring(fs.readFileSync(request.modelFile), request.modelId);
  try {
    const prepared = request.gate ? await besideImport(db, model, request, throwIfCancelled) : null;
    let reference = store.reference(request.modelId);
    const referenceComputed = reference === null;
    if (!reference) {
      onProgress({ phase: 'reference', done: 0, total: 1 });
      reference = computeReference(db, model, request.window);
      store.saveReference(request.modelId, reference);
    }
    const scoring = prepared ?? prepareScoring(db, model, request.window);
    const snapshot = await scoring.score(reference, {
      onBatch: (done) => onProgress({ phase: 'scoring', done, total: null }),
    });
    store.save(snapshot, new Date());
    return {
      vehicles: snapshot.vehicles,
      unscored: snapshot.unscored,
      months: snapshot.months.length,
      referenceComputed,
    };
  } finally {
    await model.scorer.release();
  }
}

/**
 * Beside an import: the session loads while the first file is imported; the calls are read once a file
 * has committed (while the next, the Mobilisation file, is imported) and kept only if nothing they
 * depend on changed by the import's end; nothing is scored before it, so the result describes exactly
 * what the import left stored (its rows, or none of them when it rolled back).
 */
async function besideImport(
  db: Db,
  model: Parameters<typeof prepareScoring>[1],
  request: MonitorRequest,
  throwIfCancelled: () => void,
): Promise<PreparedScoring | null> {
  const gate = request.gate!;
  const first = await waitAtGate(gate, GateStage.readCalls, throwIfCancelled);
  if (first === GateStage.abandon) throw new JobCancelledError(MONITOR_ABANDONED);
  const early = first === GateStage.readCalls ? prepareScoring(db, model, request.window) : null;
  if ((await waitAtGate(gate, GateStage.go, throwIfCancelled)) === GateStage.abandon) {
    throw new JobCancelledError(MONITOR_ABANDONED);
  }
  // An Incident, stations or weather file committed after the calls were read: they are read again.
  return early && early.version === callsVersion(db) ? early : null;
}
