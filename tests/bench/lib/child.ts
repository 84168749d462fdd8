import { spawn } from 'node:child_process';

export interface ChildResult<T> {
  readonly report: T;
  /** Wall time of the whole child process, start-up included (the child reports its own timing too). */
  readonly processMs: number;
}

/**
 * Runs a measurement in a fresh process, so its peak memory is its own, and returns the JSON object it
 * prints as its last line of output. Anything else it prints is passed to `log`.
 */
export function runChild<T>(
  command: string,
  args: readonly string[],
  options: { cwd: string; log?: (line: string) => void; env?: NodeJS.ProcessEnv },
): Promise<ChildResult<T>> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const processMs = performance.now() - started;
      const lines = stdout.trim().split('\n');
      const last = lines.pop() ?? '';
      for (const line of lines) options.log?.(line);
      if (code !== 0) {
        const tail = (stderr.trim() || last).split('\n').slice(-5).join('\n');
        reject(new Error(`${command} ${args.join(' ')} exited with code ${code}: ${tail}`));
        return;
      }
      try {
        resolve({ report: JSON.parse(last) as T, processMs });
      } catch {
        reject(new Error(`${command} printed no JSON result (last line: ${last.slice(0, 200)})`));
      }
    });
  });
}

/** Arguments that run a TypeScript file under Node with the tsx loader, as `npm run bench` itself runs. */
export function tsxArgs(script: string, args: readonly string[]): string[] {
  return ['--import', 'tsx', script, ...args];
}
