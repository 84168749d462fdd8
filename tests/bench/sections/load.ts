import fs from 'node:fs';
import path from 'node:path';
import { importFiles } from '../../../main/core/ingest/index.js';
import { findResourcesDir } from '../../../main/core/registry/manager.js';
import { generateSynthetic } from '../../../tools/synthetic/index.js';
import { cachedDataset, datasetDir, markDataset, syntheticDataset } from '../lib/datasets.js';
import { latestVersion, openDatabase } from '../../../main/core/db/index.js';
import { buildGazetteer } from '../../../main/core/places/gazetteer.js';
import { loadTrainingRows } from '../../../main/core/training/dataset.js';
import { trainFromRows } from '../../../main/core/training/pipeline.js';
import { prepareSwaps } from '../lib/fleet-swaps.js';
import { percentile, runLoad } from '../lib/load.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * "Load": 1,000 predictions a second for 60 s (15 s with --quick) through the serving path —
 * the IPC schema, EtaService.predict on the model in service and the prediction log writing to the
 * history database — while a training job retrains from that database and an import writes into it,
 * each started again whenever it finishes. Response times count from when each request was due.
 */
const RATE = 1000;
const FULL_SECONDS = 60;
const QUICK_SECONDS = 15;
const HISTORY_ROWS = { full: 60_000, quick: 15_000 };
const INCOMING_ROWS = { full: 100_000, quick: 20_000 };
const P99_TARGET_MS = 10;
const CONTROL_SECONDS = 10;
/** A follower swaps models this often in the third run (a publication is rare; this is a stress). */
const SWAP_EVERY_SECONDS = 10;
/** The two models the follower alternates between: small, trained on the history the load uses. */
const SWAP_MODEL_TREES = 20;

/** Two models trained on the template's history (cached beside it): distinct files the bench swaps between. */
function swapModels(ctx: BenchContext, template: string): [Uint8Array, Uint8Array] {
  const files = [1, 2].map((seed) => `${template}.swap-model-${seed}.onnx`);
  if (!files.every((f) => fs.existsSync(f))) {
    ctx.log('training the two models a follower swaps between');
    const db = openDatabase(template, { readonly: true });
    try {
      const rows = loadTrainingRows(db);
      const gazetteer = buildGazetteer(db);
      files.forEach((file, i) => {
        const { bytes } = trainFromRows(rows, gazetteer, {
          seed: i + 1,
          params: { numTrees: SWAP_MODEL_TREES },
        });
        fs.writeFileSync(file, bytes);
      });
    } finally {
      db.close();
    }
  }
  return [fs.readFileSync(files[0]!), fs.readFileSync(files[1]!)];
}

