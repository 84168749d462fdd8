import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { runCli as RunCli } from '../../main/cli.js';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { findResourcesDir, ModelManager } from '../../main/core/registry/manager.js';
import { modelFilePath, verifyModelFile } from '../../main/core/registry/store.js';
import { generateSynthetic, type GenerateResult } from '../../tools/synthetic/index.js';
import { mulberry32 } from '../../main/core/util/prng.js';
import { buildCore } from '../fixtures/built-core.js';
import type { CrashPoint } from '../fixtures/fault-crash.js';
import { REPO_ROOT, tempDir } from '../fixtures/lfb-files.js';

/**
 * "Faults": SIGKILL a real `pump-eta` process at a seeded random moment of an import (two
 * files, so two transactions), a training run (+ registration), a promotion, a rollback or the undo of
 * an import that corrected rows, then check
 * what a power cut or a killed app would leave behind:
 *
 * - the database passes `PRAGMA integrity_check` and `foreign_key_check`;
 * - every import is wholly present or wholly absent (its `imports` row exists iff all its rows do),
 *   and wholly undone or not at all (no rows left and no kept versions, or all of them);
 * - exactly one champion, and ModelManager.open loads it without falling back, and it answers;
 * - every model file the database names exists and matches its sha256; no temp file survives start-up;
 * - work acknowledged before the kill (the command had printed DONE) is still there;
 * - the same command run again completes, and the invariants hold again.
 *
 * Every trial starts from a copy of one small template database (one operation takes about 0.5–3 s)
 * and the kill delay is a seeded fraction (0–1.4) of that operation's duration — measured here before
 * the trials and kept current during them, as a busy machine's load drifts — so most kills land
 * mid-operation and some just after it. Random kills rarely hit the few-millisecond windows
 * that matter most, so a second set of trials makes the process kill itself exactly there (fault-crash.ts).
 *
 * The processes run the core as built JavaScript (tests/fixtures/built-core.ts), not through tsx, so a
 * trial costs Node's start-up, not a compile. PUMP_ETA_FAULT_SEED, PUMP_ETA_FAULT_TRIALS (per operation)
 * and PUMP_ETA_FAULT_LANES change the run; the summary printed at the end gives the counts.
 */

const SEED = Number(process.env.PUMP_ETA_FAULT_SEED ?? 62_024);
const TRIALS_PER_OP = Number(process.env.PUMP_ETA_FAULT_TRIALS ?? 13);
/** Trials run this many at a time, each in its own copy of the template. */
const LANES = Number(process.env.PUMP_ETA_FAULT_LANES ?? 2);
/** Kill delays reach a little past the measured duration, so some kills land just after the work. */
const DELAY_SPAN = 1.4;
const OPS = ['import', 'train', 'promote', 'rollback', 'undo'] as const;
type Op = (typeof OPS)[number];
const TRAIN_TREES = '10';
const TRAIN_SEED = '11';
const CHILD_ENTRY = 'tests/fixtures/fault-child.ts';
const CRASH_ENTRY = 'tests/fixtures/fault-crash.ts';
const resourcesDir = findResourcesDir();

interface Trial {
  readonly op: Op;
  /** Seeded fraction of the measured duration; absent for a crash-point trial. */
  readonly fraction?: number;
  readonly crashAt?: CrashPoint;
}

/** The random trials depend on the seed alone, so a failing trial can be replayed by number. */
const randomTrials: Trial[] = (() => {
  const rand = mulberry32(SEED);
  const ops = OPS.flatMap((op) => Array.from({ length: TRIALS_PER_OP }, () => op));
  for (let i = ops.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ops[i], ops[j]] = [ops[j]!, ops[i]!];
  }
  return ops.map((op) => ({ op, fraction: rand() * DELAY_SPAN }));
})();

