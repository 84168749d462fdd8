import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/index.js';
import { decodeMetadata } from '../../main/core/model/format.js';
import { readOnnxMetadata } from '../../main/core/onnx/index.js';
import { startTrainingJob } from '../../main/core/training/job.js';
import { trainFromDatabase, type TrainingProgress } from '../../main/core/training/pipeline.js';
import { JobCancelledError } from '../../main/core/workers/protocol.js';
import { tempDir } from '../fixtures/lfb-files.js';
import { syntheticHistory, type SyntheticHistory } from '../fixtures/synthetic-recovery.js';
import { TRANSPORTS, useTransport } from '../fixtures/transport.js';

/**
 * `startTrainingJob` runs the pipeline in a worker thread: it reports its phases, tree k of n and the
 * validation loss, returns the model bytes (the same bytes training in-process gives), and a job
 * cancelled mid-training rejects with JobCancelledError and leaves the database as it was — in this
 * process, and in a child process (the transport Windows uses, forced here).
 */
const PARAMS = { numTrees: 80, earlyStoppingRounds: 80 } as const;
/** Far more trees than the test could wait for: the job can only end by being cancelled. */
const ENDLESS = { numTrees: 5_000, earlyStoppingRounds: 5_000 } as const;
const SEED = 11;

let cleanup: () => void;
let history: SyntheticHistory;

/** Every table's rows (order-independent) and counts, through a connection of the test's own. */
function databaseState(dbPath: string): { counts: Record<string, number>; checksum: string } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    const hash = createHash('sha256');
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const rows = (db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map((r) =>
        JSON.stringify(r),
      );
      rows.sort();
      counts[table] = rows.length;
      hash.update(`${table}\n${rows.length}\n${rows.join('\n')}\n`);
    }
    return { counts, checksum: hash.digest('hex') };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const t = tempDir('pump-eta-training-job-');
  cleanup = t.cleanup;
  history = await syntheticHistory(t.dir, { mobilisations: 10_000, months: 12, seed: 'training-job' });
}, 120_000);
afterAll(() => cleanup?.());

describe.each(TRANSPORTS)('training in a worker thread, run as a %s', (transport) => {
  useTransport(transport);

  it('reports phases, tree k of n and validation loss, and returns the model', async () => {
    const progress: TrainingProgress[] = [];
    const job = startTrainingJob(
      { dbPath: history.dbPath, seed: SEED, params: PARAMS },
      { onProgress: (p) => progress.push(p) },
    );
    expect(job.jobId).toMatch(/^[0-9a-f-]{36}$/);
    const result = await job.done;

    const phases = progress.map((p) => p.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
    expect(phases).toEqual([
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
    ]);
    for (const phase of ['point', 'upper', 'late'] as const) {
      const trees = progress.filter((p) => p.phase === phase);
      expect(trees.length, phase).toBeGreaterThan(0);
      for (const p of trees) {
        expect(p.total).toBe(PARAMS.numTrees);
        expect(p.done).toBeGreaterThanOrEqual(1);
        expect(p.done).toBeLessThanOrEqual(p.total);
        expect(Number.isFinite(p.validLoss), `${phase} tree ${p.done}`).toBe(true);
      }
      const done = trees.map((p) => p.done);
      expect(done).toEqual([...done].sort((a, b) => a - b));
    }
    // The refit counts the point and upper models' trees in one run; the folds count to four.
    const refit = progress.filter((p) => p.phase === 'refit');
    expect(refit.at(-1)!.done).toBe(refit.at(-1)!.total);
    expect(refit.at(-1)!.total).toBe(result.trees.point + result.trees.upper);
    // Reports closer than 100 ms apart are dropped, except where a count starts or ends.
    const folds = progress.filter((p) => p.phase === 'folds').map((p) => p.done);
    expect(folds[0]).toBe(0);
    expect(folds.at(-1)).toBe(4);
    expect(folds).toEqual([...folds].sort((a, b) => a - b));
    // Validation loss is an L1 loss in seconds for the point model: the MAE on the validation slice.
    const lastPoint = progress.filter((p) => p.phase === 'point').at(-1)!;
    expect(lastPoint.validLoss!).toBeGreaterThan(30);
    expect(lastPoint.validLoss!).toBeLessThan(150);

    expect(result.bytes).toBeInstanceOf(Uint8Array);
    const meta = decodeMetadata(readOnnxMetadata(result.bytes));
    expect(meta.calibration).toEqual(result.calibration);
    expect((meta.params.point as { seed: number }).seed).toBe(SEED);
    expect(result.rows.holdout).toBeGreaterThan(1000);
    expect(result.holdout.metrics.count).toBe(result.rows.holdout);

    // The worker is only a place to run the pipeline: in-process training gives the same file.
    const db = openDatabase(history.dbPath, { readonly: true });
    try {
      const local = trainFromDatabase(db, { seed: SEED, params: PARAMS });
      expect(Buffer.from(result.bytes).equals(Buffer.from(local.bytes))).toBe(true);
    } finally {
      db.close();
    }
    // Two full trainings (the job and in-process), each with the pumps classifier, on a shared machine.
  }, 240_000);

  it('rejects with JobCancelledError when cancelled mid-training and changes nothing', async () => {
    const before = databaseState(history.dbPath);
    expect(before.counts.mobilisations).toBe(10_000);
    const progress: TrainingProgress[] = [];
    let cancelledAt: TrainingProgress | undefined;
    const job = startTrainingJob(
      { dbPath: history.dbPath, seed: SEED, params: ENDLESS },
      {
        onProgress: (p) => {
          progress.push(p);
          if (!cancelledAt && p.phase === 'point' && p.done >= 1) {
            cancelledAt = p;
            job.cancel();
          }
        },
      },
    );
    await expect(job.done).rejects.toBeInstanceOf(JobCancelledError);
    await expect(job.done).rejects.toThrow(/cancelled/);
    expect(cancelledAt).toBeDefined();
    expect(cancelledAt!.done).toBeLessThan(ENDLESS.numTrees);
    // Stopped inside the point model: nothing after it ran.
    expect(progress.some((p) => ['upper', 'calibrating', 'evaluating', 'exporting'].includes(p.phase))).toBe(
      false,
    );
    expect(databaseState(history.dbPath)).toEqual(before);
  });
});
