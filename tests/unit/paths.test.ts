import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDataDir, DB_FILE_NAME, ENV_HOME } from '../../main/core/paths.js';

/**
 * Where the history, its models and the app's settings live, per platform (passed as a parameter, so
 * every platform's rule runs here), with the file system's answers given as a set of existing files.
 */
const WIN_HOME = 'C:\\Users\\dispatcher1';
const WIN_ENV = {
  APPDATA: 'C:\\Users\\dispatcher1\\AppData\\Roaming',
  LOCALAPPDATA: 'C:\\Users\\dispatcher1\\AppData\\Local',
};
const LOCAL = 'C:\\Users\\dispatcher1\\AppData\\Local\\Pump ETA';
const ROAMING = 'C:\\Users\\dispatcher1\\AppData\\Roaming\\Pump ETA';

function windows(existing: string[], env: NodeJS.ProcessEnv = WIN_ENV) {
  const files = new Set(existing);
  return chooseDataDir(env, 'win32', (file) => files.has(file), WIN_HOME);
}

describe('the data folder on Windows', () => {
  it('is machine-local (%LOCALAPPDATA%), not the roaming profile, on a fresh install', () => {
    expect(windows([])).toEqual({ dir: LOCAL, source: 'default', note: null });
  });

  it('is found under the home folder when %LOCALAPPDATA% is not set', () => {
    expect(windows([], {}).dir).toBe(LOCAL);
  });

  it('uses a history found only in the roaming profile where it is, and says so and how to move it', () => {
    const choice = windows([`${ROAMING}\\${DB_FILE_NAME}`]);
    expect(choice.dir).toBe(ROAMING);
    expect(choice.source).toBe('roaming');
    expect(choice.note).toContain(`roaming profile (${ROAMING})`);
    expect(choice.note).toContain(`to ${LOCAL} while Pump ETA is closed`);
    expect(choice.note).toContain('Where Pump ETA keeps its data');
  });

  it('prefers the local history once there is one, whatever is left in the roaming profile', () => {
    expect(windows([`${ROAMING}\\${DB_FILE_NAME}`, `${LOCAL}\\${DB_FILE_NAME}`])).toEqual({
      dir: LOCAL,
      source: 'default',
      note: null,
    });
  });

  it(`follows ${ENV_HOME} (a user's, or IT's machine-wide policy) over both places`, () => {
    const choice = windows([`${ROAMING}\\${DB_FILE_NAME}`], {
      ...WIN_ENV,
      [ENV_HOME]: 'D:\\PumpETA\\dispatcher1',
    });
    expect(choice).toEqual({ dir: 'D:\\PumpETA\\dispatcher1', source: 'override', note: null });
  });
});

describe('the data folder elsewhere', () => {
  const none = () => false;
  it("is Electron's userData place on Linux and macOS", () => {
    expect(chooseDataDir({}, 'linux', none, '/home/ops').dir).toBe('/home/ops/.config/Pump ETA');
    expect(chooseDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', none, '/home/ops').dir).toBe('/cfg/Pump ETA');
    expect(chooseDataDir({}, 'darwin', none, '/Users/ops').dir).toBe(
      '/Users/ops/Library/Application Support/Pump ETA',
    );
  });

  it(`follows ${ENV_HOME}, made absolute`, () => {
    const choice = chooseDataDir({ [ENV_HOME]: 'rel/data' }, 'linux', none, '/home/ops');
    expect(choice).toEqual({ dir: path.resolve('rel/data'), source: 'override', note: null });
  });
});
