import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeStrayTempFiles, sha256Hex, writeModelFile } from '../../../main/core/registry/store.js';
import { StorageError } from '../../../main/core/util/storage-errors.js';
import { tempDir } from '../../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('pump-eta-store-')));
afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
});

const SHA = 'a'.repeat(64);
const tempName = (pid: number, at: number) => `.${SHA}.${pid}.${at}.tmp`;

describe('removeStrayTempFiles', () => {
  it('removes what a dead writer left, and keeps a write another live process is making', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => dead.on('exit', resolve));
    try {
      const now = Date.now();
      const live = tempName(sleeper.pid!, now);
      const stale = tempName(sleeper.pid!, now - 2 * 60 * 60_000);
      const orphan = tempName(dead.pid!, now);
      const ours = tempName(process.pid, now);
      const foreign = '.something-else.tmp';
      for (const name of [live, stale, orphan, ours, foreign]) fs.writeFileSync(path.join(dir, name), 'x');
      expect(removeStrayTempFiles(dir, now)).toBe(4);
      // A live pid with an hour-old temp file is a reused pid, not a write in progress.
      expect(fs.readdirSync(dir)).toEqual([live]);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});

describe('writeModelFile on a full disk', () => {
  it('says the disk is full, names the folder and leaves no temp file', () => {
    const modelsDir = path.join(dir, 'models');
    const realWrite = fs.writeSync.bind(fs) as (fd: number, data: Uint8Array) => number;
    // The kernel's own ENOSPC, from a write to /dev/full, where the system has one.
    const full = fs.existsSync('/dev/full') ? fs.openSync('/dev/full', 'w') : null;
    vi.spyOn(fs, 'writeSync').mockImplementation((fd: number, data: unknown) => {
      if (full !== null) return realWrite(full, data as Uint8Array);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      const bytes = new Uint8Array(1 << 16).fill(7);
      let thrown: unknown;
      try {
        writeModelFile(modelsDir, bytes);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StorageError);
      expect((thrown as StorageError).code).toBe('ENOSPC');
      expect((thrown as Error).message).toMatch(/^The disk is full: the model file could not be written in /);
      expect((thrown as Error).message).toContain(modelsDir);
      expect(fs.readdirSync(modelsDir)).toEqual([]);
      vi.restoreAllMocks();
      expect(writeModelFile(modelsDir, bytes).sha256).toBe(sha256Hex(bytes));
      expect(fs.readdirSync(modelsDir)).toEqual([`${sha256Hex(bytes)}.onnx`]);
    } finally {
      if (full !== null) fs.closeSync(full);
    }
  });
});
