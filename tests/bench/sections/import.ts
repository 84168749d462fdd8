import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
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
 *
 * The CSV case also re-imports, into the database its first import made, a copy of the file with 1 %
 * of its rows corrected (a re-published file): every row is looked up and compared, 1 % replace the
 * stored ones and their earlier versions are kept. Target: at most 1.5 × the first import.
 */
const FULL_ROWS = 1_000_000;
const QUICK_ROWS = 50_000;
const TARGETS = {
  xlsx: { wallSeconds: 45, peakRssMB: 700 },
  csv: { wallSeconds: 12, peakRssMB: undefined },
} as const;
/** One row in this many is corrected in the re-published copy. */
const CHANGED_EVERY = 100;
const REIMPORT_TARGET_RATIO = 1.5;

/**
 * A copy of a Mobilisation CSV with every CHANGED_EVERY-th data row's AttendanceTimeSeconds one second
 * longer: what a re-published file with corrections looks like to the import. Returns the rows changed.
 */
async function correctedCopy(file: string, out: string): Promise<number> {
  const input = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const output = fs.createWriteStream(out);
  let column = -1;
  let line = -1;
  let changed = 0;
  for await (const text of input) {
    line++;
    let next = text;
    if (line === 0) {
      column = text.split(',').indexOf('AttendanceTimeSeconds');
      if (column < 0) throw new Error(`${file} has no AttendanceTimeSeconds column`);
    } else if (line % CHANGED_EVERY === 0 && !text.includes('"')) {
      const cells = text.split(',');
      const seconds = Number(cells[column]);
      if (cells[column] !== '' && Number.isFinite(seconds)) {
        cells[column] = String(seconds + 1);
        next = cells.join(',');
        changed++;
      }
    }
    if (!output.write(next + '\n')) await new Promise<void>((r) => output.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => output.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return changed;
}

interface ImportReport {
  wallMs: number;
  maxRssKb: number;
  files: {
    kind: string;
    rowsRead: number;
    rowsImported: number;
    rowsChanged: number;
    rowsRejected: number;
  }[];
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
      const reimportWalls: number[] = [];
      const reimportRatios: number[] = [];
      let corrected: { file: string; rows: number } | null = null;
      if (format === 'csv') {
        const out = path.join(ctx.tmpDir, `corrected-${size}.csv`);
        ctx.log(`${label(format)}: writing a copy with 1 row in ${CHANGED_EVERY} corrected`);
        corrected = { file: out, rows: await correctedCopy(file, out) };
      }
      for (let run = 1; run <= ctx.runs; run++) {
        const db = path.join(ctx.tmpDir, `import-${format}-${run}.sqlite`);
        removeDb(db);
        ctx.log(`${label(format)}: import run ${run}/${ctx.runs}`);
        const { report } = await runChild<ImportReport>(process.execPath, tsxArgs(child, [db, file]), {
          cwd: ctx.repoRoot,
          log: ctx.log,
        });
        if (corrected !== null && report.errors.length === 0) {
          ctx.log(`${label(format)}: re-import with 1 % corrected, run ${run}/${ctx.runs}`);
          const again = await runChild<ImportReport>(process.execPath, tsxArgs(child, [db, corrected.file]), {
            cwd: ctx.repoRoot,
            log: ctx.log,
          });
          if (again.report.errors.length > 0)
            throw new Error(`re-import of ${corrected.file} failed: ${again.report.errors.join('; ')}`);
          const changed = again.report.files[0]?.rowsChanged ?? 0;
          if (changed !== corrected.rows)
            ctx.note(`re-import: ${changed} rows changed, ${corrected.rows} corrected in the file`);
          reimportWalls.push(again.report.wallMs / 1000);
          reimportRatios.push(again.report.wallMs / report.wallMs);
        }
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
      if (reimportWalls.length > 0) {
        const rc = `${c}, re-imported with 1 % corrected`;
        rows.push(
          { section: 'import', case: rc, metric: 'wall', value: median(reimportWalls), unit: 's' },
          {
            section: 'import',
            case: rc,
            metric: 'vs first import',
            value: median(reimportRatios),
            unit: '×',
            target: REIMPORT_TARGET_RATIO,
          },
        );
      }
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
