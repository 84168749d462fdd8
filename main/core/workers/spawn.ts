import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  // Node 20 does not apply `--import tsx` from a worker's execArgv to the worker's entry module
  // ("Unknown file extension .ts"), so a two-line bootstrap registers tsx inside the worker first.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(pathToFileURL(tsPath).href);
  const bootstrap = `import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
