import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion, openDatabase, schemaVersion } from '../../main/core/db/index.js';
import { MIGRATIONS } from '../../main/core/db/migrations/index.js';
import { findResourcesDir, DEMO_MODEL_FILE } from '../../main/core/registry/manager.js';
import { Registry } from '../../main/core/registry/registry.js';
import { tempDir } from '../fixtures/lfb-files.js';

/**
 * Migration 009 rebuilds `model_events` so that its action may be 'follow' (a model put in service from
 * the shared folder): a version-6 registry's history must come through whole, same ids, with the
 * references to models still enforced, and rollback's walk through the champions unchanged.
 */
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('pump-eta-migration-009-')));
afterAll(() => cleanup());

describe('migration 009 (fleet)', () => {
  it('keeps every model event, accepts follow, and still refuses an event for no model', () => {
    const dbPath = path.join(dir, 'v6.sqlite');
    const v6 = openDatabase(dbPath, { migrations: MIGRATIONS.filter((m) => m.version <= 6) });
    const registry6 = new Registry(v6, path.join(dir, 'models'));
    const demo = fs.readFileSync(path.join(findResourcesDir(), DEMO_MODEL_FILE));
    // Both trained models here: a plain rollback steps over the demo model.
    const a = registry6.register({ bytes: demo });
    const b = registry6.register({ bytes: Buffer.concat([demo, Buffer.from('other bytes')]) });
    registry6.setChampion(a.id, 'promote', 'fresh install');
    registry6.setChampion(b.id, 'force-promote', 'test');
    registry6.recordRefusal(a.id, 'worse', null);
    expect(schemaVersion(v6)).toBe(6);
    const events = v6.prepare('SELECT * FROM model_events ORDER BY id').all();
    v6.close();

    const db = openDatabase(dbPath);
    try {
      expect(schemaVersion(db)).toBe(latestVersion());
      expect(db.prepare('SELECT * FROM model_events ORDER BY id').all()).toEqual(events);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const registry = new Registry(db, path.join(dir, 'models'));
      expect(registry.previousChampion()?.id).toBe(a.id);
      registry.setChampion(a.id, 'follow', 'followed publication 1');
      expect(registry.champion()?.id).toBe(a.id);
      expect(registry.events(1)[0]).toMatchObject({ action: 'follow', modelId: a.id, previousId: b.id });
      // A follow pushes onto the champions' history as a promotion does.
      expect(registry.previousChampion()?.id).toBe(b.id);
      expect(() =>
        db
          .prepare(
            `INSERT INTO model_events (at, action, model_id, user, reason) VALUES ('t', 'follow', 'nope', 'u', 'r')`,
          )
          .run(),
      ).toThrow(/FOREIGN KEY/);
      expect(() =>
        db
          .prepare(
            `INSERT INTO model_events (at, action, model_id, user, reason) VALUES ('t', 'adopt', ?, 'u', 'r')`,
          )
          .run(a.id),
      ).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