const crashTrials: Trial[] = [
  { op: 'train', crashAt: 'model-before-rename' },
  { op: 'train', crashAt: 'model-after-rename' },
  { op: 'import', crashAt: 'import-before-commit' },
  { op: 'import', crashAt: 'import-after-first-commit' },
  { op: 'promote', crashAt: 'champion-mid-transaction' },
  { op: 'rollback', crashAt: 'champion-mid-transaction' },
  { op: 'undo', crashAt: 'undo-mid-transaction' },
];

const plan: Trial[] = [...randomTrials, ...crashTrials];

interface Template {
  readonly dir: string;
  readonly incidents: number;
  readonly mobilisations: number;
  readonly imports: number;
  readonly models: number;
  readonly demoId: string;
  readonly championId: string;
  readonly candidateId: string;
  /** An import that corrected some history rows (and added none): what the undo trials undo. */
  readonly correctionsId: number;
  readonly corrected: number;
}

let root = '';
let cleanup = () => {};
let built: { dir: string; cleanup: () => void } | undefined;
let cli: typeof RunCli;
let tpl: Template;
let fresh: GenerateResult;
const measuredMs = new Map<Op, number>();

function argsFor(op: Op, dbPath: string): string[] {
  switch (op) {
    case 'import':
      return ['import', fresh.incidentsFile, fresh.mobilisationsFile, '--db', dbPath];
    case 'train':
      return ['train', '--trees', TRAIN_TREES, '--seed', TRAIN_SEED, '--json', '--db', dbPath];
    case 'promote':
      return ['promote', tpl.candidateId, '--force', '--db', dbPath];
    case 'rollback':
      // The template's champion was promoted over the demo model: a plain rollback never goes back to
      // the demo model, so it is named (as a data officer would, on purpose).
      return ['rollback', tpl.demoId, '--db', dbPath];
    case 'undo':
      return ['undo-import', String(tpl.correctionsId), '--db', dbPath];
  }
}

const builtFile = (entry: string) => path.join(built!.dir, entry.replace(/\.ts$/, '.js'));

interface Child {
  readonly proc: ChildProcess;
  readonly ready: Promise<void>;
  /** The command's exit code once it printed DONE (it has committed and closed the database). */
  readonly done: Promise<number>;
  readonly exited: Promise<void>;
  readonly output: () => string;
}

function startChild(args: readonly string[], crashAt?: CrashPoint): Child {
  const preload = crashAt ? ['--import', pathToFileURL(builtFile(CRASH_ENTRY)).href] : [];
  const proc = spawn(process.execPath, [...preload, builtFile(CHILD_ENTRY), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PUMP_ETA_CRASH_AT: crashAt ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady = () => {};
  let onDone = (_code: number) => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const done = new Promise<number>((resolve) => (onDone = resolve));
  proc.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (/^READY$/m.test(stdout)) onReady();
    const m = /^DONE (\d+)$/m.exec(stdout);
    if (m) onDone(Number(m[1]));
  });
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  return { proc, ready, done, exited, output: () => stderr };
}

const sleep = (ms: number) => new Promise<'timer'>((resolve) => setTimeout(() => resolve('timer'), ms));

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The command run to completion in this process, from the same built code the children run. */
async function runCommand(args: readonly string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await cli(args, {
    stdout: (t) => (output += t),
    stderr: (t) => (output += t),
    env: process.env,
  });
  return { code, output };
}

interface ImportRow {
  id: number;
  file_name: string;
  kind: string;
  sha256: string;
  rows_imported: number;
  rows_changed: number;
  undone_at: string | null;
  /** Its rows in the history tables. */
  present: number;
  /** Versions it wrote that a later import has since replaced. */
  superseded: number;
  /** Versions it replaced, kept for undo. */
  replaced: number;
}

interface State {
  readonly integrity: string;
  readonly foreignKeyProblems: number;
  readonly imports: ImportRow[];
  readonly incidents: number;
  readonly mobilisations: number;
  readonly stations: number;
  readonly orphanRows: number;
  readonly champions: string[];
  readonly models: { id: string; sha256: string; status: string }[];
  /** Models whose file is missing or does not hash to its name. */
  readonly badFiles: string[];
  readonly strayTempFiles: number;
  readonly orphanFiles: number;
}

