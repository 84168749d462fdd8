/**
 * The request handlers behind every invoke channel, free of Electron so that the IPC layer and the
 * end-to-end test bridge run exactly the same code: parse the untrusted payload with the contract's
 * schema, call the core, and answer with a Result whose error a person can act on.
 */
import type { z } from 'zod';
import type { CoreApi } from '../core/app/types.js';
import {
  REQUEST_SCHEMAS,
  parsePayload,
  type CoverExportFormat,
  type InvokeChannel,
  type JobEvent,
  type ResponseMap,
  type Result,
} from '../../contract/index.js';

export interface HandlerContext {
  /** Delivers a job's events to the window (or test page) that started it, and only to it. */
  readonly emit: (event: JobEvent) => void;
  /** Asks the person for files to import; null when they cancel. Absent where there is no dialog. */
  readonly chooseFiles?: () => Promise<readonly string[] | null>;
  /** Asks where to save a file (a suggested name given); null when they cancel. Absent without a dialog. */
  readonly chooseSaveFile?: (suggestedName: string, kind: SaveKind) => Promise<string | null>;
}

/** What a save dialog is for: a cover map (PNG), a cover grid (CSV) or the prediction log's audit (CSV). */
export type SaveKind = CoverExportFormat | 'audit';
const AUDIT_EXPORT_FORMAT: SaveKind = 'audit';

export type Handler<K extends InvokeChannel> = (
  payload: unknown,
  context: HandlerContext,
) => Promise<Result<ResponseMap[K]>>;
export type Handlers = { readonly [K in InvokeChannel]: Handler<K> };

export const INVOKE_CHANNELS = Object.keys(REQUEST_SCHEMAS) as InvokeChannel[];

type Parsed<K extends InvokeChannel> = z.output<(typeof REQUEST_SCHEMAS)[K]>;

/** Turns anything thrown into the sentence shown to the person; never an empty or "[object Object]" one. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message.trim()) return error.message;
  if (typeof error === 'string' && error.trim()) return error;
  return 'Something went wrong and no reason was given. Try again; if it repeats, note the time and report it.';
}

function handler<K extends InvokeChannel>(
  channel: K,
  run: (request: Parsed<K>, context: HandlerContext) => Promise<ResponseMap[K]> | ResponseMap[K],
): Handler<K> {
  return async (payload, context) => {
    try {
      const request = parsePayload(REQUEST_SCHEMAS[channel], payload) as Parsed<K>;
      return { ok: true, value: await run(request, context) };
    } catch (error) {
      return { ok: false, error: errorMessage(error) };
    }
  };
}

/**
 * The window hears how a job ends from the core alone (its one done or error event). The promise is
 * for callers in the same process; here its failure has already been reported, so it is not rethrown.
 */
function started(job: { readonly jobId: string; readonly done: Promise<unknown> }): { jobId: string } {
  job.done.catch(() => undefined);
  return { jobId: job.jobId };
}

export function createHandlers(core: CoreApi): Handlers {
  return {
    predict: handler('predict', (request) => core.predict(request)),
    rankStations: handler('rankStations', (incident) => core.rankStations(incident)),
    suggest: handler('suggest', ({ query, limit }) => core.suggest(query, limit)),
    stations: handler('stations', () => core.stations()),
    importFiles: handler('importFiles', ({ paths }, { emit }) => started(core.importFiles(paths, emit))),
    chooseAndImport: handler('chooseAndImport', async (_request, { emit, chooseFiles }) => {
      if (!chooseFiles)
        throw new Error('Choosing files is not available here; drop the files on the window instead.');
      const paths = await chooseFiles();
      if (!paths || paths.length === 0) return null;
      return started(core.importFiles(paths, emit));
    }),
    startTraining: handler('startTraining', ({ seed }, { emit }) => started(core.startTraining(seed, emit))),
    cancelJob: handler('cancelJob', ({ jobId }) => {
      core.cancelJob(jobId);
      return null;
    }),
    listModels: handler('listModels', () => core.listModels()),
    compare: handler('compare', ({ challengerId }) => core.compare(challengerId)),
    promote: handler('promote', ({ id, force }) => core.promote(id, force)),
    rollback: handler('rollback', ({ id }) => core.rollback(id)),
    dataSummary: handler('dataSummary', () => core.dataSummary()),
    undoImport: handler('undoImport', ({ id }) => core.undoImport(id)),
    importAsPartial: handler('importAsPartial', ({ retryId }, { emit }) =>
      started(core.importAsPartial(retryId, emit)),
    ),
    about: handler('about', () => core.about()),
    mapBase: handler('mapBase', () => core.mapBase()),
    cover: handler('cover', (request) => core.cover(request)),
    exportCover: handler('exportCover', ({ format, ...request }, { chooseSaveFile }) => {
      if (!chooseSaveFile) throw new Error('Saving files is not available here.');
      return core.exportCover(request, format, (name) => chooseSaveFile(name, format));
    }),
    getSettings: handler('getSettings', () => core.settings()),
    saveSettings: handler('saveSettings', (settings) => core.saveSettings(settings)),
    fleetStatus: handler('fleetStatus', () => core.fleetStatus()),
    publications: handler('publications', () => core.publications()),
    publish: handler('publish', ({ id, newKey }) => core.publish(id, newKey ? { newKey } : {})),
    syncNow: handler('syncNow', () => core.syncNow()),
    monitor: handler('monitor', () => core.monitor()),
    exportAudit: handler('exportAudit', ({ from, to }, { chooseSaveFile }) => {
      if (!chooseSaveFile) throw new Error('Saving files is not available here.');
      return core.exportAudit(from, to, (name) => chooseSaveFile(name, AUDIT_EXPORT_FORMAT));
    }),
  };
}
