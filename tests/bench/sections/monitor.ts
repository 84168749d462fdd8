import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedDataset, datasetDir, markDataset } from '../lib/datasets.js';
import { runChild, tsxArgs } from '../lib/child.js';
import { median } from '../lib/stats.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';
import { NEWER_START, trainedHistory, type MonitoringSizes } from '../../fixtures/monitoring.js';
import { generateSynthetic, type GenerateResult } from '../../../tools/synthetic/index.js';

/**
 * What scoring the champion on newly imported vehicles adds to an import. A history whose champion was
 * trained on a year of calls (the training window's distributions already computed, as they are
 * once per model) takes an import of 1,000,000 newer Mobilisation rows (50,000 with --quick) with their
 * Incident file, through the core's import job, with and without the monitoring step; runs
 * interleaved (off, on, on, off …), each in a fresh process on a fresh copy of the history. Target:
 * the step adds at most 20 % to the import's wall time (medians).
 */
const FULL_ROWS = 1_000_000;
const QUICK_ROWS = 50_000;
const TRAINING_ROWS = { full: 150_000, quick: 30_000 };
const MAX_ADDED_SHARE = 0.2;

interface ChildReport {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  messages: string[];
  rowsImported: number;
  errors: string[];
  vehiclesScored: number;
  /** Without the step: the champion then scored alone (wall and CPU time of all threads). */
  scoreMs: number | null;
  scoreCpuMs: number | null;
}

/** Newer calls than the champion's window, generated once per size and cached like the other data sets. */
async function newerDataset(ctx: BenchContext, rows: number): Promise<GenerateResult> {
  const dir = `${datasetDir(ctx, rows, 'csv')}-from-${NEWER_START}`;
  const cached = cachedDataset(dir);
  if (cached) return cached;
  fs.rmSync(dir, { recursive: true, force: true });
  ctx.log(`generating ${rows.toLocaleString('en-GB')} newer synthetic mobilisations (cached in ${dir})`);
  const result = await generateSynthetic({
    outDir: dir,
    mobilisations: rows,
    format: 'csv',
    startDate: NEWER_START,
    seed: `${ctx.seed}-newer`,
  });
  markDataset(dir, result);
  return result;
}

const spread = (values: readonly number[]) =>
  `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} s`;

