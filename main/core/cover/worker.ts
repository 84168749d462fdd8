import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { openDatabase } from '../db/index.js';
import { loadModel } from '../serving/service.js';
import { runJob } from '../workers/run.js';
import { historyBackdrop } from './backdrop.js';
import { computeCover, type CoverOutput } from './compute.js';
import { readBoundaries, readIncidentPositions } from './history.js';
import type { MapBaseFromHistory, MapsJobRequest } from './job.js';

/** The worker of job.ts: a cover grid or the maps' base, from the history and the model in service. */
runJob<MapsJobRequest, never, CoverOutput | MapBaseFromHistory>(async (request, job) => {
  const db = openDatabase(request.dbPath, { readonly: true });
  try {
    const positions = readIncidentPositions(db);
    const boundaries = readBoundaries(db);
    switch (request.kind) {
      case 'mapBase':
        return { backdrop: positions.length > 0 ? historyBackdrop(positions) : null, boundaries };
      case 'cover': {
        const bytes = fs.readFileSync(request.modelFile);
        const sha = createHash('sha256').update(bytes).digest('hex');
        if (!sha.startsWith(request.modelId)) {
          throw new Error(
            `the model file of ${request.modelId} has changed on disk: the cover was not computed`,
          );
        }
        const model = await loadModel(bytes, request.modelId);
        try {
          return await computeCover(model, {
            callTime: new Date(request.callTimeMs),
            callTimeLabel: request.callTimeLabel,
            cellMetres: request.cellMetres,
            without: request.without,
            positions,
            boundaries,
            ...(request.nearest !== undefined ? { nearest: request.nearest } : {}),
            shouldStop: job.isCancelled,
          });
        } finally {
          await model.session.release();
        }
      }
      default: {
        const never: never = request;
        throw new Error(`unknown maps job ${JSON.stringify(never)}`);
      }
    }
  } finally {
    db.close();
  }
});
