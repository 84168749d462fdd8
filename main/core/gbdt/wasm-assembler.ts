/**
 * A minimal WebAssembly binary assembler: encodings (LEB128, vectors, names, sections), the opcodes
 * the learner's kernels need, a few structured helpers, and `assembleModule`, which lays out a module
 * of functions that may import one memory. It knows nothing about the kernels (kernels-wasm.ts writes
 * those with it), so it can be tested on its own. Input it cannot encode is refused with an error
 * rather than silently producing a module the runtime would reject (or, worse, accept with a
 * different meaning).
 */

/** Value types (binary encoding). */
export const VALTYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof VALTYPE)[keyof typeof VALTYPE];
const VALTYPES: ReadonlySet<number> = new Set(Object.values(VALTYPE));

/** Block type of a block/loop that leaves nothing on the stack. */
export const EMPTY_BLOCK = 0x40;

export const OP = {
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  f64Load: 0x2b,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  i64Store: 0x37,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32LeU: 0x4d,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  simdPrefix: 0xfd,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const SIMD = {
  v128Load: 0,
  v128Store: 11,
  f64x2Splat: 20,
  f64x2ReplaceLane: 34,
  f64x2Add: 240,
} as const;

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];
const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
const FUNC_TYPE = 0x60;
const IMPORT_MEMORY = 0x02;
const EXPORT_FUNCTION = 0x00;
/** Memory limits flags: min only; min and max; shared (which must declare a max). */
const LIMITS = { min: 0x00, minMax: 0x01, sharedMinMax: 0x03 } as const;
/** wasm32's 4 GiB in 64 KiB pages. */
export const MAX_PAGES = 65536;
const U32_MAX = 0xffff_ffff;
const I32_MIN = -0x8000_0000;
const I32_MAX = 0x7fff_ffff;

/** Unsigned LEB128 of a u32. */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > U32_MAX) {
    throw new RangeError(`uleb: ${n} is not an unsigned 32-bit integer`);
  }
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of an i32. */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < I32_MIN || n > I32_MAX) {
    throw new RangeError(`sleb: ${n} is not a signed 32-bit integer`);
  }
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** A vector: its element count, then the encoded elements. */
export const vec = (items: number[], count = items.length): number[] => [...uleb(count), ...items];
/** A UTF-8 name. */
export const name = (s: string): number[] => vec([...new TextEncoder().encode(s)]);
/** A section: id, byte size, body. */
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

export const get = (i: number): number[] => [OP.localGet, ...uleb(i)];
export const set = (i: number): number[] => [OP.localSet, ...uleb(i)];
export const tee = (i: number): number[] => [OP.localTee, ...uleb(i)];
export const i32 = (v: number): number[] => [OP.i32Const, ...sleb(v)];
export const f64 = (v: number): number[] => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return [OP.f64Const, ...b];
};
/** A load/store immediate: alignment (log2 bytes) and constant offset. */
export const memarg = (alignLog2: number, offset: number): number[] => [...uleb(alignLog2), ...uleb(offset)];
export const simd = (op: number, ...imm: number[]): number[] => [OP.simdPrefix, ...uleb(op), ...imm];
/** Address of element `i` of an array of `1 << shift`-byte elements at `base`. */
export const addr = (base: number[], i: number[], shift: number): number[] => [
  ...base,
  ...i,
  ...i32(shift),
  OP.i32Shl,
  OP.i32Add,
];
/**
 * `while (cond) { body }`: `enter` leaves 1 to skip the loop entirely, `again` leaves 1 to run the
 * body once more (the condition re-tested at the bottom).
 */
export const loopWhile = (enter: number[], body: number[], again: number[]): number[] => [
  OP.block,
  EMPTY_BLOCK,
  ...enter,
  OP.brIf,
  0,
  OP.loop,
  EMPTY_BLOCK,
  ...body,
  ...again,
  OP.brIf,
  0,
  OP.end,
  OP.end,
];

export interface FuncType {
  params: readonly ValType[];
  results: readonly ValType[];
}

/** `count` locals of one type (declared after the parameters, numbered on from them). */
export interface LocalGroup {
  count: number;
  type: ValType;
}

