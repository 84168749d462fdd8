import { Worker } from 'node:worker_threads';
import type { Arena } from './arena.js';
import { addHistogram, clearHistogram } from './histogram.js';
import type { KernelCall, Kernels, WasmKernels } from './kernel-call.js';

/**
 * The tree learner's row operations, split in two halves where a range is large enough, with the
 * second half on a helper thread when one is running. Large ranges are *always* processed as two
 * halves, with or without the helper: a histogram is the sum of the two halves' histograms and a
 * partition fills the left and right ranges from both ends, so the model is bit-identical whatever
 * the thread count (and the helper is purely a speed-up: if it cannot start, nothing else changes).
 */

/**
 * Ranges from this size up are halved. Below it, a half (~0.3 ms of histogram work at 20 features)
 * is not worth waking the helper for (tens of microseconds). Part of the model's definition (it fixes
 * the summation order), so changing it changes models in the last bits.
 */
export const HALVES_MIN_ROWS = 16_384;

export class RowOps {
  constructor(
    private readonly arena: Arena,
    private readonly kernels: Kernels,
    private readonly helper: Helper | null,
  ) {}

  get threads(): number {
    return this.helper ? 2 : 1;
  }

  /** Histogram slot `slot`, from scratch, over rows `start..end-1` of buffer `buffer`. */
  buildHistogram(buffer: 0 | 1, start: number, end: number, slot: number): void {
    const { arena } = this;
    clearHistogram(arena, slot);
    if (end - start < HALVES_MIN_ROWS) {
      this.kernels.run({ op: 'hist', buffer, start, end, slot });
      return;
    }
    const mid = start + ((end - start) >>> 1);
    const scratch = arena.scratchSlot;
    clearHistogram(arena, scratch);
    this.pair(
      { op: 'hist', buffer, start, end: mid, slot },
      { op: 'hist', buffer, start: mid, end, slot: scratch },
    );
    addHistogram(arena, slot, scratch);
  }

  /**
   * Splits rows `start..end-1` of buffer `from` into the other buffer: left rows first. `expectedLeft`
   * (from the histogram) fixes where the right rows start; returns the actual left count, which the
   * caller checks. Halved: the first half fills the left and right ranges from their starts, the
   * second half from their ends, so the halves never need each other's counts.
   */
  partition(
    from: 0 | 1,
    start: number,
    end: number,
    expectedLeft: number,
    feature: number,
    thresholdBin: number,
    missingBin: number,
    defaultLeft: boolean,
  ): number {
    const test = { op: 'partition' as const, from, feature, thresholdBin, missingBin, defaultLeft };
    return this.split(start, end, expectedLeft, (range) => ({ ...test, ...range }));
  }

  /** Like `partition`, with the rows whose `arena.mask` is 1 first. */
  partitionByMask(from: 0 | 1, start: number, end: number, expectedFront: number): number {
    return this.split(start, end, expectedFront, (range) => ({ op: 'mask' as const, from, ...range }));
  }

  close(): void {
    this.helper?.close();
  }

  private split(
    start: number,
    end: number,
    expectedLeft: number,
    call: (range: {
      start: number;
      end: number;
      leftAt: number;
      rightAt: number;
      step: 1 | -1;
    }) => KernelCall,
  ): number {
    const leftEnd = start + expectedLeft;
    if (end - start < HALVES_MIN_ROWS) {
      return this.kernels.run(call({ start, end, leftAt: start, rightAt: leftEnd, step: 1 }));
    }
    const mid = start + ((end - start) >>> 1);
    const [a, b] = this.pair(
      call({ start, end: mid, leftAt: start, rightAt: leftEnd, step: 1 }),
      call({ start: mid, end, leftAt: leftEnd - 1, rightAt: end - 1, step: -1 }),
    );
    return a + b;
  }

  /** Runs `mine` here and `theirs` on the helper if it is up, else both here. */
  private pair(mine: KernelCall, theirs: KernelCall): [number, number] {
    const { helper, kernels } = this;
    if (helper && helper.ready() && kernels.kind === 'wasm-simd') {
      helper.post((kernels as WasmKernels).lower(theirs));
      const a = kernels.run(mine);
      return [a, helper.result()];
    }
    return [kernels.run(mine), kernels.run(theirs)];
  }
}

// ---------------------------------------------------------------------------------------------------
// The helper thread: the same wasm module on the same shared memory, driven through a small shared
// control block with Atomics (the training loop is synchronous, so no message passing).