const count = (db: Db, sql: string) => db.prepare(sql).pluck().get() as number;

/** What a restarted app finds: read before anything but SQLite's own recovery has touched the files. */
function inspect(dbPath: string): State {
  const modelsDir = path.join(path.dirname(dbPath), 'models');
  const names = fs.existsSync(modelsDir) ? fs.readdirSync(modelsDir) : [];
  const db = openDatabase(dbPath);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    const imports = db
      .prepare(
        `SELECT i.id, i.file_name, i.kind, i.sha256, i.rows_imported, i.rows_changed, i.undone_at,
           (SELECT count(*) FROM incidents WHERE import_id = i.id)
           + (SELECT count(*) FROM mobilisations WHERE import_id = i.id)
           + (SELECT count(*) FROM stations WHERE import_id = i.id) AS present,
           (SELECT count(*) FROM incidents_prior WHERE import_id = i.id)
           + (SELECT count(*) FROM mobilisations_prior WHERE import_id = i.id)
           + (SELECT count(*) FROM stations_prior WHERE import_id = i.id) AS superseded,
           (SELECT count(*) FROM incidents_prior WHERE replaced_by = i.id)
           + (SELECT count(*) FROM mobilisations_prior WHERE replaced_by = i.id)
           + (SELECT count(*) FROM stations_prior WHERE replaced_by = i.id) AS replaced
         FROM imports i ORDER BY i.id`,
      )
      .all() as ImportRow[];
    const models = db.prepare('SELECT id, sha256, status FROM models').all() as State['models'];
    const referenced = new Set(models.map((m) => `${m.sha256}.onnx`));
    return {
      integrity,
      foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
      imports,
      incidents: count(db, 'SELECT count(*) FROM incidents'),
      mobilisations: count(db, 'SELECT count(*) FROM mobilisations'),
      stations: count(db, 'SELECT count(*) FROM stations'),
      orphanRows: ['incidents', 'mobilisations', 'stations']
        .map((t) => count(db, `SELECT count(*) FROM ${t} WHERE import_id NOT IN (SELECT id FROM imports)`))
        .reduce((a, b) => a + b, 0),
      champions: models.filter((m) => m.status === 'champion').map((m) => m.id),
      models,
      badFiles: models
        .map((m) => verifyModelFile(modelFilePath(modelsDir, m.sha256), m.sha256))
        .filter((p): p is string => p !== null),
      strayTempFiles: names.filter((n) => n.endsWith('.tmp')).length,
      orphanFiles: names.filter((n) => n.endsWith('.onnx') && !referenced.has(n)).length,
    };
  } finally {
    db.close();
  }
}

/** The invariants that must hold whatever moment the process died at. */
function expectConsistent(s: State, context: string): void {
  expect(s.integrity, context).toBe('ok');
  expect(s.foreignKeyProblems, context).toBe(0);
  expect(s.orphanRows, `${context}: rows whose import is not recorded`).toBe(0);
  for (const i of s.imports) {
    const what = `${context}: import ${i.id} (${i.file_name})`;
    if (i.undone_at === null) {
      // Every version it wrote is either in the history or kept as replaced by a later import.
      expect(i.present + i.superseded, `${what} rows present vs recorded`).toBe(
        i.rows_imported + i.rows_changed,
      );
      expect(i.replaced, `${what} versions kept for undo`).toBe(i.rows_changed);
    } else {
      // Nothing half-undone: an undone import has no rows left and nothing left to restore.
      expect([i.present, i.superseded, i.replaced], `${what} undone`).toEqual([0, 0, 0]);
    }
    expect(i.sha256, `${context}: import ${i.id} left unfinished`).not.toBe('');
  }
  const imported = (kind: string) =>
    s.imports.filter((i) => i.kind === kind && i.undone_at === null).reduce((a, i) => a + i.rows_imported, 0);
  expect(s.incidents, context).toBe(imported('incidents'));
  expect(s.mobilisations, context).toBe(imported('mobilisations'));
  expect(s.stations, context).toBe(imported('stations'));
  expect(s.champions, `${context}: champions`).toHaveLength(1);
  expect(s.badFiles, `${context}: model files`).toEqual([]);
}