/** A history database made once per data set, copied for each run (the run writes into it). */
async function historyTemplate(ctx: BenchContext, mobilisations: number): Promise<string> {
  const data = await syntheticDataset(ctx, mobilisations, 'csv');
  // Named by schema version: the cache is shared by checkouts of different versions, and a database
  // migrated by a newer one is refused by an older one.
  const file = path.join(path.dirname(data.mobilisationsFile), `load-history-v${latestVersion()}.sqlite`);
  const done = `${file}.done`;
  if (fs.existsSync(done) && fs.existsSync(file)) return file;
  ctx.log(`importing ${mobilisations.toLocaleString('en-GB')} mobilisations into ${file}`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const result = await importFiles(file, [data.stationsFile, data.incidentsFile, data.mobilisationsFile]);
  if (result.errors.length) throw new Error(result.errors[0]!.message);
  fs.writeFileSync(done, '');
  return file;
}

/** Calls after the history ends, so the import adds rows rather than finding duplicates. */
async function incomingFiles(ctx: BenchContext, mobilisations: number): Promise<string[]> {
  const dir = `${datasetDir(ctx, mobilisations, 'csv')}-incoming`;
  let data = cachedDataset(dir);
  if (!data) {
    fs.rmSync(dir, { recursive: true, force: true });
    ctx.log(`generating ${mobilisations.toLocaleString('en-GB')} later mobilisations to import`);
    data = await generateSynthetic({
      outDir: dir,
      mobilisations,
      format: 'csv',
      seed: `${ctx.seed}-incoming`,
      startDate: '2030-01-01',
    });
    markDataset(dir, data);
  }
  return [data.incidentsFile, data.mobilisationsFile];
}

export const section: BenchSection = {
  name: 'load',
  order: 55,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const size = ctx.quick ? 'quick' : 'full';
    const seconds = ctx.quick ? QUICK_SECONDS : FULL_SECONDS;
    const template = await historyTemplate(ctx, HISTORY_ROWS[size]);
    const incoming = await incomingFiles(ctx, INCOMING_ROWS[size]);
    const run = async (jobs: boolean, durationMs: number, swapping = false) => {
      const name = swapping ? 'swaps' : jobs ? 'jobs' : 'alone';
      const dir = path.join(ctx.tmpDir, `load-${name}`);
      fs.mkdirSync(dir, { recursive: true });
      const dbPath = path.join(dir, 'history.sqlite');
      fs.copyFileSync(template, dbPath);
      const swaps = swapping
        ? {
            // More publications than the window can use: one every SWAP_EVERY_SECONDS.
            plan: prepareSwaps(
              dir,
              swapModels(ctx, template),
              Math.ceil(durationMs / 1000 / SWAP_EVERY_SECONDS) + 2,
            ),
            everyMs: SWAP_EVERY_SECONDS * 1000,
            dataDir: dir,
          }
        : undefined;
      return runLoad({
        dbPath,
        resourcesDir: findResourcesDir(),
        importFiles: incoming,
        durationMs,
        ratePerSecond: RATE,
        jobs,
        log: ctx.log,
        ...(swaps ? { swaps } : {}),
      });
    };
    // The control: the same requests with no job running. On a machine others load too, it separates
    // what the jobs cost the dispatcher from what the machine's other work does.
    const alone = await run(false, CONTROL_SECONDS * 1000);
    const r = await run(true, seconds * 1000);
    // The same load while the workstation follows a shared folder and swaps models every 10 s.
    const sw = await run(true, seconds * 1000, true);
    for (const f of [...r.failureExamples, ...sw.failureExamples]) ctx.note(`a prediction failed: ${f}`);
    for (const refusal of sw.fleet?.refusals ?? [])
      ctx.note(`the follower refused a publication: ${refusal}`);
    if (r.training.activeShare < 0.99 || r.import.activeShare < 0.99) {
      ctx.note(
        `a job was idle part of the window (training ${(r.training.activeShare * 100).toFixed(0)} %, ` +
          `import ${(r.import.activeShare * 100).toFixed(0)} % of it)`,
      );
    }
    const loaded = `predict ${RATE}/s for ${seconds} s + training + import`;
    const control = `control: predict ${RATE}/s for ${CONTROL_SECONDS} s, no jobs`;
    const row =
      (name: string) =>
      (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({
        section: 'load',
        case: name,
        metric,
        value,
        unit,
        ...extra,
      });
    const base = row(control);
    const under = row(loaded);
    const swapping = row(`${loaded} + a follower swap every ${SWAP_EVERY_SECONDS} s`);
    return [
      base('p50 response', percentile(alone.responseMs, 0.5), 'ms'),
      base('p99 response', percentile(alone.responseMs, 0.99), 'ms'),
      base('failures', alone.failures, 'count', { target: 0 }),
      under('p50 response', percentile(r.responseMs, 0.5), 'ms'),
      under('p99 response', percentile(r.responseMs, 0.99), 'ms', { target: P99_TARGET_MS }),
      under('max response', r.responseMs[r.responseMs.length - 1] ?? NaN, 'ms'),
      under('p99 in the service', percentile(r.serviceMs, 0.99), 'ms'),
      under('failures', r.failures, 'count', { target: 0 }),
      under('achieved rate', r.achievedRate, '/s', { target: RATE * 0.99, targetIs: 'min' }),
      under('not logged', r.answered - r.logged, 'count', {
        target: 0,
        note: `${r.logWriteFailures} log writes failed other than on a busy database`,
      }),
      under('event-loop delay p99', r.eventLoopDelayP99Ms, 'ms'),
      under('event-loop delay max', r.eventLoopDelayMaxMs, 'ms'),
      under('training runs', r.training.started, 'count', {
        note: `${r.training.completed} completed; active ${(r.training.activeShare * 100).toFixed(0)} % of the window`,
      }),
      under('imports', r.import.started, 'count', {
        note:
          `${r.import.completed} completed, ${r.import.rowsImported.toLocaleString('en-GB')} rows; ` +
          `active ${(r.import.activeShare * 100).toFixed(0)} % of the window`,
      }),
      swapping('p50 response', percentile(sw.responseMs, 0.5), 'ms'),
      swapping('p99 response', percentile(sw.responseMs, 0.99), 'ms', { target: P99_TARGET_MS }),
      swapping('max response', sw.responseMs[sw.responseMs.length - 1] ?? NaN, 'ms'),
      swapping('p99 in the service', percentile(sw.serviceMs, 0.99), 'ms'),
      swapping('failures', sw.failures, 'count', { target: 0 }),
      swapping('achieved rate', sw.achievedRate, '/s', { target: RATE * 0.99, targetIs: 'min' }),
      swapping('not logged', sw.answered - sw.logged, 'count', { target: 0 }),
      swapping('event-loop delay max', sw.eventLoopDelayMaxMs, 'ms'),
      swapping('models swapped in', sw.fleet?.swapped ?? 0, 'count', {
        note: `${sw.fleet?.published ?? 0} publications in the window; ${sw.fleet?.refusals.length ?? 0} refused`,
      }),
    ];
  },
};
