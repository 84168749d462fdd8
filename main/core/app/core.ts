import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type {
  AboutInfo,
  Comparison,
  DataSummary,
  FileReport,
  ImportResult,
  JobEvent,
  ModelSummary,
} from '../../../contract/index.js';
import { parsePayload, PredictRequestSchema } from '../../../contract/index.js';
import { openDatabase, type Db } from '../db/index.js';
import { flatMetrics } from '../evaluation/risk.js';
import { listImports, undoImport, UndoError } from '../ingest/history.js';
import { importFiles } from '../ingest/index.js';
import { modelsDirFor } from '../paths.js';
import { ModelManager, findResourcesDir } from '../registry/manager.js';
import type { ModelRecord } from '../registry/registry.js';
import { PredictionLogThread } from '../serving/log-thread.js';
import { startTrainingJob, type TrainingJobResult } from '../training/job.js';
import { JobCancelledError } from '../workers/protocol.js';
import type { CoreApi } from './types.js';

export interface CoreOptions {
  readonly dbPath: string;
  readonly resourcesDir?: string;
  /** Versions shown in Help → About (Electron adds its own). */
  readonly versions?: Readonly<Record<string, string>>;
  readonly appVersion?: string;
  /** Path to a better_sqlite3.node built for this runtime (Electron). */
  readonly nativeBinding?: string;
}

export function toModelSummary(m: ModelRecord): ModelSummary {
  return {
    id: m.id,
    status: m.status,
    isDemo: m.isDemo,
    createdAt: m.createdAt,
    createdBy: m.createdBy,
    parentId: m.parentId,
    trainedFrom: m.trainedFrom,
    trainedTo: m.trainedTo,
    rows: m.rows,
    metrics: m.metrics,
  };
}

/** Flattens holdout numbers into the registry's metrics record (what `models` shows). */
export function metricsOf(result: TrainingJobResult): Record<string, number> {
  const m = result.holdout.metrics;
  return {
    ...flatMetrics(m, result.holdout.riskFlag, {
      withinTarget: result.holdout.probabilities.withinTarget.brier,
      late: result.holdout.probabilities.late.brier,
    }),
    holdoutRows: m.count,
    legacyFireRate: result.holdout.legacyFlag.fireRate,
    legacyPrecision: result.holdout.legacyFlag.precision,
    legacyRecall: result.holdout.legacyFlag.recall,
  };
}

/** Registers a finished training job's model as a candidate. */
export function registerTrained(
  manager: ModelManager,
  result: TrainingJobResult,
  seed: number | undefined,
): ModelRecord {
  return manager.register({
    bytes: result.bytes,
    trainedFrom: result.window.trainFrom,
    trainedTo: result.window.trainTo,
    rows: result.rows.train + result.rows.validation + result.rows.calibration + result.rows.holdout,
    params: { ...result.params, seed: seed ?? null, trees: result.trees },
    metrics: metricsOf(result),
    report: {
      dataset: result.dataset,
      rows: result.rows,
      window: result.window,
      calibration: result.calibration,
      riskThreshold: result.risk.threshold,
      legacyStations: result.risk.legacyStations,
      stations: result.holdout.stations,
    },
  });
}

/**
 * Import results in the contract's shape: unreadable or refused files become reports with an error.
 * `retryIdFor` registers a refused file that may be imported anyway and names it for the page.
 */
