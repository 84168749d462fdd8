import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db/index.js';
import { writeWithoutWaiting } from '../../../main/core/fleet/without-waiting.js';
import { tempDir } from '../../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
let main: Db;
let other: Db;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('pump-eta-busy-'));
  main = openDatabase(path.join(dir, 'h.sqlite'));
  other = openDatabase(path.join(dir, 'h.sqlite'));
  main.exec('CREATE TABLE t (v INTEGER)');
});
afterEach(() => {
  main.close();
  other.close();
  cleanup();
});

describe('a follower write while an import holds the lock', () => {
  it('never blocks the thread that answers, and lands once the lock is released', async () => {
    other.exec('BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
    const t0 = performance.now();
    const write = writeWithoutWaiting(
      main,
      () => main.prepare('INSERT INTO t VALUES (2)').run(),
      () => false,
    );
    // The call returned at once: the 5 s busy timeout was not waited for on this thread.
    expect(performance.now() - t0).toBeLessThan(200);
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 10);
    await new Promise((r) => setTimeout(r, 300));
    expect(ticks).toBeGreaterThan(5);
    other.exec('COMMIT');
    await write;
    clearInterval(ticking);
    expect(main.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2]);
    // The connection's own busy timeout is back as it was.
    expect(main.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('gives up with a sentence when the app is closing', async () => {
    other.exec('BEGIN IMMEDIATE');
    let closing = false;
    const write = writeWithoutWaiting(
      main,
      () => main.prepare('INSERT INTO t VALUES (2)').run(),
      () => closing,
    );
    closing = true;
    await expect(write).rejects.toThrow(/closing: the change was not recorded/);
    other.exec('ROLLBACK');
  });
});
