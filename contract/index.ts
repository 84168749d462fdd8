/**
 * The one contract between the renderer and the main process: channel names, request and response
 * types, and the runtime schemas main uses to validate every payload (the renderer is untrusted).
 * This file is imported by main, preload and renderer, so it may import nothing but zod (and channels.ts,
 * years.ts).
 */
import type { PumpsAnswer } from './pumps.js';
import { z } from 'zod';
import type { InvokeChannel } from './channels.js';
import { AuditExportPayloadSchema, type AuditExportRequest, type AuditExportResult } from './audit.js';
import { MAX_RECORD_YEAR, MIN_RECORD_YEAR } from './years.js';
import type { MonitorReport } from './monitoring.js';
import { WeatherInputSchema, type StoredWeatherSummary, type WeatherUsed } from './weather.js';
import {
  CoverExportRequestSchema,
  CoverRequestSchema,
  type CoverExportRequest,
  type CoverRequest,
  type CoverResult,
  type MapBase,
} from './maps.js';
import {
  PublishRequestSchema,
  SaveSettingsRequestSchema,
  type FleetAbout,
  type FleetEvent,
  type FleetStatus,
  type Publication,
  type PublicationList,
  type Settings,
} from './fleet.js';

/** The LFB's own goal for the first appliance on scene. */
export const TARGET_SECONDS = 360;

const MAX_TEXT = 200;
/** The widest offset any time zone uses (Kiribati, +14:00). */
const MAX_OFFSET_HOURS = 14;
const MAX_FILES = 20;
const MAX_PATH = 4096;

const text = (field: string) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .min(1, { error: `${field} must not be empty` })
    .max(MAX_TEXT, { error: `${field} is too long (max ${MAX_TEXT} characters)` });

// Request objects are strict: a key a schema does not name (`__proto__` included) is refused by name,
// not silently dropped. The renderer never sends one, so a surplus key is a bug or a forged request.

/** zod 4 refuses NaN and ±Infinity as numbers: one message covers both. */
const finite = (field: string) => z.number({ error: `${field} must be a finite number` });

export const LocationSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('coordinates'),
      easting: finite('easting'),
      northing: finite('northing'),
    }),
    z.strictObject({ kind: z.literal('postcodeDistrict'), value: text('postcode district') }),
    z.strictObject({ kind: z.literal('ward'), value: text('ward') }),
  ],
  { error: 'location must be coordinates, a postcode district or a ward' },
);
export type IncidentLocation = z.infer<typeof LocationSchema>;

/**
 * Call times as people write them: `2026-11-28T17:50` (or with a space; seconds optional) is London
 * wall-clock time, `17:50` is that time today in London, and an offset (`Z`, `+01:00`) is taken as
 * given. Only the shape and the calendar are checked here; the core turns London wall-clock time into
 * an instant (summer time, and the autumn hour that happens twice) — see main/core/calendar/callTime.ts.
 */
export const CALL_TIME_PATTERN =
  /^(?:(\d{4})-(\d{2})-(\d{2})[T ])?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
export const CALL_TIME_HINT =
  'write it as 2026-11-28T17:50 (London time), 17:50 (today, London time) or with an offset, e.g. 2026-11-28T17:50:00Z';

/** Why a call time cannot be a real one ('' when its shape and calendar are fine). */
export function callTimeProblem(text: string): string {
  if (text.length > MAX_TEXT) return `callTime is too long (max ${MAX_TEXT} characters)`;
  const m = CALL_TIME_PATTERN.exec(text.trim());
  if (!m) return `callTime '${text}' is not a date and time: ${CALL_TIME_HINT}`;
  const [, y, mo, d, h, mi, sec, zone] = m;
  if (zone && !y) return `callTime '${text}': an offset needs a date too, e.g. 2026-11-28T17:50:00Z`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59)
    return `callTime '${text}' has no such time of day: ${CALL_TIME_HINT}`;
  const offset = zone && zone.toUpperCase() !== 'Z' ? zone.slice(1).replace(':', '') : '';
  if (offset && (Number(offset.slice(0, 2)) > MAX_OFFSET_HOURS || Number(offset.slice(2)) > 59))
    return `callTime '${text}' has no such UTC offset (at most ±${MAX_OFFSET_HOURS}:00)`;
  if (y !== undefined) {
    const year = Number(y);
    if (year < MIN_RECORD_YEAR || year > MAX_RECORD_YEAR)
      return `callTime must be between ${MIN_RECORD_YEAR} and ${MAX_RECORD_YEAR}`;
    const month = Number(mo);
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysInMonth)
      return `callTime '${text}' has no such date: ${CALL_TIME_HINT}`;
  }
  return '';
}

