import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_SETTINGS,
  describeSettingsIssues,
  SettingsSchema,
  type Settings,
} from '../../../contract/fleet.js';
import { describeIssues } from '../../../contract/index.js';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../paths.js';
import { writeFileAtomic } from '../util/atomic-file.js';

/** The app's settings file, in the data folder beside the history database (CLI and app share it). */
export const SETTINGS_FILE = 'settings.json';
/** Settings files are a few hundred bytes; anything far larger is not ours. */
const MAX_SETTINGS_BYTES = 64 * 1024;

export interface LoadedSettings {
  readonly settings: Settings;
  readonly file: string;
  /** Why the defaults are in force although a file was there, in one sentence; null when all is well. */
  readonly warning: string | null;
}

export function settingsFile(dataDir: string): string {
  return path.join(dataDir, SETTINGS_FILE);
}

/**
 * Fills what an older file lacks with the defaults, so a file written before a setting existed stays
 * valid; a key the schema does not know still makes the file invalid (strict), rather than being lost.
 */
function withDefaults(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const record = raw as Record<string, unknown>;
  const fleet = record.fleet;
  return {
    ...DEFAULT_SETTINGS,
    ...record,
    fleet:
      typeof fleet === 'object' && fleet !== null && !Array.isArray(fleet)
        ? { ...DEFAULT_SETTINGS.fleet, ...(fleet as Record<string, unknown>) }
        : fleet,
  };
}

/** Parses a settings file's text; throws an Error saying what is wrong with it. */
export function parseSettings(text: string): Settings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`it is not JSON (${(error as Error).message})`);
  }
  const parsed = SettingsSchema.safeParse(withDefaults(raw));
  // A hand-edited file: its own keys name what to mend in it.
  if (!parsed.success) throw new Error(describeIssues(parsed.error));
  return parsed.data;
}

/**
 * The settings in `dataDir`: the defaults when there is no file. A file that cannot be read or is not
 * valid never stops the app: the defaults are used, the file is kept aside as settings.json.bad-<time>
 * (so saving new settings does not overwrite it unseen), and the warning says so.
 */
export function loadSettings(dataDir: string, now: Date = new Date()): LoadedSettings {
  const file = settingsFile(dataDir);
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_SETTINGS_BYTES) throw Object.assign(new Error(`it is ${size} bytes`), { code: 'EFBIG' });
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: DEFAULT_SETTINGS, file, warning: null };
    return { settings: DEFAULT_SETTINGS, file, warning: badFile(file, `it cannot be read (${code})`, now) };
  }
  try {
    return { settings: parseSettings(text), file, warning: null };
  } catch (error) {
    return { settings: DEFAULT_SETTINGS, file, warning: badFile(file, (error as Error).message, now) };
  }
}

function badFile(file: string, why: string, now: Date): string {
  const kept = `${file}.bad-${now.toISOString().replace(/[:.]/g, '-')}`;
  let where: string;
  try {
    fs.renameSync(file, kept);
    where = `it was kept as ${path.basename(kept)}`;
  } catch (error) {
    where = `it could not be moved aside (${(error as NodeJS.ErrnoException).code ?? 'error'}) and is left as it is`;
  }
  return (
    `The settings file ${file} could not be used (${why}), so the default settings are in force; ` +
    `${where}. Check the settings (the Settings dialog, or 'pump-eta settings') and save them again.`
  );
}

/**
 * Writes the settings atomically (temp file, fsync, rename): a crash leaves the old file or the new.
 * Readable by the user only, like the history beside it (it names the key files and the share): a
 * folder it creates is 0700, the file 0600 — also when it replaces a file written more openly before.
 */
export function saveSettings(dataDir: string, settings: Settings): Settings {
  const parsed = SettingsSchema.safeParse(settings);
  if (!parsed.success) throw new Error(`Settings not saved — ${describeSettingsIssues(parsed.error)}`);
  makePrivateDir(dataDir);
  writeFileAtomic(settingsFile(dataDir), JSON.stringify(parsed.data, null, 2) + '\n', {
    mode: PRIVATE_FILE_MODE,
  });
  return parsed.data;
}
