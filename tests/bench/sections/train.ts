import path from 'node:path';
import type { TrainParams } from '../../../main/core/gbdt/index.js';
import { runChild, tsxArgs } from '../lib/child.js';
import { gbdtBenchData } from '../lib/gbdt-data.js';
import { PYTHON, pythonHas } from '../lib/pandas.js';
import { median } from '../lib/stats.js';
import { describeOtherWork, measuringOtherWork, type OtherWork } from '../lib/other-work.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * Training the GBDT on 1,000,000 generated rows x 20 features (100,000 with --quick): the point model
 * (L2, 500 trees, 63 leaves) and the P90 quantile model, each in a fresh process so its peak memory is
 * its own. Where a local Python has lightgbm, LightGBM trains on the same rows (the same .npy files)
 * with the same settings, on 1 and on 2 threads, and the ratios ours / LightGBM are reported against
 * the faster of the two. Ours runs as the app runs it (2 threads: a helper thread takes half of each
 * large histogram and partition) and, for reference, on 1 thread.
 * Training time includes binning on both sides. One run per model at full size (a run is itself 500
 * repetitions of the same work); --runs applies to --quick.
 */
const FULL = { train: 1_000_000, test: 200_000 };
const QUICK = { train: 100_000, test: 50_000 };
const POINT: TrainParams = {
  objective: 'l2',
  numTrees: 500,
  learningRate: 0.05,
  numLeaves: 63,
  minDataInLeaf: 20,
  lambdaL2: 0,
  maxBins: 255,
  seed: 1,
};
const P90: TrainParams = { ...POINT, objective: 'quantile', alpha: 0.9 };
/** The target: the point model on 1M rows in at most a minute on 2 cores. */
const POINT_TARGET_SECONDS = 60;
const TIME_RATIO_TARGET = 1.0;
const ERROR_RATIO_TARGET = 1.01;
/** The target machine has 2 cores: ours runs as the app runs it, on both. */
const OUR_THREADS = 2;
/**
 * LightGBM's settings timed: on both cores with OpenMP's default wait policy (active: threads spin
 * between parallel regions, which on a machine where other work competes for the cores made 2 threads
 * 7-10x slower than 1 here) and with OMP_WAIT_POLICY=PASSIVE (LightGBM at its best in that situation),
 * and on one core. The ratios are against the fastest of them.
 */
interface LightgbmSide {
  readonly label: string;
  readonly threads: number;
  /** null: OpenMP's default (the variable unset). */
  readonly waitPolicy: 'PASSIVE' | null;
}
const LIGHTGBM_SIDES: readonly LightgbmSide[] = [
  { label: '2 threads, default wait', threads: 2, waitPolicy: null },
  { label: '2 threads, OMP_WAIT_POLICY=PASSIVE', threads: 2, waitPolicy: 'PASSIVE' },
  { label: '1 thread', threads: 1, waitPolicy: null },
];
/** Each side runs at least this many times, interleaved with the others. */
const MIN_ROUNDS = 3;
function lightgbmEnv(waitPolicy: 'PASSIVE' | null): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (waitPolicy) env.OMP_WAIT_POLICY = waitPolicy;
  else delete env.OMP_WAIT_POLICY;
  return env;
}

interface Side {
  readonly label: string;
  readonly run: (label: string) => Promise<TrainReport>;
}

interface Sample {
  readonly report: TrainReport;
  readonly other: OtherWork;
}

function spreadOf(samples: readonly Sample[]): { min: number; max: number } {
  const walls = samples.map((x) => x.report.wallMs);
  return { min: Math.min(...walls), max: Math.max(...walls) };
}

/** Wall-time spread, CPU time, the load average and the other work during the runs, in words. */
function describeSpread(samples: readonly Sample[]): string {
  const { min, max } = spreadOf(samples);
  const loads = samples.map((x) => x.other.loadBefore);
  const cpu = median(samples.map((x) => x.report.cpuMs)) / 1000;
  return (
    `${samples.length} runs interleaved, wall ${(min / 1000).toFixed(1)}–${(max / 1000).toFixed(1)} s, ` +
    `CPU median ${cpu.toFixed(1)} s, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} ` +
    `(${describeOtherWork(samples.map((x) => x.other)).text})`
  );
}

