import type { BoundaryLayer, HistoryBackdrop } from '../../../contract/index.js';
import { startWorkerJob, type JobHandle } from '../workers/job.js';
import type { CoverOutput } from './compute.js';

/**
 * The maps' work runs in a worker thread: reading every incident position of a large history and
 * scoring tens of thousands of cells would hold the main thread for seconds. The worker opens the
 * model in service from its file (the same bytes, so the same graph the answers come from) and the
 * history read-only.
 */
export type MapsJobRequest =
  | {
      readonly kind: 'cover';
      readonly dbPath: string;
      /** The model in service's file and id (its sha256 prefix, checked by the worker). */
      readonly modelFile: string;
      readonly modelId: string;
      readonly callTimeMs: number;
      readonly callTimeLabel: string;
      readonly cellMetres: number;
      readonly without: readonly string[];
      readonly nearest?: number;
    }
  | { readonly kind: 'mapBase'; readonly dbPath: string };

export interface MapBaseFromHistory {
  readonly backdrop: HistoryBackdrop | null;
  readonly boundaries: readonly BoundaryLayer[];
}

export type MapsJobResult<R extends MapsJobRequest> = R extends { kind: 'cover' }
  ? CoverOutput
  : MapBaseFromHistory;

export function startMapsJob<R extends MapsJobRequest>(request: R): JobHandle<MapsJobResult<R>> {
  return startWorkerJob<R, never, MapsJobResult<R>>(
    new URL('./worker.js', import.meta.url),
    request,
    {},
    {
      label: 'maps worker',
    },
  );
}
