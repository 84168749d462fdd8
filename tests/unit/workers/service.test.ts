import { describe, expect, it } from 'vitest';
import { WorkerService } from '../../../main/core/workers/service.js';
import type {
  TestServiceInit,
  TestServiceNote,
  TestServiceRequest,
  TestServiceResult,
} from '../../fixtures/workers/service-worker.js';
import { ShelfError, TEST_ERRORS } from '../../fixtures/workers/test-errors.js';

/**
 * A long-lived worker through the one protocol: fire-and-forget notes and request/response on one
 * thread, in order; typed errors per request; a thread that dies rejects what still waits; stop()
 * lets it end by itself (exit code 0: it was not terminated).
 */
const MODULE = new URL('../../fixtures/workers/service-worker.js', import.meta.url);

function startService(init: TestServiceInit = {}, errors: Error[] = []) {
  return new WorkerService<TestServiceNote, TestServiceRequest, TestServiceResult>(MODULE, init, {
    label: 'test service',
    errors: TEST_ERRORS,
    onError: (error) => errors.push(error),
  });
}

describe('WorkerService with serveRequests', () => {
  it('answers requests after every note sent before them, and ends by itself on stop()', async () => {
    const service = startService();
    try {
      service.notify({ word: 'one' });
      service.notify({ word: 'two' });
      const first = service.request({ type: 'words' });
      service.notify({ word: 'three' });
      const second = service.request({ type: 'words' });
      expect(await first).toEqual(['one', 'two']);
      expect(await second).toEqual(['one', 'two', 'three']);
      expect(service.running).toBe(true);
    } finally {
      expect(await service.stop()).toBe(0);
    }
    expect(service.running).toBe(false);
  });

  it('matches each answer to its request, whichever finishes first', async () => {
    const service = startService();
    try {
      const slow = service.request({ type: 'later', ms: 150, value: 'slow' });
      const fast = service.request({ type: 'later', ms: 1, value: 'fast' });
      const order: string[] = [];
      await Promise.all([slow.then((v) => order.push(String(v))), fast.then((v) => order.push(String(v)))]);
      expect(order).toEqual(['fast', 'slow']);
    } finally {
      await service.stop();
    }
  });

  it('rejects one request with its typed error and keeps serving', async () => {
    const service = startService();
    try {
      service.notify({ word: 'a' });
      const error = await service.request({ type: 'fail' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShelfError);
      expect(error).toMatchObject({ shelf: 'C1', count: 1 });
      expect(await service.request({ type: 'words' })).toEqual(['a']);
    } finally {
      await service.stop();
    }
  });

  it('rejects what still waits with a clear sentence when the thread dies', async () => {
    const service = startService();
    const waiting = service.request({ type: 'later', ms: 5_000, value: 'never' });
    const crash = service.request({ type: 'crash' });
    const sentence = 'The test service stopped unexpectedly (exit code 5) before it finished.';
    await expect(crash).rejects.toThrow(sentence);
    await expect(waiting).rejects.toThrow(sentence);
    expect(await service.exited).toBe(5);
    await expect(service.request({ type: 'words' })).rejects.toThrow(/already stopped/);
  });

  it('reports a thread that cannot start, and ends', async () => {
    const errors: Error[] = [];
    const service = startService({ failToStart: true }, errors);
    expect(await service.exited).not.toBe(0);
    expect(errors.map((e) => e.message)).toEqual(['the service could not open its store']);
    expect(await service.stop()).not.toBe(0);
  });
});