/** How far the operation got, as the database records it. */
function progressOf(op: Op, s: State): { complete: boolean; detail: string } {
  switch (op) {
    case 'import': {
      // A re-run after a partial import records the committed file again, as all duplicates.
      const files = s.imports.length - tpl.imports;
      const complete =
        s.incidents === tpl.incidents + fresh.incidents &&
        s.mobilisations === tpl.mobilisations + fresh.mobilisations;
      return { complete, detail: `${files}/2 files` };
    }
    case 'train':
      return { complete: s.models.length === tpl.models + 1, detail: `${s.models.length - tpl.models} new` };
    case 'promote':
      return { complete: s.champions[0] === tpl.candidateId, detail: `champion ${s.champions[0]}` };
    case 'rollback':
      return { complete: s.champions[0] === tpl.demoId, detail: `champion ${s.champions[0]}` };
    case 'undo': {
      const undone = s.imports.find((i) => i.id === tpl.correctionsId)?.undone_at != null;
      return { complete: undone, detail: undone ? 'undone' : 'not undone' };
    }
  }
}

/** The app's start-up: the champion must load without falling back, and answer. */
async function expectChampionServes(dbPath: string, championId: string, context: string): Promise<void> {
  const modelsDir = path.join(path.dirname(dbPath), 'models');
  const db = openDatabase(dbPath);
  try {
    const manager = await ModelManager.open(db, modelsDir, { resourcesDir });
    try {
      expect(manager.warnings, context).toEqual([]);
      expect(manager.service.model.id, context).toBe(championId);
      const p = await manager.service.predict({
        location: { kind: 'coordinates', easting: 530_000, northing: 180_000 },
        pumpOrder: 1,
        deployedFromHome: true,
      });
      expect(p.modelId, context).toBe(championId);
      expect(p.etaSeconds, context).toBeGreaterThan(0);
      expect(p.etaSeconds, context).toBeLessThan(7200);
    } finally {
      await manager.close();
    }
  } finally {
    db.close();
  }
  const temps = fs.readdirSync(modelsDir).filter((n) => n.endsWith('.tmp'));
  expect(temps, `${context}: temp files left after start-up`).toEqual([]);
}

function trialDir(index: number): string {
  return path.join(root, `trial-${String(index).padStart(3, '0')}`);
}

/** Copies the template and starts the child, so its start-up overlaps the previous trial's checks. */
function prepare(index: number): Child {
  const dir = trialDir(index);
  fs.cpSync(tpl.dir, dir, { recursive: true });
  const { op, crashAt } = plan[index]!;
  return startChild(argsFor(op, path.join(dir, 'history.sqlite')), crashAt);
}

/** History and a champion, a retired demo model and a candidate, made through the CLI itself. */
async function buildTemplate(): Promise<Template> {
  const dir = path.join(root, 'template');
  const dbPath = path.join(dir, 'history.sqlite');
  const history = await generateSynthetic({
    outDir: path.join(root, 'history'),
    mobilisations: 2000,
    format: 'csv',
    seed: 'fault-history',
    months: 2,
  });
  // Later calls than the history holds: the import under test adds rows rather than duplicates.
  fresh = await generateSynthetic({
    outDir: path.join(root, 'fresh'),
    mobilisations: 3000,
    format: 'csv',
    seed: 'fault-fresh',
    months: 1,
    startDate: '2019-06-01',
  });
  const run = async (args: string[]) => {
    const r = await runCommand([...args, '--db', dbPath]);
    expect(r.code, r.output).toBe(0);
    return r.output;
  };
  await run(['import', history.stationsFile, history.incidentsFile, history.mobilisationsFile]);
  const train = async (seed: string) =>
    (
      JSON.parse(await run(['train', '--trees', TRAIN_TREES, '--seed', seed, '--json'])) as {
        modelId: string;
      }
    ).modelId;
  const championId = await train('1');
  await run(['promote', championId, '--force']);
  const candidateId = await train('2');
  // A re-published incidents file: every fifth record corrected (a later first-pump time).
  const corrected = correctedCopy(history.incidentsFile, path.join(root, 'corrected-incidents.csv'));
  await run(['import', corrected.file]);
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return {
      dir,
      incidents: count(db, 'SELECT count(*) FROM incidents'),
      mobilisations: count(db, 'SELECT count(*) FROM mobilisations'),
      imports: count(db, 'SELECT count(*) FROM imports'),
      models: count(db, 'SELECT count(*) FROM models'),
      demoId: db.prepare('SELECT id FROM models WHERE is_demo = 1').pluck().get() as string,
      championId,
      candidateId,
      correctionsId: db.prepare('SELECT max(id) FROM imports').pluck().get() as number,
      corrected: corrected.rows,
    };
  } finally {
    // The last connection to close checkpoints the WAL: a copy of the folder is the whole database.
    db.close();
  }
}

