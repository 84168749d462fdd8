import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/core/db/index.js';
import { PredictionLog } from '../../../main/core/serving/log.js';
import { PredictionLogThread } from '../../../main/core/serving/log-thread.js';
import { tempDir } from '../../fixtures/lfb-files.js';

let dir: string;
let cleanup: () => void;
let main: Db;
let importer: Db;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('pump-eta-log-'));
  main = openDatabase(path.join(dir, 'history.sqlite'));
  // A second connection stands in for the import worker, which holds the write lock for a whole file.
  importer = openDatabase(path.join(dir, 'history.sqlite'));
});
afterEach(() => {
  if (importer.inTransaction) importer.exec('ROLLBACK');
  importer.close();
  main.close();
  cleanup();
});

const entry = (i: number) => ({ kind: 'predict' as const, modelId: 'm', input: { i }, output: { eta: i } });
const logged = () => importer.prepare('SELECT count(*) FROM predictions').pluck().get() as number;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PredictionLog', () => {
  it('never makes the main thread wait while an import holds the database, and loses nothing', async () => {
    const log = new PredictionLog(main);
    importer.exec('BEGIN IMMEDIATE');
    const t0 = performance.now();
    for (let i = 0; i < 600; i++) log.record(entry(i));
    await sleep(700); // the background write has tried, found the database busy, and tried again
    // A blocking write would have held this thread for the 5 s busy timeout.
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(logged()).toBe(0);
    importer.exec('COMMIT');
    for (let i = 0; i < 50 && logged() < 600; i++) await sleep(50);
    expect(logged()).toBe(600);
    const first = importer.prepare('SELECT input_json FROM predictions ORDER BY id LIMIT 1').pluck().get();
    expect(first).toBe('{"i":0}');
  });

  it('writes everything at shutdown', () => {
    const log = new PredictionLog(main);
    for (let i = 0; i < 1_234; i++) log.record(entry(i));
    log.flush();
    expect(logged()).toBe(1_234);
  });
});

describe('PredictionLogThread', () => {
  it('writes on its own thread: recording never waits, even with the write lock held, and close() writes all', async () => {
    const log = PredictionLogThread.start(path.join(dir, 'history.sqlite'));
    try {
      importer.exec('BEGIN IMMEDIATE');
      const t0 = performance.now();
      for (let i = 0; i < 3_000; i++) log.record(entry(i));
      const recording = performance.now() - t0;
      // Stamping and queueing 3,000 entries; a write on this thread would be inserts and a commit.
      expect(recording).toBeLessThan(500);
      await sleep(400); // the thread has tried, found the database busy, and keeps the entries
      expect(logged()).toBe(0);
      importer.exec('COMMIT');
      await log.close();
      expect(logged()).toBe(3_000);
      const inputs = importer.prepare('SELECT input_json FROM predictions ORDER BY id').pluck().all();
      expect(inputs[0]).toBe('{"i":0}');
      expect(inputs[2_999]).toBe('{"i":2999}');
    } finally {
      await log.close();
    }
  });

  it('says so, and stores nothing, when an answer comes after close()', async () => {
    const log = PredictionLogThread.start(path.join(dir, 'history.sqlite'));
    log.record(entry(1));
    await log.close();
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      log.record(entry(2));
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([expect.stringMatching(/after the prediction log closed/)]);
    expect(logged()).toBe(1);
  });
});

describe('PredictionLogThread after its thread dies', () => {
  it('starts a new thread and logs later answers', async () => {
    const log = PredictionLogThread.start(path.join(dir, 'history.sqlite'));
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(String(m));
    try {
      log.record(entry(1));
      for (let i = 0; i < 100 && logged() < 1; i++) await sleep(50);
      expect(logged()).toBe(1);
      // As a crash would: the thread ends while the log is open.
      await (log as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      log.record(entry(2));
      await log.close();
    } finally {
      console.error = original;
    }
    expect(logged()).toBe(2);
    expect(errors).toEqual([expect.stringMatching(/log thread stopped.*restarting/)]);
  });
});

describe('PredictionLogThread whose database cannot be opened', () => {
  it('says so on stderr, and close() still returns', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(String(m));
    try {
      const log = PredictionLogThread.start(path.join(dir, 'history.sqlite', 'under-a-file.sqlite'));
      log.record(entry(1));
      for (let i = 0; i < 100 && errors.length === 0; i++) await sleep(50);
      await log.close();
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/prediction log thread (failed|had stopped|has stopped)/);
  });
});