export function toImportResult(
  result: Awaited<ReturnType<typeof importFiles>>,
  retryIdFor: (file: string) => string = () => '',
): ImportResult {
  const files: FileReport[] = result.files.map((f) => ({
    file: f.file,
    kind: f.kind,
    rowsRead: f.rowsRead,
    rowsImported: f.rowsImported,
    rowsChanged: f.rowsChanged,
    rowsDuplicate: f.rowsDuplicate,
    rowsRejected: f.rowsRejected,
    rejected: f.rejected as Record<string, number>,
    examples: f.examples.map((e) => ({ reason: e.reason, row: e.row, message: e.message })),
    changedFields: f.changedFields,
    ...(f.waitingForIncidents !== undefined ? { waitingForIncidents: f.waitingForIncidents } : {}),
    acceptedPartial: f.acceptedPartial,
    notes: f.notes,
  }));
  for (const e of result.errors) {
    const retryId = e.acceptable ? retryIdFor(e.file) : '';
    files.push({
      file: e.file,
      kind: 'unknown',
      rowsRead: 0,
      rowsImported: 0,
      rowsChanged: 0,
      rowsDuplicate: 0,
      rowsRejected: 0,
      rejected: {},
      examples: [],
      error: e.message,
      ...(retryId ? { retryId } : {}),
    });
  }
  return { files };
}

