import { describe, expect, it } from 'vitest';
import { backgroundTransport, ENV_BACKGROUND } from '../../../main/core/workers/background.js';
import { BACKGROUND_PROCESS_PRIORITY } from '../../../main/core/workers/priority.js';
import os from 'node:os';

describe('where background jobs run', () => {
  it('is a thread on Linux (per-thread nice) and a child process where only a process can be lowered', () => {
    expect(backgroundTransport({}, 'linux')).toBe('thread');
    expect(backgroundTransport({}, 'win32')).toBe('process');
    expect(backgroundTransport({}, 'darwin')).toBe('process');
    expect(backgroundTransport({ [ENV_BACKGROUND]: '' }, 'win32')).toBe('process');
  });

  it(`follows ${ENV_BACKGROUND} either way, and names a value it does not know`, () => {
    expect(backgroundTransport({ [ENV_BACKGROUND]: 'process' }, 'linux')).toBe('process');
    expect(backgroundTransport({ [ENV_BACKGROUND]: 'thread' }, 'win32')).toBe('thread');
    expect(() => backgroundTransport({ [ENV_BACKGROUND]: 'fibre' }, 'linux')).toThrow(
      `${ENV_BACKGROUND} must be "process" or "thread" (it is "fibre").`,
    );
  });

  it("lowers a child process to Windows' below-normal priority class, not to idle", () => {
    // libuv maps 10 to BELOW_NORMAL_PRIORITY_CLASS and 19 to IDLE_PRIORITY_CLASS.
    expect(BACKGROUND_PROCESS_PRIORITY).toBe(os.constants.priority.PRIORITY_BELOW_NORMAL);
    expect(BACKGROUND_PROCESS_PRIORITY).toBeGreaterThan(os.constants.priority.PRIORITY_NORMAL);
    expect(BACKGROUND_PROCESS_PRIORITY).toBeLessThan(os.constants.priority.PRIORITY_LOW);
  });
});
