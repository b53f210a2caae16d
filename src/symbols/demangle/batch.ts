// Demangling a batch of names held as bytes (BatchDemangleJob), shared between a
// worker thread and the main thread. A big module has 10^5 names: the worker
// takes chunks of them from a shared counter while the main thread reads DWARF
// and CFI. When the main thread is done with those it waits for the worker, and
// takes chunks from the same counter itself only when the worker stalls (a busy
// machine) or is gone, so the job ends whatever the machine's load.
// A worker takes ~50 ms of CPU to boot and load the demangler, while the main
// thread is still reading the binary on one core: DemangleWorker.start() lets a
// caller start it then, before the names are known, and hand it the batch later.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { makeBatchCore, type BatchCore, type BatchOutput } from './core.js';
import { geckoWasm, geckoWasmPath } from './gecko.js';
import { SUFFIX } from './index.js';
import { demangleFastBytes, demangleItanium, fastOutput } from './itanium/index.js';

/**
 * Name i is the NUL-terminated string at bytes[starts[i]] (-1: empty). The bytes
 * must end with a NUL so that no name runs off the end.
 */
export interface NameBatch {
  bytes: Uint8Array;
  starts: Int32Array;
  /** Names compared with name i (see BatchOutput.differs): the strings at aliases[aliasStart[i] .. aliasStart[i+1]). */
  aliasStart: Int32Array;
  aliases: Int32Array;
}

// Boots, loads the demangler, then waits for the one batch it is sent. The WASM
// demangler is instantiated only when a name needs it.
const WORKER_SOURCE = `
const { parentPort, workerData: boot } = require('node:worker_threads');
// Linux: this thread runs at a lower priority than the main thread, whose work is
// the critical path (it reads, writes, and also claims chunks when it has time).
if (process.platform === 'linux') try { require('node:os').setPriority(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()), boot.nice); } catch {}
let itanium;
let fast;
try {
  const m = require(boot.itanium);
  itanium = (n) => m.demangleItanium(n);
  fast = { demangle: (b, from, to) => m.demangleFastBytes(b, from, to), output: () => m.fastOutput() };
} catch { itanium = undefined; }
let w;
const wasm = () => {
  if (w !== undefined) return w || undefined;
  w = null;
  try {
    const mod = new WebAssembly.Module(require('node:fs').readFileSync(boot.wasm));
    let x;
    const imports = { './index_bg.js': { __wbindgen_init_externref_table() {
      const t = x.__wbindgen_export_0; const o = t.grow(4);
      t.set(0, undefined); t.set(o, undefined); t.set(o + 1, null); t.set(o + 2, true); t.set(o + 3, false);
    } } };
    x = new WebAssembly.Instance(mod, imports).exports;
    x.__wbindgen_start();
    w = x;
  } catch { w = null; }
  return w || undefined;
};
parentPort.once('message', (d) => {
  if (itanium) {
    const core = (${makeBatchCore.toString()})(wasm, d.suffix, itanium, fast);
    const chunks = Math.ceil(d.count / d.chunk);
    for (;;) {
      const c = Atomics.add(d.counter, 0, 1);
      if (c >= chunks) break;
      const r = core.run(d.bytes, d.starts, d.aliasStart, d.aliases, c * d.chunk, Math.min(d.count, (c + 1) * d.chunk));
      parentPort.postMessage({ c, bytes: r.bytes, ends: r.ends, differs: r.differs }, [r.bytes.buffer, r.ends.buffer, r.differs.buffer]);
    }
  }
  parentPort.postMessage({ done: true });
});
`;

/** A worker that sends no chunk for this long (default) is starved of CPU: the main thread helps. */
const STALL_MS = 50;

/** How much lower the worker's priority is than the main thread's (Linux nice levels). */
const WORKER_NICE = 10;

/** A worker thread booting (or booted) with the demangler loaded, waiting for a batch. */
export class DemangleWorker {
  private constructor(readonly worker: Worker) {}

