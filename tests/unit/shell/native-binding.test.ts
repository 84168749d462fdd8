import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_NATIVE_DIR, electronSqliteBinding } from '../../../main/shell/native-binding.js';

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
