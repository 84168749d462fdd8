/**
 * The slice of the WebAssembly JavaScript API the kernels use, typed here because the Node-side
 * TypeScript config has no `dom` lib (where TypeScript declares WebAssembly) and @types/node 20 has
 * none either. Every JavaScript runtime the app runs on (Node 20, Electron) provides it.
 */
export interface WasmMemory {
  /** A SharedArrayBuffer when the memory was created `shared`. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

export interface WasmModule {
  readonly __brand?: 'WasmModule';
}

interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}

export const wasm: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
