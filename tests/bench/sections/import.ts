import fs from 'node:fs';
import path from 'node:path';
import { runChild, tsxArgs } from '../lib/child.js';
import { syntheticDataset } from '../lib/datasets.js';
import { PYTHON, pythonHas } from '../lib/pandas.js';
import { median } from '../lib/stats.js';
import type { BenchContext, BenchRow, BenchSection } from '../lib/types.js';

/**
 * Import of one generated Mobilisation file (1,000,000 rows; 50,000 with --quick) as xlsx and as csv
 * into a fresh database, each run in a fresh process so its peak memory is its own; median of the runs.
 * Where a local Python has pandas and openpyxl, the same files are read with pandas for comparison
 * (the replaced system read them that way): ratio = ours / pandas.
 */
const FULL_ROWS = 1_000_000;
const QUICK_ROWS = 50_000;
const TARGETS = {
  xlsx: { wallSeconds: 45, peakRssMB: 700 },
  csv: { wallSeconds: 12, peakRssMB: undefined },
} as const;

interface ImportReport {
  wallMs: number;
  maxRssKb: number;
  files: { kind: string; rowsRead: number; rowsImported: number; rowsRejected: number }[];
  errors: string[];
}

interface PandasReport {
  wallMs: number;
  rows: number;
  maxRssKb: number;
  pandas: string;
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

export const section: BenchSection = {
  name: 'import',
  order: 20,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const ingest = path.join(ctx.repoRoot, 'main/core/ingest/index.ts');
    if (!fs.existsSync(ingest)) {
      ctx.note('skipped: main/core/ingest/index.ts (importFiles) is not in this tree yet');
      return [];
    }
    const size = ctx.quick ? QUICK_ROWS : FULL_ROWS;
    const label = (format: string) => `${format} ${size.toLocaleString('en-GB')} rows`;
    const pandas = pythonHas(['pandas', 'openpyxl']);
    if (!pandas.ok) ctx.note(`pandas comparison skipped: ${pandas.detail}`);
    if (ctx.quick)
      ctx.note(`--quick: ${size.toLocaleString('en-GB')} rows; the targets are for 1,000,000 and not shown`);
    const child = path.join(ctx.repoRoot, 'tests/bench/children/import-child.ts');
    const pandasScript = path.join(ctx.repoRoot, 'tests/bench/children/pandas_read.py');
    const rows: BenchRow[] = [];

    for (const format of ['xlsx', 'csv'] as const) {
      const data = await syntheticDataset(ctx, size, format);
      const file = data.mobilisationsFile;
      const walls: number[] = [];
      const rss: number[] = [];
      for (let run = 1; run <= ctx.runs; run++) {
        const db = path.join(ctx.tmpDir, `import-${format}-${run}.sqlite`);
        removeDb(db);
        ctx.log(`${label(format)}: import run ${run}/${ctx.runs}`);
        const { report } = await runChild<ImportReport>(process.execPath, tsxArgs(child, [db, file]), {
          cwd: ctx.repoRoot,
          log: ctx.log,
        });
        removeDb(db);
        if (report.errors.length > 0)
          throw new Error(`import of ${file} failed: ${report.errors.join('; ')}`);
        const imported = report.files[0]?.rowsImported ?? 0;
        if (imported !== size) {
          ctx.note(
            `${label(format)}: imported ${imported} of ${size} rows (rejected ${report.files[0]?.rowsRejected ?? '?'})`,
          );
        }
        walls.push(report.wallMs / 1000);
        rss.push(report.maxRssKb / 1024);
      }
      const wall = median(walls);
      const peak = median(rss);

      let pandasWall: number | undefined;
      let pandasPeak: number | undefined;
      if (pandas.ok) {
        // A failure of the reference must not cost the measurements of our own import.
        try {
          const pw: number[] = [];
          const pr: number[] = [];
          for (let run = 1; run <= ctx.referenceRuns; run++) {
            ctx.log(
              `${label(format)}: pandas.read_${format === 'xlsx' ? 'excel' : 'csv'} run ${run}/${ctx.referenceRuns}`,
            );
            const { report } = await runChild<PandasReport>(PYTHON, [pandasScript, format, file], {
              cwd: ctx.repoRoot,
            });
            if (report.rows !== size) ctx.note(`pandas read ${report.rows} rows of ${size} from ${format}`);
            pw.push(report.wallMs / 1000);
            pr.push(report.maxRssKb / 1024);
            ctx.note(`pandas ${report.pandas} (${PYTHON})`);
          }
          pandasWall = median(pw);
          pandasPeak = median(pr);
          if (ctx.referenceRuns !== ctx.runs)
            ctx.note(`pandas timings are the median of ${ctx.referenceRuns} run(s)`);
        } catch (error) {
          ctx.note(
            `pandas ${format} comparison failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }

      const target = TARGETS[format];
      const c = label(format);
      rows.push(
        {
          section: 'import',
          case: c,
          metric: 'wall',
          value: wall,
          unit: 's',
          ...(ctx.quick ? {} : { target: target.wallSeconds }),
          ...(pandasWall ? { ratio: wall / pandasWall } : {}),
        },
        { section: 'import', case: c, metric: 'rows/s', value: size / wall, unit: 'rows/s' },
        {
          section: 'import',
          case: c,
          metric: 'peak RSS',
          value: peak,
          unit: 'MB',
          ...(ctx.quick || target.peakRssMB === undefined ? {} : { target: target.peakRssMB }),
          ...(pandasPeak ? { ratio: peak / pandasPeak } : {}),
        },
      );
      if (pandasWall !== undefined && pandasPeak !== undefined) {
        const pc = `${c} (pandas.read_${format === 'xlsx' ? 'excel' : 'csv'})`;
        rows.push(
          { section: 'import', case: pc, metric: 'wall', value: pandasWall, unit: 's' },
          { section: 'import', case: pc, metric: 'rows/s', value: size / pandasWall, unit: 'rows/s' },
          { section: 'import', case: pc, metric: 'peak RSS', value: pandasPeak, unit: 'MB' },
        );
      }
    }
    return rows;
  },
};
