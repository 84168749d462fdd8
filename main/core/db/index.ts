import path from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, ENV_SQLITE_BINDING, makePrivateDir } from '../paths.js';
import { explainStorageError } from '../util/storage-errors.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/types.js';

export type Db = Database.Database;

/** Raised for a database this build cannot safely use; the message is meant for the user. */
export class DatabaseVersionError extends Error {
  override name = 'DatabaseVersionError';
}

export interface OpenOptions {
  readonly readonly?: boolean;
  /** Path to a better_sqlite3.node built for the current runtime (Electron rebuild). */
  readonly nativeBinding?: string;
  readonly migrations?: readonly Migration[];
  /**
   * When a commit reaches the disk (a writer's connection; SQLite's `synchronous` is per connection).
   * 'full' (the default): WAL mode syncs the WAL at every commit, so an acknowledged import, model
   * registration, promotion or undo survives a power cut. 'normal' syncs only at checkpoints: a power cut
   * may lose the last commits (never consistency) — kept for the prediction log, whose writes are many
   * and small and whose last seconds are worth less than a sync per batch (docs/faults-and-load.md).
   */
  readonly synchronous?: Synchronous;
}

export type Synchronous = 'full' | 'normal';

const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the history database, in WAL mode, and applies pending migrations in one
 * transaction. A database written by a newer Pump ETA is refused rather than guessed at.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  try {
    return open(file, options, migrations);
  } catch (error) {
    // A read-only open reports a missing file as "cannot open": only a writer's failure is the disk's.
    if (options.readonly || file === ':memory:') throw error;
    throw explainStorageError(error, { what: `the history database ${path.basename(file)}`, file });
  }
}

function open(file: string, options: OpenOptions, migrations: readonly Migration[]): Db {
  if (file !== ':memory:') {
    makePrivateDir(path.dirname(path.resolve(file)));
    if (!options.readonly) createPrivateFile(file);
  }
  const nativeBinding = options.nativeBinding ?? process.env[ENV_SQLITE_BINDING];
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    timeout: BUSY_TIMEOUT_MS,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronousPragma(options.synchronous ?? 'full')}`);
    }
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function synchronousPragma(mode: Synchronous): string {
  switch (mode) {
    case 'full':
      return 'FULL';
    case 'normal':
      return 'NORMAL';
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function migrate(db: Db, migrations: readonly Migration[], file: string): void {
  const current = schemaVersion(db);
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new DatabaseVersionError(
      `The database ${file} was written by a newer version of Pump ETA (schema ${current}; this version ` +
        `understands up to ${latest}). Update Pump ETA, or choose another database with --db.`,
    );
  }
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return;
  if (db.readonly) {
    throw new DatabaseVersionError(
      `The database ${file} needs upgrading (schema ${current} → ${latest}) but was opened read-only.`,
    );
  }
  // SQLite ignores this pragma inside a transaction: it is switched around the migrations' one.
  const rebuilds = pending.some((m) => m.rebuildsTables);
  if (rebuilds) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        db.exec(m.up);
        db.pragma(`user_version = ${m.version}`);
      }
      if (rebuilds) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) {
          throw new Error(
            `upgrading ${file} would leave ${broken.length} rows pointing at nothing; it was not changed`,
          );
        }
      }
    }).immediate();
  } finally {
    if (rebuilds) db.pragma('foreign_keys = ON');
  }
}