/** Every fifth row of an Incident CSV with its first-pump attendance time 30 s later. */
function correctedCopy(file: string, out: string): { file: string; rows: number } {
  const [header, ...lines] = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const at = header!.split(',').indexOf('FirstPumpArriving_AttendanceTime');
  expect(at).toBeGreaterThan(0);
  let rows = 0;
  const edited = lines.map((line, i) => {
    const cells = line.split(',');
    if (i % 5 !== 0 || cells[at] === '' || cells.some((c) => c.includes('"'))) return line;
    cells[at] = String(Number(cells[at]) + 30);
    rows++;
    return cells.join(',');
  });
  fs.writeFileSync(out, [header, ...edited].join('\n') + '\n');
  return { file: out, rows };
}

interface TrialResult {
  readonly index: number;
  readonly op: Op;
  readonly crashAt: CrashPoint | null;
  readonly landed: 'mid' | 'after';
  readonly committed: boolean;
  readonly detail: string;
  readonly strayTempFiles: number;
  readonly orphanFiles: number;
  readonly restart: 'reran' | 'already complete';
}

const results: TrialResult[] = [];
const failed: string[] = [];
const live = new Set<Child>();
const initialMs = new Map<Op, number>();

/**
 * Keeps each operation's duration current as the machine's load changes: a completed run is a
 * sample, a kill that came later than the estimate and still found the work unfinished is a floor.
 */
function observe(op: Op, elapsedMs: number, completed: boolean): void {
  const estimate = measuredMs.get(op)!;
  if (completed) measuredMs.set(op, (estimate + elapsedMs) / 2);
  else if (elapsedMs > estimate) measuredMs.set(op, elapsedMs);
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('pump-eta-faults-'));
  built = await buildCore([CHILD_ENTRY, CRASH_ENTRY]);
  cli = ((await import(pathToFileURL(builtFile('main/cli.ts')).href)) as { runCli: typeof RunCli }).runCli;
  tpl = await buildTemplate();
  expect(tpl.championId).not.toBe(tpl.candidateId);
  // One uninterrupted run per operation, two at a time as the trials run: its duration bounds the
  // kill delays, and it proves the operation works at all on the template.
  const measure = async (op: Op) => {
    const dir = path.join(root, `measure-${op}`);
    fs.cpSync(tpl.dir, dir, { recursive: true });
    const dbPath = path.join(dir, 'history.sqlite');
    const child = startChild(argsFor(op, dbPath));
    await withTimeout(child.ready, 60_000, `${op} child start-up`);
    const t0 = performance.now();
    child.proc.stdin!.end();
    const code = await withTimeout(child.done, 60_000, op);
    measuredMs.set(op, performance.now() - t0);
    await child.exited;
    expect(code, child.output()).toBe(0);
    const s = inspect(dbPath);
    expectConsistent(s, `uninterrupted ${op}`);
    expect(progressOf(op, s).complete, `uninterrupted ${op}`).toBe(true);
    if (op === 'import') {
      expect(s.mobilisations - tpl.mobilisations, 'fresh rows are new').toBe(fresh.mobilisations);
      expect(s.incidents - tpl.incidents, 'fresh rows are new').toBe(fresh.incidents);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  await Promise.all([
    measure('train').then(() => measure('rollback')),
    measure('import')
      .then(() => measure('promote'))
      .then(() => measure('undo')),
  ]);
  for (const [op, ms] of measuredMs) initialMs.set(op, ms);
}, 180_000);