const STATE = { IDLE: 0, POSTED: 1, CLAIMED: 2, DONE: 3, EXIT: 4, FAILED: 5 } as const;
const CTRL = { STATE: 0, READY: 1, FN: 2, ARGC: 3, ARGS: 4, RESULT: 30, WORDS: 32 } as const;
/** Polls before sleeping: the helper's half usually finishes within microseconds of ours. */
const SPIN_POLLS = 2_000;
/** A helper that takes this long on one half is stuck; training fails rather than hangs. */
const HELPER_TIMEOUT_MS = 120_000;

/** Plain JavaScript, run with `eval: true` so it needs no loader and no file next to the bundle. */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const c = new Int32Array(workerData.control);
try {
  const k = new WebAssembly.Instance(workerData.module, { env: { mem: workerData.memory } }).exports;
  const fns = [k.hist, k.partition, k.partitionMask];
  Atomics.store(c, ${CTRL.READY}, 1);
  for (;;) {
    const s = Atomics.load(c, ${CTRL.STATE});
    if (s === ${STATE.EXIT}) break;
    if (s === ${STATE.POSTED} && Atomics.compareExchange(c, ${CTRL.STATE}, ${STATE.POSTED}, ${STATE.CLAIMED}) === ${STATE.POSTED}) {
      const args = [];
      for (let i = 0; i < c[${CTRL.ARGC}]; i++) args.push(c[${CTRL.ARGS} + i]);
      c[${CTRL.RESULT}] = fns[c[${CTRL.FN}]](...args) | 0;
      Atomics.store(c, ${CTRL.STATE}, ${STATE.DONE});
      Atomics.notify(c, ${CTRL.STATE});
      continue;
    }
    Atomics.wait(c, ${CTRL.STATE}, s);
  }
} catch (e) {
  Atomics.store(c, ${CTRL.STATE}, ${STATE.FAILED});
  Atomics.notify(c, ${CTRL.STATE});
}
`;

export class Helper {
  private readonly control = new Int32Array(new SharedArrayBuffer(CTRL.WORDS * 4));
  private readonly worker: Worker;

  private constructor(arena: Arena, kernels: WasmKernels) {
    this.worker = new Worker(HELPER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { module: kernels.module, memory: arena.memory, control: this.control.buffer },
    });
    // Never keeps the process alive; errors surface through the FAILED state instead.
    this.worker.unref();
    this.worker.on('error', () => Atomics.store(this.control, CTRL.STATE, STATE.FAILED));
  }

  /** A helper for kernels on shared memory, or null when that is not possible here. */
  static start(arena: Arena, kernels: Kernels): Helper | null {
    if (!arena.shared || kernels.kind !== 'wasm-simd') return null;
    try {
      return new Helper(arena, kernels as WasmKernels);
    } catch {
      return null;
    }
  }

  /** True once the helper has instantiated the module; until then the caller does all the work. */
  ready(): boolean {
    return (
      Atomics.load(this.control, CTRL.READY) === 1 && Atomics.load(this.control, CTRL.STATE) === STATE.IDLE
    );
  }

  post(call: { fn: number; args: number[] }): void {
    const c = this.control;
    c[CTRL.FN] = call.fn;
    c[CTRL.ARGC] = call.args.length;
    call.args.forEach((v, i) => (c[CTRL.ARGS + i] = v));
    Atomics.store(c, CTRL.STATE, STATE.POSTED);
    Atomics.notify(c, CTRL.STATE);
  }

  /** Waits for the posted call and returns its result. */
  result(): number {
    const c = this.control;
    const deadline = performance.now() + HELPER_TIMEOUT_MS;
    for (let polls = 0; ; polls++) {
      const s = Atomics.load(c, CTRL.STATE);
      if (s === STATE.DONE) {
        const r = c[CTRL.RESULT]!;
        Atomics.store(c, CTRL.STATE, STATE.IDLE);
        return r;
      }
      if (s === STATE.FAILED) throw new Error('GBDT helper thread failed');
      if (polls >= SPIN_POLLS) {
        if (performance.now() > deadline) throw new Error('GBDT helper thread did not answer');
        Atomics.wait(c, CTRL.STATE, s, 100);
      }
    }
  }

  close(): void {
    Atomics.store(this.control, CTRL.STATE, STATE.EXIT);
    Atomics.notify(this.control, CTRL.STATE);
  }
}
