import crypto from 'node:crypto';
import fs from 'node:fs';
import { DEFAULT_SETTINGS, type Settings } from '../../../contract/fleet.js';
import { loadSettings, parseSettings, settingsFile, type LoadedSettings } from '../settings/store.js';

/** What identifies one version of settings.json without reading it: a changed file changes one of these. */
interface Stamp {
  readonly mtimeMs: number;
  readonly size: number;
  /** The file is replaced by a rename when saved: a new inode even within the clock's resolution. */
  readonly ino: number;
}

function stampOf(file: string): Stamp | null {
  try {
    const stat = fs.statSync(file);
    return { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino };
  } catch {
    return null;
  }
}

const hashOf = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * settings.json as an open core sees it. The command line may change the file while a window is open
 * (`pump-eta settings --private-key …` during a key rotation): `refresh` notices a changed modification
 * time or size, reads the file again and takes the new settings if they are valid. A file changed into
 * something invalid is left where it is and the settings in force are kept, with a warning: only the
 * first read moves a bad file aside (loadSettings), so a window never undoes a file it did not write.
 */
export class SettingsSource {
  private loaded: LoadedSettings;
  private stamp: Stamp | null;
  private hash: string | null = null;

  constructor(
    private readonly dataDir: string,
    loaded?: LoadedSettings,
  ) {
    // Stamped before reading: a change made while it is read is seen by the next refresh.
    this.stamp = stampOf(settingsFile(dataDir));
    this.loaded = loaded ?? loadSettings(dataDir);
  }

  get current(): LoadedSettings {
    return this.loaded;
  }

  /** After this core saved the settings itself: they are in force, and the file is not a change. */
  saved(settings: Settings): void {
    this.loaded = { settings, file: this.loaded.file, warning: null };
    this.stamp = stampOf(this.loaded.file);
    this.hash = null;
  }

  /** Reads settings.json again if it changed since it was read; true when the settings in force changed. */
  refresh(): boolean {
    const file = this.loaded.file;
    const stamp = stampOf(file);
    if (sameStamp(stamp, this.stamp)) return false;
    this.stamp = stamp;
    if (stamp === null) return this.take(DEFAULT_SETTINGS, null);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      return this.keep(`it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const hash = hashOf(text);
    if (hash === this.hash) return false;
    this.hash = hash;
    try {
      return this.take(parseSettings(text), null);
    } catch (error) {
      return this.keep((error as Error).message);
    }
  }

  private take(settings: Settings, warning: string | null): boolean {
    const changed = JSON.stringify(settings) !== JSON.stringify(this.loaded.settings);
    this.loaded = { settings, file: this.loaded.file, warning };
    return changed;
  }

  private keep(why: string): boolean {
    this.loaded = {
      ...this.loaded,
      warning:
        `The settings file ${this.loaded.file} was changed but cannot be used (${why}), so the settings ` +
        `read before stay in force. Check it ('pump-eta settings', or the Settings dialog) and save it again.`,
    };
    return false;
  }
}

function sameStamp(a: Stamp | null, b: Stamp | null): boolean {
  return (
    a === b || (a !== null && b !== null && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino)
  );
}
