import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../contract/fleet.js';
import { loadSettings, saveSettings, SETTINGS_FILE } from '../../../main/core/settings/store.js';
import { tempDir } from '../../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('pump-eta-settings-')));
afterEach(() => cleanup());

const file = () => path.join(dir, SETTINGS_FILE);
const others = () => fs.readdirSync(dir).filter((n) => n !== SETTINGS_FILE);

describe('settings.json', () => {
  it('is the defaults when missing, and creates nothing', () => {
    expect(loadSettings(dir)).toEqual({ settings: DEFAULT_SETTINGS, file: file(), warning: null });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('round-trips what is saved, leaving no temp file', () => {
    const s: Settings = {
      fleet: {
        ...DEFAULT_SETTINGS.fleet,
        role: 'follow',
        folder: '/mnt/share',
        publicKeyFile: '/k.pub',
        checkMinutes: 2,
      },
      retentionDays: 30,
    };
    saveSettings(dir, s);
    expect(loadSettings(dir)).toEqual({ settings: s, file: file(), warning: null });
    expect(others()).toEqual([]);
  });

  it('fills settings an older file lacks with the defaults', () => {
    fs.writeFileSync(
      file(),
      JSON.stringify({ fleet: { role: 'follow', folder: '/x', publicKeyFile: '/k' } }),
    );
    const { settings, warning } = loadSettings(dir);
    expect(warning).toBeNull();
    expect(settings.fleet).toEqual({
      ...DEFAULT_SETTINGS.fleet,
      role: 'follow',
      folder: '/x',
      publicKeyFile: '/k',
    });
    expect(settings.retentionDays).toBe(DEFAULT_SETTINGS.retentionDays);
  });

  it.each([
    ['not JSON', '{"fleet": {"role": "follow",', /not JSON/],
    ['an unknown role', JSON.stringify({ fleet: { role: 'lead' } }), /fleet\.role/],
    ['an out-of-range interval', JSON.stringify({ fleet: { checkMinutes: 0 } }), /fleet\.checkMinutes/],
    ['an unknown key', JSON.stringify({ colour: 'red' }), /colour/],
    ['an array', '[1, 2]', /request|expected object/],
  ])(
    'with %s: defaults, a sentence, and the bad file kept aside (never overwritten unseen)',
    (_, text, why) => {
      fs.writeFileSync(file(), text);
      const now = new Date('2026-12-04T08:00:00Z');
      const { settings, warning } = loadSettings(dir, now);
      expect(settings).toEqual(DEFAULT_SETTINGS);
      expect(warning).toMatch(why);
      expect(warning).toMatch(
        /default settings are in force; it was kept as settings\.json\.bad-2026-12-04T08-00-00-000Z/,
      );
      expect(fs.existsSync(file())).toBe(false);
      expect(fs.readFileSync(path.join(dir, 'settings.json.bad-2026-12-04T08-00-00-000Z'), 'utf8')).toBe(
        text,
      );
      // Saving now writes a new file; the bad one stays for the person to look at.
      saveSettings(dir, DEFAULT_SETTINGS);
      expect(loadSettings(dir).warning).toBeNull();
      expect(others()).toEqual(['settings.json.bad-2026-12-04T08-00-00-000Z']);
    },
  );

  it('refuses to save settings that do not fit the schema, naming the field, and keeps the file', () => {
    saveSettings(dir, DEFAULT_SETTINGS);
    const before = fs.readFileSync(file(), 'utf8');
    const bad = { ...DEFAULT_SETTINGS, retentionDays: 0 };
    expect(() => saveSettings(dir, bad)).toThrow(/how many days the prediction log keeps answers/);
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
  });
});
