import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Synchronous } from '../../../main/core/db/index.js';
import { importFiles } from '../../../main/core/ingest/index.js';
import { syntheticDataset } from '../lib/datasets.js';
import { median } from '../lib/stats.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * What syncing every commit costs (docs/faults-and-load.md, "Durability"). Imports and the model
 * registry commit with `synchronous = FULL` (the WAL is synced at every commit, so an acknowledged
 * import survives a power cut); the prediction log keeps NORMAL. Two measurements, each FULL and
 * NORMAL interleaved (FULL first on even rounds, NORMAL first on odd), so a busy moment of the shared
 * machine falls on both sides:
 * - a whole import (stations, incidents, mobilisations) into a fresh database, one transaction per file;
 * - small commits, one row each, as the registry writes them (a model row, an event, a promotion).
 */
const MOBILISATIONS = 200_000;
const QUICK_MOBILISATIONS = 20_000;
const ROUNDS = 3;
const SMALL_COMMITS = 200;
const MODES: readonly Synchronous[] = ['full', 'normal'];

async function timeImport(ctx: BenchContext, files: string[], mode: Synchronous, round: number) {
  const dbPath = path.join(ctx.tmpDir, `durability-${mode}-${round}.sqlite`);
  const started = performance.now();
  const result = await importFiles(dbPath, files, { synchronous: mode });
  const seconds = (performance.now() - started) / 1000;
  if (result.errors.length > 0) throw new Error(`import refused: ${result.errors[0]!.message}`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
  return seconds;
}

function timeSmallCommits(ctx: BenchContext, mode: Synchronous, round: number): number {
  const dbPath = path.join(ctx.tmpDir, `durability-commits-${mode}-${round}.sqlite`);
  const db = openDatabase(dbPath, { synchronous: mode });
  try {
    const insert = db.prepare(
      "INSERT INTO predictions (at, model_id, kind, input_json, output_json) VALUES (?, 'm', 'predict', '{}', '{}')",
    );
    const one = db.transaction((i: number) => insert.run(String(i)));
    const started = performance.now();
    for (let i = 0; i < SMALL_COMMITS; i++) one(i);
    return (performance.now() - started) / SMALL_COMMITS;
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
  }
}

export const section: BenchSection = {
  name: 'durability',
  order: 15,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rows = ctx.quick ? QUICK_MOBILISATIONS : MOBILISATIONS;
    const data = await syntheticDataset(ctx, rows, 'csv');
    const files = [data.stationsFile, data.incidentsFile, data.mobilisationsFile];
    const imports: Record<Synchronous, number[]> = { full: [], normal: [] };
    const commits: Record<Synchronous, number[]> = { full: [], normal: [] };
    const load: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of order) {
        load.push(os.loadavg()[0]!);
        const seconds = await timeImport(ctx, files, mode, round);
        imports[mode].push(seconds);
        commits[mode].push(timeSmallCommits(ctx, mode, round));
        ctx.log(`round ${round + 1}, ${mode}: import ${seconds.toFixed(2)} s`);
      }
    }
    const label = `${rows.toLocaleString('en-GB')} mobilisations (csv) + incidents + stations`;
    const spread = (v: readonly number[], digits: number, unit: string) =>
      `${Math.min(...v).toFixed(digits)}–${Math.max(...v).toFixed(digits)} ${unit}`;
    const out: BenchRow[] = [];
    for (const mode of MODES) {
      out.push({
        section: 'durability',
        case: `import ${label}, synchronous ${mode.toUpperCase()}`,
        metric: 'import (median)',
        value: median(imports[mode]),
        unit: 's',
        note: `${ROUNDS} runs interleaved: ${spread(imports[mode], 2, 's')}`,
      });
      out.push({
        section: 'durability',
        case: `one-row commits, synchronous ${mode.toUpperCase()}`,
        metric: 'per commit (median)',
        value: median(commits[mode]),
        unit: 'ms',
        note: `${SMALL_COMMITS} commits × ${ROUNDS} runs: ${spread(commits[mode], 3, 'ms')}`,
      });
    }
    out.push({
      section: 'durability',
      case: `import ${label}`,
      metric: 'FULL / NORMAL',
      value: median(imports.full) / median(imports.normal),
      unit: '×',
      note: `load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} during the runs`,
    });
    return out;
  },
};