afterAll(async () => {
  for (const child of live) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
  cleanup();
  built?.cleanup();
  if (results.length === 0) return;
  const random = results.filter((r) => r.crashAt === null);
  const lines = [
    `fault injection (seed ${SEED}): ${random.length} random SIGKILL trials + ` +
      `${results.length - random.length} at exact crash points`,
  ];
  for (const op of OPS) {
    const mine = random.filter((r) => r.op === op);
    const mid = mine.filter((r) => r.landed === 'mid');
    const between = mid.filter((r) => r.detail === '1/2 files').length;
    lines.push(
      `  ${op.padEnd(8)} ${String(mine.length).padStart(3)} trials ` +
        `(op ${Math.round(initialMs.get(op) ?? 0)} ms measured, ${Math.round(measuredMs.get(op) ?? 0)} ms by the end): ` +
        `${mid.length} killed mid-operation (${mid.filter((r) => r.committed).length} after its commit, ` +
        `${mid.filter((r) => !r.committed).length - between} before` +
        (op === 'import' ? `, ${between} between the two files` : '') +
        `), ${mine.length - mid.length} after it; ` +
        `temp files left ${mine.reduce((a, r) => a + r.strayTempFiles, 0)}, ` +
        `unreferenced model files ${mine.reduce((a, r) => a + r.orphanFiles, 0)}`,
    );
  }
  for (const r of results.filter((r) => r.crashAt !== null)) {
    lines.push(
      `  crash at ${r.crashAt} during ${r.op}: ${r.detail}; temp files left ${r.strayTempFiles}, ` +
        `unreferenced model files ${r.orphanFiles}`,
    );
  }
  lines.push(
    failed.length === 0
      ? '  lost: nothing — after every kill the invariants held, acknowledged work was present and the ' +
          'same command run again completed'
      : `  FAILED: ${failed.join('; ')}`,
  );
  console.log(lines.join('\n'));
});

