import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type {
  AboutInfo,
  Comparison,
  DataSummary,
  ImportResult,
  JobEvent,
  Prediction,
} from '../../../contract/index.js';
import { parsePayload, PredictRequestSchema, RankRequestSchema } from '../../../contract/index.js';
import { openDatabase, type Db } from '../db/index.js';
import { UndoError } from '../ingest/history.js';
import { closeDataDir, dataDirFor, modelsDirFor } from '../paths.js';
import { ModelManager, findResourcesDir, loadVerified } from '../registry/manager.js';
import { MODEL_ID_LENGTH } from '../registry/registry.js';
import { sha256Hex } from '../registry/store.js';
import { auditFileName, auditPeriod, retentionCutoff } from '../serving/audit.js';
import { PredictionLog, type AuditLog } from '../serving/log.js';
import { explainStorageError } from '../util/storage-errors.js';
import { PredictionLogThread } from '../serving/log-thread.js';
import { loadModel, type LoadedModel } from '../serving/service.js';
import { weatherTrainingLine } from '../serving/weather.js';
import { startTrainingJob } from '../training/job.js';
import { JobCancelledError } from '../workers/protocol.js';
import { registerTrained, toImportResult, toModelSummary } from './convert.js';
import { History, importIntoHistory } from './history.js';
import { jobReporter } from './jobs.js';
import { Fleet } from './fleet.js';
import { loadSettings } from '../settings/store.js';
import { Maps } from './maps.js';
import { Monitor } from './monitor.js';
import type { Core, CoreOptions } from './types.js';

export type { Core, CoreApi, CoreOptions } from './types.js';

/** How long closing waits for a cancelled rescore or import to end before it closes the files under it. */
const CLOSE_WAIT_MS = 5_000;

