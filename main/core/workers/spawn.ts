import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker from a sibling module given as `new URL('./x.js', import.meta.url)`.
 * Built code (dist/, the packaged app) has the .js file. Under tests, the CLI in a dev checkout and
 * benchmarks the source is TypeScript run through tsx, so the worker gets the same loader.
 */
export function spawnWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  const jsPath = fileURLToPath(moduleUrl);
  if (fs.existsSync(jsPath)) return new Worker(jsPath, options);
  const tsPath = jsPath.replace(/\.js$/, '.ts');
  if (!fs.existsSync(tsPath)) throw new Error(`Worker module not found: ${jsPath}`);
  return new Worker(tsPath, { ...options, execArgv: [...(options.execArgv ?? []), '--import', 'tsx'] });
}
