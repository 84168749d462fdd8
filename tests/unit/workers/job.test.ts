import { describe, expect, it } from 'vitest';
import { IMPORT_ERRORS, ImportFileError } from '../../../main/core/ingest/errors.js';
import { startWorkerJob } from '../../../main/core/workers/job.js';
import { JobCancelledError, type LogLevel } from '../../../main/core/workers/protocol.js';
import type { TestJobRequest, TestJobResult } from '../../fixtures/workers/job-worker.js';
import { ShelfError, TEST_ERRORS } from '../../fixtures/workers/test-errors.js';
import { TRANSPORTS, useTransport } from '../../fixtures/transport.js';
import { BACKGROUND_NICE } from '../../../main/core/workers/priority.js';

/**
 * One-shot jobs through the one worker protocol, in real worker threads (tests/fixtures/workers):
 * progress and log messages in order before the result, errors revived as their own classes, a
 * cancel that reaches a job busy in a synchronous loop, and a thread that dies without an answer —
 * over both transports: a worker thread of this process, and a worker thread in a child process
 * (job-host.ts) that relays the same messages, forced here on Linux (the default on Windows).
 */
const MODULE = new URL('../../fixtures/workers/job-worker.js', import.meta.url);
const ERRORS = { ...TEST_ERRORS, ...IMPORT_ERRORS };

function start(request: TestJobRequest, progress: number[] = [], logs: [LogLevel, string][] = []) {
  return startWorkerJob<TestJobRequest, number, TestJobResult>(
    MODULE,
    request,
    { onProgress: (p) => progress.push(p), onLog: (message, level) => logs.push([level, message]) },
    { label: 'test worker', errors: ERRORS, background: true },
  );
}

describe.each(TRANSPORTS)('startWorkerJob with runJob, background jobs as a %s', (transport) => {
  useTransport(transport);

  it(`runs the job ${transport === 'process' ? 'in a child process' : 'in this process'}`, async () => {
    const where = (await start({ mode: 'where' }).done) as { pid: number; nice: number };
    if (transport === 'thread') expect(where.pid).toBe(process.pid);
    else {
      expect(where.pid).not.toBe(process.pid);
      // The host lowered its main thread before it started the job's thread, which inherited it.
      if (process.platform === 'linux') expect(where.nice).toBe(BACKGROUND_NICE);
    }
  });

  it('delivers every progress and log message, in order, before the result', async () => {
    const progress: number[] = [];
    const logs: [LogLevel, string][] = [];
    const job = start({ mode: 'count', upTo: 200 }, progress, logs);
    const result = await job.done;
    expect(result).toEqual({ sum: (200 * 201) / 2 });
    expect(progress).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(logs).toHaveLength(20);
    expect(logs[0]).toEqual(['info', 'at 10']);
    expect(logs[1]).toEqual(['warn', 'at 20']);
    expect(logs[19]).toEqual(['warn', 'at 200']);
  });

  it('hands a transferred result over intact', async () => {
    const result = await start({ mode: 'bytes', size: 1 << 20 }).done;
    const bytes = (result as { bytes: Uint8Array }).bytes;
    expect(bytes.byteLength).toBe(1 << 20);
    expect(bytes.every((b) => b === 7)).toBe(true);
  });

  it('revives a domain error as its own class, with its fields, through the registry', async () => {
    const error = await start({ mode: 'shelf-error' }).done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShelfError);
    expect(error).toMatchObject({ shelf: 'B4', count: 3, message: 'shelf B4 holds 3 too many' });
  });

  it("revives an import's ImportFileError with its file, problem and what would accept it", async () => {
    const error = await start({ mode: 'import-file-error' }).done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error).toMatchObject({
      file: 'late.csv',
      problem: 'too many rows were rejected',
      acceptable: 'rejected_share',
      message: 'late.csv: too many rows were rejected',
    });
  });

  it('keeps the name and code of an error the registry does not know', async () => {
    const error = (await start({ mode: 'system-error' }).done.catch(
      (e: unknown) => e,
    )) as NodeJS.ErrnoException;
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(JobCancelledError);
    expect(error.message).toBe('ENOENT: no such file');
    expect(error.code).toBe('ENOENT');
    await expect(start({ mode: 'throw-string' }).done).rejects.toThrow('a bare string');
  });

  it('cancels a job in the middle of a synchronous loop, by message', async () => {
    const progress: number[] = [];
    let job!: ReturnType<typeof start>;
    const started = new Promise<void>((resolve) => {
      job = startWorkerJob<TestJobRequest, number, TestJobResult>(
        MODULE,
        { mode: 'loop-until-cancelled' },
        {
          onProgress: (p) => {
            progress.push(p);
            resolve();
          },
        },
        { background: true },
      );
    });
    await started;
    job.cancel();
    const error = await job.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobCancelledError);
    expect((error as Error).message).toBe('Counting was cancelled.');
    expect(progress).toEqual([0]);
  });

  it('rejects with a sentence naming the thread when it dies without an answer', async () => {
    const progress: number[] = [];
    const job = start({ mode: 'exit', code: 3 }, progress);
    await expect(job.done).rejects.toThrow(
      'The test worker stopped unexpectedly (exit code 3) before it finished.',
    );
    expect(progress).toEqual([1]);
    // A cancel after the end is harmless.
    job.cancel();
  });

  it('gives each job its own id, and a cancel reaches only its own job', async () => {
    const loop = () => {
      let job!: ReturnType<typeof start>;
      const started = new Promise<void>((resolve) => {
        job = startWorkerJob<TestJobRequest, number, TestJobResult>(
          MODULE,
          { mode: 'loop-until-cancelled' },
          { onProgress: () => resolve() },
          { background: true },
        );
      });
      return { job, started };
    };
    const a = loop();
    const b = loop();
    expect(a.job.jobId).not.toBe(b.job.jobId);
    await Promise.all([a.started, b.started]);
    let bSettled = false;
    void b.job.done.catch(() => (bSettled = true));
    a.job.cancel();
    await expect(a.job.done).rejects.toBeInstanceOf(JobCancelledError);
    // b keeps counting until its own cancel arrives.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bSettled).toBe(false);
    b.job.cancel();
    await expect(b.job.done).rejects.toBeInstanceOf(JobCancelledError);
  });
});
