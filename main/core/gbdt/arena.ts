import { wasm, type WasmMemory } from './wasm.js';

/**
 * The learner's working memory, in one WebAssembly.Memory so the wasm kernels and the JavaScript code
 * share the same bytes without copying. Rows are kept in *working order*: every split moves its rows
 * so that each leaf owns one contiguous range, and all per-row arrays move together. There are two
 * row buffers; a split reads its leaf's rows from one and writes the children to the other at the same
 * positions (left child first), so each row moves once per split, straight to its final place:
 *
 *   bins    numRows x rowBytes  Uint8 bin codes, row-major, features padded to a multiple of 4
 *   grad    numRows             Float64 gradients (every objective here has unit hessians)
 *   y       numRows             Float32 targets
 *   score   numRows             Float64 current predictions
 *   (the four again, for the second buffer)
 *   mask    numRows             Uint8 bagging mask
 *   hist    (numSlots + 1) x histStride Float64 (sum gradient, count) per bin; the extra slot is
 *           scratch for the second half of a histogram built in two halves (see parallel.ts)
 *
 * Why move rows rather than index them: with an index array a leaf's rows are scattered over the whole
 * bin matrix, so after a few splits each row costs a cache miss. Measured on 1M x 20 (CPU time): 4-8 ns
 * per row x feature for the histogram and ~20 ns per row for the partition, against ~1 ns and a few
 * ns when both passes stream through contiguous memory. Row order is never restored: nothing needs
 * it, and it changes the model only through floating-point summation order, itself deterministic.
 */

export interface RowBuffer {
  readonly binsPtr: number;
  readonly gradPtr: number;
  readonly yPtr: number;
  readonly scorePtr: number;
  readonly bins: Uint8Array;
  readonly grad: Float64Array;
  readonly y: Float32Array;
  readonly score: Float64Array;
}

/**
 * Bin slots per feature in a histogram. 256 would do, but then every feature's histogram starts at
 * the same address modulo 4096 and loads alias with stores of the other features (4K aliasing):
 * measured 3-9x slower on low-cardinality features. 264 slots (4224 bytes) spreads them out.
 */
export const HIST_BIN_SLOTS = 264;
/** Float64 values per feature in a histogram: (sum gradient, count) per bin slot. */
export const HIST_FEATURE_STRIDE = HIST_BIN_SLOTS * 2;
const WASM_PAGE = 65536;
const ALIGN = 64;

export interface ArenaLayout {
  numRows: number;
  numFeatures: number;
  numSlots: number;
}

export class Arena {
  readonly memory: WasmMemory;
  readonly numRows: number;
  readonly numFeatures: number;
  /** Features rounded up to a multiple of 4: the wasm kernels move bin codes four at a time. */
  readonly rowBytes: number;
  readonly numSlots: number;
  /** Float64 values per histogram slot. */
  readonly histStride: number;
  /** The histogram slot after the leaves' slots, for partial histograms. */
  readonly scratchSlot: number;
  /** Whether `memory` is shared, so a helper thread can run kernels on it. */
  readonly shared: boolean;
  /** Buffer 0 holds all rows between trees; buffer 1 receives the children of splits of buffer-0 leaves. */
  readonly buffers: readonly [RowBuffer, RowBuffer];
  readonly maskPtr: number;
  readonly mask: Uint8Array;
  readonly histPtr: number;
  /** All histogram slots; slot s starts at `s * histStride`. */
  readonly hist: Float64Array;

  constructor(layout: ArenaLayout) {
    const { numRows: n, numFeatures, numSlots } = layout;
    this.numRows = n;
    this.numFeatures = numFeatures;
    this.numSlots = numSlots;
    this.scratchSlot = numSlots;
    this.rowBytes = Math.ceil(numFeatures / 4) * 4;
    this.histStride = this.rowBytes * HIST_FEATURE_STRIDE;

    let offset = 0;
    const take = (bytes: number): number => {
      const at = offset;
      offset = Math.ceil((offset + bytes) / ALIGN) * ALIGN;
      return at;
    };
    const ptrs = [0, 1].map(() => ({
      binsPtr: take(n * this.rowBytes),
      gradPtr: take(n * 8),
      yPtr: take(n * 4),
      scorePtr: take(n * 8),
    }));
    this.maskPtr = take(n);
    this.histPtr = take((numSlots + 1) * this.histStride * 8);
    if (offset > 2 ** 32 - WASM_PAGE) {
      throw new RangeError(`training needs ${offset} bytes of working memory, over the 4 GiB wasm limit`);
    }
    const pages = Math.max(1, Math.ceil(offset / WASM_PAGE));
    const { memory, shared } = allocate(pages);
    this.memory = memory;
    this.shared = shared;
    const buf = this.memory.buffer;
    const views = (p: { binsPtr: number; gradPtr: number; yPtr: number; scorePtr: number }): RowBuffer => ({
      ...p,
      bins: new Uint8Array(buf, p.binsPtr, n * this.rowBytes),
      grad: new Float64Array(buf, p.gradPtr, n),
      y: new Float32Array(buf, p.yPtr, n),
      score: new Float64Array(buf, p.scorePtr, n),
    });
    this.buffers = [views(ptrs[0]!), views(ptrs[1]!)];
    this.mask = new Uint8Array(buf, this.maskPtr, n);
    this.hist = new Float64Array(buf, this.histPtr, (numSlots + 1) * this.histStride);
  }

  /** Byte address of histogram slot `slot` (for the wasm kernels). */
  slotPtr(slot: number): number {
    return this.histPtr + slot * this.histStride * 8;
  }

  /** Loads column-major bin codes row-major (padding features stay at bin 0), targets and scores. */
  load(columns: readonly Uint8Array[], y: Float32Array, initialScore: number): void {
    const stride = this.rowBytes;
    const home = this.buffers[0];
    for (let f = 0; f < columns.length; f++) {
      const col = columns[f]!;
      for (let r = 0, o = f; r < col.length; r++, o += stride) home.bins[o] = col[r]!;
    }
    home.y.set(y);
    home.score.fill(initialScore);
  }

  /** Copies rows `start..start+count-1` (bins, targets, scores; gradients are transient) to buffer 0. */
  bringHome(from: 0 | 1, start: number, count: number): void {
    if (from === 0 || count === 0) return;
    const src = this.buffers[1];
    const dst = this.buffers[0];
    const rb = this.rowBytes;
    dst.bins.set(src.bins.subarray(start * rb, (start + count) * rb), start * rb);
    dst.y.set(src.y.subarray(start, start + count), start);
    dst.score.set(src.score.subarray(start, start + count), start);
  }
}

/** Shared memory when the runtime allows it (it lets a helper thread work on the same rows). */
function allocate(pages: number): { memory: WasmMemory; shared: boolean } {
  if (typeof SharedArrayBuffer === 'function') {
    try {
      return { memory: new wasm.Memory({ initial: pages, maximum: pages, shared: true }), shared: true };
    } catch {
      // Fall through: a private memory works, just without the helper thread.
    }
  }
  return { memory: new wasm.Memory({ initial: pages }), shared: false };
}