/** The app's core behind one object: the Electron IPC handlers and the e2e bridge both call it. */
export async function createCore(options: CoreOptions): Promise<CoreApi> {
  const db: Db = openDatabase(
    options.dbPath,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  let log: PredictionLogThread | null = null;
  let manager: ModelManager;
  try {
    // The audit log writes on a thread of its own: the main thread answers dispatchers.
    log = PredictionLogThread.start(options.dbPath);
    manager = await ModelManager.open(db, modelsDirFor(options.dbPath), {
      resourcesDir: options.resourcesDir ?? findResourcesDir(),
      log: log.record,
    });
  } catch (error) {
    await log?.close();
    db.close();
    throw error;
  }
  const auditLog = log;
  const jobs = new Map<string, { kind: 'import' | 'training'; cancel: () => void }>();
  let importChain: Promise<unknown> = Promise.resolve();
  /** Refused files the person may import anyway: main keeps their paths, the page holds only ids. */
  const retries = new Map<string, string>();
  const retryIdFor = (file: string) => {
    const id = randomUUID();
    retries.set(id, file);
    return id;
  };

  /** One writer at a time: imports and undos queue behind each other. */
  const startImport = (
    paths: readonly string[],
    acceptPartial: boolean,
    onEvent: (event: JobEvent) => void,
  ): { jobId: string; done: Promise<ImportResult> } => {
    const jobId = randomUUID();
    const controller = new AbortController();
    jobs.set(jobId, { kind: 'import', cancel: () => controller.abort() });
    const done = importChain.then(async () => {
      try {
        const raw = await importFiles(options.dbPath, [...paths], {
          signal: controller.signal,
          acceptPartial,
          onProgress: (p) =>
            onEvent({
              type: 'progress',
              jobId,
              kind: 'import',
              phase: p.phase,
              done: p.bytesRead,
              total: p.bytesTotal,
              file: path.basename(p.file),
              detail: `${path.basename(p.file)} — ${p.rowsRead.toLocaleString('en-GB')} rows`,
            }),
        });
        const result = toImportResult(raw, retryIdFor);
        // Seconds of SQLite work on a large history: done in a worker, so answers never wait for it.
        await manager.refreshHistoryPlaces();
        onEvent({ type: 'done', jobId, kind: 'import', result });
        return result;
      } catch (error) {
        onEvent({ type: 'error', jobId, kind: 'import', message: (error as Error).message });
        throw error;
      } finally {
        jobs.delete(jobId);
      }
    });
    importChain = done.catch(() => {});
    return { jobId, done };
  };

  const core: CoreApi = {
    predict: (request) => manager.service.predict(parsePayload(PredictRequestSchema, request)),
    rankStations: (incident) => manager.service.rank(incident),
    suggest: (query, limit) => manager.service.suggest(query, limit),
    stations: () => manager.service.stations(),

    importFiles: (paths, onEvent) => startImport(paths, false, onEvent),

    importAsPartial(retryId, onEvent) {
      const file = retries.get(retryId);
      if (file === undefined) {
        throw new Error('That refused file is no longer known: drop it on the window again.');
      }
      retries.delete(retryId);
      return startImport([file], true, onEvent);
    },

    async undoImport(id) {
      const run = importChain.then(async () => {
        try {
          return undoImport(db, id);
        } catch (error) {
          if (error instanceof UndoError) throw new Error(`Import not undone: ${error.message}.`);
          throw error;
        }
      });
      importChain = run.catch(() => {});
      const result = await run;
      await manager.refreshHistoryPlaces();
      return result;
    },

    startTraining(seed, onEvent) {
      for (const job of jobs.values()) {
        if (job.kind === 'training')
          throw new Error('A retrain is already running: wait for it or cancel it first.');
      }
      const handle = startTrainingJob(
        // One learner thread: the other core stays free for the dispatcher's answers.
        { dbPath: options.dbPath, threads: 1, ...(seed !== undefined ? { seed } : {}) },
        {
          onProgress: (p) =>
            onEvent({
              type: 'progress',
              jobId: handle.jobId,
              kind: 'training',
              phase: p.phase,
              done: p.done,
              total: p.total,
              ...(p.validLoss !== undefined
                ? { validationLoss: p.validLoss, detail: `validation loss ${p.validLoss.toFixed(1)} s` }
                : {}),
            }),
          onLog: (message) => onEvent({ type: 'log', jobId: handle.jobId, kind: 'training', message }),
        },
      );
      jobs.set(handle.jobId, { kind: 'training', cancel: handle.cancel });
      const done = handle.done
        .then((result) => {
          const summary = toModelSummary(registerTrained(manager, result, seed));
          onEvent({ type: 'done', jobId: handle.jobId, kind: 'training', result: summary });
          return summary;
        })
        .catch((error: Error) => {
          const message =
            error instanceof JobCancelledError ? error.message : `Training failed: ${error.message}`;
          onEvent({ type: 'error', jobId: handle.jobId, kind: 'training', message });
          throw error;
        })
        .finally(() => jobs.delete(handle.jobId));
      return { jobId: handle.jobId, done };
    },

    cancelJob(jobId) {
      const job = jobs.get(jobId);
      if (!job) throw new Error('That job has already finished.');
      job.cancel();
    },

    listModels: () => manager.list().map(toModelSummary),
    compare: (challengerId?: string): Promise<Comparison> => manager.compare(challengerId),

    async promote(id, force) {
      const { comparison, promoted } = await manager.promote(id, force);
      if (!promoted) {
        throw new Error(`Not promoted: ${comparison?.decision.reasons.join('; ') ?? 'no comparison'}`);
      }
      return comparison;
    },

    async rollback(id) {
      return toModelSummary(await manager.rollback(id));
    },

    dataSummary(): DataSummary {
      const imports = listImports(db).map((i) => ({
        id: i.id,
        fileName: i.fileName,
        kind: i.kind,
        finishedAt: i.finishedAt,
        rowsImported: i.rowsAdded,
        rowsChanged: i.rowsChanged,
        rowsDuplicate: i.rowsUnchanged,
        rowsRejected: i.rowsRejected,
        acceptPartial: i.acceptPartial,
        undoneAt: i.undoneAt,
      }));
      const count = (table: string) =>
        (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      const range = db
        .prepare('SELECT MIN(call_date_local) AS "from", MAX(call_date_local) AS "to" FROM incidents')
        .get() as { from: string | null; to: string | null };
      return {
        imports,
        counts: {
          incidents: count('incidents'),
          mobilisations: count('mobilisations'),
          stations: count('stations'),
          models: count('models'),
          predictions: count('predictions'),
        },
        range,
      };
    },

    about(): AboutInfo {
      return {
        appVersion: options.appVersion ?? '0.1.0',
        versions: { node: process.versions.node, ...options.versions },
        model: toModelSummary(manager.champion),
        databasePath: options.dbPath,
      };
    },

    async close() {
      for (const job of jobs.values()) job.cancel();
      // The session first: an answer still in flight is logged before the log closes.
      await manager.close();
      await auditLog.close();
      db.close();
    },
  };
  return core;
}
