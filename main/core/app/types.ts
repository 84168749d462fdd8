import type {
  AboutInfo,
  Comparison,
  CoverExportFormat,
  CoverRequest,
  CoverResult,
  DataSummary,
  ImportResult,
  JobEvent,
  MapBase,
  ModelSummary,
  PredictRequest,
  RankRequest,
  Prediction,
  RankResult,
  StationRef,
  Suggestion,
  UndoResult,
  FleetEvent,
  FleetSettings,
  FleetStatus,
  Publication,
  PublicationList,
  Settings,
} from '../../../contract/index.js';
import type { MonitorReport } from '../../../contract/monitoring.js';
import type { PlacesPriority } from '../places/history.js';
import type { LoadedModel } from '../serving/service.js';
import type { TrainingProgress } from '../training/pipeline.js';
import type { TrainingJobResult } from '../training/job.js';
import type { FleetTiming } from './fleet.js';

export interface CoreOptions {
  readonly dbPath: string;
  readonly resourcesDir?: string;
  /** Versions shown in Help → About (Electron adds its own). */
  readonly versions?: Readonly<Record<string, string>>;
  readonly appVersion?: string;
  /** Path to a better_sqlite3.node built for this runtime (Electron). */
  readonly nativeBinding?: string;
  /**
   * Where answers are logged: on a thread of its own (the app, answering for hours) or in this thread
   * (a command answering once, which should not wait for a thread to start).
   */
  readonly auditLog?: 'thread' | 'inline';
  /**
   * When the history's gazetteer (postcodes and wards as the imported incidents place them) is built:
   * in a worker from the moment the core opens, the model's own answering until it arrives (the app);
   * or only once `placesReady` is first awaited (a command that may never place a name).
   */
  readonly historyPlaces?: 'at-open' | 'on-demand';
  /**
   * The priority of those builds: background in the app (its answers meanwhile come from the model's
   * gazetteer), foreground for a command that waits for the build before it answers.
   */
  readonly historyPlacesPriority?: PlacesPriority;
  /**
   * The fleet: the app watches the shared folder (a check at start-up, on folder events and every few
   * minutes); a command looks only when asked (`syncNow`). Default 'manual'.
   */
  readonly fleet?: 'watch' | 'manual';
  /** Command-line flags that override the saved fleet settings for this run (never saved). */
  readonly fleetOverrides?: Partial<FleetSettings>;
  /** How often a watching core looks at the folder (tests shorten it; default: the settings, 30 s when unreachable). */
  readonly fleetTiming?: FleetTiming;
  /** Where settings.json is; default the database's folder. */
  readonly dataDir?: string;
  /**
   * Score the champion on the new vehicles after every import (default true). Off only to measure
   * what that step adds to an import (the bench's monitor section).
   */
  readonly monitorAfterImport?: boolean;
  /** Shown in Help → About beside the database's path when it is not where it belongs (paths.ts). */
  readonly databaseNote?: string | null;
  /**
   * Days the prediction log keeps an answer (settings.json's retentionDays when absent). The app's log thread
   * purges older entries as it starts and daily; a command's inline log leaves purging to the app.
   */
  readonly retentionDays?: number;
}

/**
 * What the app can do, independent of how it is reached. Electron's IPC handlers and the end-to-end
 * test bridge both call this one object after validating payloads with the contract's schemas, so
 * the UI is tested against exactly the code the app runs. Methods throw Errors whose messages are
 * meant for the person at the screen.
 */
