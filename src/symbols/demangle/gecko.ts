// Loads gecko-profiler-demangle: Mozilla's WASM build of cpp_demangle +
// rustc-demangle (the crates symbolic-demangle, and so mozilla's dump_syms, use).
// The package targets bundlers (`import * as wasm from "./index_bg.wasm"`), which
// Node cannot import, so we instantiate the .wasm synchronously and talk to it
// through our own copy of the small wasm-bindgen ABI (string in: malloc + copy;
// string out: (ptr, len) pair, freed after decoding). The ABI belongs to the
// package version, so the dependency is pinned.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Minimal WebAssembly typings: the project's lib settings (ES2023, no DOM) don't declare them.
interface WasmTable {
  grow(n: number): number;
  set(index: number, value: unknown): void;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface DemangleExports {
  memory: { buffer: ArrayBuffer };
  demangle_any(ptr: number, len: number): [number, number];
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __wbindgen_export_0: WasmTable;
  __wbindgen_start(): void;
}

let loaded: { module: object; exports: DemangleExports } | null | undefined;
let demangler: ((name: string) => string) | null | undefined;

/** Where the .wasm file is. */
export function geckoWasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('gecko-profiler-demangle/package.json')), 'index_bg.wasm');
}

/** Compiles and instantiates the module once (null if it cannot be loaded here). */
export function geckoWasm(): { module: object; exports: DemangleExports } | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    const module = new WA.Module(readFileSync(geckoWasmPath()));
    let wasm: DemangleExports | undefined;
    const imports = {
      './index_bg.js': {
        // wasm-bindgen's externref table bootstrap.
        __wbindgen_init_externref_table() {
          const table = wasm!.__wbindgen_export_0;
          const offset = table.grow(4);
          table.set(0, undefined);
          table.set(offset + 0, undefined);
          table.set(offset + 1, null);
          table.set(offset + 2, true);
          table.set(offset + 3, false);
        },
      },
    };
    wasm = new WA.Instance(module, imports).exports as DemangleExports;
    wasm.__wbindgen_start();
    loaded = { module, exports: wasm };
  } catch {
    loaded = null;
  }
  return loaded;
}

/** The WASM demangler, or null if it cannot be loaded here. */
export function geckoDemangler(): ((name: string) => string) | null {
  if (demangler !== undefined) return demangler;
  demangler = null;
  const g = geckoWasm();
  if (!g) return null;
  try {
    const w = g.exports;
    const encoder = new TextEncoder();
    const decoder = new TextDecoder('utf-8');
    demangler = (name) => {
      const input = encoder.encode(name);
      const ptr = w.__wbindgen_malloc(input.length, 1) >>> 0;
      new Uint8Array(w.memory.buffer, ptr, input.length).set(input);
      const [outPtr, outLen] = w.demangle_any(ptr, input.length);
      try {
        return decoder.decode(new Uint8Array(w.memory.buffer, outPtr >>> 0, outLen >>> 0));
      } finally {
        w.__wbindgen_free(outPtr, outLen, 1);
      }
    };
    if (demangler('_Z1fv') !== 'f()') demangler = null;
  } catch {
    demangler = null;
  }
  if (demangler === null) loaded = null;
  return demangler;
}