/** A file named as a model that is not one: the command line says what a model file is. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file} is not a Pump ETA model: ${(cause as Error).message}`, { cause });
  }
}

function openAuditLog(options: CoreOptions, db: Db, retentionDays: number): AuditLog {
  // The app's log writes (and purges) on a thread of its own: the main thread answers dispatchers.
  return options.auditLog === 'inline'
    ? new PredictionLog(db)
    : PredictionLogThread.start(options.dbPath, { retentionDays });
}

/**
 * The one façade over the core: the Electron IPC handlers, the e2e bridge and every command of the CLI
 * open it, so the window and the command line answer from the same code.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const resourcesDir = options.resourcesDir ?? findResourcesDir();
  const dataDir = options.dataDir ?? dataDirFor(options.dbPath);
  // Read once: the fleet and the prediction log's retention both come from settings.json.
  const loadedSettings = loadSettings(dataDir);
  let retentionDays = options.retentionDays ?? loadedSettings.settings.retentionDays;
  // Checked before anything opens: a bad setting is a message, not a thread that cannot purge.
  retentionCutoff(retentionDays);
  closeDataDir(options.dbPath);
  const db: Db = openDatabase(
    options.dbPath,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  let log: AuditLog | null = null;
  let manager: ModelManager;
  try {
    log = openAuditLog(options, db, retentionDays);
    manager = await ModelManager.open(db, modelsDirFor(options.dbPath), {
      resourcesDir,
      log: log.record,
      historyPlaces: options.historyPlaces ?? 'at-open',
      historyPlacesPriority: options.historyPlacesPriority ?? 'background',
    });
  } catch (error) {
    await log?.close();
    db.close();
    throw error;
  }
  const auditLog = log;
  const history = new History(db);
  const maps = new Maps(options.dbPath, manager);
  const fleet = new Fleet({
    db,
    manager,
    dataDir,
    loaded: loadedSettings,
    mode: options.fleet ?? 'manual',
    ...(options.fleetOverrides ? { overrides: options.fleetOverrides } : {}),
    ...(options.fleetTiming ? { timing: options.fleetTiming } : {}),
  });
  fleet.start();
  const monitor = new Monitor(db, options.dbPath, manager);
  const jobs = new Map<string, { kind: 'import' | 'training'; cancel: () => void }>();
  /** Models loaded beside the one in service (to score a file, say): released on close. */
  const extraModels: LoadedModel[] = [];
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
    const report = jobReporter(onEvent);
    const controller = new AbortController();
    jobs.set(jobId, { kind: 'import', cancel: () => controller.abort() });
    const done = importChain.then(async () => {
      // The champion is scored on the new vehicles by a job that starts with the import (see
      // Monitor.besideImport); a failure to score is said, never fatal.
      const monitored = options.monitorAfterImport ?? true;
      const monitoring = monitored ? monitor.besideImport() : null;
      let firstFile: string | null = null;
      try {
        const raw = await importIntoHistory(options.dbPath, paths, {
          signal: controller.signal,
          acceptPartial,
          onProgress: (p) => {
            // Files are imported one by one, each in its own transaction: on to the next, one has ended.
            firstFile ??= p.file;
            if (p.file !== firstFile) monitoring?.callsCommitted();
            report({
              type: 'progress',
              jobId,
              kind: 'import',
              phase: p.phase,
              file: path.basename(p.file),
              rows: p.rowsRead,
              done: p.bytesRead,
              total: p.bytesTotal,
            });
          },
        });
        const result = toImportResult(raw, retryIdFor);
        const changed = result.files.some((f) => f.rowsImported > 0 || f.rowsChanged > 0);
        if (!changed) monitoring?.abandon();
        // Without a computation beside it (the demo model in service), refresh says why in the log.
        const scored = changed && monitored ? (monitoring?.finish() ?? monitor.refresh()) : undefined;
        // Seconds of SQLite work on a large history: done in a worker, so answers never wait for it.
        await manager.refreshHistoryPlaces();
        if (scored) report({ type: 'log', jobId, kind: 'import', message: await scored });
        report({ type: 'done', jobId, kind: 'import', result });
        return result;
      } catch (error) {
        // Nothing of a failed import is scored (what it committed before failing is, at the next).
        monitoring?.abandon();
        report({ type: 'error', jobId, kind: 'import', message: (error as Error).message });
        throw error;
      } finally {
        jobs.delete(jobId);
      }
    });
    importChain = done.catch(() => {});
    return { jobId, done };
  };

  /** Trains in a worker; the job's end is the caller's to report. */
  const trainJob = (train: Parameters<Core['train']>[0], onLog?: (message: string) => void) =>
    startTrainingJob(
      {
        dbPath: options.dbPath,
        resourcesDir,
        ...(train.threads !== undefined ? { threads: train.threads } : {}),
        ...(train.seed !== undefined ? { seed: train.seed } : {}),
        ...(train.numTrees !== undefined ? { params: { numTrees: train.numTrees } } : {}),
        ...(train.tune ? { tune: true } : {}),
      },
      {
        ...(train.onProgress ? { onProgress: train.onProgress } : {}),
        ...(onLog ? { onLog } : {}),
      },
    );

  /** A new champion is scored in the background, behind any import (the view computes it if asked first). */
  const rescore = () => {
    importChain = importChain.then(() => monitor.refresh()).catch(() => {});
  };
  // A follower's champion changes when a publication is swapped in: scored like a local promotion.
  fleet.onEvent((event) => {
    if (event.status.outcome === 'updated') rescore();
  });
  const promoteModel: Core['promoteModel'] = async (id, force) => {
    // A follower's next look would undo it: the data officer's workstation promotes for every workstation.
    fleet.refuseOnFollower();
    const outcome = await manager.promote(id, force);
    if (outcome.promoted) rescore();
    const note = outcome.promoted ? await fleet.afterChampionChange('promote') : null;
    return { ...outcome, fleet: note };
  };
  const rollbackModel: Core['rollbackModel'] = async (id) => {
    fleet.refuseOnFollower();
    const model = toModelSummary(await manager.rollback(id));
    rescore();
    return { model, fleet: await fleet.afterChampionChange('rollback') };
  };

  /**
   * A command-line promote or rollback while this window is open changes the registry's champion behind
   * it: each answer first asks for the champion's id (one prepared query) and, when it moved, serves the
   * new champion from this answer on — never the retired one. A champion that cannot be loaded is tried
   * once (its failure said on the console, the model in service kept), not at every answer.
   */
  let unloadableChampion: string | null = null;
  const inStepWithRegistry = async (): Promise<void> => {
    const id = manager.registry.championId();
    if (id === null || id === manager.service.model.id || id === unloadableChampion) return;
    try {
      if (await manager.followRegistry()) {
        rescore();
        fleet.modelChanged();
      }
    } catch (error) {
      unloadableChampion = id;
      console.error(
        `Model ${id} was made the champion outside this window but cannot be loaded: ${(error as Error).message}`,
      );
    }
  };

  /** An answer from the demo model says why it answers here, and who can change that. */
  const withDemoNotice = (p: Prediction): Prediction =>
    p.isDemoModel ? { ...p, demoNotice: fleet.demoNotice() } : p;

  const core: Core = {
    dbPath: options.dbPath,
    warnings: manager.warnings,

    predict: async (request) => {
      const parsed = parsePayload(PredictRequestSchema, request);
      await inStepWithRegistry();
      return withDemoNotice(await manager.service.predict(parsed));
    },
    rankStations: async (request) => {
      const parsed = parsePayload(RankRequestSchema, request);
      await inStepWithRegistry();
      const ranked = await manager.service.rank(parsed);
      return { ...ranked, stations: ranked.stations.map(withDemoNotice) };
    },
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
        let undone: ReturnType<typeof history.undo>;
        try {
          undone = history.undo(id);
        } catch (error) {
          if (error instanceof UndoError) throw new Error(`Import not undone: ${error.message}.`);
          throw error;
        }
        // What was stored may count the removed rows: dropped, then the champion scored again.
        monitor.forgetAll();
        await monitor.refresh();
        return undone;
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
      const report = jobReporter(onEvent);
      const handle = trainJob(
        {
          // One learner thread: the other core stays free for the dispatcher's answers.
          threads: 1,
          ...(seed !== undefined ? { seed } : {}),
          onProgress: (p) =>
            report({
              type: 'progress',
              jobId: handle.jobId,
              kind: 'training',
              phase: p.phase,
              done: p.done,
              total: p.total,
              ...(p.validLoss !== undefined ? { validationLoss: p.validLoss } : {}),
            }),
        },
        (message) => report({ type: 'log', jobId: handle.jobId, kind: 'training', message }),
      );
      jobs.set(handle.jobId, { kind: 'training', cancel: handle.cancel });
      const done = handle.done
        .then((result) => {
          const summary = toModelSummary(registerTrained(manager, result, seed));
          report({
            type: 'done',
            jobId: handle.jobId,
            kind: 'training',
            result: summary,
            ...(result.weatherCoverage ? { weather: weatherTrainingLine(result.weatherCoverage) } : {}),
          });
          return summary;
        })
        .catch((error: Error) => {
          const message =
            error instanceof JobCancelledError ? error.message : `Training failed: ${error.message}`;
          report({ type: 'error', jobId: handle.jobId, kind: 'training', message });
          throw error;
        })
        .finally(() => jobs.delete(handle.jobId));
      return { jobId: handle.jobId, done };
    },

    async train(train) {
      const result = await trainJob(train).done;
      return { model: toModelSummary(registerTrained(manager, result, train.seed)), result };
    },

    cancelJob(jobId) {
      const job = jobs.get(jobId);
      if (!job) throw new Error('That job has already finished.');
      job.cancel();
    },

    listModels: () => {
      const back = manager.registry.previousChampion()?.id ?? null;
      return manager.list().map((m) => toModelSummary(m, back));
    },
    compare: (challengerId?: string): Promise<Comparison> => manager.compare(challengerId),
    promoteModel,

    async promote(id, force) {
      const { comparison, promoted } = await promoteModel(id, force);
      if (!promoted) {
        throw new Error(`Not promoted: ${comparison?.decision.reasons.join('; ') ?? 'no comparison'}`);
      }
      return comparison;
    },

    async rollback(id) {
      return (await rollbackModel(id)).model;
    },
    rollbackModel,

    monitor: () => importChain.then(() => monitor.report()),

    modelInService: () => manager.service.model,
    placesReady: () => manager.historyPlacesReady(),

    async loadModel(idOrFile) {
      let loaded: LoadedModel;
      if (fs.existsSync(idOrFile) && fs.statSync(idOrFile).isFile()) {
        const bytes = fs.readFileSync(idOrFile);
        try {
          loaded = await loadModel(bytes, sha256Hex(bytes).slice(0, MODEL_ID_LENGTH));
        } catch (error) {
          throw new ModelFileError(idOrFile, error);
        }
      } else {
        const record = manager.registry.get(idOrFile);
        if (record.id === manager.service.model.id) return manager.service.model;
        loaded = await loadVerified(manager.registry, record);
      }
      extraModels.push(loaded);
      return loaded;
    },

    dataSummary: (): DataSummary => history.summary(),

    mapBase: () => maps.mapBase(),
    cover: (request) => maps.cover(request),
    exportCover: (request, format, chooseFile) => maps.exportCover(request, format, chooseFile),

    about(): AboutInfo {
      return {
        appVersion: options.appVersion ?? '0.1.0',
        versions: { node: process.versions.node, ...options.versions },
        model: toModelSummary(manager.champion),
        databasePath: options.dbPath,
        fleet: fleet.about(),
        ...(options.databaseNote ? { databaseNote: options.databaseNote } : {}),
        predictionLogRetentionDays: retentionDays,
      };
    },

    get settingsWarning() {
      return fleet.settingsWarning;
    },
    settings: () => fleet.savedSettings(),
    async saveSettings(settings) {
      const saved = fleet.save(settings);
      if (saved.retentionDays !== retentionDays) {
        await auditLog.setRetention?.(saved.retentionDays);
        retentionDays = saved.retentionDays;
      }
      return saved;
    },
    fleetStatus: () => fleet.status(),
    publications: () => fleet.publications(),
    publish: (id, options) => fleet.publish(id, options ?? {}),
    syncNow: () => fleet.syncNow(),
    onFleetEvent: (listener) => fleet.onEvent(listener),

    async exportAudit(from, to, chooseFile) {
      const period = auditPeriod(from, to);
      const file = await chooseFile(auditFileName(period));
      if (file === null) return null;
      const folder = path.dirname(path.resolve(file));
      if (!fs.existsSync(folder)) {
        throw new Error(`The folder ${folder} does not exist: choose another place for the audit export.`);
      }
      try {
        return { file, rows: await auditLog.exportPeriod(period, file) };
      } catch (error) {
        throw explainStorageError(error, { what: `the audit export ${path.basename(file)}`, file });
      }
    },

    async close() {
      for (const job of jobs.values()) job.cancel();
      await fleet.close();
      monitor.close();
      // A rescore or import queued before the close ends (cancelled) before the files it uses go away;
      // bounded, so a quit never waits on it.
      await Promise.race([importChain, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
      for (const model of extraModels.splice(0)) await model.session.release();
      await maps.close();
      // The session first: an answer still in flight is logged before the log closes.
      await manager.close();
      await auditLog.close();
      db.close();
    },
  };
  return core;
}