interface TrainReport {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  trees: number;
  mae: number;
  rmse: number;
  pinball: number;
  coverage: number;
  version?: string;
}

function medianReport(reports: TrainReport[]): TrainReport {
  const m = (k: 'wallMs' | 'cpuMs' | 'maxRssKb') => median(reports.map((r) => r[k]));
  return { ...reports[0]!, wallMs: m('wallMs'), cpuMs: m('cpuMs'), maxRssKb: m('maxRssKb') };
}

export const section: BenchSection = {
  name: 'train',
  order: 40,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const size = ctx.quick ? QUICK : FULL;
    const runs = ctx.quick ? ctx.runs : 1;
    const data = gbdtBenchData(ctx, size.train, size.test);
    const lightgbm = pythonHas(['lightgbm', 'numpy']);
    if (!lightgbm.ok) ctx.note(`LightGBM comparison skipped: ${lightgbm.detail}`);
    if (ctx.quick)
      ctx.note(
        `--quick: ${size.train.toLocaleString('en-GB')} training rows; the time target is for 1,000,000`,
      );
    const child = path.join(ctx.repoRoot, 'tests/bench/children/gbdt-train-child.ts');
    const pyChild = path.join(ctx.repoRoot, 'tests/bench/children/gbdt_lightgbm.py');
    const rows: BenchRow[] = [];

    for (const [label, params] of [
      ['point', POINT],
      ['p90', P90],
    ] as const) {
      const c = `${label} ${params.objective} ${size.train.toLocaleString('en-GB')} x 20, ${params.numTrees} trees, ${params.numLeaves} leaves`;
      const ourRun = async (threads: number, run: string): Promise<TrainReport> => {
        ctx.log(`${c}: ours (${threads} thread${threads > 1 ? 's' : ''}), ${run}`);
        const { report } = await runChild<TrainReport>(
          process.execPath,
          tsxArgs(child, [data.dir, JSON.stringify(params), String(threads)]),
          { cwd: ctx.repoRoot, log: ctx.log },
        );
        return report;
      };
      const lightgbmRun = async (side: LightgbmSide, run: string): Promise<TrainReport> => {
        ctx.log(`${c}: LightGBM (${side.label}), ${run}`);
        const { report } = await runChild<TrainReport>(
          PYTHON,
          [pyChild, data.dir, JSON.stringify({ ...params, threads: side.threads })],
          { cwd: ctx.repoRoot, log: ctx.log, env: lightgbmEnv(side.waitPolicy) },
        );
        return report;
      };
      // Interleaved: every round runs each side once, starting one further along, so a busy spell of
      // a shared machine falls on all of them rather than on one.
      const sides: Side[] = [
        { label: 'ours', run: (r) => ourRun(OUR_THREADS, r) },
        ...(lightgbm.ok
          ? LIGHTGBM_SIDES.map((side) => ({ label: side.label, run: (r: string) => lightgbmRun(side, r) }))
          : []),
      ];
      const rounds = Math.max(MIN_ROUNDS, runs);
      const samples = new Map<string, Sample[]>(sides.map((side) => [side.label, []]));
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < sides.length; k++) {
          const side = sides[(round + k) % sides.length]!;
          const { report, other } = await measuringOtherWork(() => side.run(`round ${round + 1}/${rounds}`));
          samples.get(side.label)!.push({ report, other });
          // Each run as it ends: a run stopped part-way still leaves what it measured in the log.
          ctx.log(
            `${c}: ${side.label}, round ${round + 1}: wall ${(report.wallMs / 1000).toFixed(1)} s, ` +
              `CPU ${(report.cpuMs / 1000).toFixed(1)} s, load average before ${other.loadBefore.toFixed(1)}, ` +
              `other work ${other.cores === null ? '?' : other.cores.toFixed(2)} cores`,
          );
        }
      }
      const o = medianReport(samples.get('ours')!.map((x) => x.report));
      const single = medianReport([await ourRun(1, 'once, for reference')]);
      const refs = LIGHTGBM_SIDES.filter((side) => samples.has(side.label)).map((side) => ({
        side,
        samples: samples.get(side.label)!,
        report: medianReport(samples.get(side.label)!.map((x) => x.report)),
      }));
      const ref =
        refs.length > 0 ? refs.reduce((a, b) => (b.report.wallMs < a.report.wallMs ? b : a)).report : null;
      // The point model is judged on MAE (the promotion metric); the P90 model on pinball loss at 0.9.
      const errorMetric = label === 'point' ? 'mae' : 'pinball';
      const timeRatio = ref ? o.wallMs / ref.wallMs : undefined;
      const errorRatio = ref ? o[errorMetric] / ref[errorMetric] : undefined;
      const withRatio = (ratio: number | undefined) => (ratio === undefined ? {} : { ratio });
      const timeTarget = label === 'point' && !ctx.quick ? { target: POINT_TARGET_SECONDS } : {};
      rows.push(
        {
          section: 'train',
          case: c,
          metric: 'wall',
          value: o.wallMs / 1000,
          unit: 's',
          ...timeTarget,
          ...withRatio(timeRatio),
        },
        {
          section: 'train',
          case: c,
          metric: 'CPU',
          value: o.cpuMs / 1000,
          unit: 's',
          ...withRatio(ref ? o.cpuMs / ref.cpuMs : undefined),
        },
        {
          section: 'train',
          case: c,
          metric: 'peak RSS',
          value: o.maxRssKb / 1024,
          unit: 'MB',
          ...withRatio(ref ? o.maxRssKb / ref.maxRssKb : undefined),
        },
        {
          section: 'train',
          case: c,
          metric: `test ${errorMetric}`,
          value: o[errorMetric],
          unit: 's',
          ...withRatio(errorRatio),
        },
        { section: 'train', case: c, metric: 'test coverage', value: o.coverage, unit: '' },
      );
      const sc = `${c}: ours, 1 thread`;
      rows.push(
        { section: 'train', case: sc, metric: 'wall', value: single.wallMs / 1000, unit: 's' },
        { section: 'train', case: sc, metric: 'CPU', value: single.cpuMs / 1000, unit: 's' },
        { section: 'train', case: sc, metric: 'peak RSS', value: single.maxRssKb / 1024, unit: 'MB' },
      );
      const ourSamples = samples.get('ours')!;
      rows.push({
        section: 'train',
        case: c,
        metric: 'wall, spread',
        value: spreadOf(ourSamples).max / 1000,
        unit: 's',
        note: describeSpread(ourSamples),
      });
      for (const { side, samples: ss, report: r } of refs) {
        const lc = `${c}: LightGBM ${r.version ?? ''}, ${side.label}`;
        rows.push(
          {
            section: 'train',
            case: lc,
            metric: 'wall',
            value: r.wallMs / 1000,
            unit: 's',
            note: describeSpread(ss),
          },
          { section: 'train', case: lc, metric: 'CPU', value: r.cpuMs / 1000, unit: 's' },
          { section: 'train', case: lc, metric: 'peak RSS', value: r.maxRssKb / 1024, unit: 'MB' },
          { section: 'train', case: lc, metric: `test ${errorMetric}`, value: r[errorMetric], unit: 's' },
          { section: 'train', case: lc, metric: 'test coverage', value: r.coverage, unit: '' },
        );
      }
      if (ref) {
        rows.push(
          {
            section: 'train',
            case: c,
            metric: 'time ratio ours/LightGBM (fastest of its settings)',
            value: timeRatio!,
            unit: 'x',
            target: TIME_RATIO_TARGET,
          },
          {
            section: 'train',
            case: c,
            metric: `${errorMetric} ratio ours/LightGBM`,
            value: errorRatio!,
            unit: 'x',
            target: ERROR_RATIO_TARGET,
          },
        );
      }
    }
    return rows;
  },
};
