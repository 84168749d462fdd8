import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../main/core/ingest/index.js';
import { startGazetteerBuild, type PlacesPriority } from '../../main/core/places/history.js';
import { BACKGROUND_NICE } from '../../main/core/workers/priority.js';
import { useTransport } from '../fixtures/transport.js';
import { real, tempDir, writeMobilisationCsv } from '../fixtures/lfb-files.js';

/** Fields of a /proc stat line after the command's closing parenthesis (state is [0], ppid [1], nice [16]). */
function statFields(file: string): string[] {
  const stat = fs.readFileSync(file, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Nice value of every thread of a process (this one by default), by thread id, from /proc. */
function threadNice(pid: number | 'self' = 'self'): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // the process ended
  }
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state is field 3, nice field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** The job hosts this process started that are still running (not, e.g., a compiler service). */
function childPids(): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(`/proc/${entry}/stat`)[1]) !== process.pid) continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('job-host')) out.push(Number(entry));
    } catch {
      // It ended between the listing and the read.
    }
  }
  return out;
}

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('pump-eta-priority-')));
afterAll(() => cleanup());

describe.skipIf(process.platform !== 'linux')('background threads', () => {
  useTransport('thread');

  it('run an import (its worker and its reader thread) at the background nice value, the main thread at 0', async () => {
    // Large enough (over 8 MB) to be read in a reader thread under the import worker.
    const file = writeMobilisationCsv(path.join(dir, 'big.csv'), 60_000);
    expect(fs.statSync(file).size).toBeGreaterThan(8 * 1024 * 1024);
    const before = threadNice();
    let most = 0;
    const seen: number[] = [];
    const result = await importFiles(path.join(dir, 'history.sqlite'), [file], {
      onProgress: (p) => {
        if (p.phase !== 'reading') return;
        const background = [...threadNice()].filter(
          ([tid, nice]) => !before.has(tid) && nice === BACKGROUND_NICE,
        );
        most = Math.max(most, background.length);
        seen.push(...background.map(([tid]) => tid));
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.files[0]).toMatchObject({ rowsImported: 60_000 });
    // The import worker and, while it reads, its reader thread.
    expect(most).toBeGreaterThanOrEqual(2);
    expect(threadNice().get(process.pid)).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
  });
});

describe.skipIf(process.platform !== 'linux')("the history's gazetteer build", () => {
  useTransport('thread');

  let dbPath: string;
  beforeAll(async () => {
    dbPath = path.join(dir, 'places.sqlite');
    const result = await importFiles(dbPath, [real('stations.csv'), real('incidents-2023-sample.csv')]);
    expect(result.errors).toEqual([]);
  }, 120_000);

  /** Nice values of the threads this build started, sampled every millisecond while it ran. */
  async function nicesDuring(priority: PlacesPriority): Promise<Set<number>> {
    const before = threadNice();
    const seen = new Set<number>();
    const sample = () => {
      for (const [tid, nice] of threadNice()) if (!before.has(tid)) seen.add(nice);
    };
    const timer = setInterval(sample, 1);
    try {
      const gazetteer = await startGazetteerBuild(dbPath, priority).done;
      expect(Object.keys(gazetteer?.postcodeDistricts ?? {}).length).toBeGreaterThan(100);
    } finally {
      clearInterval(timer);
    }
    return seen;
  }

  it('runs at the background nice value in the app, and at normal priority when a command waits for it', async () => {
    const background = await nicesDuring('background');
    expect(background.has(BACKGROUND_NICE)).toBe(true);
    const foreground = await nicesDuring('foreground');
    // Its thread was seen, and not one of the threads it started was lowered.
    expect(foreground.size).toBeGreaterThan(0);
    expect(foreground.has(BACKGROUND_NICE)).toBe(false);
    expect(threadNice().get(process.pid)).toBe(0);
  });
});

describe.skipIf(process.platform !== 'linux')('background jobs in a child process (as on Windows)', () => {
  useTransport('process');

  it('run an import in a child process whose job threads are at the background nice value, this one untouched', async () => {
    const file = writeMobilisationCsv(path.join(dir, 'big-child.csv'), 60_000);
    const before = threadNice();
    const children = new Set<number>();
    let most = 0;
    const result = await importFiles(path.join(dir, 'child.sqlite'), [file], {
      onProgress: (p) => {
        if (p.phase !== 'reading') return;
        for (const pid of childPids()) {
          children.add(pid);
          const lowered = [...threadNice(pid).values()].filter((nice) => nice === BACKGROUND_NICE);
          most = Math.max(most, lowered.length);
        }
      },
    });
    expect(result.errors).toEqual([]);
    expect(result.files[0]).toMatchObject({ rowsImported: 60_000 });
    expect(children.size).toBe(1);
    expect(children.has(process.pid)).toBe(false);
    // The host's main thread (lowered before it started any other), the import worker and its reader.
    expect(most).toBeGreaterThanOrEqual(3);
    // Nothing in this process was lowered: the work ran elsewhere.
    const loweredHere = [...threadNice()].filter(
      ([tid, nice]) => !before.has(tid) && nice === BACKGROUND_NICE,
    );
    expect(loweredHere).toEqual([]);
    expect(threadNice().get(process.pid)).toBe(0);
    // The child has ended with its job.
    await expect.poll(() => childPids().filter((pid) => children.has(pid)), { timeout: 10_000 }).toEqual([]);
  });
});