/** One trial: kill the prepared child at its moment, inspect, restart, inspect again. */
async function runTrial(index: number, child: Child, onKilled: () => void): Promise<TrialResult> {
  const { op, fraction, crashAt } = plan[index]!;
  const dir = trialDir(index);
  const dbPath = path.join(dir, 'history.sqlite');
  const context = `trial ${index} (${op}${crashAt ? ` crash at ${crashAt}` : ''})`;
  await withTimeout(child.ready, 60_000, `${context} child start-up`);

  const delayMs = crashAt ? Infinity : fraction! * measuredMs.get(op)!;
  const t0 = performance.now();
  child.proc.stdin!.end();
  const first = await withTimeout(
    Promise.race([
      crashAt ? new Promise<never>(() => {}) : sleep(delayMs),
      child.done.then(() => 'done' as const),
      child.exited.then(() => 'exited' as const),
    ]),
    60_000,
    context,
  );
  child.proc.kill('SIGKILL');
  await child.exited;
  onKilled();
  if (crashAt) {
    expect(child.proc.signalCode, `${context}: never reached its crash point:\n${child.output()}`).toBe(
      'SIGKILL',
    );
  } else {
    expect(first, `${context}: the command died by itself:\n${child.output()}`).not.toBe('exited');
  }
  const landed = first === 'done' ? 'after' : 'mid';
  if (!crashAt) observe(op, performance.now() - t0, landed === 'after');
  if (landed === 'after') expect(await child.done, child.output()).toBe(0);

  const afterKill = inspect(dbPath);
  expectConsistent(afterKill, `${context} after the kill`);
  const progress = progressOf(op, afterKill);
  // Acknowledged work survives: a command that said it had finished is never undone by the kill.
  if (landed === 'after') expect(progress.complete, `${context}: lost after DONE`).toBe(true);
  await expectChampionServes(dbPath, afterKill.champions[0]!, `${context} after the kill`);

  // The restart: the same command again, to completion, then the same invariants.
  let restart: TrialResult['restart'] = 'reran';
  if ((op === 'promote' || op === 'rollback' || op === 'undo') && progress.complete) {
    restart = 'already complete';
  } else {
    const r = await runCommand(argsFor(op, dbPath));
    expect(r.code, `${context} restart: ${r.output}`).toBe(0);
  }
  const afterRestart = inspect(dbPath);
  expectConsistent(afterRestart, `${context} after the restart`);
  expect(progressOf(op, afterRestart).complete, `${context} after the restart`).toBe(true);
  if (op === 'import') {
    expect(afterRestart.incidents, context).toBe(tpl.incidents + fresh.incidents);
    expect(afterRestart.mobilisations, context).toBe(tpl.mobilisations + fresh.mobilisations);
  }
  if (op === 'train') expect(afterRestart.models.length, `${context}: one new model`).toBe(tpl.models + 1);
  if (op === 'undo') {
    const corrections = afterRestart.imports.find((i) => i.id === tpl.correctionsId)!;
    expect(corrections.rows_changed, context).toBe(tpl.corrected);
    expect(afterRestart.incidents, `${context}: undo adds and removes no incident`).toBe(tpl.incidents);
    expect(afterRestart.models, `${context}: undo never touches the registry`).toEqual(
      inspect(path.join(tpl.dir, 'history.sqlite')).models,
    );
  }
  expect(afterRestart.strayTempFiles, `${context}: temp files after the restart`).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    index,
    op,
    crashAt: crashAt ?? null,
    landed,
    committed: progress.complete,
    detail: progress.detail,
    strayTempFiles: afterKill.strayTempFiles,
    orphanFiles: afterKill.orphanFiles,
    restart,
  };
}

describe(`SIGKILL during import, training, promotion, rollback and undo (seed ${SEED})`, () => {
  it(`${randomTrials.length} random kills and ${crashTrials.length} exact crash points, ${LANES} at a time`, async () => {
    let cursor = 0;
    const take = () => {
      const index = cursor++;
      if (index >= plan.length) return null;
      const child = prepare(index);
      live.add(child);
      return { index, child };
    };
    // Each lane starts its next child as soon as the current one is dead, so the next start-up
    // overlaps this trial's checks and restart.
    const lane = async () => {
      let current = take();
      while (current) {
        const { index, child } = current;
        let upcoming: ReturnType<typeof take> | undefined = undefined;
        const startNext = () => {
          upcoming = take();
        };
        try {
          results.push(await runTrial(index, child, startNext));
        } catch (error) {
          failed.push(`trial ${index} (${plan[index]!.op}): ${(error as Error).message}`);
        } finally {
          child.proc.kill('SIGKILL');
          live.delete(child);
        }
        current = upcoming === undefined ? take() : upcoming;
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    expect(failed).toEqual([]);
    expect(results).toHaveLength(plan.length);
  }, 600_000);

  it('crash points cover the windows they name', () => {
    const crash = (point: CrashPoint, op: Op) => results.find((r) => r.crashAt === point && r.op === op);
    expect(crash('model-before-rename', 'train')).toMatchObject({ detail: '0 new', strayTempFiles: 1 });
    expect(crash('model-after-rename', 'train')).toMatchObject({ detail: '0 new', orphanFiles: 1 });
    expect(crash('import-before-commit', 'import')?.detail).toBe('0/2 files');
    expect(crash('import-after-first-commit', 'import')?.detail).toBe('1/2 files');
    expect(crash('champion-mid-transaction', 'promote')?.committed).toBe(false);
    expect(crash('champion-mid-transaction', 'rollback')?.committed).toBe(false);
    expect(crash('undo-mid-transaction', 'undo')?.committed).toBe(false);
  });
});
