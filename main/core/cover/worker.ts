import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { BoundaryLayer } from '../../../contract/index.js';
import { openDatabase, type Db } from '../db/index.js';
import { loadModel, type LoadedModel } from '../serving/service.js';
import { serveRequests } from '../workers/run.js';
import { historyBackdrop } from './backdrop.js';
import { computeCover } from './compute.js';
import { readBoundaries, readIncidentPositions } from './history.js';
import type { MapsRequest, MapsResult, MapsWorkerInit } from './job.js';

/** The maps thread of job.ts: cover grids and the maps' base, from the history and the model in service. */

interface HistoryView {
  readonly version: number;
  readonly positions: Float64Array;
  readonly boundaries: readonly BoundaryLayer[];
}

serveRequests<MapsWorkerInit, never, MapsRequest, MapsResult>((init) => {
  let db: Db | null = null;
  let history: HistoryView | null = null;
  let model: LoadedModel | null = null;

  /** The history as now stored: SQLite's data_version changes when another connection commits. */
  const readHistory = (): HistoryView => {
    db ??= openDatabase(init.dbPath, { readonly: true });
    const version = db.pragma('data_version', { simple: true }) as number;
    if (history?.version !== version) {
      history = { version, positions: readIncidentPositions(db), boundaries: readBoundaries(db) };
    }
    return history;
  };

  const modelInService = async (file: string, id: string): Promise<LoadedModel> => {
    if (model?.id === id) return model;
    const bytes = fs.readFileSync(file);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (!sha.startsWith(id)) {
      throw new Error(`the model file of ${id} has changed on disk: the cover was not computed`);
    }
    const next = await loadModel(bytes, id);
    await model?.session.release();
    model = next;
    return next;
  };

  return {
    note: () => {},
    async request(request) {
      switch (request.kind) {
        case 'mapBase': {
          const { positions, boundaries } = readHistory();
          return { backdrop: positions.length > 0 ? historyBackdrop(positions) : null, boundaries };
        }
        case 'cover': {
          const { positions, boundaries } = readHistory();
          const scoring = await modelInService(request.modelFile, request.modelId);
          return computeCover(scoring, {
            callTime: new Date(request.callTimeMs),
            callTimeLabel: request.callTimeLabel,
            cellMetres: request.cellMetres,
            without: request.without,
            positions,
            boundaries,
            ...(request.nearest !== undefined ? { nearest: request.nearest } : {}),
          });
        }
        default: {
          const never: never = request;
          throw new Error(`unknown maps request ${JSON.stringify(never)}`);
        }
      }
    },
  };
});
