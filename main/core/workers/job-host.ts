/**
 * The entry module of a background child process (background.ts): it lowers its own priority, then
 * runs one job in a worker thread exactly as the `thread` transport does, and relays the protocol's
 * messages unchanged both ways. Its own main thread does nothing else, so a cancel from the parent
 * reaches the worker's control port at once, and the worker's synchronous poll sees it as before.
 */
import { MessageChannel } from 'node:worker_threads';
import type { HostCommand, HostReply } from './background.js';
import { lowerProcessPriority } from './priority.js';
import { serializeError, type ControlMessage, type WorkerInit } from './protocol.js';
import { spawnWorker } from './spawn.js';

/** The channel to the parent: Electron's utility-process port, or Node's IPC channel. */
interface ParentChannel {
  post(message: HostReply): void;
  listen(listener: (command: HostCommand) => void): void;
  onParentGone(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentChannel(): ParentChannel {
  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      post: (message) => electronPort.postMessage(message),
      listen: (listener) => electronPort.on('message', (event) => listener(event.data as HostCommand)),
      // Electron ends its utility processes with the app.
      onParentGone: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('The job host must be started by a parent process (background.ts).');
  return {
    post: (message) => {
      if (process.connected) send(message);
    },
    listen: (listener) => process.on('message', (message) => listener(message as HostCommand)),
    onParentGone: (listener) => process.once('disconnect', listener),
  };
}

// Before any thread starts: on Linux, threads inherit the nice value of the thread that starts them.
lowerProcessPriority();

const parent = parentChannel();
let cancelJob: ((jobId?: string) => void) | null = null;
let exitCode: number | null = null;

parent.listen((command) => {
  switch (command.type) {
    case 'start': {
      if (cancelJob) return;
      const { jobId, request } = command;
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit<unknown> = { jobId, request, control: port2 };
      const worker = spawnWorker(new URL(command.moduleUrl), { workerData: init, transferList: [port2] });
      cancelJob = (id = jobId) => port1.postMessage({ type: 'cancel', jobId: id } satisfies ControlMessage);
      worker.on('message', (message: HostReply) => parent.post(message));
      // An uncaught throw in the worker: the parent hears it as the job's error, in the one shape.
      worker.on('error', (error) => parent.post({ type: 'error', jobId, error: serializeError(error) }));
      worker.on('exit', (code) => {
        port1.close();
        exitCode = code;
        parent.post({ type: 'ended', code });
      });
      return;
    }
    case 'cancel':
      cancelJob?.(command.jobId);
      return;
    case 'close':
      process.exit(exitCode ?? 0);
      return;
    default: {
      const never: never = command;
      throw new Error(`unknown job host command ${JSON.stringify(never)}`);
    }
  }
});

// The app ended without waiting for this job: stop it at its next check, as a cancel would, so the
// import in progress is rolled back rather than left running with nobody to report to. With the
// channel gone nothing else holds the process open: it exits once the worker has ended.
parent.onParentGone(() => {
  if (cancelJob) cancelJob();
  else process.exit(0);
});

parent.post({ type: 'ready' });
