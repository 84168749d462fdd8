import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/index.js';
import { importFiles, ImportFileError } from '../../main/core/ingest/index.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { findResourcesDir, ModelManager } from '../../main/core/registry/manager.js';
import { PredictionLog } from '../../main/core/serving/log.js';
import { generateSynthetic, type GenerateResult } from '../../tools/synthetic/index.js';
import { StorageError } from '../../main/core/util/storage-errors.js';
import { buildCore } from '../fixtures/built-core.js';
import { REPO_ROOT, tempDir } from '../fixtures/lfb-files.js';

/**
 * "Disk full and read-only database folder": a clear error that names the folder and says
 * what to do, and nothing half-written.
 *
 * Read-only folders are real: the CLI runs as a child process in a folder it may not write to. Root
 * ignores permissions, so when the tests run as root the child runs as `nobody` instead. A full disk is
 * SQLite's own SQLITE_FULL, raised by capping the connection with `PRAGMA max_page_count` (in this
 * process, or in every connection of a CLI child through tests/fixtures/disk-full.ts); a full disk
 * under a model file is the kernel's ENOSPC from /dev/full.
 */

const run = promisify(execFile);
const resourcesDir = findResourcesDir();
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const notPosix = process.platform === 'win32';

let root = '';
let cleanup = () => {};
let built: { dir: string; cleanup: () => void } | undefined;
let data: GenerateResult;
/** Stations and incidents imported, the demo model installed: a workstation's database. */
let template = '';
/** Whether the CLI can run unprivileged here (as root it must, for permissions to mean anything). */
let permissionsApply = !asRoot;

interface CliRun {
  readonly code: number;
  readonly stderr: string;
}

