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

  /** The history as now stored: SQLite's data_version changes when another connection commits. */
  const readHistory = (): HistoryView => {
    db ??= openDatabase(init.dbPath, { readonly: true });
    const version = db.pragma('data_version', { simple: true }) as number;
    if (history?.version !== version) {
      history = { version, positions: readIncidentPositions(db), boundaries: readBoundaries(db) };
    }
    return history;
  };

  /** The model in service, opened once per id; a newer one replaces (and releases) it. */
  let loaded: { readonly id: string; readonly model: Promise<LoadedModel> } | null = null;
  const modelInService = (file: string, id: string): Promise<LoadedModel> => {
    if (loaded?.id === id) return loaded.model;
    const previous = loaded;
    const model = (async () => {
      // Requests come one at a time, so no cover is scoring with the previous model now.
      const old = previous ? await previous.model.catch(() => null) : null;
      const bytes = fs.readFileSync(file);
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (!sha.startsWith(id)) {
        throw new Error(`the model file of ${id} has changed on disk: the cover was not computed`);
      }
      const next = await loadModel(bytes, id);
      await old?.session.release();
      return next;
    })();
    loaded = { id, model };
    // A failed opening is tried again by the next request, not remembered.
    model.catch(() => {
      if (loaded?.model === model) loaded = null;
    });
    return model;
  };

  return {
    note: () => {},
    async request(request) {
      switch (request.kind) {
        case 'mapBase': {
          // The map screen asks for its base first: the model opens meanwhile, so the first cover
          // waits for the scoring alone.
          if (request.model) modelInService(request.model.file, request.model.id).catch(() => {});
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
