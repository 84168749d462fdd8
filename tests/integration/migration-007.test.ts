import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase, schemaVersion } from '../../main/core/db/index.js';
import { MIGRATIONS } from '../../main/core/db/migrations/index.js';
import { importFile } from '../../main/core/ingest/import-file.js';
import { Registry } from '../../main/core/registry/registry.js';
import { MonitorStore } from '../../main/core/monitor/store.js';
import { emptySums } from '../../main/core/monitor/sums.js';
import { real, tempDir, REPO_ROOT } from '../fixtures/lfb-files.js';

/**
 * Migration 007 adds the monitor's tables to a version-6 history: every existing row stays, the new
 * tables start empty and refuse results for a model the registry does not hold, and a model's results
 * are replaced as a whole and dropped by an undo's reset.
 */
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('pump-eta-migration-007-')));
afterAll(() => cleanup());

const BEFORE_007 = MIGRATIONS.filter((m) => m.version < 7);
const MONITOR_TABLES = [
  'monitor_runs',
  'monitor_months',
  'monitor_station_months',
  'monitor_drift',
  'monitor_new_categories',
  'monitor_reference',
];

describe('migration 007 (monitoring)', () => {
  it('upgrades a version-6 history in place and keeps every row', async () => {
    const dbPath = path.join(dir, 'v6.sqlite');
    const v6 = openDatabase(dbPath, { migrations: BEFORE_007 });
    await importFile(v6, real('stations.csv'));
    await importFile(v6, real('incidents-2009-first20.csv'));
    const model = new Registry(v6, path.join(dir, 'models')).register({
      bytes: fs.readFileSync(path.join(REPO_ROOT, 'resources', 'demo-model.onnx')),
      isDemo: true,
    });
    expect(schemaVersion(v6)).toBe(6);
    const count = (db: typeof v6, t: string) =>
      db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    const tables = ['imports', 'incidents', 'stations', 'models'];
    const before = Object.fromEntries(tables.map((t) => [t, count(v6, t)]));
    v6.close();

    const db = openDatabase(dbPath);
    try {
      expect(schemaVersion(db)).toBe(latestVersion());
      expect(Object.fromEntries(tables.map((t) => [t, count(db, t)]))).toEqual(before);
      for (const t of MONITOR_TABLES) expect(count(db, t)).toBe(0);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

      const store = new MonitorStore(db);
      const sums = { ...emptySums(), vehicles: 3, absSum: 150, sqSum: 9000, errSum: -30 };
      const snapshot = (modelId: string, month: string) => ({
        modelId,
        scoredAfter: Date.UTC(2023, 0, 1),
        vehicles: 3,
        unscored: 1,
        months: [{ month, sums }],
        stationMonths: [{ station: 'A21', month, sums }],
        drift: [{ month, features: [{ feature: 'ward' as const, psi: 0.3, movers: [] }] }],
        newCategories: [{ feature: 'station' as const, category: 'Z99', vehicles: 1, firstMonth: month }],
      });
      // Results for a model the registry does not hold are refused, and nothing is half-written.
      expect(() => store.save(snapshot('nosuchmodel0', '2023-02'), new Date())).toThrow(/FOREIGN KEY/);
      for (const t of MONITOR_TABLES) expect(count(db, t)).toBe(0);

      store.save(snapshot(model.id, '2023-02'), new Date());
      store.save(snapshot(model.id, '2023-03'), new Date());
      const stored = store.read(model.id)!;
      // Replaced as a whole: only the second computation's month remains.
      expect(stored.months.map((m) => m.month)).toEqual(['2023-03']);
      expect(stored.months[0]!.sums).toEqual(sums);
      expect(stored.drift).toEqual([{ month: '2023-03', feature: 'ward', psi: 0.3, movers: [] }]);
      expect(stored.newCategories).toEqual([
        { feature: 'station', category: 'Z99', vehicles: 1, firstMonth: '2023-03' },
      ]);
      expect(stored.run.unscored).toBe(1);

      store.saveProblem(model.id, Date.UTC(2023, 0, 1), 'the disk is full', new Date());
      expect(store.read(model.id)!.run.problem).toBe('the disk is full');
      expect(store.read(model.id)!.months).toHaveLength(1);

      store.dropAll();
      for (const t of MONITOR_TABLES) expect(count(db, t)).toBe(0);
    } finally {
      db.close();
    }
  });
});
