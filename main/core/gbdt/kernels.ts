import type { Arena } from './arena.js';
import type { KernelCall, Kernels, WasmKernels } from './kernel-call.js';
import { createJsKernels } from './kernels-js.js';
import { assembleKernelModule, lowerKernelCall } from './kernels-wasm.js';
import { wasm, type WasmModule } from './wasm.js';

/**
 * Picks the learner's kernels (kernel-call.ts says what they do): the WebAssembly SIMD ones
 * (kernels-wasm.ts) where the runtime compiles them, else the JavaScript twin (kernels-js.ts), which
 * gives the same model. Compiled modules are cached per row width and memory kind.
 */
export type { KernelCall, Kernels, WasmKernels } from './kernel-call.js';

export function createKernels(arena: Arena, kind: 'auto' | 'js' = 'auto'): Kernels {
  if (kind === 'auto') {
    const fast = createWasmKernels(arena);
    if (fast) return fast;
  }
  return createJsKernels(arena);
}

type WasmExport = (...args: number[]) => number;

/** Compiled modules by row width and memory kind; null when the runtime cannot compile them. */
const modules = new Map<string, WasmModule | null>();

function wasmModule(rowBytes: number, shared: boolean): WasmModule | null {
  const key = `${rowBytes}/${shared}`;
  let mod = modules.get(key);
  if (mod === undefined) {
    const bytes = assembleKernelModule(rowBytes, shared);
    mod = wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    modules.set(key, mod);
  }
  return mod;
}

export function createWasmKernels(arena: Arena): WasmKernels | null {
  const mod = wasmModule(arena.rowBytes, arena.shared);
  if (!mod) return null;
  const k = new wasm.Instance(mod, { env: { mem: arena.memory } }).exports as Record<string, WasmExport>;
  const fns = [k.hist!, k.partition!, k.partitionMask!];
  const lower = (c: KernelCall) => lowerKernelCall(arena, c);
  return {
    kind: 'wasm-simd',
    module: mod,
    lower,
    run(c) {
      if (c.end <= c.start) return 0;
      const { fn, args } = lower(c);
      return fns[fn]!(...args);
    },
  };
}
