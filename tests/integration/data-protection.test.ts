/**
 * What the history keeps about live incidents, for how long, and who can read it: the prediction log's
 * retention (purged by the log's own thread at start-up), the audit export (core, CLI), the folders
 * and files created for the user only, and each connection's durability.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/app/core.js';
import { openDatabase } from '../../main/core/db/index.js';
import { closeDataDir, ENV_HOME, modelsDirFor } from '../../main/core/paths.js';
import { auditPeriod } from '../../main/core/serving/audit.js';
import { PREDICTION_LOG_SYNCHRONOUS } from '../../main/core/serving/log.js';
import { PredictionLogThread } from '../../main/core/serving/log-thread.js';
import { writeModelFile } from '../../main/core/registry/store.js';
import { cli } from '../fixtures/cli.js';
import { tempDir } from '../fixtures/lfb-files.js';

const DAY_MS = 86_400_000;
const posix = process.platform !== 'win32';
/** SQLite's PRAGMA synchronous values. */
const SYNC_NORMAL = 1;
const SYNC_FULL = 2;

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('pump-eta-data-protection-'));
});
afterAll(() => cleanup());

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const londonToday = () => DateTime.now().setZone('Europe/London').toISODate()!;

function insertAnswer(dbPath: string, at: Date, easting: number): void {
  const db = openDatabase(dbPath);
  try {
    db.prepare(
      'INSERT INTO predictions (at, model_id, kind, input_json, output_json) VALUES (?, ?, ?, ?, ?)',
    ).run(at.toISOString(), 'm1', 'predict', JSON.stringify({ easting, northing: 180000 }), '{}');
  } finally {
    db.close();
  }
}

function loggedEastings(dbPath: string): number[] {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return (
      db.prepare('SELECT input_json FROM predictions ORDER BY at').all() as { input_json: string }[]
    ).map((r) => (JSON.parse(r.input_json) as { easting: number }).easting);
  } finally {
    db.close();
  }
}

describe('prediction log retention', () => {
  it("purges entries older than the retention on the log's thread as it starts, keeping the rest", async () => {
    const dbPath = path.join(dir, 'retention', 'history.sqlite');
    const now = Date.now();
    insertAnswer(dbPath, new Date(now - 200 * DAY_MS), 1);
    insertAnswer(dbPath, new Date(now - 31 * DAY_MS), 2);
    insertAnswer(dbPath, new Date(now - 29 * DAY_MS), 3);
    insertAnswer(dbPath, new Date(now - 1000), 4);
    const log = PredictionLogThread.start(dbPath, { retentionDays: 30 });
    await log.close();
    expect(loggedEastings(dbPath)).toEqual([3, 4]);
  });

  it('keeps everything without a retention, and the core refuses a retention that is not a whole number of days', async () => {
    const dbPath = path.join(dir, 'no-retention', 'history.sqlite');
    insertAnswer(dbPath, new Date(Date.now() - 400 * DAY_MS), 1);
    const log = PredictionLogThread.start(dbPath);
    await log.close();
    expect(loggedEastings(dbPath)).toEqual([1]);
    await expect(createCore({ dbPath, retentionDays: 0 })).rejects.toThrow(
      'the retention must be a whole number of days, at least 1 (got 0)',
    );
  });

  it('is shown in About: 90 days by default, or the days the core was given', async () => {
    const core = await createCore({
      dbPath: path.join(dir, 'about', 'history.sqlite'),
      historyPlaces: 'on-demand',
    });
    try {
      expect(core.about().predictionLogRetentionDays).toBe(90);
    } finally {
      await core.close();
    }
    const core30 = await createCore({
      dbPath: path.join(dir, 'about', 'history.sqlite'),
      retentionDays: 30,
      historyPlaces: 'on-demand',
    });
    try {
      expect(core30.about().predictionLogRetentionDays).toBe(30);
    } finally {
      await core30.close();
    }
  });
});