export const IncidentSchema = z.strictObject({
  location: LocationSchema,
  /** When the call came in (see CALL_TIME_PATTERN); absent means "now". */
  callTime: z
    .string({ error: 'callTime must be text' })
    .trim()
    .max(MAX_TEXT, { error: `callTime is too long (max ${MAX_TEXT} characters)` })
    .superRefine((value, ctx) => {
      const problem = callTimeProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  incidentGroup: text('incident group').optional(),
  stopCode: text('stop code').optional(),
  propertyCategory: text('property category').optional(),
  propertyType: text('property type').optional(),
  addressQualifier: text('address qualifier').optional(),
  /** Weather the dispatcher knows (a named condition and/or rain, temperature); absent: as imported. */
  weather: WeatherInputSchema.optional(),
});
export type IncidentInput = z.infer<typeof IncidentSchema>;

/** Which pump of the incident this is: the first to be sent (1), the second (2), … */
const PumpOrderSchema = z
  .number({ error: 'pump order must be a number' })
  .int({ error: 'pump order must be a whole number' })
  .min(1, { error: 'pump order must be at least 1' })
  .max(20, { error: 'pump order must be at most 20' })
  .default(1);

export const PredictRequestSchema = IncidentSchema.extend({
  /** Station code or name; absent means the incident's station ground. */
  station: text('station').optional(),
  pumpOrder: PumpOrderSchema,
  deployedFromHome: z.boolean({ error: 'deployedFromHome must be true or false' }).default(true),
});
export type PredictRequest = z.input<typeof PredictRequestSchema>;
export type PredictRequestParsed = z.output<typeof PredictRequestSchema>;

/** Every station's ETA for one incident, for the pump it would be (a second pump ranks as a second). */
export const RankRequestSchema = IncidentSchema.extend({ pumpOrder: PumpOrderSchema });
export type RankRequest = z.input<typeof RankRequestSchema>;

export interface StationRef {
  readonly code: string;
  readonly name: string;
}

export interface Prediction {
  readonly station: StationRef;
  readonly etaSeconds: number;
  readonly p90Seconds: number;
  readonly underestimationRisk: boolean;
  /** Calibrated chance (0–1) of arriving more than 120 s after `etaSeconds`; the flag is this ≥ a threshold. */
  readonly underestimationProbability: number;
  /** Calibrated chance (0–1) of arriving within `targetSeconds`. */
  readonly withinTargetProbability: number;
  /**
   * The deploying station is farther from the incident than almost every drive the model learned from
   * (above the 99th percentile of training distances); a reason says so.
   */
  readonly beyondExperience: boolean;
  /** Human sentences: why the flag is raised, and when the answer is beyond the model's experience. */
  readonly reasons: readonly string[];
  readonly targetSeconds: number;
  /** The point estimate is within the 360 s target (a fact about the estimate; the verdict is targetVerdict). */
  readonly meetsTarget: boolean;
  /**
   * Set for a second or later pump: the target and its chance are the first pump's 6 minutes, while the
   * LFB's target for the second appliance is 8 minutes — a chance the model is not calibrated for.
   */
  readonly targetNote?: string;
  readonly distanceMetres: number;
  readonly modelId: string;
  readonly isDemoModel: boolean;
  /**
   * With the demo model only: why it answers and who can change that — on a workstation following the
   * control room, why the published model is not in service; elsewhere, to import LFB data and train.
   */
  readonly demoNotice?: string;
  /** Where the incident was placed, after gazetteer resolution. */
  readonly resolvedLocation: {
    readonly easting: number;
    readonly northing: number;
    readonly stationGround: string | null;
    /** How the place was read, e.g. "postcode district SE1 (from SE1 7PB)"; absent for coordinates. */
    readonly description?: string;
  };
  /** How many pumps the incident will need (the same for every station's answer to one call). */
  readonly pumps?: PumpsAnswer;
  /** The weather the answer used: typed, the imported hour, or none. */
  readonly weather?: WeatherUsed;
  /** Categories of the call the model does not know, each estimated as its "other" group; absent: none. */
  readonly unknownCategories?: readonly UnknownCategory[];
}

/** The incident fields a call may carry a category in. */
export type CategoryField =
  'incidentGroup' | 'stopCode' | 'propertyCategory' | 'propertyType' | 'addressQualifier';

/**
 * A category the model's vocabulary does not hold (never seen in its training rows, or too rare there
 * to have a place of its own): the trees score it as the pooled "other" group, and the answer says so.
 */
export interface UnknownCategory {
  readonly field: CategoryField;
  /** As typed. */
  readonly value: string;
  /** One sentence, e.g. "property type 'Dwelling-house' is not one the model knows: estimated as 'other'". */
  readonly message: string;
  /** The values the model knows that are nearest to it, closest first (empty when none is near). */
  readonly closest: readonly string[];
}

/**
 * The judgement on the 360 s target that every surface states the same way: it follows the calibrated
 * chance of arriving within target, not just which side of 360 s the point estimate falls. At or above
 * LIKELY_CHANCE "likely met", below UNLIKELY_CHANCE "likely missed", in between close to a coin toss.
 */
export const LIKELY_CHANCE = 0.7;
export const UNLIKELY_CHANCE = 0.3;
export type TargetVerdict = 'met' | 'uncertain' | 'missed';

export function targetVerdict(p: Pick<Prediction, 'withinTargetProbability'>): TargetVerdict {
  if (p.withinTargetProbability >= LIKELY_CHANCE) return 'met';
  return p.withinTargetProbability >= UNLIKELY_CHANCE ? 'uncertain' : 'missed';
}

/** The LFB's attendance target for the second appliance (the first pump's is TARGET_SECONDS). */
export const SECOND_PUMP_TARGET_SECONDS = 480;

/**
 * What an answer for pump order 2 or later says of its target: the model's within-target chance is
 * calibrated for 360 s on first and later pumps alike, and has no calibrated chance for 480 s, so the
 * answer keeps the 6-minute figure and names it as the first pump's rather than pass it off as the
 * second pump's target.
 */
export function targetNoteFor(pumpOrder: number): string | undefined {
  if (pumpOrder < 2) return undefined;
  return (
    `target shown is the first pump's (6 minutes); the LFB's target for the second pump is ` +
    `${SECOND_PUMP_TARGET_SECONDS / 60} minutes, for which this model gives no chance`
  );
}

/** The one wording of targetVerdict on every surface (CLI predict and rank, the incident screen). */
export const TARGET_VERDICT_WORDS: Readonly<Record<TargetVerdict, string>> = {
  met: 'likely met',
  uncertain: 'uncertain',
  missed: 'likely missed',
};

export interface RankResult {
  readonly stations: readonly Prediction[];
}

export const ImportRequestSchema = z.strictObject({
  paths: z
    .array(z.string().min(1).max(MAX_PATH), { error: 'paths must be a list of file paths' })
    .min(1, { error: 'choose at least one file' })
    .max(MAX_FILES, { error: `import at most ${MAX_FILES} files at once` }),
});
export type ImportRequest = z.infer<typeof ImportRequestSchema>;

export interface FileReport {
  readonly file: string;
  readonly kind: string;
  readonly rowsRead: number;
  /** New records. */
  readonly rowsImported: number;
  /** Stored records this file corrected (the newer import wins; the earlier version is kept for undo). */
  readonly rowsChanged: number;
  /** Already stored, unchanged. */
  readonly rowsDuplicate: number;
  readonly rowsRejected: number;
  readonly rejected: Readonly<Record<string, number>>;
  readonly examples: readonly { readonly reason: string; readonly row: number; readonly message: string }[];
  /** The fields corrected records differed in most often. */
  readonly changedFields?: readonly { readonly field: string; readonly rows: number }[];
  /** Mobilisations whose incident is not in the history yet. */
  readonly waitingForIncidents?: number;
  /** Checks the file failed but was imported anyway, as the person confirmed. */
  readonly acceptedPartial?: readonly string[];
  /** How the file was read: columns not stored, dates read month first, the worksheet used. */
  readonly notes?: readonly string[];
  /** Set when the file could not be read at all, or was refused; nothing from it was stored. */
  readonly error?: string;
  /**
   * Set when the refusal can be overridden (missing model columns, too many rejected rows): pass it
   * to importAsPartial to import the file anyway. Main keeps the path; the page never names files.
   */
  readonly retryId?: string;
}

export interface ImportResult {
  readonly files: readonly FileReport[];
}

export const UndoImportSchema = z.strictObject({
  id: z
    .number({ error: 'import id must be a number' })
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});
export const ImportAsPartialSchema = z.strictObject({ retryId: text('retry id') });

export interface UndoResult {
  readonly id: number;
  readonly fileName: string;
  readonly kind: string;
  /** Rows the import added, now removed. */
  readonly removed: number;
  /** Earlier versions of the rows it changed, now back in place. */
  readonly restored: number;
}

export const TrainRequestSchema = z.strictObject({
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});

export const ModelIdSchema = z.strictObject({ id: text('model id') });
export const PromoteRequestSchema = z.strictObject({
  id: text('model id'),
  force: z.boolean().default(false),
});
export const RollbackRequestSchema = z.strictObject({ id: text('model id').optional() });
export const CompareRequestSchema = z.strictObject({ challengerId: text('model id').optional() });
export const JobIdSchema = z.strictObject({ jobId: text('job id') });
export const SuggestRequestSchema = z.strictObject({
  query: z.string().max(MAX_TEXT, { error: 'search text is too long' }),
  limit: z.number().int().min(1).max(50).default(10),
});

export type ModelStatus = 'candidate' | 'champion' | 'retired';

export interface ModelSummary {
  readonly id: string;
  readonly status: ModelStatus;
  readonly isDemo: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly parentId: string | null;
  readonly trainedFrom: string | null;
  readonly trainedTo: string | null;
  readonly rows: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** It was put in service at least once by a forced promotion, against the comparison's decision. */
  readonly forcedPromotion: boolean;
  /**
   * A plain rollback (the menu's and the command line's, without a model named) puts this model back
   * in service: the trained champion before the current one. Never the demo model.
   */
  readonly rollbackTarget: boolean;
}

export interface StationDelta {
  readonly code: string;
  readonly name: string;
  readonly count: number;
  readonly championMae: number;
  readonly challengerMae: number;
  readonly championBias: number;
  readonly challengerBias: number;
}

export interface Comparison {
  readonly id: string;
  readonly championId: string;
  readonly challengerId: string;
  readonly rows: number;
  readonly window: { readonly from: string; readonly to: string };
  readonly champion: Readonly<Record<string, number>>;
  readonly challenger: Readonly<Record<string, number>>;
  readonly maeDiffCi: readonly [number, number];
  readonly decision: { readonly promote: boolean; readonly reasons: readonly string[] };
  readonly stations: readonly StationDelta[];
  /** A sample of (actual, champion, challenger) for the predicted-vs-actual plot. */
  readonly sample: readonly {
    readonly actual: number;
    readonly champion: number;
    readonly challenger: number;
  }[];
}

export interface Suggestion {
  readonly kind: 'postcodeDistrict' | 'ward';
  readonly value: string;
  readonly stationGround: string | null;
}

export interface DataSummary {
  readonly imports: readonly {
    readonly id: number;
    readonly fileName: string;
    readonly kind: string;
    readonly finishedAt: string;
    readonly rowsImported: number;
    readonly rowsChanged: number;
    readonly rowsDuplicate: number;
    readonly rowsRejected: number;
    readonly acceptPartial: boolean;
    /** When the import was undone, or null. */
    readonly undoneAt: string | null;
  }[];
  readonly counts: Readonly<Record<string, number>>;
  readonly range: { readonly from: string | null; readonly to: string | null };
  /** The weather hours stored: range, count, gaps and the files' providers. */
  readonly weather: StoredWeatherSummary;
}

export interface AboutInfo {
  readonly appVersion: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly model: ModelSummary | null;
  readonly databasePath: string;
  /** The fleet: settings, settings file, and what the last look at the shared folder found. */
  readonly fleet: FleetAbout;
  /** Why the database is not where it belongs (a history kept in the roaming profile), if it is not. */
  readonly databaseNote?: string;
  /** Days the prediction log keeps an answer (where the incident was, as typed) before it is purged. */
  readonly predictionLogRetentionDays: number;
}

export type JobKind = 'import' | 'training';

/** What an import is doing to one file: checking it, reading rows, then storing them. */
export const IMPORT_PHASES = ['checking', 'reading', 'indexing', 'hashing', 'committing'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/** A training run's steps, in order; the tree-building ones (point, upper, refit, late, pumps) count trees. */
export const TRAINING_PHASES = [
  'loading',
  'features',
  'point',
  'upper',
  'refit',
  'folds',
  'late',
  'pumps',
  'calibrating',
  'evaluating',
  'exporting',
] as const;
export type TrainingPhase = (typeof TRAINING_PHASES)[number];

/** How far an import has got with one file: the window draws one bar per file. */
export interface ImportProgressEvent {
  readonly type: 'progress';
  readonly jobId: string;
  readonly kind: 'import';
  readonly phase: ImportPhase;
  /** The file's base name. */
  readonly file: string;
  /** Rows read from the file so far. */
  readonly rows: number;
  /** Bytes read of `total`. */
  readonly done: number;
  readonly total: number;
}

export interface TrainingProgressEvent {
  readonly type: 'progress';
  readonly jobId: string;
  readonly kind: 'training';
  readonly phase: TrainingPhase;
  /** Rows read while loading, trees built in a tree phase, out-of-fold models done in `folds`. */
  readonly done: number;
  readonly total: number;
  /** Loss (seconds) on the validation rows after `done` of `total` trees, when known. */
  readonly validationLoss?: number;
}

export interface JobLogEvent {
  readonly type: 'log';
  readonly jobId: string;
  readonly kind: JobKind;
  readonly message: string;
}

export interface ImportDoneEvent {
  readonly type: 'done';
  readonly jobId: string;
  readonly kind: 'import';
  readonly result: ImportResult;
}

/** A training run ended with a new candidate model, registered. */
export interface TrainingDoneEvent {
  readonly type: 'done';
  readonly jobId: string;
  readonly kind: 'training';
  readonly result: ModelSummary;
  /** How much weather the model learned from, in one line, as `pump-eta train` prints it. */
  readonly weather?: string;
}

/** A job failed or was cancelled: the message says which, for the person at the screen. */
export interface JobErrorEvent {
  readonly type: 'error';
  readonly jobId: string;
  readonly kind: JobKind;
  readonly message: string;
}

/**
 * Everything a job reports, discriminated by `type` then `kind`. Every job ends with exactly one
 * `done` or `error`, sent by the core; nothing after it.
 */
export type JobEvent =
  | ImportProgressEvent
  | TrainingProgressEvent
  | JobLogEvent
  | ImportDoneEvent
  | TrainingDoneEvent
  | JobErrorEvent;

/** The terminal events: a job's one ending. */
export type JobEndEvent = ImportDoneEvent | TrainingDoneEvent | JobErrorEvent;

export function isJobEnd(event: JobEvent): event is JobEndEvent {
  return event.type === 'done' || event.type === 'error';
}

export const VIEWS = ['incident', 'cover', 'import', 'models', 'data', 'monitoring'] as const;
export type View = (typeof VIEWS)[number];

/** What an application-menu item asks the focused window to do (besides showing a view). */
export const MENU_COMMANDS = [
  'import',
  'retrain',
  'compare',
  'promote',
  'rollback',
  'about',
  'settings',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Main → renderer messages from the application menu. */
export type MenuEvent =
  | { readonly type: 'navigate'; readonly view: View }
  | { readonly type: 'command'; readonly command: MenuCommand };

// Channel names live in a zod-free module so the preload bundle stays small; this file re-exports them.
export { CHANNELS, type EventChannel, type InvokeChannel } from './channels.js';
export * from './maps.js';
export * from './fleet.js';
export * from './monitoring.js';
export * from './audit.js';
export * from './weather.js';

/**
 * A cover request with its call time checked as an incident's is (maps.ts, loaded by this file, cannot
 * import this file's call-time rules).
 */
export const CoverPayloadSchema = CoverRequestSchema.extend({ callTime: IncidentSchema.shape.callTime });
export const CoverExportPayloadSchema = CoverExportRequestSchema.extend({
  callTime: IncidentSchema.shape.callTime,
});

/** Requests without parameters still carry an object, so every payload is parsed the same way. */
export const EmptyRequestSchema = z.strictObject({});

/**
 * The schema main parses each invoke payload with. `importFiles` carries paths: the preload turns the
 * renderer's File objects into paths (webUtils), so the renderer never names arbitrary files itself.
 */
export const REQUEST_SCHEMAS = {
  predict: PredictRequestSchema,
  rankStations: RankRequestSchema,
  suggest: SuggestRequestSchema,
  stations: EmptyRequestSchema,
  importFiles: ImportRequestSchema,
  chooseAndImport: EmptyRequestSchema,
  startTraining: TrainRequestSchema,
  cancelJob: JobIdSchema,
  listModels: EmptyRequestSchema,
  compare: CompareRequestSchema,
  promote: PromoteRequestSchema,
  rollback: RollbackRequestSchema,
  dataSummary: EmptyRequestSchema,
  undoImport: UndoImportSchema,
  importAsPartial: ImportAsPartialSchema,
  about: EmptyRequestSchema,
  mapBase: EmptyRequestSchema,
  cover: CoverPayloadSchema,
  exportCover: CoverExportPayloadSchema,
  getSettings: EmptyRequestSchema,
  saveSettings: SaveSettingsRequestSchema,
  fleetStatus: EmptyRequestSchema,
  publications: EmptyRequestSchema,
  publish: PublishRequestSchema,
  syncNow: EmptyRequestSchema,
  monitor: EmptyRequestSchema,
  exportAudit: AuditExportPayloadSchema,
} as const satisfies Record<InvokeChannel, z.ZodType>;

/** What each invoke channel answers with (inside a Result). */
export interface ResponseMap {
  predict: Prediction;
  rankStations: RankResult;
  suggest: readonly Suggestion[];
  stations: readonly StationRef[];
  importFiles: { jobId: string };
  chooseAndImport: { jobId: string } | null;
  startTraining: { jobId: string };
  cancelJob: null;
  listModels: readonly ModelSummary[];
  compare: Comparison;
  promote: Comparison | null;
  rollback: ModelSummary;
  dataSummary: DataSummary;
  undoImport: UndoResult;
  importAsPartial: { jobId: string };
  about: AboutInfo;
  mapBase: MapBase;
  cover: CoverResult;
  /** The file written; null when the person closed the save dialog. */
  exportCover: { file: string } | null;
  getSettings: Settings;
  /** The settings as saved (trimmed, checked). */
  saveSettings: Settings;
  fleetStatus: FleetStatus;
  publications: PublicationList;
  publish: Publication;
  /** The status after one look at the shared folder. */
  syncNow: FleetStatus;
  monitor: MonitorReport;
  exportAudit: AuditExportResult;
}

/** Every reply crosses IPC as a result, so no error is lost or turned into a generic rejection. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** What the preload exposes as `window.pumpEta`. */
export interface PumpEtaApi {
  predict(request: PredictRequest): Promise<Result<Prediction>>;
  rankStations(request: RankRequest): Promise<Result<RankResult>>;
  suggest(query: string, limit?: number): Promise<Result<readonly Suggestion[]>>;
  stations(): Promise<Result<readonly StationRef[]>>;
  /** Files dropped on the window or chosen in a dialog. */
  importFiles(files: readonly File[]): Promise<Result<{ jobId: string }>>;
  /** Opens the native file dialog, then imports what was chosen. */
  chooseAndImport(): Promise<Result<{ jobId: string } | null>>;
  startTraining(seed?: number): Promise<Result<{ jobId: string }>>;
  cancelJob(jobId: string): Promise<Result<null>>;
  listModels(): Promise<Result<readonly ModelSummary[]>>;
  compare(challengerId?: string): Promise<Result<Comparison>>;
  promote(id: string, force?: boolean): Promise<Result<Comparison | null>>;
  rollback(id?: string): Promise<Result<ModelSummary>>;
  dataSummary(): Promise<Result<DataSummary>>;
  /** Removes what an import added and restores what it changed (one transaction; models untouched). */
  undoImport(id: number): Promise<Result<UndoResult>>;
  /** Imports a refused file anyway, as partial (the person confirmed after reading why it was refused). */
  importAsPartial(retryId: string): Promise<Result<{ jobId: string }>>;
  about(): Promise<Result<AboutInfo>>;
  /** What both maps are drawn on: the history's backdrop, the stations, imported boundaries. */
  mapBase(): Promise<Result<MapBase>>;
  /** The best ETA per grid cell over Greater London for a day and hour, some stations taken out. */
  cover(request: CoverRequest): Promise<Result<CoverResult>>;
  /** Asks where to save (a dialog), then writes the cover there: the map as PNG or the grid as CSV. */
  exportCover(request: CoverExportRequest): Promise<Result<{ file: string } | null>>;
  /** The app's settings (fleet, retention), from settings.json beside the history database. */
  getSettings(): Promise<Result<Settings>>;
  /** Checks (folder exists, keys are Ed25519 of the right kind) and saves; an error names the field. */
  saveSettings(settings: Settings): Promise<Result<Settings>>;
  fleetStatus(): Promise<Result<FleetStatus>>;
  /** The shared folder's publications, newest first, and files that failed verification. */
  publications(): Promise<Result<PublicationList>>;
  /**
   * Publishes the model in service (`id`, when given, must be it) to the shared folder; `newKey` confirms a
   * key rotation (refused without it when the folder's publication is signed by another key).
   */
  publish(id?: string, options?: { readonly newKey?: boolean }): Promise<Result<Publication>>;
  /** One look at the shared folder now (a follower swaps in a new publication). */
  syncNow(): Promise<Result<FleetStatus>>;
  /** How the model in service does on data newer than its training, what drifted, whether to retrain. */
  monitor(): Promise<Result<MonitorReport>>;
  /** Asks where to save (a dialog), then writes the prediction log's answers of a period as CSV. */
  exportAudit(request: AuditExportRequest): Promise<Result<AuditExportResult>>;
  /** Each subscription returns its unsubscribe, to fit a useEffect cleanup. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  /** Application-menu items: show a view or run a command in this window. */
  onMenu(listener: (event: MenuEvent) => void): () => void;
  /** The fleet status whenever it changes: a swap, a refusal, the share gone or back. */
  onFleetEvent(listener: (event: FleetEvent) => void): () => void;
}

/** Turns a zod failure into one sentence naming the field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'request';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Parses an untrusted payload; throws an Error whose message names the bad field. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new Error(`Invalid request — ${describeIssues(parsed.error)}`);
  return parsed.data;
}
export * from './pumps.js';
