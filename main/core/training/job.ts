import type { TrainParams } from '../gbdt/index.js';
import type { ModelMetadata } from '../model/format.js';
import { startWorkerJob, type JobCallbacks, type JobHandle } from '../workers/job.js';
import type { TrainingProgress, TrainingResult } from './pipeline.js';

export interface TrainingJobRequest {
  readonly dbPath: string;
  readonly seed?: number;
  readonly params?: Partial<TrainParams>;
  readonly demo?: boolean;
  readonly threads?: number;
  /** Choose leaves and leaf size by time-based cross-validation first (pipeline's `tune`). */
  readonly tune?: boolean;
  /**
   * The bundled resources folder (the core's): the school-holiday calendar is read from it. A worker
   * thread cannot rely on process.resourcesPath, so it is told. Without it, the calendar beside the code.
   */
  readonly resourcesDir?: string;
}

/**
 * What the worker posts back: the training result without the full metadata (the ONNX bytes carry it),
 * plus the parts of it the caller registers and reports.
 */
export type TrainingJobResult = Omit<TrainingResult, 'metadata'> &
  Pick<ModelMetadata, 'window' | 'calibration' | 'risk' | 'weatherCoverage'>;

/**
 * Trains in a background worker (a thread, or a child process where only a process's priority can be
 * lowered: workers/background.ts) so the serving session and the window never wait for it.
 */
export function startTrainingJob(
  request: TrainingJobRequest,
  callbacks: JobCallbacks<TrainingProgress> = {},
): JobHandle<TrainingJobResult> {
  return startWorkerJob<TrainingJobRequest, TrainingProgress, TrainingJobResult>(
    new URL('./worker.js', import.meta.url),
    request,
    callbacks,
    { label: 'training worker', background: true },
  );
}
