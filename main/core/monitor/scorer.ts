import { parentPort, type Worker } from 'node:worker_threads';
import { FEATURE_NAMES } from '../features/spec.js';
import { EtaSession, type RawPredictions } from '../serving/session.js';
import { spawnWorker } from '../workers/spawn.js';

/**
 * Who runs the champion's session on the monitor's batches. onnxruntime-node runs a session on the
 * calling thread (its promise only defers the call), and its own intra-op threads slow these trees
 * down rather than up; so the session runs in a thread of its own while the monitor's thread reads
 * and encodes the next batch: the two cores, free once the import is done, share the work.
 */

export interface ScoredBatch {
  readonly out: RawPredictions;
  /** The batch's feature rows, handed back (they travel to the scoring thread and return). */
  readonly matrix: Float32Array;
}

export interface BatchScorer {
  /** Scores the first `rows` rows of `matrix`; `matrix` is unusable until the answer hands it back. */
  score(matrix: Float32Array, rows: number): Promise<ScoredBatch>;
  release(): Promise<void>;
}

/** The session on the calling thread (tests compare the two; a single core gains nothing from a thread). */
export function sameThreadScorer(session: EtaSession): BatchScorer {
  return {
    async score(matrix, rows) {
      const out = await session.run(matrix.subarray(0, rows * FEATURE_NAMES.length), rows);
      return { out, matrix };
    },
    release: () => session.release(),
  };
}

/** What starts the scoring thread (worker.ts tells it from a job by `role`). */
export interface ScorerInit {
  readonly role: 'monitor-scorer';
  readonly model: Uint8Array;
}

export function isScorerInit(data: unknown): data is ScorerInit {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === 'monitor-scorer';
}

/** A typed array's buffer, to hand over (ours are never shared). */
const bufferOf = (a: Float32Array): ArrayBuffer => a.buffer as ArrayBuffer;

interface ScoreRequest {
  readonly id: number;
  readonly matrix: Float32Array;
  readonly rows: number;
}

type ScoreReply =
  | { readonly id: number; readonly out: RawPredictions; readonly matrix: Float32Array }
  | { readonly id: number; readonly error: string };

/** The scoring thread: one session, one batch at a time, answers copied into buffers it hands over. */
export async function serveScoring(init: ScorerInit): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the scoring thread must run in a worker');
  const session = await EtaSession.create(init.model, FEATURE_NAMES.length);
  port.on('message', (request: ScoreRequest | 'release') => {
    if (request === 'release') {
      void session.release().then(() => port.close());
      return;
    }
    void session
      .run(request.matrix.subarray(0, request.rows * FEATURE_NAMES.length), request.rows)
      .then((raw) => {
        // onnxruntime's output buffers belong to it: copies are handed over instead.
        const out: RawPredictions = {
          eta: Float32Array.from(raw.eta),
          p90: Float32Array.from(raw.p90),
          withinTarget: Float32Array.from(raw.withinTarget),
          late: Float32Array.from(raw.late),
        };
        const reply: ScoreReply = { id: request.id, out, matrix: request.matrix };
        port.postMessage(reply, [request.matrix, out.eta, out.p90, out.withinTarget, out.late].map(bufferOf));
      })
      .catch((error: unknown) =>
        port.postMessage({ id: request.id, error: String(error) } satisfies ScoreReply),
      );
  });
  port.postMessage('ready');
}

/** The calling side: batches go to the scoring thread in order and come back with their answers. */
export async function threadScorer(model: Uint8Array): Promise<BatchScorer> {
  const init: ScorerInit = { role: 'monitor-scorer', model };
  const worker: Worker = spawnWorker(new URL('./worker.js', import.meta.url), { workerData: init });
  const waiting = new Map<number, { resolve: (b: ScoredBatch) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  // Only our own listeners are removed: Worker keeps internal ones that start its message port.
  await new Promise<void>((resolve, reject) => {
    const stopped = (code: number) => done(new Error(`the scoring thread stopped (exit code ${code})`));
    const done = (error: Error | null) => {
      worker.off('message', ready).off('error', done).off('exit', stopped);
      if (error) reject(error);
      else resolve();
    };
    const ready = () => done(null);
    worker.on('message', ready).on('error', done).on('exit', stopped);
  });
  worker.on('message', (reply: ScoreReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if ('error' in reply) w.reject(new Error(reply.error));
    else w.resolve({ out: reply.out, matrix: reply.matrix });
  });
  const stopped = (code: number) => failAll(new Error(`the scoring thread stopped (exit code ${code})`));
  let exited = false;
  worker.on('error', failAll);
  worker.on('exit', stopped);
  worker.on('exit', () => (exited = true));
  let next = 0;
  return {
    score(matrix, rows) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<ScoredBatch>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, matrix, rows } satisfies ScoreRequest, [bufferOf(matrix)]);
      });
    },
    async release() {
      worker.off('exit', stopped);
      // A thread that stopped on its own (its failure already told) has nothing left to release.
      if (exited) return;
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('release');
      });
    },
  };
}