describe('audit export', () => {
  const dbPath = () => path.join(dir, 'audit', 'history.sqlite');
  const tenDaysAgo = new Date(Date.now() - 10 * DAY_MS);
  const tenDaysAgoLondon = DateTime.fromJSDate(tenDaysAgo).setZone('Europe/London').toISODate()!;

  beforeAll(async () => {
    // Answers from the real core (demo model), logged by the log thread, plus one from long ago.
    const core = await createCore({ dbPath: dbPath(), historyPlaces: 'on-demand' });
    try {
      for (const easting of [530450, 531000, 529000]) {
        await core.predict({ location: { kind: 'coordinates', easting, northing: 179050 } });
      }
    } finally {
      await core.close();
    }
    // An answer from ten days ago: inside the retention the cores below purge with (90 days).
    insertAnswer(dbPath(), tenDaysAgo, 1);
  });

  it('writes a period of London days as CSV, one row per answer, with what was typed and answered', async () => {
    const core = await createCore({ dbPath: dbPath(), historyPlaces: 'on-demand' });
    const file = path.join(dir, 'audit-today.csv');
    let suggested = '';
    try {
      const today = londonToday();
      const result = await core.exportAudit(today, today, (name) => {
        suggested = name;
        return Promise.resolve(file);
      });
      expect(result).toEqual({ file, rows: 3 });
      expect(suggested).toBe(`pump-eta-audit-${today}-to-${today}.csv`);
    } finally {
      await core.close();
    }
    const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'answered_at_utc',
      'answered_at_london',
      'model_id',
      'kind',
      'input',
      'output',
    ]);
    // The place as the dispatcher gave it.
    const places = rows.map(
      (r) => (JSON.parse(r.input!) as { location: { easting: number } }).location.easting,
    );
    expect(places.sort()).toEqual([529000, 530450, 531000]);
    for (const row of rows) {
      expect(row.kind).toBe('predict');
      expect((JSON.parse(row.output!) as { etaSeconds: number }).etaSeconds).toBeGreaterThan(0);
      expect(row.answered_at_london).toBe(
        DateTime.fromISO(row.answered_at_utc!).setZone('Europe/London').toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      );
    }
    if (posix) expect(mode(file)).toBe(0o600);
  });

  it('writes nothing when the save dialog is closed, and refuses a bad period or a missing folder in words', async () => {
    const core = await createCore({ dbPath: dbPath(), historyPlaces: 'on-demand' });
    try {
      expect(await core.exportAudit('2026-01-01', '2026-01-31', () => Promise.resolve(null))).toBeNull();
      await expect(
        core.exportAudit('2026-02-30', '2026-03-01', () => Promise.resolve('x.csv')),
      ).rejects.toThrow(
        'The first day must be a date written YYYY-MM-DD, such as 2026-11-28 (got "2026-02-30")',
      );
      await expect(
        core.exportAudit('2026-03-02', '2026-03-01', () => Promise.resolve('x.csv')),
      ).rejects.toThrow('The last day (2026-03-01) is before the first day (2026-03-02).');
      const missing = path.join(dir, 'no-such-folder');
      await expect(
        core.exportAudit('2026-01-01', '2026-01-31', () => Promise.resolve(path.join(missing, 'a.csv'))),
      ).rejects.toThrow(`The folder ${missing} does not exist: choose another place for the audit export.`);
    } finally {
      await core.close();
    }
  });

  it('counts London days across the clock change: BST days start at 23:00 UTC the day before', () => {
    expect(auditPeriod('2026-07-01', '2026-07-01')).toMatchObject({
      startUtc: '2026-06-30T23:00:00.000Z',
      endUtc: '2026-07-01T23:00:00.000Z',
    });
    expect(auditPeriod('2026-01-10', '2026-01-10')).toMatchObject({
      startUtc: '2026-01-10T00:00:00.000Z',
      endUtc: '2026-01-11T00:00:00.000Z',
    });
  });

  it('pump-eta audit exports the same rows, and refuses an incomplete or impossible request', async () => {
    const file = path.join(dir, 'audit-one-day.csv');
    const r = await cli([
      'audit',
      '--from',
      tenDaysAgoLondon,
      '--to',
      tenDaysAgoLondon,
      '--out',
      file,
      '--db',
      dbPath(),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `1 answer(s) from ${tenDaysAgoLondon} to ${tenDaysAgoLondon} (London days) written to ${file}\n`,
    );
    const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.answered_at_utc)).toEqual([tenDaysAgo.toISOString()]);

    const incomplete = await cli(['audit', '--from', '2026-01-01', '--db', dbPath()]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('--from DATE, --to DATE and --out FILE.csv are all needed');
    const backwards = await cli([
      'audit',
      '--from',
      '2026-02-01',
      '--to',
      '2026-01-01',
      '--out',
      file,
      '--db',
      dbPath(),
    ]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('The last day (2026-01-01) is before the first day (2026-02-01).');
  });
});

describe.skipIf(!posix)('folders and files readable by the user only', () => {
  it('creates the history folder 0700, the database and its WAL 0600, the models folder and files 0600/0700', () => {
    const folder = path.join(dir, 'private', 'nested');
    const dbPath = path.join(folder, 'history.sqlite');
    const db = openDatabase(dbPath);
    try {
      db.prepare(
        "INSERT INTO predictions (at, model_id, kind, input_json, output_json) VALUES ('x', 'm', 'predict', '{}', '{}')",
      ).run();
      expect(mode(folder)).toBe(0o700);
      expect(mode(path.dirname(folder))).toBe(0o700);
      expect(mode(dbPath)).toBe(0o600);
      expect(mode(`${dbPath}-wal`)).toBe(0o600);
    } finally {
      db.close();
    }
    const { file } = writeModelFile(modelsDirFor(dbPath), new Uint8Array([1, 2, 3]));
    expect(mode(modelsDirFor(dbPath))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });

  it("leaves a folder named by --db as it is, but closes the app's own data folder", () => {
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared, { mode: 0o755 });
    fs.chmodSync(shared, 0o755);
    openDatabase(path.join(shared, 'history.sqlite')).close();
    expect(mode(shared)).toBe(0o755);

    const home = path.join(dir, 'home');
    fs.mkdirSync(home, { mode: 0o755 });
    fs.chmodSync(home, 0o755);
    closeDataDir(path.join(home, 'history.sqlite'), { [ENV_HOME]: home });
    expect(mode(home)).toBe(0o700);
  });
});

describe('durability of commits', () => {
  it('syncs every commit of imports and the registry (FULL), and the prediction log at checkpoints (NORMAL)', () => {
    const dbPath = path.join(dir, 'durability', 'history.sqlite');
    const writer = openDatabase(dbPath);
    const log = openDatabase(dbPath, { synchronous: PREDICTION_LOG_SYNCHRONOUS });
    try {
      expect(writer.pragma('synchronous', { simple: true })).toBe(SYNC_FULL);
      expect(log.pragma('synchronous', { simple: true })).toBe(SYNC_NORMAL);
      expect(writer.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      log.close();
      writer.close();
    }
  });
});
