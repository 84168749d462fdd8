import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db/index.js';
import { Registry } from '../../../main/core/registry/registry.js';
import { removeStrayTempFiles, sha256Hex } from '../../../main/core/registry/store.js';

let dir: string;
let db: Db;
let registry: Registry;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-registry-'));
  db = openDatabase(path.join(dir, 'history.sqlite'));
  registry = new Registry(db, path.join(dir, 'models'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bytes = (s: string) => new TextEncoder().encode(s);

describe('Registry', () => {
  it('stores model files by content and registers them as candidates', () => {
    const m = registry.register({ bytes: bytes('model-a'), rows: 10, metrics: { mae: 50 } });
    expect(m.id).toBe(sha256Hex(bytes('model-a')).slice(0, 12));
    expect(m.status).toBe('candidate');
    expect(fs.readFileSync(registry.filePath(m), 'utf8')).toBe('model-a');
    expect(registry.verify(m)).toBeNull();
    expect(registry.register({ bytes: bytes('model-a') }).id).toBe(m.id);
    expect(registry.list()).toHaveLength(1);
  });

  it('marks a model force-promoted at any time, whatever it is now', () => {
    const a = registry.register({ bytes: bytes('a') });
    const b = registry.register({ bytes: bytes('b') });
    registry.setChampion(a.id, 'promote', 'first');
    registry.setChampion(b.id, 'force-promote', 'forced past a refusal');
    expect(registry.champion()).toMatchObject({ id: b.id, forcedPromotion: true });
    registry.setChampion(a.id, 'rollback', 'operator asked');
    const byId = new Map(registry.list().map((m) => [m.id, m.forcedPromotion]));
    expect(byId).toEqual(
      new Map([
        [a.id, false],
        [b.id, true],
      ]),
    );
    expect(registry.get(b.id).forcedPromotion).toBe(true);
  });

  it('keeps exactly one champion through promotions and rollbacks', () => {
    const a = registry.register({ bytes: bytes('a') });
    const b = registry.register({ bytes: bytes('b') });
    registry.setChampion(a.id, 'promote', 'first');
    registry.setChampion(b.id, 'promote', 'better');
    expect(registry.champion()?.id).toBe(b.id);
    expect(registry.get(a.id).status).toBe('retired');
    expect(registry.previousChampion()?.id).toBe(a.id);
    registry.setChampion(a.id, 'rollback', 'operator asked');
    expect(registry.champion()?.id).toBe(a.id);
    const champions = db.prepare(`SELECT COUNT(*) AS n FROM models WHERE status = 'champion'`).get() as {
      n: number;
    };
    expect(champions.n).toBe(1);
    expect(registry.events(10).map((e) => e.action)).toEqual([
      'rollback',
      'promote',
      'promote',
      'register',
      'register',
    ]);
  });

  it('walks back through the champions: a second rollback goes further back, not forward', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((s) => registry.register({ bytes: bytes(s) }));
    registry.setChampion(a!.id, 'promote', 'first');
    registry.setChampion(b!.id, 'force-promote', 'forced');
    registry.setChampion(c!.id, 'promote', 'better');
    expect(registry.previousChampion()?.id).toBe(b!.id);
    registry.setChampion(b!.id, 'rollback', 'rollback to the previous champion');
    // Before, the second step back was the model the first one removed (c).
    expect(registry.previousChampion()?.id).toBe(a!.id);
    registry.setChampion(a!.id, 'rollback', 'rollback to the previous champion');
    expect(registry.previousChampion()).toBeNull();
    // Promoting again starts a new step on the walk: back from c is a.
    registry.setChampion(c!.id, 'promote', 'again');
    expect(registry.previousChampion()?.id).toBe(a!.id);
  });

  it('a plain rollback never steps back to the demo model: no earlier trained model is null', () => {
    const demo = registry.register({ bytes: bytes('demo'), isDemo: true });
    registry.setChampion(demo.id, 'fallback', 'bundled');
    const [a, b] = ['a', 'b'].map((s) => registry.register({ bytes: bytes(s) }));
    registry.setChampion(a!.id, 'promote', 'first');
    expect(registry.previousChampion()).toBeNull();
    registry.setChampion(b!.id, 'promote', 'better');
    expect(registry.previousChampion()?.id).toBe(a!.id);
    registry.setChampion(a!.id, 'rollback', 'rollback to the previous champion');
    // Before, the demo model was next on the walk back, and a plain rollback served it.
    expect(registry.previousChampion()).toBeNull();
    // Named on purpose, the demo model can still be put back: it is then the bottom of the walk.
    registry.setChampion(demo.id, 'rollback', 'rollback to the demo model');
    expect(registry.champion()?.id).toBe(demo.id);
    expect(registry.previousChampion()).toBeNull();
  });

  it('refuses a second champion at the database level', () => {
    const a = registry.register({ bytes: bytes('a') });
    const b = registry.register({ bytes: bytes('b') });
    registry.setChampion(a.id, 'promote', 'first');
    expect(() => db.prepare(`UPDATE models SET status = 'champion' WHERE id = ?`).run(b.id)).toThrow(
      /UNIQUE/,
    );
  });

  it('detects a missing or corrupted model file', () => {
    const m = registry.register({ bytes: bytes('model') });
    fs.writeFileSync(registry.filePath(m), 'tampered');
    expect(registry.verify(m)).toMatch(/corrupt/);
    fs.rmSync(registry.filePath(m));
    expect(registry.verify(m)).toMatch(/missing/);
  });

  it('finds models by unique prefix and explains unknown ids', () => {
    const m = registry.register({ bytes: bytes('x') });
    expect(registry.get(m.id.slice(0, 6)).id).toBe(m.id);
    expect(() => registry.get('ffffffffffff')).toThrow(/No model 'ffffffffffff'/);
    expect(registry.find('not-hex')).toBeNull();
  });

  it('cleans temp files a crash left behind', () => {
    fs.mkdirSync(registry.modelsDir, { recursive: true });
    fs.writeFileSync(path.join(registry.modelsDir, '.abc.1.2.tmp'), 'half');
    expect(removeStrayTempFiles(registry.modelsDir)).toBe(1);
  });
});
