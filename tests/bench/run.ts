/**
 * `npm run bench [-- --only a,b] [--quick] [--runs N] [--reference-runs N] [--seed S] [--require-references]`:
 * runs the sections in
 * tests/bench/sections/*.ts, prints one table and writes bench-results/bench-<time>.json and
 * bench-results/latest.json. Each section exports `section: BenchSection` and returns rows; adding a
 * file there adds a section.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pythonHas } from './lib/pandas.js';
import type { BenchContext, BenchRow, BenchSection } from './lib/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
const SECTIONS_DIR = path.join(HERE, 'sections');
const RESULTS_DIR = path.join(REPO_ROOT, 'bench-results');
const DEFAULT_RUNS = 3;
/** Every Python module a section compares against (tests/bench/requirements.txt). */
const REFERENCE_MODULES = ['lightgbm', 'sklearn', 'pandas', 'numpy', 'openpyxl'] as const;

interface Options {
  only: string[] | null;
  quick: boolean;
  runs: number;
  referenceRuns: number;
  seed: string;
  /** Fail before measuring anything when the Python references cannot run, instead of skipping them. */
  requireReferences: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      'reference-runs': { type: 'string' },
      seed: { type: 'string', default: 'bench' },
      'require-references': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- [--only NAME[,NAME]] [--quick] [--runs N] [--reference-runs N] [--seed S] [--require-references]\n' +
        '  --require-references  fail when $PUMP_ETA_PYTHON (default python3) cannot import the reference\n' +
        '                        modules of tests/bench/requirements.txt, instead of skipping those comparisons\n',
    );
    process.exit(0);
  }
  const count = (flag: string, text: string | undefined, fallback: number): number => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${flag} must be a positive whole number, got ${text}`);
    return n;
  };
  const runs = count('runs', values.runs, DEFAULT_RUNS);
  const referenceRuns = count('reference-runs', values['reference-runs'], runs);
  const only = values.only
    ? values.only
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean)
    : null;
  return {
    only,
    quick: values.quick,
    runs,
    referenceRuns,
    seed: values.seed,
    requireReferences: values['require-references'],
  };
}

async function loadSections(): Promise<BenchSection[]> {
  const files = fs.readdirSync(SECTIONS_DIR).filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'));
  const sections: BenchSection[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(SECTIONS_DIR, file)).href)) as {
      section?: BenchSection;
    };
    if (!mod.section || typeof mod.section.run !== 'function') {
      throw new Error(
        `tests/bench/sections/${file} must export 'section' with a name and a run(ctx) function`,
      );
    }
    sections.push(mod.section);
  }
  return sections.sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.name.localeCompare(b.name));
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString('en-GB');
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function meetsTarget(row: BenchRow): boolean | null {
  if (row.target === undefined) return null;
  return row.targetIs === 'min' ? row.value >= row.target : row.value <= row.target;
}

export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['section', 'case', 'metric', 'value', 'unit', 'target', 'ok', 'ratio'];
  const body = rows.map((r) => {
    const ok = meetsTarget(r);
    return [
      r.section,
      r.case,
      r.metric,
      formatValue(r.value),
      r.unit,
      r.target === undefined ? '' : `${r.targetIs === 'min' ? '≥' : '≤'} ${formatValue(r.target)}`,
      ok === null ? '' : ok ? 'yes' : 'NO',
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const numeric = new Set([3, 7]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const all = await loadSections();
  const unknown = options.only?.filter((name) => !all.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `unknown section(s): ${unknown.join(', ')}; available: ${all.map((s) => s.name).join(', ')}`,
    );
  }
  const chosen = options.only ? all.filter((s) => options.only!.includes(s.name)) : all;
  if (options.requireReferences) {
    const missing = pythonHas(REFERENCE_MODULES);
    if (!missing.ok) {
      throw new Error(
        `--require-references: ${missing.detail}. Set up the reference environment ` +
          '(tests/bench/requirements.txt) and point PUMP_ETA_PYTHON at its python.',
      );
    }
  }
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-bench-'));
  const cacheDir = path.join(os.tmpdir(), 'pump-eta-bench-cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const notes: string[] = [];
  const noteOnce = (text: string) => {
    if (!notes.includes(text)) notes.push(text);
  };
  const rows: BenchRow[] = [];
  const failures: { section: string; error: string }[] = [];
  const startedAt = new Date();
  process.stderr.write(
    `bench: ${chosen.map((s) => s.name).join(', ')}${options.quick ? ' (quick)' : ''}, median of ${options.runs}` +
      (options.referenceRuns !== options.runs ? ` (reference tools: ${options.referenceRuns})` : '') +
      '\n',
  );
  try {
    for (const section of chosen) {
      const ctx: BenchContext = {
        quick: options.quick,
        runs: options.runs,
        referenceRuns: options.referenceRuns,
        seed: options.seed,
        tmpDir: fs.mkdtempSync(path.join(tmpDir, `${section.name}-`)),
        cacheDir,
        repoRoot: REPO_ROOT,
        log: (message) => process.stderr.write(`[${section.name}] ${message}\n`),
        note: (message) => noteOnce(`${section.name}: ${message}`),
      };
      const t0 = performance.now();
      try {
        rows.push(...(await section.run(ctx)));
        ctx.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ section: section.name, error: message });
        ctx.log(`FAILED: ${message}`);
      }
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }

  process.stdout.write('\n' + renderTable(rows) + '\n');
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  for (const f of failures) process.stdout.write(`FAILED ${f.section}: ${f.error}\n`);

  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options,
    host: {
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      loadAverage: os.loadavg(),
    },
    rows,
    notes,
    failures,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `bench-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`\nresults: ${path.relative(REPO_ROOT, file)} (and bench-results/latest.json)\n`);
  return failures.length > 0 ? 1 : 0;
}

const isMain =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
