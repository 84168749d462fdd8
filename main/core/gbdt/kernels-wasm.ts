import type { Arena } from './arena.js';
import { HIST_BIN_SLOTS } from './arena.js';
import type { KernelCall, LoweredCall } from './kernel-call.js';
import {
  MAX_PAGES,
  OP,
  SIMD,
  VALTYPE,
  addr,
  assembleModule,
  f64,
  get,
  i32,
  loopWhile,
  memarg,
  set,
  simd,
  tee,
  type FunctionDef,
} from './wasm-assembler.js';

/**
 * The kernel bodies in WebAssembly SIMD (see kernel-call.ts for what each call does), written with
 * wasm-assembler.ts and unrolled for one row width. Measured on 1M rows x 20 features, contiguous
 * rows: the histogram runs at ~0.8 ns per row x feature (one f64x2 load/add/store adds gradient and
 * count at once), against 3-5 ns for the JavaScript twin.
 */

/** Bytes per feature in a histogram slot. */
const FEATURE_BYTES = HIST_BIN_SLOTS * 16;

/** Export indices, in the order `lowerKernelCall` names them. */
const FN = { hist: 0, partition: 1, partitionMask: 2 } as const;

/**
 * Histogram kernel, unrolled for one row width: the four bin codes of each 32-bit word are added at
 * constant per-feature offsets (memarg immediates), so the per-row work is loads, adds and stores only.
 */
function histFunction(rowBytes: number): FunctionDef {
  // params: 0 start, 1 end, 2 bins, 3 (unused), 4 grad, 5 hist
  // locals: 6 i, 7 row pointer, 8 four bin codes, 9 (gradient, 1.0) as f64x2
  const [START, END, BINS, , GRAD, HIST] = [0, 1, 2, 3, 4, 5];
  const [I, P, CODES, GV] = [6, 7, 8, 9];
  const cell = (shift: number, featureOffset: number): number[] => {
    const code =
      shift === 0
        ? [...get(CODES), ...i32(255), OP.i32And]
        : shift === 24
          ? [...get(CODES), ...i32(24), OP.i32ShrU]
          : [...get(CODES), ...i32(shift), OP.i32ShrU, ...i32(255), OP.i32And];
    const slot = [...get(HIST), ...code, ...i32(4), OP.i32Shl, OP.i32Add];
    return [
      ...slot,
      ...slot,
      ...simd(SIMD.v128Load, ...memarg(4, featureOffset)),
      ...get(GV),
      ...simd(SIMD.f64x2Add),
      ...simd(SIMD.v128Store, ...memarg(4, featureOffset)),
    ];
  };
  const words: number[] = [];
  for (let w = 0; w < rowBytes / 4; w++) {
    words.push(...get(P), OP.i32Load, ...memarg(2, 4 * w), ...set(CODES));
    for (let j = 0; j < 4; j++) words.push(...cell(8 * j, (4 * w + j) * FEATURE_BYTES));
  }
  const perRow = [
    ...f64(1),
    ...simd(SIMD.f64x2Splat),
    ...addr(get(GRAD), get(I), 3),
    OP.f64Load,
    ...memarg(3, 0),
    ...simd(SIMD.f64x2ReplaceLane, 0),
    ...set(GV),
    ...words,
    ...get(P),
    ...i32(rowBytes),
    OP.i32Add,
    ...set(P),
  ];
  const body = [
    ...get(START),
    ...set(I),
    // Rows are contiguous, so the row pointer simply carries on from row to row.
    ...get(BINS),
    ...get(START),
    ...i32(rowBytes),
    OP.i32Mul,
    OP.i32Add,
    ...set(P),
    ...loopWhile([...get(I), ...get(END), OP.i32GeU], perRow, [
      ...get(I),
      ...i32(1),
      OP.i32Add,
      ...tee(I),
      ...get(END),
      OP.i32LtU,
    ]),
  ];
  return {
    type: 0,
    locals: [
      { count: 3, type: VALTYPE.i32 },
      { count: 1, type: VALTYPE.v128 },
    ],
    body,
  };
}
const HIST_PARAMS = 6;

