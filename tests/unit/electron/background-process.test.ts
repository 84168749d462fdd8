/**
 * The app's spawner for background jobs, against a stand-in for Electron's `utilityProcess` (no
 * Electron binary can run here) that starts a real Node process with Electron's `process.parentPort`
 * (tests/fixtures/workers/utility-shim.ts): the real job host runs the real worker protocol over it,
 * through the host's utility-process branch and the spawner's adapter.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setBackgroundSpawner } from '../../../main/core/workers/background.js';
import { startWorkerJob } from '../../../main/core/workers/job.js';
import { JobCancelledError } from '../../../main/core/workers/protocol.js';
import { useTransport } from '../../fixtures/transport.js';
import type { TestJobRequest, TestJobResult } from '../../fixtures/workers/job-worker.js';

const MODULE = new URL('../../fixtures/workers/job-worker.js', import.meta.url);

const electron = vi.hoisted(() => ({ forks: [] as { modulePath: string; serviceName?: string }[] }));

vi.mock('electron', async () => {
  // The factory runs before this file's imports: it brings its own.
  const { fork } = await import('node:child_process');
  const { EventEmitter } = await import('node:events');
  const { fileURLToPath } = await import('node:url');
  const shim = fileURLToPath(new URL('../../fixtures/workers/utility-shim.ts', import.meta.url));
  /** Electron's UtilityProcess surface the spawner uses: spawn, message, exit, pid, postMessage. */
  class StandInUtilityProcess extends EventEmitter {
    pid: number | undefined;
    private readonly child: ChildProcess;
    constructor(modulePath: string) {
      super();
      this.child = fork(shim, [modulePath.replace(/\.js$/, '.ts')], {
        serialization: 'advanced',
        execArgv: ['--import', import.meta.resolve('tsx')],
      });
      this.child.on('spawn', () => {
        this.pid = this.child.pid;
        this.emit('spawn');
      });
      this.child.on('message', (message) => this.emit('message', message));
      this.child.on('exit', (code) => {
        this.pid = undefined;
        this.emit('exit', code ?? 1);
      });
    }
    postMessage(message: unknown) {
      this.child.send(message as never);
    }
  }
  return {
    utilityProcess: {
      fork: (modulePath: string, _args: string[], options: { serviceName?: string }) => {
        electron.forks.push({
          modulePath,
          ...(options.serviceName ? { serviceName: options.serviceName } : {}),
        });
        return new StandInUtilityProcess(modulePath);
      },
    },
  };
});

const { utilityProcessSpawner } = await import('../../../main/background-process.js');

function start(request: TestJobRequest, onProgress?: (p: number) => void) {
  return startWorkerJob<TestJobRequest, number, TestJobResult>(
    MODULE,
    request,
    onProgress ? { onProgress } : {},
    { label: 'test worker', background: true },
  );
}

describe('background jobs in utility processes', () => {
  useTransport('process');
  beforeAll(() => setBackgroundSpawner(utilityProcessSpawner));
  afterAll(() => setBackgroundSpawner(null));

  it('runs a job in a utility process named for it, with every message and the result', async () => {
    const progress: number[] = [];
    const result = await start({ mode: 'count', upTo: 50 }, (p) => progress.push(p)).done;
    expect(result).toEqual({ sum: (50 * 51) / 2 });
    expect(progress).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const where = (await start({ mode: 'where' }).done) as { pid: number };
    expect(where.pid).not.toBe(process.pid);
    expect(electron.forks.at(-1)!.serviceName).toBe('Pump ETA test worker');
    expect(electron.forks.at(-1)!.modulePath).toMatch(/job-host\.js$/);
  });

  it('cancels a job busy in a synchronous loop by message, and reports a thread that died', async () => {
    let job!: ReturnType<typeof start>;
    await new Promise<void>((resolve) => {
      job = start({ mode: 'loop-until-cancelled' }, () => resolve());
    });
    job.cancel();
    await expect(job.done).rejects.toBeInstanceOf(JobCancelledError);
    await expect(start({ mode: 'exit', code: 5 }).done).rejects.toThrow(
      'The test worker stopped unexpectedly (exit code 5) before it finished.',
    );
  });
});
