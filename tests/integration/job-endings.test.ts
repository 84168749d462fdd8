/**
 * Every job ends exactly once, and the core is the one that says so: a real core on a temp database,
 * reached through the same handlers Electron's IPC and the e2e bridge run, with real LFB files. For
 * each way a job can end — import done, import of a refused file, import cancelled, training done,
 * training with nothing to learn from, training cancelled — the window hears one `done` or `error`,
 * as the last event of that job, and the ending agrees with what the core's own promise settled to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app/core.js';
import { createHandlers, type Handlers } from '../../main/shell/handlers.js';
import { isJobEnd, type JobEvent } from '../../contract/index.js';
import { real, tempDir } from '../fixtures/lfb-files.js';

const INCIDENTS = real('incidents-2023-sample.csv');
const STATIONS = real('stations.csv');
const SEED = 7;
/** Training 10,000 real rows on one thread takes a while on a busy machine. */
const TRAINING_TIMEOUT_MS = 600_000;

let cleanup: () => void;
let dir: string;
let core: Core;
let handlers: Handlers;
const events: JobEvent[] = [];
const context = { emit: (event: JobEvent) => events.push(event) };

beforeAll(async () => {
  const t = tempDir('pump-eta-job-endings-');
  cleanup = t.cleanup;
  dir = t.dir;
  core = await createCore({ dbPath: path.join(dir, 'history.sqlite') });
  handlers = createHandlers(core);
}, 60_000);

afterAll(async () => {
  await core?.close();
  cleanup?.();
});

const eventsOf = (jobId: string) => events.filter((e) => e.jobId === jobId);

/** Waits until the job's ending has arrived, then a little longer for anything (wrongly) after it. */
async function ending(jobId: string, timeoutMs = 120_000): Promise<JobEvent[]> {
  await expect.poll(() => eventsOf(jobId).some(isJobEnd), { timeout: timeoutMs, interval: 50 }).toBe(true);
  await new Promise((r) => setTimeout(r, 300));
  const own = eventsOf(jobId);
  expect(own.filter(isJobEnd)).toHaveLength(1);
  expect(isJobEnd(own.at(-1)!)).toBe(true);
  return own;
}

function started(result: Awaited<ReturnType<Handlers['importFiles']>>): string {
  if (!result.ok) throw new Error(result.error);
  return result.value.jobId;
}

describe('one ending per job', () => {
  it('an import that stores its files ends with one done carrying the ImportResult', async () => {
    const jobId = started(await handlers.importFiles({ paths: [STATIONS, INCIDENTS] }, context));
    const own = await ending(jobId);
    const end = own.at(-1)!;
    expect(end).toMatchObject({ type: 'done', kind: 'import' });
    if (end.type !== 'done' || end.kind !== 'import') throw new Error('not an import ending');
    expect(end.result.files.map((f) => path.basename(f.file))).toEqual([
      'stations.csv',
      'incidents-2023-sample.csv',
    ]);
    expect(end.result.files[1]!.rowsImported).toBeGreaterThan(9_000);
    // Progress names the file and counts its rows as numbers, for the window's bars.
    const progress = own.filter((e) => e.type === 'progress' && e.kind === 'import');
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      if (p.type !== 'progress' || p.kind !== 'import') continue;
      expect(['stations.csv', 'incidents-2023-sample.csv']).toContain(p.file);
      expect(Number.isInteger(p.rows) && p.rows >= 0).toBe(true);
    }
  });

  it('an import of a file that is refused ends with one done whose report says why', async () => {
    const notLfb = path.join(dir, 'notes.csv');
    fs.writeFileSync(notLfb, 'shopping,list\nbread,2\n');
    const jobId = started(await handlers.importFiles({ paths: [notLfb] }, context));
    const end = (await ending(jobId)).at(-1)!;
    if (end.type !== 'done' || end.kind !== 'import') throw new Error(`ended with ${end.type}`);
    expect(end.result.files).toHaveLength(1);
    expect(end.result.files[0]!.error).toBeTruthy();
    expect(end.result.files[0]!.rowsImported).toBe(0);
  });

  it('a cancelled import ends with one error and no done', async () => {
    const jobId = started(await handlers.importFiles({ paths: [INCIDENTS] }, context));
    expect(await handlers.cancelJob({ jobId }, context)).toEqual({ ok: true, value: null });
    const own = await ending(jobId);
    expect(own.at(-1)).toMatchObject({ type: 'error', kind: 'import' });
    expect(own.some((e) => e.type === 'done')).toBe(false);
  });

  it(
    'a training run ends with one done carrying the registered candidate’s summary',
    async () => {
      const result = await handlers.startTraining({ seed: SEED }, context);
      if (!result.ok) throw new Error(result.error);
      const own = await ending(result.value.jobId, TRAINING_TIMEOUT_MS);
      const end = own.at(-1)!;
      if (end.type !== 'done' || end.kind !== 'training') throw new Error(`ended with ${end.type}`);
      expect(end.result.status).toBe('candidate');
      // The window hears how much weather the model learned from, as `pump-eta train` prints it:
      // this history has no weather file, so no training row had any.
      expect(end.weather).toMatch(/^Weather: no training row had weather data; answers from this model/);
      expect(core.listModels().find((m) => m.id === end.result.id)).toEqual(end.result);
      const losses = own.flatMap((e) =>
        e.type === 'progress' && e.kind === 'training' && e.validationLoss !== undefined
          ? [e.validationLoss]
          : [],
      );
      expect(losses.length).toBeGreaterThan(0);
      expect(losses.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    },
    TRAINING_TIMEOUT_MS,
  );

  it(
    'a cancelled training run ends with one error and registers nothing',
    async () => {
      const before = core.listModels().length;
      const result = await handlers.startTraining({ seed: SEED }, context);
      if (!result.ok) throw new Error(result.error);
      const { jobId } = result.value;
      // Cancelled once it is under way, so the worker's own check is what stops it.
      await expect
        .poll(() => eventsOf(jobId).some((e) => e.type === 'progress'), { timeout: 60_000, interval: 20 })
        .toBe(true);
      expect(await handlers.cancelJob({ jobId }, context)).toEqual({ ok: true, value: null });
      const own = await ending(jobId, TRAINING_TIMEOUT_MS);
      expect(own.at(-1)).toMatchObject({ type: 'error', kind: 'training' });
      expect(core.listModels()).toHaveLength(before);
    },
    TRAINING_TIMEOUT_MS,
  );

  it('training with no history to learn from ends with one error', async () => {
    const t = tempDir('pump-eta-job-endings-empty-');
    const empty = await createCore({ dbPath: path.join(t.dir, 'history.sqlite') });
    try {
      const own: JobEvent[] = [];
      const { jobId, done } = empty.startTraining(SEED, (e) => own.push(e));
      await expect(done).rejects.toThrow();
      expect(own.filter(isJobEnd)).toHaveLength(1);
      expect(own.at(-1)).toMatchObject({ type: 'error', kind: 'training', jobId });
      expect((own.at(-1) as { message: string }).message).toMatch(/^Training failed: /);
    } finally {
      await empty.close();
      t.cleanup();
    }
  }, 120_000);
});