export const section: BenchSection = {
  name: 'monitor',
  order: 25,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rows = ctx.quick ? QUICK_ROWS : FULL_ROWS;
    const sizes: MonitoringSizes = {
      trainingVehicles: ctx.quick ? TRAINING_ROWS.quick : TRAINING_ROWS.full,
      newerVehicles: rows,
      // The default number of trees: scoring time grows with the model's size.
      numTrees: 500,
    };
    const newer = await newerDataset(ctx, rows);
    ctx.log(`training the champion on ${sizes.trainingVehicles.toLocaleString('en-GB')} earlier vehicles`);
    const base = path.dirname(await trainedHistory(path.join(ctx.tmpDir, 'monitor-base'), sizes));
    const child = path.join(ctx.repoRoot, 'tests/bench/children/monitor-import-child.ts');
    const files = [newer.incidentsFile, newer.mobilisationsFile];
    const walls: Record<'on' | 'off', number[]> = { on: [], off: [] };
    const rss: Record<'on' | 'off', number[]> = { on: [], off: [] };
    const cpu: Record<'on' | 'off', number[]> = { on: [], off: [] };
    let scored = 0;
    const alone: { wall: number[]; cpu: number[] } = { wall: [], cpu: [] };
    const load: number[] = [];
    for (let run = 1; run <= ctx.runs; run++) {
      // Alternating which goes first, so a drift in the machine's load falls on both sides.
      const order: ('on' | 'off')[] = run % 2 === 1 ? ['off', 'on'] : ['on', 'off'];
      for (const mode of order) {
        const dir = path.join(ctx.tmpDir, `monitor-${mode}-${run}`);
        fs.cpSync(base, dir, { recursive: true });
        load.push(os.loadavg()[0]!);
        ctx.log(
          `import of ${rows.toLocaleString('en-GB')} newer rows, monitoring ${mode}, run ${run}/${ctx.runs}`,
        );
        const { report } = await runChild<ChildReport>(
          process.execPath,
          tsxArgs(child, [path.join(dir, 'history.sqlite'), mode, ...files]),
          { cwd: ctx.repoRoot, log: ctx.log },
        );
        fs.rmSync(dir, { recursive: true, force: true });
        if (report.errors.length > 0) throw new Error(`import failed: ${report.errors.join('; ')}`);
        if (mode === 'off' && report.scoreMs !== null && report.scoreCpuMs !== null) {
          alone.wall.push(report.scoreMs / 1000);
          alone.cpu.push(report.scoreCpuMs / 1000);
        }
        if (mode === 'on') {
          scored = report.vehiclesScored;
          if (!report.messages.some((m) => /scored on/.test(m))) {
            throw new Error(`the monitoring step did not score: ${report.messages.join(' | ')}`);
          }
        }
        walls[mode].push(report.wallMs / 1000);
        cpu[mode].push(report.cpuMs / 1000);
        ctx.log(
          `  ${(report.wallMs / 1000).toFixed(1)} s wall, ${(report.cpuMs / 1000).toFixed(1)} s CPU, ` +
            `peak ${(report.maxRssKb / 1024).toFixed(0)} MB`,
        );
        rss[mode].push(report.maxRssKb / 1024);
      }
    }
    const off = median(walls.off);
    const on = median(walls.on);
    const added = (on - off) / off;
    const cpuOff = median(cpu.off);
    const cpuOn = median(cpu.on);
    ctx.note(
      `import without scoring ${off.toFixed(1)} s (${spread(walls.off)}), with ${on.toFixed(1)} s ` +
        `(${spread(walls.on)}); ${scored.toLocaleString('en-GB')} vehicles scored; load average ` +
        `${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${os.cpus().length} cores`,
    );
    const c = `import ${rows.toLocaleString('en-GB')} newer rows`;
    const perVehicle = (seconds: number) => (seconds * 1e6) / Math.max(1, scored);
    return [
      {
        section: 'monitor',
        case: `${c}, the champion then scored alone`,
        metric: 'wall',
        value: median(alone.wall),
        unit: 's',
        note: `${perVehicle(median(alone.wall)).toFixed(2)} µs a vehicle; CPU ${median(alone.cpu).toFixed(1)} s (${perVehicle(median(alone.cpu)).toFixed(2)} µs a vehicle); worker start and session included`,
      },
      { section: 'monitor', case: `${c}, without scoring`, metric: 'wall', value: off, unit: 's' },
      { section: 'monitor', case: `${c}, then the champion scored`, metric: 'wall', value: on, unit: 's' },
      {
        section: 'monitor',
        case: `${c}: scoring's share`,
        metric: 'added',
        value: added * 100,
        unit: '%',
        ...(ctx.quick ? {} : { target: MAX_ADDED_SHARE * 100 }),
      },
      { section: 'monitor', case: `${c}, without scoring`, metric: 'CPU', value: cpuOff, unit: 's' },
      { section: 'monitor', case: `${c}, then the champion scored`, metric: 'CPU', value: cpuOn, unit: 's' },
      {
        section: 'monitor',
        case: `${c}: scoring's share of CPU time`,
        metric: 'added',
        value: ((cpuOn - cpuOff) / cpuOff) * 100,
        unit: '%',
        note: 'CPU time of all threads: less moved by a busy machine than wall time',
      },
      {
        section: 'monitor',
        case: `${c}, then the champion scored`,
        metric: 'peak RSS',
        value: median(rss.on),
        unit: 'MB',
        note: `without scoring ${median(rss.off).toFixed(0)} MB`,
      },
    ];
  },
};
