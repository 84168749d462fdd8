import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../main/core/ingest/index.js';
import { startGazetteerBuild, type PlacesPriority } from '../../main/core/places/history.js';
import { BACKGROUND_NICE } from '../../main/core/workers/priority.js';
import { real, tempDir, writeMobilisationCsv } from '../fixtures/lfb-files.js';

/** Nice value of every thread of this process, by thread id, from /proc. */
function threadNice(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state is field 3, nice field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('pump-eta-priority-')));
afterAll(() => cleanup());

describe.skipIf(process.platform !== 'linux')('background threads', () => {
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
