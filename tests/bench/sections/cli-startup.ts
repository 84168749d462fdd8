import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { median } from '../lib/stats.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * What a person at the keyboard waits for: `pump-eta help` and one `predict` as whole processes
 * (node start-up, loading the code, opening the database and the model, answering, exiting), run
 * several times each; median, fastest and slowest are reported. `npx pump-eta help` is timed too,
 * for information: npx spends its own time reading the dependency tree before it starts pump-eta.
 */
const HELP_TARGET_MS = 500;
const PREDICT_TARGET_MS = 1000;
const RUNS = 15;
const QUICK_RUNS = 5;
const NPX_RUNS = 3;

function timeProcess(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function rows(name: string, times: readonly number[], target?: number): BenchRow[] {
  const base = { section: 'cli', case: name, unit: 'ms' } as const;
  return [
    {
      ...base,
      metric: 'median',
      value: median(times),
      ...(target !== undefined ? { target } : {}),
      note: `${times.length} runs`,
    },
    { ...base, metric: 'fastest', value: Math.min(...times) },
    { ...base, metric: 'slowest', value: Math.max(...times) },
  ];
}

export const section: BenchSection = {
  name: 'cli',
  order: 55,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const runs = ctx.quick ? QUICK_RUNS : RUNS;
    const cwd = ctx.repoRoot;
    const env = { ...process.env, PUMP_ETA_DB: path.join(ctx.tmpDir, 'cli-bench.sqlite') };
    const bin = ['bin/pump-eta.mjs'];
    const predict = [...bin, 'predict', '--postcode', 'SE1', '--time', '17:30'];
    // The first predict installs the demo model in the fresh database: set-up, not the wait measured.
    timeProcess(cwd, process.execPath, predict, env);
    const repeat = (args: readonly string[], n: number, command = process.execPath) =>
      Array.from({ length: n }, () => timeProcess(cwd, command, args, env));
    const help = repeat([...bin, 'help'], runs);
    const single = repeat(predict, runs);
    const npx = repeat(['--offline', 'pump-eta', 'help'], NPX_RUNS, 'npx');
    ctx.note(
      `npx pump-eta help takes a median ${median(npx).toFixed(0)} ms, of which pump-eta itself ` +
        `is the 'pump-eta help' row; the rest is npm reading the dependency tree`,
    );
    return [
      ...rows('pump-eta help (node bin/pump-eta.mjs)', help, HELP_TARGET_MS),
      ...rows('pump-eta predict --postcode SE1, one answer', single, PREDICT_TARGET_MS),
      ...rows('npx pump-eta help (npm start-up included)', npx),
    ];
  },
};