/** `pump-eta ARGS` as a separate process, unprivileged when the test runs as root. */
async function cli(
  args: readonly string[],
  options: { preload?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const preload = options.preload
    ? ['--import', pathToFileURL(path.join(built!.dir, options.preload.replace(/\.ts$/, '.js'))).href]
    : [];
  try {
    await run(process.execPath, [...preload, path.join(built!.dir, 'main/cli.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

function copyTemplate(name: string): string {
  const dir = path.join(root, name);
  fs.cpSync(template, dir, { recursive: true });
  return path.join(dir, 'history.sqlite');
}

/** Everything about a folder a failed write could have changed: names, sizes and contents. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out[path.relative(dir, file)] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

interface Counts {
  incidents: number;
  mobilisations: number;
  imports: number;
  models: number;
  events: number;
  champion: string;
}

function counts(db: Db): Counts {
  const n = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    incidents: n('incidents'),
    mobilisations: n('mobilisations'),
    imports: n('imports'),
    models: n('models'),
    events: n('model_events'),
    champion: db.prepare(`SELECT id FROM models WHERE status = 'champion'`).pluck().get() as string,
  };
}

function countsOf(dbPath: string): Counts & { integrity: string } {
  const db = openDatabase(dbPath);
  try {
    return { ...counts(db), integrity: db.pragma('integrity_check', { simple: true }) as string };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('pump-eta-disk-'));
  fs.chmodSync(root, 0o755);
  built = await buildCore(['tests/fixtures/disk-full.ts']);
  data = await generateSynthetic({
    outDir: path.join(root, 'data'),
    mobilisations: 1500,
    format: 'csv',
    seed: 'disk-faults',
    months: 2,
  });
  template = path.join(root, 'template');
  const dbPath = path.join(template, 'history.sqlite');
  const imported = await importFiles(dbPath, [data.stationsFile, data.incidentsFile]);
  expect(imported.errors).toEqual([]);
  const db = openDatabase(dbPath);
  const manager = await ModelManager.open(db, path.join(template, 'models'), { resourcesDir });
  await manager.close();
  db.close();
  // `nobody` must be able to reach the checkout and node_modules; where it cannot, say so and skip.
  if (asRoot) permissionsApply = (await cli(['help'])).code === 0;
}, 120_000);

afterAll(() => {
  cleanup();
  built?.cleanup();
});

describe.skipIf(notPosix)('a database folder Pump ETA may not write to', () => {
  beforeEach((ctx) => {
    if (permissionsApply) return;
    const why = 'running as root, and the checkout is not readable by nobody';
    // In CI a skip would pass unseen: .ci/run makes the checkout readable, so this must run there.
    if (process.env.CI) throw new Error(`the read-only folder tests cannot run: ${why}`);
    ctx.skip(why);
  });

  it('refuses to create a database there, naming the folder, and creates nothing', async () => {
    const folder = path.join(root, 'ro-new');
    fs.mkdirSync(folder, { mode: 0o555 });
    fs.chmodSync(folder, 0o555);
    const r = await cli(['import', data.stationsFile, '--db', path.join(folder, 'history.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `pump-eta import: Pump ETA is not allowed to write in the folder ${folder}, so the history database ` +
        `history.sqlite cannot be saved`,
    );
    expect(r.stderr).toMatch(/Ask for write access, or use a folder you can write to \(--db PATH/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('refuses to import into an existing database there, and leaves it byte for byte as it was', async () => {
    const dbPath = copyTemplate('ro-existing');
    const folder = path.dirname(dbPath);
    // The user may write the file itself; only the folder (where SQLite's WAL must go) is closed.
    fs.chmodSync(dbPath, 0o666);
    const before = snapshot(folder);
    fs.chmodSync(folder, 0o555);
    for (const args of [
      ['import', data.mobilisationsFile],
      ['predict', '--easting', '530000', '--northing', '180000'],
    ]) {
      const r = await cli([...args, '--db', dbPath]);
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr).toContain(`Pump ETA is not allowed to write in the folder ${folder}`);
    }
    fs.chmodSync(folder, 0o755);
    expect(snapshot(folder)).toEqual(before);
    expect(countsOf(dbPath).mobilisations).toBe(0);
  });

  it('refuses to save a trained model in a models folder it may not write to; the registry is unchanged', async () => {
    const dbPath = copyTemplate('ro-models');
    const folder = path.dirname(dbPath);
    const models = path.join(folder, 'models');
    const imported = await importFiles(dbPath, [data.mobilisationsFile]);
    expect(imported.errors).toEqual([]);
    const before = countsOf(dbPath);
    fs.chmodSync(folder, 0o777);
    fs.chmodSync(dbPath, 0o666);
    const modelFiles = fs.readdirSync(models);
    fs.chmodSync(models, 0o555);
    const r = await cli(['train', '--trees', '5', '--db', dbPath]);
    fs.chmodSync(models, 0o755);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `pump-eta train: Pump ETA is not allowed to write in the folder ${models}, so the model file cannot be saved`,
    );
    expect(fs.readdirSync(models)).toEqual(modelFiles);
    const after = countsOf(dbPath);
    expect(after).toMatchObject({ models: before.models, events: before.events, champion: before.champion });
    expect(after.integrity).toBe('ok');
  });
});

describe('a full disk', () => {
  it('rolls an import back entirely when the disk fills mid-file, and says so', async () => {
    const dbPath = copyTemplate('full-import');
    const db = openDatabase(dbPath);
    try {
      const before = counts(db);
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages + 8}`);
      let thrown: unknown;
      try {
        await importFile(db, data.mobilisationsFile);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ImportFileError);
      expect((thrown as Error).message).toBe(
        `${data.mobilisationsFile}: The disk is full: the rows of synthetic-mobilisations.csv could not be ` +
          `written in ${path.dirname(dbPath)}. Nothing was saved. Free some space on that disk, or use a ` +
          `folder on another disk (--db PATH or PUMP_ETA_DB), and try again.`,
      );
      expect(db.inTransaction).toBe(false);
      expect(counts(db)).toEqual(before);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // Space again: the same file imports in full.
      db.pragma('max_page_count = 1073741823');
      const report = await importFile(db, data.mobilisationsFile);
      expect(report.rowsImported).toBe(data.mobilisations);
    } finally {
      db.close();
    }
  });

  it('says so through the CLI, and changes nothing', async () => {
    const dbPath = copyTemplate('full-cli');
    fs.chmodSync(path.dirname(dbPath), 0o777);
    fs.chmodSync(dbPath, 0o666);
    const before = snapshot(path.dirname(dbPath));
    const r = await cli(['import', data.mobilisationsFile, '--db', dbPath], {
      preload: 'tests/fixtures/disk-full.ts',
      env: { PUMP_ETA_DISK_FULL_AFTER_PAGES: '8' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `pump-eta import: ${data.mobilisationsFile}: The disk is full: the rows of synthetic-mobilisations.csv ` +
        `could not be written in ${path.dirname(dbPath)}. Nothing was saved. Free some space on that disk, ` +
        `or use a folder on another disk (--db PATH or PUMP_ETA_DB), and try again.\n`,
    );
    // The last connection's close checkpoints the WAL away: the folder is as it was, byte for byte.
    expect(snapshot(path.dirname(dbPath))).toEqual(before);
  });

  it('keeps the registry as it was when a model file cannot be written, and leaves no temp file', async () => {
    const dbPath = copyTemplate('full-model');
    const models = path.join(path.dirname(dbPath), 'models');
    const db = openDatabase(dbPath);
    const manager = await ModelManager.open(db, models, { resourcesDir });
    try {
      const before = counts(db);
      const files = fs.readdirSync(models);
      const bytes = fs.readFileSync(path.join(resourcesDir, 'demo-model.onnx'));
      const changed = Buffer.concat([bytes, Buffer.from([0])]); // a different file: a new address
      const realWrite = fs.writeSync.bind(fs) as (fd: number, data: Uint8Array) => number;
      const full = fs.existsSync('/dev/full') ? fs.openSync('/dev/full', 'w') : null;
      vi.spyOn(fs, 'writeSync').mockImplementation((fd: number, chunk: unknown) => {
        if (full !== null) return realWrite(full, chunk as Uint8Array);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      });
      try {
        expect(() => manager.register({ bytes: changed })).toThrow(StorageError);
        expect(() => manager.register({ bytes: changed })).toThrow(
          `The disk is full: the model file could not be written in ${models}. Nothing was saved.`,
        );
      } finally {
        vi.restoreAllMocks();
        if (full !== null) fs.closeSync(full);
      }
      expect(fs.readdirSync(models)).toEqual(files);
      expect(counts(db)).toEqual(before);

      // A file that fits but a registry row that does not: the row is refused as a full disk too.
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      const report = { notes: 'x'.repeat(100_000) }; // more than the free space left in any page
      expect(() => manager.register({ bytes: changed, report })).toThrow(
        /^The disk is full: the model registry could not be written in /,
      );
      db.pragma('max_page_count = 1073741823');
      expect(counts(db)).toEqual(before);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await manager.close();
      db.close();
    }
  });

  it('keeps answering dispatchers while the prediction log cannot be written', async () => {
    const dbPath = copyTemplate('full-log');
    const db = openDatabase(dbPath);
    const log = new PredictionLog(db);
    const manager = await ModelManager.open(db, path.join(path.dirname(dbPath), 'models'), {
      resourcesDir,
      log: log.record,
    });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      for (let i = 0; i < 300; i++) {
        const p = await manager.service.predict({
          location: { kind: 'coordinates', easting: 520_000 + i * 50, northing: 180_000 },
          pumpOrder: 1,
          deployedFromHome: true,
        });
        expect(p.etaSeconds).toBeGreaterThan(0);
      }
      expect(() => log.flush()).not.toThrow();
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/could not write the prediction log/));
      // Space again: the entries kept in memory are written.
      db.pragma('max_page_count = 1073741823');
      log.flush();
      expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(300);
    } finally {
      errors.mockRestore();
      await manager.close();
      db.close();
    }
  });
});
