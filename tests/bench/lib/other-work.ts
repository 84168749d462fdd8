import fs from 'node:fs';
import os from 'node:os';

/**
 * How busy the machine was with work other than the measured run. The load average cannot tell: a
 * 2-thread run lifts it for a minute after it ends, so the next run starts at "load 1.5" on a machine
 * doing nothing else. Instead: the CPU time all cores spent busy during the run (/proc/stat), minus
 * the run's own CPU time, over its wall time = the cores other processes used meanwhile. Linux only
 * (null elsewhere).
 */
const TICKS_PER_SECOND = 100;

/** Busy CPU time of all cores since boot, ms (user + nice + system + irq + softirq + steal). */
function busyMs(): number | null {
  let text: string;
  try {
    text = fs.readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const cpu = text.split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …
  const busy = cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]! + (cpu[7] ?? 0);
  return (busy / TICKS_PER_SECOND) * 1000;
}

/** Below this many cores of other work on average, a run had the machine to itself. */
export const IDLE_OTHER_CORES = 0.1;

export interface OtherWork {
  /** Cores used on average by everything but the run (never below 0), null where unmeasurable. */
  readonly cores: number | null;
  /** The 1-minute load average just before the run. */
  readonly loadBefore: number;
}

/** Runs `run` (which reports its own CPU and wall time) and measures the other work meanwhile. */
export async function measuringOtherWork<T extends { readonly cpuMs: number; readonly wallMs: number }>(
  run: () => Promise<T>,
): Promise<{ report: T; other: OtherWork }> {
  const loadBefore = os.loadavg()[0]!;
  const before = busyMs();
  const report = await run();
  const after = busyMs();
  const cores =
    before === null || after === null || report.wallMs <= 0
      ? null
      : Math.max(0, (after - before - report.cpuMs) / report.wallMs);
  return { report, other: { cores, loadBefore } };
}

/** "idle (other work ≤ 0.04 cores)" or "busy: other work 0.8 cores", from every run's measurement. */
export function describeOtherWork(others: readonly OtherWork[]): { idle: boolean | null; text: string } {
  const cores = others.map((o) => o.cores);
  if (cores.some((c) => c === null)) return { idle: null, text: 'other work not measured' };
  const worst = Math.max(...(cores as number[]));
  const idle = worst < IDLE_OTHER_CORES;
  return {
    idle,
    text: idle
      ? `idle: other work ≤ ${worst.toFixed(2)} cores during every run`
      : `busy: other work up to ${worst.toFixed(2)} cores during a run`,
  };
}
