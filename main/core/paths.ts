import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The product name Electron uses for `app.getPath('userData')`; the CLI resolves the same folder. */
export const APP_DIR_NAME = 'Pump ETA';
export const DB_FILE_NAME = 'history.sqlite';
export const ENV_DB = 'PUMP_ETA_DB';
export const ENV_HOME = 'PUMP_ETA_HOME';
/**
 * better_sqlite3.node built for Electron. Electron's main sets it so that worker threads, which open the
 * database themselves, load the same driver build as the main thread.
 */
export const ENV_SQLITE_BINDING = 'PUMP_ETA_SQLITE_BINDING';

/** The per-user data folder, matching Electron's userData on each platform. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env[ENV_HOME]) return path.resolve(env[ENV_HOME]);
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
  }
}

/**
 * Where an installed app's bundled resources (demo model, calendars) are: electron-builder's
 * extraResources copies the repository's resources/ to process.resourcesPath/resources.
 */
export const PACKAGED_RESOURCES_DIR = 'resources';

export function packagedResourcesDir(resourcesPath: string): string {
  return path.join(resourcesPath, PACKAGED_RESOURCES_DIR);
}

/** `--db` wins, then $PUMP_ETA_DB, then the data folder. */
export function resolveDbPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env[ENV_DB]) return path.resolve(env[ENV_DB]);
  return path.join(defaultDataDir(env), DB_FILE_NAME);
}

/** Model files live beside the database they are registered in. */
export function modelsDirFor(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'models');
}

/**
 * The history (where live incidents were, as dispatchers typed them) and the models are the user's
 * alone: folders Pump ETA creates are 0700 and the database file 0600 on POSIX systems (SQLite gives its
 * -wal and -shm files the database file's mode). Windows ignores these modes: there the data folder's
 * access is its ACL, inherited from the profile (docs/user-guide.md).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` and any missing parents readable by the user only; an existing folder is left as it is. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates an empty file readable by the user only, unless it exists (then it is left as it is). */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * The app's own data folder (defaultDataDir) is closed to other users even when something else
 * created it first (Electron makes userData before the core opens). A folder named by --db or
 * $PUMP_ETA_DB is the user's choice and is never changed.
 */
export function closeDataDir(dbPath: string, env: NodeJS.ProcessEnv = process.env): void {
  if (process.platform === 'win32') return;
  const dataDir = defaultDataDir(env);
  if (path.resolve(path.dirname(dbPath)) !== path.resolve(dataDir)) return;
  makePrivateDir(dataDir);
  fs.chmodSync(dataDir, PRIVATE_DIR_MODE);
}
