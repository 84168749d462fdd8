import fs from 'node:fs';
import type { Db } from '../db/index.js';
import { computeReference, scoreSinceTraining, type MonitorWindow } from './score.js';
import { loadForMonitoring } from './session.js';
import { MonitorStore } from './store.js';

/** What one computation needs: the model's file and its window, the history to score. */
export interface MonitorRequest {
  readonly dbPath: string;
  readonly modelFile: string;
  readonly modelId: string;
  readonly window: MonitorWindow;
}

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
): Promise<MonitorOutcome> {
  const store = new MonitorStore(db);
  const model = await loadForMonitoring(fs.readFileSync(request.modelFile), request.modelId);
  try {
    let reference = store.reference(request.modelId);
    const referenceComputed = reference === null;
    if (!reference) {
      onProgress({ phase: 'reference', done: 0, total: 1 });
      reference = computeReference(db, model, request.window);
      store.saveReference(request.modelId, reference);
    }
    const snapshot = await scoreSinceTraining(db, model, request.window, reference, {
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
