import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DatabaseVersionError,
  latestVersion,
  openDatabase,
  schemaVersion,
} from '../../../main/core/db/index.js';

const dirs: string[] = [];
const tempDb = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-db-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'history.sqlite');
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the folder, applies every migration and uses WAL', () => {
    const file = tempDb();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining(['imports', 'incidents', 'mobilisations', 'stations', 'models', 'predictions']),
    );
    db.close();
  });

  it('refuses a database from a newer version, naming both versions', () => {
    const file = tempDb();
    openDatabase(file).close();
    const raw = openDatabase(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseVersionError);
    expect(() => openDatabase(file)).toThrow(/newer version of Pump ETA \(schema 999/);
  });

  it('applies pending migrations in one transaction: a failing one leaves the old schema', () => {
    const file = tempDb();
    openDatabase(file, { migrations: [{ version: 1, name: 'a', up: 'CREATE TABLE a (x)' }] }).close();
    expect(() =>
      openDatabase(file, {
        migrations: [
          { version: 1, name: 'a', up: 'CREATE TABLE a (x)' },
          { version: 2, name: 'b', up: 'CREATE TABLE b (x)' },
          { version: 3, name: 'c', up: 'THIS IS NOT SQL' },
        ],
      }),
    ).toThrow();
    const db = openDatabase(file, { migrations: [{ version: 1, name: 'a', up: 'CREATE TABLE a (x)' }] });
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'b'`).get()).toBeUndefined();
    db.close();
  });
});
