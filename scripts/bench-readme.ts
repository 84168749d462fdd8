/**
 * `npm run bench:readme [-- --check]`: writes the README's benchmark table from docs/bench/results.json
 * (between the bench-table markers), so the table says exactly what the committed results say.
 * `--check` changes nothing and exits 1 when the README differs (tests/unit/bench-readme.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_FILE = path.join(ROOT, 'docs', 'bench', 'results.json');
export const README_FILE = path.join(ROOT, 'README.md');
export const TABLE_START =
  '<!-- bench-table:start (npm run bench:readme writes this table from docs/bench/results.json) -->';
export const TABLE_END = '<!-- bench-table:end -->';

export interface BenchResultRow {
  readonly what: string;
  readonly ours: string;
  readonly reference: string;
  readonly target: string;
  /** The bench section that measures it: `npm run bench -- --only SECTION`. */
  readonly section: string;
  /** 'time' rows depend on the machine's load; 'accuracy' rows do not. */
  readonly kind: 'time' | 'accuracy';
  readonly measured: {
    readonly date: string | null;
    /** The 1-minute load average during the run, where it was recorded. */
    readonly loadAverage: number | null;
    /** Whether the machine was otherwise idle; null for accuracy rows. */
    readonly idle: boolean | null;
  };
  /** The bench output behind the row, in docs/bench/raw/; null when it was not kept. */
  readonly raw: string | null;
}

export interface BenchResults {
  readonly idleBelowLoadAverage: number;
  readonly rows: readonly BenchResultRow[];
}

const HEADER = ['what', 'ours', 'reference', 'target', 'measured'] as const;

function measuredText(row: BenchResultRow): string {
  if (row.kind === 'accuracy') return 'accuracy: load-independent';
  const { date, loadAverage, idle } = row.measured;
  const when = date ?? 'date not recorded';
  const load = loadAverage === null ? '' : ` (load ${loadAverage})`;
  const state = idle === null ? 'load not recorded' : idle ? `idle${load}` : `busy${load}`;
  return `${when}, ${state}`;
}

/** Characters as a Markdown table pads them (every character here is one column wide). */
const width = (text: string) => [...text].length;

/** The table as Prettier lays out a Markdown table: cells padded to their column's widest. */
export function renderBenchTable(results: BenchResults): string {
  const body = results.rows.map((row) => [row.what, row.ours, row.reference, row.target, measuredText(row)]);
  const widths = HEADER.map((h, i) => Math.max(width(h), ...body.map((cells) => width(cells[i]!))));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join(' | ')} |`;
  return [line(HEADER), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}

export function readResults(file: string = RESULTS_FILE): BenchResults {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
}

/** The README with its table replaced by the one the results give. */
export function withBenchTable(readme: string, results: BenchResults): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no bench table markers (${TABLE_START} … ${TABLE_END})`);
  }
  return `${readme.slice(0, start)}${TABLE_START}\n\n${renderBenchTable(results)}\n\n${readme.slice(end)}`;
}

function main(): number {
  const check = process.argv.includes('--check');
  const readme = fs.readFileSync(README_FILE, 'utf8');
  const next = withBenchTable(readme, readResults());
  if (next === readme) return 0;
  if (check) {
    process.stderr.write(
      'bench:readme: README.md’s table differs from docs/bench/results.json: run npm run bench:readme\n',
    );
    return 1;
  }
  fs.writeFileSync(README_FILE, next);
  process.stdout.write('bench:readme: README.md’s table written from docs/bench/results.json\n');
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
