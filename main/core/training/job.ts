import type { TrainParams } from '../gbdt/index.js';
import type { RiskConfig } from '../evaluation/risk.js';
import type { Calibration, TrainingWindow } from '../model/format.js';
import { startWorkerJob, type JobCallbacks, type JobHandle } from '../workers/job.js';
import type { DatasetReport } from './dataset.js';
import type { Gazetteer } from './gazetteer.js';
import type { HoldoutReport, TrainingProgress } from './pipeline.js';

export interface TrainingJobRequest {
  readonly dbPath: string;
  readonly seed?: number;
  readonly params?: Partial<TrainParams>;
  readonly demo?: boolean;
  readonly threads?: number;
}

export interface TrainingJobResult {
  readonly bytes: Uint8Array;
  readonly holdout: HoldoutReport;
  readonly dataset: DatasetReport;
  readonly rows: { train: number; validation: number; calibration: number; holdout: number };
  readonly params: { point: TrainParams; upper: TrainParams };
  readonly trees: { point: number; upper: number };
  readonly window: TrainingWindow;
  readonly calibration: Calibration;
  readonly risk: RiskConfig;
}

/** Trains in a worker thread so the serving session and the window never wait for it. */
export function startTrainingJob(
  request: TrainingJobRequest,
  callbacks: JobCallbacks<TrainingProgress> = {},
): JobHandle<TrainingJobResult> {
  return startWorkerJob<TrainingJobRequest, TrainingProgress, TrainingJobResult>(
    new URL('./worker.js', import.meta.url),
    request,
    callbacks,
  );
}

/** The gazetteer of a history database, built in a worker (null when it holds no incidents). */
export function buildGazetteerInWorker(dbPath: string): Promise<Gazetteer | null> {
  return startWorkerJob<{ dbPath: string }, never, Gazetteer | null>(
    new URL('./gazetteer-worker.js', import.meta.url),
    {
      dbPath,
    },
  ).done;
}
