import { fork, type Serializable } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { lowerProcessPriority } from './priority.js';
import type { ControlMessage, WorkerMessage } from './protocol.js';

/**
 * Where a background job (import, training, the app's gazetteer build) runs.
 *
 * - `thread`: a worker thread of this process, its priority lowered per thread (priority.ts). Only
 *   Linux can lower one thread of a process, so this is Linux's default.
 * - `process`: the same worker thread inside a child process (job-host.ts) whose whole priority is
 *   lowered: Windows' BELOW_NORMAL priority class, macOS's nice. The default everywhere else.
 */
export type BackgroundTransport = 'thread' | 'process';

/** Forces the transport ("thread" or "process"), e.g. to run the child-process path on Linux. */
export const ENV_BACKGROUND = 'PUMP_ETA_BACKGROUND';

export function backgroundTransport(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): BackgroundTransport {
  const forced = env[ENV_BACKGROUND];
  switch (forced) {
    case 'thread':
    case 'process':
      return forced;
    case undefined:
    case '':
      return platform === 'linux' ? 'thread' : 'process';
    default:
      throw new Error(`${ENV_BACKGROUND} must be "process" or "thread" (it is "${forced}").`);
  }
}

/** A child process that hosts one background job (job-host.ts), whichever runtime started it. */
export interface BackgroundProcess {
  /** Sends a message to the host (structured clone). */
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The process could not be started. */
  onError(listener: (error: Error) => void): void;
  /** Once, after the process ended and every message it sent has been delivered. */
  onExit(listener: (code: number) => void): void;
}

/**
 * Starts the job host (`hostPath`, its compiled .js or, in a checkout, its .ts source) as a child
 * process below normal priority; `name` says what it runs (for the OS's process lists).
 */
export type BackgroundSpawner = (hostPath: string, name: string) => BackgroundProcess;

/** The job host's entry module (a .js sibling once built; the spawner takes care of .ts sources). */
export const JOB_HOST_URL = new URL('./job-host.js', import.meta.url);

let spawner: BackgroundSpawner | null = null;

/**
 * Replaces the Node spawner. Electron's main sets one that uses `utilityProcess`: the packaged app's
 * executable does not run as Node (the runAsNode fuse is off), so it cannot be forked as Node.
 */
export function setBackgroundSpawner(next: BackgroundSpawner | null): void {
  spawner = next;
}

export function spawnBackground(name: string): BackgroundProcess {
  const hostPath = fileURLToPath(JOB_HOST_URL);
  return (spawner ?? forkBackground)(hostPath, name);
}

/** A signal's conventional exit code (128 + its number), so every ending reads as a number. */
function exitCode(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const SIGNAL_EXIT_BASE = 128;
  return SIGNAL_EXIT_BASE + (signal ? (os.constants.signals[signal] ?? 0) : 0);
}

/** The Node spawner: `child_process.fork` with structured-clone messages, lowered by its pid. */
export function forkBackground(hostPath: string): BackgroundProcess {
  if (process.versions['electron']) {
    throw new Error(
      'Inside Electron a background job starts as a utility process: setBackgroundSpawner must be called first.',
    );
  }
  let file = hostPath;
  let execArgv: string[] = [];
  if (!fs.existsSync(hostPath)) {
    // Tests, benchmarks and the CLI in a checkout run the TypeScript sources through tsx.
    file = hostPath.replace(/\.js$/, '.ts');
    if (!fs.existsSync(file)) throw new Error(`Job host module not found: ${hostPath}`);
    execArgv = ['--import', import.meta.resolve('tsx')];
  }
  // The host reads nothing from stdin (a command's piped input stays the command's); its output and
  // errors go where this process's do.
  const child = fork(file, [], {
    serialization: 'advanced',
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Windows sets the priority class of the whole process from here at once; on Linux this would
  // lower only the child's main thread, which the host does itself before it starts any other.
  if (child.pid !== undefined && process.platform !== 'linux') lowerProcessPriority(child.pid);
  return {
    postMessage: (message) => {
      if (child.connected) child.send(message as Serializable);
    },
    onMessage: (listener) => child.on('message', listener),
    onError: (listener) => child.on('error', listener),
    // 'close' comes after the IPC channel closed, so after every message the host sent.
    onExit: (listener) => child.once('close', (code, signal) => listener(exitCode(code, signal))),
  };
}

/** Parent → host: the job to run (once the host said it is ready), any cancel, then `close`. */
export type HostCommand =
  | { readonly type: 'start'; readonly moduleUrl: string; readonly jobId: string; readonly request: unknown }
  | ControlMessage
  /** Sent once the host's `ended` has arrived: every message before it has been delivered. */
  | { readonly type: 'close' };

/**
 * Host → parent: ready for its start, the worker's own protocol messages relayed as they are, then
 * `ended` with the worker's exit code once its thread has ended (the host exits when told to close,
 * so no runtime can drop a message it posted just before it exited).
 */
export type HostReply =
  | { readonly type: 'ready' }
  | { readonly type: 'ended'; readonly code: number }
  | WorkerMessage<unknown, unknown>;
