import { utilityProcess } from 'electron';
import type { BackgroundProcess, BackgroundSpawner } from './core/workers/background.js';
import { lowerProcessPriority } from './core/workers/priority.js';

/**
 * Background jobs in the app start as Electron utility processes: the packaged executable does not run
 * as Node (the runAsNode fuse is off), so `child_process.fork` of it would start a second app. Electron
 * has no priority option for a utility process, so once it exists its priority class is lowered by pid
 * (Windows, macOS); the job host also lowers itself first thing (and, on Linux, its threads).
 */
export const utilityProcessSpawner: BackgroundSpawner = (hostPath, name): BackgroundProcess => {
  const child = utilityProcess.fork(hostPath, [], { serviceName: `Pump ETA ${name}`, stdio: 'inherit' });
  child.once('spawn', () => {
    if (child.pid !== undefined && process.platform !== 'linux') lowerProcessPriority(child.pid);
  });
  return {
    postMessage: (message) => {
      // pid is undefined before the process has started and after it has ended.
      if (child.pid !== undefined) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onError: (listener) =>
      child.on('error', (type, location) =>
        listener(new Error(`The ${name} failed (${type} at ${location}).`)),
      ),
    onExit: (listener) => child.once('exit', listener),
  };
};
