/**
 * The Windows installer as IT deploys it, checked from electron-builder.yml's `nsis:` section: silent
 * (`/S`) and for all users, the one combination of electron-builder's NSIS options that installs per
 * machine with no install-mode page to answer, and an uninstall that keeps each user's history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../fixtures/lfb-files.js';

/** The scalar `key: value` lines of one top-level section of electron-builder.yml. */
function section(yml: string, name: string): Map<string, string> {
  const lines = yml.split('\n');
  const start = lines.findIndex((l) => l === `${name}:`);
  if (start < 0) throw new Error(`electron-builder.yml has no top-level ${name}: section`);
  const keys = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key or comment
    const entry = /^ {2}(\w+):\s*(.*?)\s*$/.exec(line);
    if (entry) keys.set(entry[1]!, entry[2]!.replace(/^'(.*)'$/, '$1'));
  }
  return keys;
}

const yml = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');

describe('the NSIS installer for managed desktops', () => {
  const nsis = section(yml, 'nsis');

  it('installs for all users with no install-mode page, so /S needs no answer', () => {
    // oneClick false + perMachine true: electron-builder defines INSTALL_MODE_PER_ALL_USERS (Program
    // Files, shortcuts for all users, RequestExecutionLevel admin); /allusers and /currentuser do not apply.
    expect(nsis.get('oneClick')).toBe('false');
    expect(nsis.get('perMachine')).toBe('true');
    // A person who double-clicks it as a standard user is asked for elevation rather than refused.
    expect(nsis.get('allowElevation')).toBe('true');
  });

  it("keeps every user's history and models when it is uninstalled", () => {
    expect(nsis.get('deleteAppDataOnUninstall')).toBe('false');
  });

  it('is the Windows target, and the README tells IT how to deploy and remove it silently', () => {
    expect(yml).toMatch(/^win:\n {2}target:\n {4}- nsis$/m);
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('"Pump ETA Setup <version>.exe" /S');
    expect(readme).toContain('"C:\\Program Files\\Pump ETA\\Uninstall Pump ETA.exe" /S');
  });
});
