import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The product name Electron uses for `app.getPath('userData')`; the CLI resolves the same folder. */
export const APP_DIR_NAME = 'Pump ETA';
export const DB_FILE_NAME = 'history.sqlite';
export const ENV_DB = 'PUMP_ETA_DB';
/**
 * The data folder, instead of the default. A user may set it; IT may set it machine-wide by policy (a
 * system environment variable, e.g. `D:\PumpETA\%USERNAME%`, which Windows expands per user).
 */
export const ENV_HOME = 'PUMP_ETA_HOME';
/**
 * better_sqlite3.node built for Electron. Electron's main sets it so that worker threads, which open the
 * database themselves, load the same driver build as the main thread.
 */
export const ENV_SQLITE_BINDING = 'PUMP_ETA_SQLITE_BINDING';

/**
 * How the data folder was chosen: `override` ($PUMP_ETA_HOME), `default` (the platform's place), or
 * `roaming` (Windows: a history found where earlier versions kept it, in the roaming profile, and
 * used there rather than starting empty).
 */
export type DataDirSource = 'override' | 'default' | 'roaming';

export interface DataDirChoice {
  readonly dir: string;
  readonly source: DataDirSource;
  /** A sentence for the person at the screen when the folder is not where it should be, else null. */
  readonly note: string | null;
}

/**
 * The data folder: the history database, its models, the app's own settings and caches (Electron's
 * userData is set to it), all together and all on this machine.
 *
 * - Windows: `%LOCALAPPDATA%\Pump ETA`. Not the roaming profile (%APPDATA%): a roaming profile is copied
 *   to and from a server at every logon and logoff, which for a history of a gigabyte means minutes
 *   and a copy that can be overwritten by another desk's, and SQLite on a network share can corrupt a
 *   database (its locks do not hold there). The few settings stay beside the history: they describe
 *   this desk's history (where it is, what it keeps), so a copy following the user to another desk
 *   would describe the wrong one.
 * - A history found only in `%APPDATA%\Pump ETA` (earlier versions) is used where it is, and `note`
 *   says so and how to move it: never a silent start on an empty history.
 * - macOS: `~/Library/Application Support/Pump ETA`; Linux: `$XDG_CONFIG_HOME/Pump ETA`
 *   (`~/.config/Pump ETA`), Electron's userData there.
 */
export function chooseDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (file: string) => boolean = fs.existsSync,
  home: string = os.homedir(),
): DataDirChoice {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const override = env[ENV_HOME];
  if (override) return { dir: p.resolve(override), source: 'override', note: null };
  switch (platform) {
    case 'win32': {
      const local = p.join(env['LOCALAPPDATA'] ?? p.join(home, 'AppData', 'Local'), APP_DIR_NAME);
      const roaming = p.join(env['APPDATA'] ?? p.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
      if (!exists(p.join(local, DB_FILE_NAME)) && exists(p.join(roaming, DB_FILE_NAME))) {
        return {
          dir: roaming,
          source: 'roaming',
          note:
            `The history is in the roaming profile (${roaming}), where earlier versions kept it, and is used there. ` +
            `Move that folder's contents to ${local} while Pump ETA is closed to keep it on this machine ` +
            `(user guide: "Where Pump ETA keeps its data").`,
        };
      }
      return { dir: local, source: 'default', note: null };
    }
    case 'darwin':
      return {
        dir: p.join(home, 'Library', 'Application Support', APP_DIR_NAME),
        source: 'default',
        note: null,
      };
    default:
      return {
        dir: p.join(env['XDG_CONFIG_HOME'] ?? p.join(home, '.config'), APP_DIR_NAME),
        source: 'default',
        note: null,
      };
  }
}

/** The data folder (see chooseDataDir). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return chooseDataDir(env, platform).dir;
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

/** The note to show about where the database is, when it was not named and is not where it belongs. */
export function dataDirNote(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  if (explicit || env[ENV_DB]) return null;
  return chooseDataDir(env).note;
}

/** Model files live beside the database they are registered in. */
export function modelsDirFor(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'models');
}

/** The app's data folder for a database: settings.json and the models folder live beside it. */
export function dataDirFor(dbPath: string): string {
  return path.dirname(path.resolve(dbPath));
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