/** Parameter order shared by both partition kernels (each ignores the inputs of the other's test). */
const PART = {
  START: 0,
  END: 1,
  LEFT_AT: 2,
  RIGHT_AT: 3,
  STEP: 4,
  FEATURE: 5,
  THR: 6,
  MISS: 7,
  DL: 8,
  MASK: 9,
  SRC_BINS: 10,
  DST_BINS: 11,
  SRC_GRAD: 12,
  DST_GRAD: 13,
  SRC_Y: 14,
  DST_Y: 15,
  SRC_SCORE: 16,
  DST_SCORE: 17,
} as const;
const PART_PARAMS = 18;
const PART_LOCAL = { I: 18, L: 19, R: 20, GO: 21, SRC: 22, DST: 23, W: 24, TO: 25 } as const;
const PART_LOCALS = 8;

/**
 * Partition in one pass: each row is copied once, from the source buffer straight to its final
 * position in the destination buffer. The caller knows the left count in advance (from the histogram)
 * and so where both cursors start; they advance by STEP (1, or -1 to fill a range from its end). The
 * destination is chosen with `select`, not a branch, because the direction is data-dependent and
 * mispredictions would cost more than the copy. The bin-code copy is unrolled for the row width
 * (16-byte vectors, then 4-byte words).
 * `goesLeft` leaves 0 or 1 on the stack; it may use local W and reads the row at local SRC.
 */
function partitionFunction(rowBytes: number, goesLeft: number[]): FunctionDef {
  const P = PART;
  const { I, L, R, GO, SRC, DST, TO } = PART_LOCAL;
  const copyScalar = (src: number, dst: number, shift: number, load: number, store: number): number[] => [
    ...addr(get(dst), get(TO), shift),
    ...addr(get(src), get(I), shift),
    load,
    ...memarg(shift, 0),
    store,
    ...memarg(shift, 0),
  ];
  const copyBins: number[] = [];
  let at = 0;
  for (; at + 16 <= rowBytes; at += 16) {
    copyBins.push(...get(DST), ...get(SRC), ...simd(SIMD.v128Load, ...memarg(0, at)));
    copyBins.push(...simd(SIMD.v128Store, ...memarg(0, at)));
  }
  for (; at < rowBytes; at += 4) {
    copyBins.push(...get(DST), ...get(SRC), OP.i32Load, ...memarg(0, at), OP.i32Store, ...memarg(0, at));
  }
  const perRow = [
    ...goesLeft,
    ...set(GO),
    // to = go ? l : r
    ...get(L),
    ...get(R),
    ...get(GO),
    OP.select,
    ...set(TO),
    ...get(L),
    ...get(GO),
    ...get(P.STEP),
    OP.i32Mul,
    OP.i32Add,
    ...set(L),
    ...get(R),
    ...get(GO),
    ...i32(1),
    OP.i32Xor,
    ...get(P.STEP),
    OP.i32Mul,
    OP.i32Add,
    ...set(R),
    ...get(P.DST_BINS),
    ...get(TO),
    ...i32(rowBytes),
    OP.i32Mul,
    OP.i32Add,
    ...set(DST),
    ...copyBins,
    // Copied by their bits (i64/i32), so no float is ever canonicalised on the way.
    ...copyScalar(P.SRC_GRAD, P.DST_GRAD, 3, OP.i64Load, OP.i64Store),
    ...copyScalar(P.SRC_SCORE, P.DST_SCORE, 3, OP.i64Load, OP.i64Store),
    ...copyScalar(P.SRC_Y, P.DST_Y, 2, OP.i32Load, OP.i32Store),
    ...get(SRC),
    ...i32(rowBytes),
    OP.i32Add,
    ...set(SRC),
  ];
  const body = [
    ...get(P.START),
    ...set(I),
    ...get(P.LEFT_AT),
    ...set(L),
    ...get(P.RIGHT_AT),
    ...set(R),
    ...get(P.SRC_BINS),
    ...get(P.START),
    ...i32(rowBytes),
    OP.i32Mul,
    OP.i32Add,
    ...set(SRC),
    ...loopWhile([...get(I), ...get(P.END), OP.i32GeU], perRow, [
      ...get(I),
      ...i32(1),
      OP.i32Add,
      ...tee(I),
      ...get(P.END),
      OP.i32LtU,
    ]),
    // left count = (L - LEFT_AT) * STEP
    ...get(L),
    ...get(P.LEFT_AT),
    OP.i32Sub,
    ...get(P.STEP),
    OP.i32Mul,
  ];
  return { type: 1, locals: [{ count: PART_LOCALS, type: VALTYPE.i32 }], body };
}

