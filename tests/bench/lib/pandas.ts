import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.PUMP_ETA_PYTHON ?? 'python3';

/** Whether a local Python can import the given modules (checked once per name list). */
export function pythonHas(modules: readonly string[]): { ok: boolean; detail: string } {
  const probe = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.error) return { ok: false, detail: `${PYTHON} not runnable (${probe.error.message})` };
  if (probe.status !== 0) {
    const last = (probe.stderr || '').trim().split('\n').pop() ?? '';
    return { ok: false, detail: `${PYTHON} cannot import ${modules.join(', ')} (${last})` };
  }
  return { ok: true, detail: '' };
}
