import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ELECTRON_NATIVE_DIR,
  electronSqliteBinding,
  SQLITE_BINDING_FILE,
} from '../../../main/shell/native-binding.js';

describe('electronSqliteBinding', () => {
  it('uses the separately built copy in a checkout, so node_modules keeps the Node build', () => {
    expect(electronSqliteBinding('/repo', '/unused', false)).toBe(
      path.join('/repo', ELECTRON_NATIVE_DIR, 'better_sqlite3.node'),
    );
    expect(ELECTRON_NATIVE_DIR.startsWith('node_modules')).toBe(true);
  });

  it('uses the copy shipped in the installer’s resources', () => {
    expect(electronSqliteBinding('/opt/app.asar', '/opt/resources', true)).toBe(
      path.join('/opt/resources', 'native', 'better_sqlite3.node'),
    );
  });
});

describe('scripts/electron-native.mjs', () => {
  // A plain script without type declarations: imported by URL and typed at the use site.
  const SCRIPT = new URL('../../../scripts/electron-native.mjs', import.meta.url).href;

  it('builds into the folder and file the app loads from', async () => {
    const script = (await import(SCRIPT)) as { ELECTRON_NATIVE_DIR: string; SQLITE_BINDING_FILE: string };
    expect(script.ELECTRON_NATIVE_DIR).toBe(ELECTRON_NATIVE_DIR);
    expect(script.SQLITE_BINDING_FILE).toBe(SQLITE_BINDING_FILE);
  });

  it('rebuilds when Electron or better-sqlite3 changes', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const script = (await import(SCRIPT)) as {
      wantedStamp(): Record<string, string>;
      isUpToDate(dir: string, stamp: Record<string, string>): boolean;
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pump-eta-native-'));
    const stamp = script.wantedStamp();
    expect(script.isUpToDate(dir, stamp)).toBe(false);
    fs.writeFileSync(path.join(dir, SQLITE_BINDING_FILE), '');
    fs.writeFileSync(path.join(dir, 'stamp.json'), JSON.stringify(stamp));
    expect(script.isUpToDate(dir, stamp)).toBe(true);
    expect(script.isUpToDate(dir, { ...stamp, electron: '0.0.1' })).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