export interface FunctionDef {
  /** Index into the module's `types`. */
  type: number;
  locals?: readonly LocalGroup[];
  /** The instructions, without the final `end` (added here). */
  body: readonly number[];
}

export interface MemoryImport {
  module: string;
  name: string;
  /** In 64 KiB pages. */
  min: number;
  max?: number;
  /** A shared memory must declare `max`. */
  shared?: boolean;
}

export interface ModuleDef {
  types: readonly FuncType[];
  memory?: MemoryImport;
  functions: readonly FunctionDef[];
  /** Function exports by name; `function` indexes `functions`. */
  exports?: readonly { name: string; function: number }[];
}

function memoryLimits(m: MemoryImport): number[] {
  const pages = (what: string, n: number): void => {
    if (!Number.isInteger(n) || n < 0 || n > MAX_PAGES) {
      throw new RangeError(`memory ${what} must be 0..${MAX_PAGES} pages, got ${n}`);
    }
  };
  pages('min', m.min);
  if (m.max === undefined) {
    if (m.shared) throw new Error('a shared memory must declare a maximum size');
    return [LIMITS.min, ...uleb(m.min)];
  }
  pages('max', m.max);
  if (m.max < m.min) throw new RangeError(`memory max ${m.max} is below min ${m.min}`);
  return [m.shared ? LIMITS.sharedMinMax : LIMITS.minMax, ...uleb(m.min), ...uleb(m.max)];
}

function valtypes(what: string, types: readonly number[]): number[] {
  for (const t of types) {
    if (!VALTYPES.has(t)) throw new Error(`${what}: 0x${t.toString(16)} is not a value type`);
  }
  return vec([...types]);
}

function functionBody(f: FunctionDef, index: number): number[] {
  const locals = (f.locals ?? []).flatMap((g) => {
    if (!Number.isInteger(g.count) || g.count < 1) {
      throw new RangeError(`function ${index}: a local group needs a positive count, got ${g.count}`);
    }
    if (!VALTYPES.has(g.type))
      throw new Error(`function ${index}: 0x${g.type.toString(16)} is not a value type`);
    return [...uleb(g.count), g.type];
  });
  return vec([...uleb(f.locals?.length ?? 0), ...locals, ...f.body, OP.end]);
}

/** The module's bytes. Type, function and export references are checked; instruction streams are not. */
export function assembleModule(def: ModuleDef): Uint8Array {
  const { types, functions } = def;
  const exports = def.exports ?? [];
  functions.forEach((f, i) => {
    if (!Number.isInteger(f.type) || f.type < 0 || f.type >= types.length) {
      throw new RangeError(`function ${i} refers to type ${f.type}, but there are ${types.length} types`);
    }
  });
  const exported = new Set<string>();
  for (const e of exports) {
    if (exported.has(e.name)) throw new Error(`export name '${e.name}' is used twice`);
    exported.add(e.name);
    if (!Number.isInteger(e.function) || e.function < 0 || e.function >= functions.length) {
      throw new RangeError(
        `export '${e.name}' refers to function ${e.function}, but there are ${functions.length} functions`,
      );
    }
  }
  const typeSection = vec(
    types.flatMap((t, i) => [
      FUNC_TYPE,
      ...valtypes(`type ${i} params`, t.params),
      ...valtypes(`type ${i} results`, t.results),
    ]),
    types.length,
  );
  const m = def.memory;
  const importSection = m
    ? [
        section(
          SECTION.import,
          vec([...name(m.module), ...name(m.name), IMPORT_MEMORY, ...memoryLimits(m)], 1),
        ),
      ]
    : [];
  const functionSection = vec(
    functions.flatMap((f) => uleb(f.type)),
    functions.length,
  );
  const exportSection = vec(
    exports.flatMap((e) => [...name(e.name), EXPORT_FUNCTION, ...uleb(e.function)]),
    exports.length,
  );
  const codeSection = vec(functions.flatMap(functionBody), functions.length);
  return Uint8Array.from([
    ...MAGIC,
    ...VERSION,
    ...section(SECTION.type, typeSection),
    ...importSection.flat(),
    ...section(SECTION.function, functionSection),
    ...(exports.length > 0 ? section(SECTION.export, exportSection) : []),
    ...section(SECTION.code, codeSection),
  ]);
}
