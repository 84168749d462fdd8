/**
 * The installed app's layout: electron-builder `--dir` on a fresh build with the repository's
 * electron-builder.yml, then every file the main process and its worker threads open at run time is
 * looked for where the runtime looks (tests/fixtures/packaged-layout.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSchoolHolidaysPath } from '../../main/core/calendar/schoolHolidays.js';
import { REPO_ROOT } from '../fixtures/lfb-files.js';
import {
  buildUnpackedApp,
  FUSE_DISABLED,
  FUSE_ENABLED,
  layoutProblems,
  readLayout,
  workerEntries,
  type Layout,
  type UnpackedApp,
} from '../fixtures/packaged-layout.js';

/** The workers the core starts (a new one must be found here too: the check finds them in the code). */
const KNOWN_WORKERS = [
  'dist/main/core/cover/worker.js',
  'dist/main/core/ingest/import-worker.js',
  'dist/main/core/ingest/read-worker.js',
  'dist/main/core/monitor/worker.js',
  'dist/main/core/places/gazetteer-worker.js',
  'dist/main/core/serving/log-worker.js',
  'dist/main/core/training/worker.js',
  'dist/main/core/workers/job-host.js',
];
/** electron-builder.yml's electronFuses, in @electron/fuses' wire order (FuseV1Options). */
const EXPECTED_FUSES: ReadonlyArray<[index: number, name: string, state: number]> = [
  [0, 'runAsNode', FUSE_DISABLED],
  [1, 'enableCookieEncryption', FUSE_ENABLED],
  [2, 'enableNodeOptionsEnvironmentVariable', FUSE_DISABLED],
  [3, 'enableNodeCliInspectArguments', FUSE_DISABLED],
  [5, 'onlyLoadAppFromAsar', FUSE_ENABLED],
];
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Skips the wire's version and length bytes. */
const FUSE_STATES_AT = 2;
const BUILD_TIMEOUT_MS = 300_000;

let work: string;
let app: UnpackedApp;
let layout: Layout;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-packaged-'));
  app = buildUnpackedApp(work);
  layout = readLayout(app.resourcesPath);
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the unpacked app electron-builder makes', () => {
  it('has every file the main process and its workers open where the runtime looks', () => {
    expect(layoutProblems(layout)).toEqual([]);
    const read = (rel: string) =>
      fs.readFileSync(path.join(app.resourcesPath, 'app.asar.unpacked', rel), 'utf8');
    expect(workerEntries(layout, read)).toEqual(KNOWN_WORKERS);
  });

  it('reports a worker entry left inside app.asar, and a package a worker needs that is not unpacked', () => {
    const asar = new Map(layout.asar);
    asar.set('dist/main/core/training/worker.js', { unpacked: false });
    const unpackedOnDisk = new Set(layout.unpackedOnDisk);
    unpackedOnDisk.delete('dist/main/core/training/worker.js');
    unpackedOnDisk.delete('node_modules/better-sqlite3/package.json');
    const problems = layoutProblems({ ...layout, asar, unpackedOnDisk });
    expect(problems).toContain(
      'dist/main/core/training/worker.js (worker entry) is inside app.asar, where a worker thread cannot load it',
    );
    expect(
      problems.some((p) => p.startsWith('node_modules/better-sqlite3/package.json (package better-sqlite3')),
    ).toBe(true);
  });

  it('finds the school-holiday calendar where extraResources puts it, without searching', () => {
    const file = bundledSchoolHolidaysPath(app.resourcesPath);
    expect(file).toBe(path.join(app.resourcesPath, 'resources', 'calendars', 'school-holidays.json'));
    expect(fs.readFileSync(file)).toEqual(
      fs.readFileSync(path.join(REPO_ROOT, 'resources', 'calendars', 'school-holidays.json')),
    );
  });

  it('ships no build resources (icons) and no development tool among the resources', () => {
    const shipped = fs.readdirSync(path.join(app.resourcesPath, 'resources'));
    expect(shipped.sort()).toEqual(['calendars', 'demo-model.onnx']);
    expect([...layout.asar.keys()].filter((f) => f.startsWith('tools/') || f.startsWith('tests/'))).toEqual(
      [],
    );
  });

  it('flips the fuses electron-builder.yml asks for', () => {
    const binary = fs.readFileSync(app.executable);
    const at = binary.indexOf(FUSE_SENTINEL);
    expect(at).toBeGreaterThanOrEqual(0);
    const states = at + FUSE_SENTINEL.length + FUSE_STATES_AT;
    for (const [index, name, state] of EXPECTED_FUSES) {
      expect({ name, state: binary[states + index] }).toEqual({ name, state });
    }
  });
});

describe('installer settings', () => {
  const yml = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');

  it("keeps electron-builder's default deb dependencies (a depends list would replace them)", () => {
    expect(yml).not.toMatch(/^\s*depends:/m);
  });

  it('has its build resources: an icon of at least 256 × 256 px', () => {
    const dir = /^\s+buildResources:\s*(\S+)\s*$/m.exec(yml)?.[1];
    expect(dir).toBe('resources/build');
    const png = fs.readFileSync(path.join(REPO_ROOT, dir!, 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, right after the signature and the chunk's length and type.
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(256);
  });

  it('declares @electron/rebuild, which scripts/electron-native.mjs imports', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'electron-native.mjs'), 'utf8')).toContain(
      "import('@electron/rebuild')",
    );
    expect(pkg.devDependencies['@electron/rebuild']).toBeDefined();
  });
});
