import fs from 'node:fs';
import path from 'node:path';
import type { GenerateResult } from '../../../tools/synthetic/index.js';
import { runChild, tsxArgs } from '../lib/child.js';
import { cachedDataset, datasetDir, markDataset } from '../lib/datasets.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * Generation speed of the synthetic data set (1,000,000 mobilisations and their ~650,000 incidents;
 * 50,000 with --quick), as csv and xlsx, in a fresh process each. Generation is deterministic, so one
 * run is measured; its output then seeds the cache the import section reads.
 */
const FULL_ROWS = 1_000_000;
const QUICK_ROWS = 50_000;
/** "Well under a minute" for a million csv rows. */
const CSV_TARGET_SECONDS = 30;

interface SynthReport {
  wallMs: number;
  maxRssKb: number;
  result: GenerateResult;
}

export const section: BenchSection = {
  name: 'synthetic',
  order: 10,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const size = ctx.quick ? QUICK_ROWS : FULL_ROWS;
    const child = path.join(ctx.repoRoot, 'tests/bench/children/synth-child.ts');
    const rows: BenchRow[] = [];
    for (const format of ['csv', 'xlsx'] as const) {
      const out = path.join(ctx.tmpDir, format);
      ctx.log(`generating ${size.toLocaleString('en-GB')} mobilisations as ${format}`);
      const { report } = await runChild<SynthReport>(
        process.execPath,
        tsxArgs(child, [out, String(size), format, ctx.seed]),
        {
          cwd: ctx.repoRoot,
          log: ctx.log,
        },
      );
      const wall = report.wallMs / 1000;
      const c = `${format} ${size.toLocaleString('en-GB')} mobilisations + ${report.result.incidents.toLocaleString('en-GB')} incidents`;
      rows.push(
        {
          section: 'synthetic',
          case: c,
          metric: 'wall',
          value: wall,
          unit: 's',
          ...(format === 'csv' && !ctx.quick ? { target: CSV_TARGET_SECONDS } : {}),
        },
        { section: 'synthetic', case: c, metric: 'mobilisations/s', value: size / wall, unit: 'rows/s' },
        { section: 'synthetic', case: c, metric: 'peak RSS', value: report.maxRssKb / 1024, unit: 'MB' },
      );
      // Keep what was just made for the import section rather than generating it again.
      const cacheDir = datasetDir(ctx, size, format);
      if (!cachedDataset(cacheDir)) {
        fs.rmSync(cacheDir, { recursive: true, force: true });
        fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
        fs.renameSync(out, cacheDir);
        const moved = (file: string) => path.join(cacheDir, path.basename(file));
        const r = report.result;
        markDataset(cacheDir, {
          ...r,
          incidentsFile: moved(r.incidentsFile),
          mobilisationsFile: moved(r.mobilisationsFile),
          stationsFile: moved(r.stationsFile),
          groundTruthFile: moved(r.groundTruthFile),
          schoolHolidaysFile: moved(r.schoolHolidaysFile),
        });
      } else {
        fs.rmSync(out, { recursive: true, force: true });
      }
    }
    if (ctx.quick)
      ctx.note(`--quick: ${size.toLocaleString('en-GB')} mobilisations; the csv target is for 1,000,000`);
    return rows;
  },
};
