// Demangling many names off the main thread. The WASM demangler costs ~10 µs a
// name, which for a module with 10^5 symbols is seconds; a worker thread does part
// of the list while the main thread reads DWARF. The worker is created from source
// text (eval) so it runs the same way from src/ under vitest and from the bundles.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { demangleSymbol, isMangled, SUFFIX } from './index.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const mod = new WebAssembly.Module(readFileSync(workerData.wasm));
let w;
const imports = { './index_bg.js': { __wbindgen_init_externref_table() {
  const t = w.__wbindgen_export_0; const o = t.grow(4);
  t.set(0, undefined); t.set(o, undefined); t.set(o + 1, null); t.set(o + 2, true); t.set(o + 3, false);
} } };
w = new WebAssembly.Instance(mod, imports).exports;
w.__wbindgen_start();
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8');
const SUFFIX = new RegExp(${JSON.stringify(SUFFIX.source)});
const mangled = (n) => n.startsWith('_Z') || n.startsWith('__Z') || n.startsWith('_R') || n.startsWith('___Z');
function one(name) {
  if (!mangled(name)) return name;
  const fixed = name.replace(SUFFIX, '').replace(/\`anonymous namespace'/g, '(anonymous namespace)');
  try {
    const input = enc.encode(fixed);
    const p = w.__wbindgen_malloc(input.length, 1) >>> 0;
    new Uint8Array(w.memory.buffer, p, input.length).set(input);
    const [op, ol] = w.demangle_any(p, input.length);
    const out = dec.decode(new Uint8Array(w.memory.buffer, op >>> 0, ol >>> 0));
    w.__wbindgen_free(op, ol, 1);
    return out === fixed.slice(1) ? fixed : out;
  } catch { return fixed; }
}
parentPort.on('message', (names) => parentPort.postMessage(names.map(one)));
`;

/**
 * Demangles a batch of symbol names (as demangleSymbol would), part of it on a
 * worker thread. Usage: start the job, do other synchronous work (the worker runs
 * meanwhile), call demangle() for the names you need (names the worker owns are
 * skipped here), then await results().
 */
export class DemangleJob {
  private readonly worker: Worker | undefined;
  private readonly theirs: readonly string[];
  private readonly owned: Set<string>;
  private readonly pending: Promise<string[] | undefined>;
  private readonly mine = new Map<string, string>();

  /** `minWorkerNames`: below this many names a worker is not worth its start-up (~50 ms). */
  constructor(names: Iterable<string>, options: { workerShare?: number; minWorkerNames?: number } = {}) {
    const workerShare = options.workerShare ?? 0.6;
    const unique = [...new Set(names)].filter(isMangled);
    let worker: Worker | undefined;
    if (unique.length >= (options.minWorkerNames ?? 4000)) {
      try {
        const require = createRequire(import.meta.url);
        const wasm = join(dirname(require.resolve('gecko-profiler-demangle/package.json')), 'index_bg.wasm');
        worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { wasm } });
        worker.unref();
      } catch {
        worker = undefined;
      }
    }
    this.worker = worker;
    this.theirs = worker ? unique.slice(0, Math.floor(unique.length * workerShare)) : [];
    this.owned = new Set(this.theirs);
    this.pending = worker
      ? new Promise<string[] | undefined>((resolve) => {
          worker.once('message', (out: string[]) => resolve(out));
          worker.once('error', () => resolve(undefined));
          worker.once('exit', () => resolve(undefined));
          worker.postMessage(this.theirs);
        })
      : Promise.resolve(undefined);
  }

  /** Demangles here the names that the worker does not own. */
  prefetch(names: Iterable<string>): void {
    for (const n of names) if (!this.owned.has(n) && !this.mine.has(n)) this.mine.set(n, demangleSymbol(n));
  }

  /** Waits for the worker; the lookup falls back to demangling on the spot. */
  async results(): Promise<(name: string) => string> {
    const out = await this.pending;
    this.cancel();
    const done = this.mine;
    if (out) for (let i = 0; i < this.theirs.length; i++) if (typeof out[i] === 'string') done.set(this.theirs[i]!, out[i]!);
    return (name) => done.get(name) ?? demangleSymbol(name);
  }

  cancel(): void {
    if (this.worker) void this.worker.terminate();
  }
}