export interface CoreApi {
  predict(request: PredictRequest): Promise<Prediction>;
  rankStations(request: RankRequest): Promise<RankResult>;
  suggest(query: string, limit: number): Suggestion[];
  stations(): StationRef[];
  /**
   * Starts an import job; events go to `onEvent`: progress per file, then exactly one ending (done with
   * the ImportResult, or error). `done` settles the same way, after the ending was sent.
   */
  importFiles(
    paths: readonly string[],
    onEvent: (event: JobEvent) => void,
  ): { jobId: string; done: Promise<ImportResult> };
  /** Starts a training job (refused while another runs); ends with one done (the candidate) or error. */
  startTraining(
    seed: number | undefined,
    onEvent: (event: JobEvent) => void,
  ): { jobId: string; done: Promise<ModelSummary> };
  cancelJob(jobId: string): void;
  listModels(): ModelSummary[];
  compare(challengerId?: string): Promise<Comparison>;
  /**
   * Promotes when the policy allows (or `force`); returns the comparison it decided on. Refused on a
   * workstation that follows a shared folder (its next look would undo it), as is rollback.
   */
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
  /** What both maps are drawn on: the history's backdrop, the model's stations, imported boundaries. */
  mapBase(): Promise<MapBase>;
  /**
   * The best ETA per cell of a grid over Greater London for a day and hour, from the model in service;
   * refused with a sentence for a station name it does not know.
   */
  cover(request: CoverRequest): Promise<CoverResult>;
  /**
   * Computes the cover (a bad request is refused before anything is asked), asks `chooseFile` where to
   * save it (a suggested file name given; null: the person cancelled) and writes the map as PNG or the
   * grid as CSV there. Returns the file written, or null.
   */
  exportCover(
    request: CoverRequest,
    format: CoverExportFormat,
    chooseFile: (suggestedName: string) => Promise<string | null>,
  ): Promise<{ file: string } | null>;
  /** The app's settings (settings.json beside the history database; defaults when there is none). */
  settings(): Settings;
  /**
   * Checks the settings (the folder exists, key files are Ed25519 keys of the right kind, the role has
   * what it needs; the error names the field) and saves them; they take effect at once.
   */
  saveSettings(settings: Settings): Promise<Settings>;
  fleetStatus(): FleetStatus;
  publications(): Promise<PublicationList>;
  /**
   * Publishes the model in service to the shared folder, signed with this workstation's key. `id`, when
   * given, must be the model in service (else refused, nothing written); `newKey` confirms a key rotation
   * (refused without it when the folder's current publication is signed by another key).
   */
  publish(id?: string, options?: { readonly newKey?: boolean }): Promise<Publication>;
  /** One look at the shared folder now: a follower verifies and swaps in a newer publication. */
  syncNow(): Promise<FleetStatus>;
  /** Hears every fleet status change (a swap, a refusal, the share gone or back); returns its unsubscribe. */
  onFleetEvent(listener: (event: FleetEvent) => void): () => void;
  /**
   * How the champion does on vehicles newer than everything it was built on, what drifted, and
   * whether to retrain (computed after imports; computed now if it never was).
   */
  monitor(): Promise<MonitorReport>;
  /**
   * Writes the prediction log's entries for a period of London days (`YYYY-MM-DD`, both inclusive) as
   * CSV where `chooseFile` says (null: cancelled; nothing written). A bad period is refused first.
   */
  exportAudit(
    from: string,
    to: string,
    chooseFile: (suggestedName: string) => Promise<string | null>,
  ): Promise<{ file: string; rows: number } | null>;
  close(): Promise<void>;
}

/** A retrain asked for by name: the command line's options beside the seed the window sends. */
export interface TrainOptions {
  readonly seed?: number;
  readonly numTrees?: number;
  /** Choose leaves and leaf size by time-based cross-validation first. */
  readonly tune?: boolean;
  /** Learner threads; all cores when absent (the app keeps one free for answers). */
  readonly threads?: number;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

export interface PromoteOutcome {
  readonly comparison: Comparison | null;
  readonly promoted: boolean;
  /** What publishing the new champion to the shared folder did, when this workstation publishes on promotion. */
  readonly fleet: string | null;
}

/**
 * The one façade over the core: the app's IPC handlers and the e2e bridge use its CoreApi part, the
 * command line the rest as well (it reports in its own words and exit statuses).
 */
export interface Core extends CoreApi {
  readonly dbPath: string;
  /** What opening had to work around, e.g. a corrupt champion replaced by an earlier model. */
  readonly warnings: readonly string[];
  /** The model answering now. */
  modelInService(): LoadedModel;
  /** Settles once the history's gazetteer is in use (starting its build if none was); rejects if it failed. */
  placesReady(): Promise<void>;
  /**
   * A registered model (id or unique prefix) or a model file on disk, verified as the registry does.
   * Models other than the one in service are released when the core closes.
   */
  loadModel(idOrFile: string): Promise<LoadedModel>;
  /** Promotes when the policy allows (or `force`); a refusal is an outcome here, not an error. */
  promoteModel(id: string, force: boolean): Promise<PromoteOutcome>;
  /** Trains in a worker and registers the candidate; the result carries the full holdout report. */
  train(options: TrainOptions): Promise<{ readonly model: ModelSummary; readonly result: TrainingJobResult }>;
  /** Rolls back (see CoreApi.rollback) and says what publishing the model did, when it was published. */
  rollbackModel(id?: string): Promise<{ readonly model: ModelSummary; readonly fleet: string | null }>;
  /** Why saved settings could not be used (defaults in force), or null. */
  readonly settingsWarning: string | null;
}
