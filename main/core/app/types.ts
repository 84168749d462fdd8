import type {
  AboutInfo,
  Comparison,
  DataSummary,
  ImportResult,
  IncidentInput,
  JobEvent,
  ModelSummary,
  PredictRequest,
  Prediction,
  RankResult,
  StationRef,
  Suggestion,
  UndoResult,
} from '../../../contract/index.js';

/**
 * What the app can do, independent of how it is reached. Electron's IPC handlers and the end-to-end
 * test bridge both call this one object after validating payloads with the contract's schemas, so
 * the UI is tested against exactly the code the app runs. Methods throw Errors whose messages are
 * meant for the person at the screen.
 */
export interface CoreApi {
  predict(request: PredictRequest): Promise<Prediction>;
  rankStations(incident: IncidentInput): Promise<RankResult>;
  suggest(query: string, limit: number): Suggestion[];
  stations(): StationRef[];
  /** Starts an import job; events (progress, done with an ImportResult, error) go to `onEvent`. */
  importFiles(
    paths: readonly string[],
    onEvent: (event: JobEvent) => void,
  ): { jobId: string; done: Promise<ImportResult> };
  /** Starts a training job; refused while another runs. */
  startTraining(
    seed: number | undefined,
    onEvent: (event: JobEvent) => void,
  ): { jobId: string; done: Promise<ModelSummary> };
  cancelJob(jobId: string): void;
  listModels(): ModelSummary[];
  compare(challengerId?: string): Promise<Comparison>;
  /** Promotes when the policy allows (or `force`); returns the comparison it decided on. */
  promote(id: string, force: boolean): Promise<Comparison | null>;
  rollback(id?: string): Promise<ModelSummary>;
  dataSummary(): DataSummary;
  /** Undoes one import (after any import in progress); refused with a sentence when it cannot be. */
  undoImport(id: number): Promise<UndoResult>;
  /** Imports a file an earlier import refused for a reason the person may override (see FileReport.retryId). */
  importAsPartial(
    retryId: string,
    onEvent: (event: JobEvent) => void,
  ): { jobId: string; done: Promise<ImportResult> };
  about(): AboutInfo;
  close(): Promise<void>;
}
