import { describe, expect, it } from 'vitest';
import {
  MAX_PAGES,
  OP,
  VALTYPE,
  assembleModule,
  get,
  i32,
  loopWhile,
  memarg,
  name,
  section,
  set,
  sleb,
  tee,
  uleb,
  vec,
  type ModuleDef,
} from '../../../main/core/gbdt/wasm-assembler.js';
import { wasm } from '../../../main/core/gbdt/wasm.js';

type Fn = (...args: number[]) => number;

function instantiate(
  def: ModuleDef,
  imports: Record<string, Record<string, unknown>> = {},
): Record<string, Fn> {
  const bytes = assembleModule(def);
  expect(wasm.validate(bytes)).toBe(true);
  return new wasm.Instance(new wasm.Module(bytes), imports).exports as Record<string, Fn>;
}

describe('LEB128', () => {
  it('encodes unsigned values as the spec examples', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffff_ffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('encodes signed values, sign bit included', () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-0x8000_0000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('refuses values it cannot encode', () => {
    expect(() => uleb(-1)).toThrow(/unsigned 32-bit/);
    expect(() => uleb(1.5)).toThrow(/unsigned 32-bit/);
    expect(() => uleb(2 ** 32)).toThrow(/unsigned 32-bit/);
    expect(() => uleb(Number.NaN)).toThrow(/unsigned 32-bit/);
    expect(() => sleb(2 ** 31)).toThrow(/signed 32-bit/);
    expect(() => sleb(-(2 ** 31) - 1)).toThrow(/signed 32-bit/);
    expect(() => i32(0.5)).toThrow(/signed 32-bit/);
  });
});

describe('encodings', () => {
  it('vectors, names, sections and instructions', () => {
    expect(vec([7, 8])).toEqual([2, 7, 8]);
    expect(vec([1, 2, 3, 4], 2)).toEqual([2, 1, 2, 3, 4]);
    expect(name('mem')).toEqual([3, 0x6d, 0x65, 0x6d]);
    expect(section(1, [1, 2, 3])).toEqual([1, 3, 1, 2, 3]);
    expect(section(10, new Array<number>(200).fill(0)).slice(0, 3)).toEqual([10, 0xc8, 0x01]);
    expect(get(3)).toEqual([OP.localGet, 3]);
    expect(set(200)).toEqual([OP.localSet, 0xc8, 0x01]);
    expect(tee(1)).toEqual([OP.localTee, 1]);
    expect(i32(-2)).toEqual([OP.i32Const, 0x7e]);
    expect(memarg(3, 4096)).toEqual([3, 0x80, 0x20]);
  });

  it('an empty module is the header and an empty type, function and code section', () => {
    const bytes = assembleModule({ types: [], functions: [] });
    expect([...bytes]).toEqual([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 1, 0, 3, 1, 0, 10, 1, 0]);
    expect(wasm.validate(bytes)).toBe(true);
  });
});

describe('assembled functions run', () => {
  it('adds two numbers', () => {
    const { add } = instantiate({
      types: [{ params: [VALTYPE.i32, VALTYPE.i32], results: [VALTYPE.i32] }],
      functions: [{ type: 0, body: [...get(0), ...get(1), OP.i32Add] }],
      exports: [{ name: 'add', function: 0 }],
    });
    expect(add!(2, 40)).toBe(42);
    expect(add!(-5, 3)).toBe(-2);
  });

  it('loops with locals: sum of 0..n-1', () => {
    // locals: 1 i, 2 sum
    const body = [
      ...loopWhile(
        [...get(1), ...get(0), OP.i32GeU],
        [...get(2), ...get(1), OP.i32Add, ...set(2)],
        [...get(1), ...i32(1), OP.i32Add, ...tee(1), ...get(0), OP.i32LtU],
      ),
      ...get(2),
    ];
    const { sum } = instantiate({
      types: [{ params: [VALTYPE.i32], results: [VALTYPE.i32] }],
      functions: [{ type: 0, locals: [{ count: 2, type: VALTYPE.i32 }], body }],
      exports: [{ name: 'sum', function: 0 }],
    });
    expect(sum!(0)).toBe(0);
    expect(sum!(1)).toBe(0);
    expect(sum!(101)).toBe(5050);
  });

  it('reads and writes an imported memory, plain or shared', () => {
    for (const shared of [false, true]) {
      const memory = shared
        ? new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true })
        : new wasm.Memory({ initial: 1 });
      // store(at, v): mem[at + 8] = v * 3
      const { store } = instantiate(
        {
          types: [{ params: [VALTYPE.i32, VALTYPE.i32], results: [] }],
          memory: shared
            ? { module: 'env', name: 'mem', min: 1, max: MAX_PAGES, shared: true }
            : { module: 'env', name: 'mem', min: 1 },
          functions: [
            { type: 0, body: [...get(0), ...get(1), ...i32(3), OP.i32Mul, OP.i32Store, ...memarg(2, 8)] },
          ],
          exports: [{ name: 'store', function: 0 }],
        },
        { env: { mem: memory } },
      );
      store!(16, 7);
      expect(new Int32Array(memory.buffer)[(16 + 8) / 4]).toBe(21);
    }
  });
});

describe('invalid modules are refused', () => {
  const add = { type: 0, body: [...get(0), ...get(1), OP.i32Add] };
  const types = [{ params: [VALTYPE.i32, VALTYPE.i32], results: [VALTYPE.i32] }];

  it('a function with a type that does not exist', () => {
    expect(() => assembleModule({ types, functions: [{ ...add, type: 1 }] })).toThrow(/refers to type 1/);
  });

  it('an export of a function that does not exist, or a name exported twice', () => {
    expect(() => assembleModule({ types, functions: [add], exports: [{ name: 'f', function: 1 }] })).toThrow(
      /refers to function 1/,
    );
    expect(() =>
      assembleModule({
        types,
        functions: [add],
        exports: [
          { name: 'f', function: 0 },
          { name: 'f', function: 0 },
        ],
      }),
    ).toThrow(/used twice/);
  });

  it('a value type or local group that cannot be encoded', () => {
    expect(() =>
      assembleModule({ types: [{ params: [0x12 as typeof VALTYPE.i32], results: [] }], functions: [] }),
    ).toThrow(/not a value type/);
    expect(() =>
      assembleModule({ types, functions: [{ ...add, locals: [{ count: 0, type: VALTYPE.i32 }] }] }),
    ).toThrow(/positive count/);
  });

  it('memory limits the runtime would reject', () => {
    const mem = (m: Partial<NonNullable<ModuleDef['memory']>>) => () =>
      assembleModule({ types, functions: [add], memory: { module: 'env', name: 'mem', min: 1, ...m } });
    expect(mem({ shared: true })).toThrow(/shared memory must declare a maximum/);
    expect(mem({ min: 4, max: 2 })).toThrow(/below min/);
    expect(mem({ max: MAX_PAGES + 1 })).toThrow(/pages/);
    expect(mem({ min: -1 })).toThrow(/pages/);
  });
});