  /** Undefined when no worker can run here (no built demangler file, no worker support). */
  static start(): DemangleWorker | undefined {
    const itanium = itaniumForWorker();
    const wasm = geckoWasmPath();
    if (!itanium) return undefined;
    try {
      return new DemangleWorker(new Worker(WORKER_SOURCE, { eval: true, workerData: { itanium, wasm, nice: WORKER_NICE } }));
    } catch {
      return undefined;
    }
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

/** The demangled names of a batch, as UTF-8 bytes (while the job runs, only those of finished chunks). */
export class DemangledBatch {
  constructor(
    private readonly chunk: number,
    private readonly outputs: readonly (BatchOutput | undefined)[],
  ) {}

  /** Whether name i is demangled yet. */
  has(i: number): boolean {
    return this.outputs[Math.floor(i / this.chunk)] !== undefined;
  }

  /** BatchOutput.differs of name i. */
  differs(i: number): number {
    return this.outputs[Math.floor(i / this.chunk)]!.differs[i % this.chunk]!;
  }

  /** The bytes holding name i, at [startOf(i), endOf(i)) (no view made, for writers that copy). */
  bytesOf(i: number): Uint8Array {
    return this.outputs[Math.floor(i / this.chunk)]!.bytes;
  }

  startOf(i: number): number {
    const k = i % this.chunk;
    return k === 0 ? 0 : this.outputs[Math.floor(i / this.chunk)]!.ends[k - 1]!;
  }

  endOf(i: number): number {
    return this.outputs[Math.floor(i / this.chunk)]!.ends[i % this.chunk]!;
  }

  /** Name i (a view: do not keep it past the batch). */
  get(i: number): Uint8Array {
    return this.bytesOf(i).subarray(this.startOf(i), this.endOf(i));
  }
}

function toShared<T extends Uint8Array | Int32Array>(a: T, make: (b: SharedArrayBuffer) => T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = make(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/**
 * The worker needs the same Itanium demangler as the main thread, so that every
 * chunk is named alike: the build writes it as dist/demangle-itanium.cjs. Without
 * that file (running from sources that were never built) everything runs here.
 */
let itaniumFile: string | null | undefined;
function itaniumForWorker(): string | null {
  if (itaniumFile !== undefined) return itaniumFile;
  itaniumFile = null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'dist', 'demangle-itanium.cjs');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) {
      itaniumFile = candidate;
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return itaniumFile;
}

export class BatchDemangleJob {
  private readonly count: number;
  private readonly chunk: number;
  private readonly chunks: number;
  private readonly counter: Int32Array;
  private readonly outputs: (BatchOutput | undefined)[];
  private worker: Worker | undefined;
  private core: BatchCore | undefined;
  /** Chunks the worker thread demangled (the rest were done on this thread). */
  workerChunks = 0;
  private readonly stallMs: number;
  private readonly finished: Promise<void>;

  /**
   * `worker`: one started earlier (it is terminated when the batch is too small);
   * without one, a worker is started here. `minWorkerNames`: below this many
   * names a worker is not worth its start-up. `stallMs`: see advance().
   */
  constructor(
    private readonly batch: NameBatch,
    options: { worker?: DemangleWorker | undefined; minWorkerNames?: number; chunk?: number; stallMs?: number } = {},
  ) {
    this.stallMs = options.stallMs ?? STALL_MS;
    this.count = batch.starts.length;
    this.chunk = Math.max(1, options.chunk ?? 256);
    this.chunks = Math.ceil(this.count / this.chunk);
    this.outputs = new Array<BatchOutput | undefined>(this.chunks);
    this.counter = new Int32Array(new SharedArrayBuffer(4));
    let resolveDone: () => void = () => {};
    this.finished = new Promise<void>((resolve) => (resolveDone = resolve));
    let worker: Worker | undefined;
    if (this.count >= (options.minWorkerNames ?? 2000)) worker = (options.worker ?? DemangleWorker.start())?.worker;
    else options.worker?.terminate();
    if (worker) {
      try {
        // Not unref'd: while the main thread awaits it, the worker may be all that
        // keeps the process alive. results() and cancel() terminate it.
        worker.on('message', (m: { c?: number; bytes?: Uint8Array; ends?: Int32Array; differs?: Uint8Array; done?: boolean }) => {
          this.arrival();
          if (m.done) resolveDone();
          else if (m.c !== undefined && m.bytes && m.ends && m.differs) {
            this.outputs[m.c] = { bytes: m.bytes, ends: m.ends, differs: m.differs };
            this.workerChunks++;
          }
        });
        worker.once('error', () => resolveDone());
        worker.once('exit', () => resolveDone());
        void this.finished.then(() => (this.ended = true, this.arrival()));
        worker.postMessage({
          bytes: toShared(batch.bytes, (b) => new Uint8Array(b)),
          starts: toShared(batch.starts, (b) => new Int32Array(b)),
          aliasStart: toShared(batch.aliasStart, (b) => new Int32Array(b)),
          aliases: toShared(batch.aliases, (b) => new Int32Array(b)),
          counter: this.counter,
          count: this.count,
          chunk: this.chunk,
          suffix: SUFFIX.source,
        });
      } catch {
        void worker.terminate();
        worker = undefined;
      }
    }
    this.worker = worker;
    if (!worker) resolveDone();
    this.partial = new DemangledBatch(this.chunk, this.outputs);
  }

  /** The names demangled so far (has() tells which), filled in as chunks finish. */
  readonly partial: DemangledBatch;
  private ended = false;
  private wake: (() => void) | undefined;
  private arrival(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /**
   * Makes progress towards name i: waits for the worker's next chunk while it is
   * busy, and demangles a chunk here only when none comes for `stallMs` (a worker
   * starved of CPU) or the worker has ended. A chunk takes the worker a few ms;
   * demangling here instead would first compile this thread's own copy of the
   * demangler, which costs more than the wait.
   */
  async advance(i: number): Promise<void> {
    if (this.partial.has(i)) return;
    if (this.working && (await this.arrivalWithin(this.stallMs))) return;
    const c = Atomics.add(this.counter, 0, 1);
    if (c < this.chunks) return this.run(c);
    if (this.ended || !this.worker) {
      const missing = Math.floor(i / this.chunk);
      if (!this.outputs[missing]) this.run(missing);
      return;
    }
    await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** Whether a message from the worker arrives within `ms`. */
  private arrivalWithin(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /** True while a worker is demangling (a main thread with other work can do that first). */
  get working(): boolean {
    return this.worker !== undefined && !this.ended;
  }

  private run(c: number): void {
    this.core ??= makeBatchCore(() => geckoWasm()?.exports, SUFFIX.source, (name) => demangleItanium(name), { demangle: (b, from, to) => demangleFastBytes(b, from, to), output: fastOutput });
    this.outputs[c] = this.core.run(this.batch.bytes, this.batch.starts, this.batch.aliasStart, this.batch.aliases, c * this.chunk, Math.min(this.count, (c + 1) * this.chunk));
  }

  /** Demangles chunks here until none is left to claim (the worker may still be busy with its last). */
  help(): void {
    for (;;) {
      const c = Atomics.add(this.counter, 0, 1);
      if (c >= this.chunks) return;
      this.run(c);
    }
  }

  /** Helps, then waits for the worker; chunks a failed worker left are done here. */
  async results(): Promise<DemangledBatch> {
    this.help();
    if (this.worker) await this.finished;
    this.cancel();
    for (let c = 0; c < this.chunks; c++) if (!this.outputs[c]) this.run(c);
    return new DemangledBatch(this.chunk, this.outputs as BatchOutput[]);
  }

  cancel(): void {
    // Claim everything so a running worker stops after its current chunk.
    Atomics.store(this.counter, 0, this.chunks);
    if (this.worker) void this.worker.terminate();
    this.worker = undefined;
    this.arrival();
  }
}