/** Split test: (bin <= thresholdBin) | (bin == missingBin & defaultLeft); missingBin > thresholdBin always. */
function splitTest(): number[] {
  const { SRC, W } = PART_LOCAL;
  return [
    ...get(SRC),
    ...get(PART.FEATURE),
    OP.i32Add,
    OP.i32Load8U,
    ...memarg(0, 0),
    ...tee(W),
    ...get(PART.THR),
    OP.i32LeU,
    ...get(W),
    ...get(PART.MISS),
    OP.i32Eq,
    ...get(PART.DL),
    OP.i32And,
    OP.i32Or,
  ];
}

function maskTest(): number[] {
  return [...get(PART.MASK), ...get(PART_LOCAL.I), OP.i32Add, OP.i32Load8U, ...memarg(0, 0)];
}

/**
 * The kernel module for rows of `rowBytes` bin codes (a multiple of 4): imports `env.mem` (shared or
 * not, as the arena's memory is; a shared memory must declare a maximum, so it gets wasm32's 4 GiB);
 * exports `hist`, `partition` and `partitionMask`.
 */
export function assembleKernelModule(rowBytes: number, shared = false): Uint8Array {
  const ints = (n: number) => new Array<typeof VALTYPE.i32>(n).fill(VALTYPE.i32);
  return assembleModule({
    types: [
      { params: ints(HIST_PARAMS), results: [] },
      { params: ints(PART_PARAMS), results: [VALTYPE.i32] },
    ],
    memory: shared
      ? { module: 'env', name: 'mem', min: 1, max: MAX_PAGES, shared: true }
      : { module: 'env', name: 'mem', min: 1 },
    functions: [
      histFunction(rowBytes),
      partitionFunction(rowBytes, splitTest()),
      partitionFunction(rowBytes, maskTest()),
    ],
    exports: [
      { name: 'hist', function: FN.hist },
      { name: 'partition', function: FN.partition },
      { name: 'partitionMask', function: FN.partitionMask },
    ],
  });
}

/** A call as the export to run and its i32 arguments (byte addresses in the arena's memory). */
export function lowerKernelCall(a: Arena, c: KernelCall): LoweredCall {
  const pointers = (from: 0 | 1): number[] => {
    const s = a.buffers[from];
    const d = a.buffers[from === 0 ? 1 : 0];
    return [s.binsPtr, d.binsPtr, s.gradPtr, d.gradPtr, s.yPtr, d.yPtr, s.scorePtr, d.scorePtr];
  };
  switch (c.op) {
    case 'hist': {
      const b = a.buffers[c.buffer];
      return { fn: FN.hist, args: [c.start, c.end, b.binsPtr, 0, b.gradPtr, a.slotPtr(c.slot)] };
    }
    case 'partition': {
      const test = [c.feature, c.thresholdBin, c.missingBin, c.defaultLeft ? 1 : 0, 0];
      return {
        fn: FN.partition,
        args: [c.start, c.end, c.leftAt, c.rightAt, c.step, ...test, ...pointers(c.from)],
      };
    }
    case 'mask':
      return {
        fn: FN.partitionMask,
        args: [c.start, c.end, c.leftAt, c.rightAt, c.step, 0, 0, 0, 0, a.maskPtr, ...pointers(c.from)],
      };
    default: {
      const never: never = c;
      throw new Error(`unknown kernel call ${JSON.stringify(never)}`);
    }
  }
}
