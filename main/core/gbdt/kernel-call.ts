import type { WasmModule } from './wasm.js';

/**
 * The interface of the inner loops that dominate training time: adding a leaf's rows into a
 * histogram, and the stable partition that moves a leaf's rows so each child owns a contiguous range.
 * Both exist twice, as WebAssembly SIMD (kernels-wasm.ts) and as plain JavaScript (kernels-js.ts),
 * with the same arithmetic in the same order, so the models they produce are bit-identical.
 *
 * A call is plain data, so parallel.ts can hand one to a helper thread running the same wasm module
 * on the same (shared) memory.
 */
export type KernelCall =
  /** Adds rows `start..end-1` of row buffer `buffer` into histogram slot `slot` (not cleared first). */
  | { op: 'hist'; buffer: 0 | 1; start: number; end: number; slot: number }
  /**
   * Moves rows `start..end-1` of buffer `from` into the other buffer: left rows (bin <= thresholdBin,
   * or missing when defaultLeft) to `leftAt`, `leftAt + step`, ..., right rows to `rightAt`,
   * `rightAt + step`, ... (step is 1 or -1). Returns the number of left rows.
   */
  | {
      op: 'partition';
      from: 0 | 1;
      start: number;
      end: number;
      leftAt: number;
      rightAt: number;
      step: 1 | -1;
      feature: number;
      thresholdBin: number;
      missingBin: number;
      defaultLeft: boolean;
    }
  /** Like 'partition', with "left" meaning `arena.mask[row] === 1`. */
  | { op: 'mask'; from: 0 | 1; start: number; end: number; leftAt: number; rightAt: number; step: 1 | -1 };

export interface Kernels {
  readonly kind: 'wasm-simd' | 'js';
  run(call: KernelCall): number;
}

/** A call as a wasm export index (0 hist, 1 partition, 2 partitionMask) and its i32 arguments. */
export interface LoweredCall {
  fn: number;
  args: number[];
}

export interface WasmKernels extends Kernels {
  readonly kind: 'wasm-simd';
  readonly module: WasmModule;
  lower(call: KernelCall): LoweredCall;
}
