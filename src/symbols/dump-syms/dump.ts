// dumpSyms(): ELF (+ split debug file, dwz supplementary file, MiniDebugInfo) to a
// Breakpad .sym. Record order as Breakpad's Module::Write: MODULE, INFO, FILE,
// INLINE_ORIGIN, FUNC (each followed by its INLINE and line records), PUBLIC, STACK CFI.
import { basename } from 'node:path';
import { ObjectFileError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { BatchDemangleJob, DemangleWorker } from '../demangle/batch.js';
import { ElfFile, elfIds, readMiniDebugInfo, SHT_DYNSYM, SHT_SYMTAB } from '../elf/index.js';
import { CFI_STEP_ENTRIES } from '../dwarf/cfi/index.js';
import { symbolTableSections } from '../elf/symtab.js';
import { cfiSectionHeaders, writeCfi } from './cfi.js';
import { dwarfSectionHeaders, readDebugInfo, type DebugInfo } from './dwarf.js';
import { DEFAULT_DEBUG_DIRS, hasDwarf, locateAltFile, locateDebugFile, type LoadedElf } from './locate.js';
import type { ModuleHeader } from './model.js';
import { PublicTable } from './public-table.js';
import { RangeSet, sectionSymbols } from './publics.js';
import { HeldSink } from './held.js';
import { StreamSink, StringSink, SymWriter, type SymSink } from './writer.js';

export interface DumpSymsOptions {
  /** Extra files that may hold the debug info (split .debug files, dwz supplementary files). */
  debugFiles?: string[];
  /** Roots searched for `.build-id/xx/….debug` and `.gnu_debuglink` targets (default /usr/lib/debug). */
  debugDirs?: string[];
  /** Emit INLINE_ORIGIN/INLINE records (default true). */
  inlines?: boolean;
  /** Emit STACK CFI records (default true). */
  cfi?: boolean;
  /** Stream the .sym here instead of returning it. */
  output?: NodeJS.WritableStream;
  onProgress?: (done: number, total: number, phase: string) => void;
  onWarning?: (msg: string) => void;
}

/**
 * A binary opened for dumping: its files located and its header known, so that a
 * caller can decide where the .sym goes (dumpSymsToStore names the file after the
 * header); writePlan() then reads and writes everything else.
 */
export interface DumpPlan {
  header: ModuleHeader;
  /** Files that are used: the binary, its debug file, the dwz file. */
  used: { binary: string; debugFile?: string | undefined; supFile?: string | undefined; miniDebugInfo: boolean };
  /** Releases the input files and the worker (writePlan calls it). */
  close: () => void;
  /** What writePlan() reads. */
  readonly inputs: DumpInputs;
}

interface DumpInputs {
  path: string;
  main: ElfFile;
  debug: LoadedElf | undefined;
  separate: LoadedElf | undefined;
  sup: LoadedElf | undefined;
  mini: ElfFile | undefined;
  /** A demangling worker started ahead, when the symbol tables are big. */
  worker: DemangleWorker | undefined;
  /** The sections write() reads, being read ahead on the thread pool, by when it needs them. */
  ahead: { symbols: Promise<unknown>; dwarf: Promise<unknown>; cfi: Promise<unknown> };
  options: DumpSymsOptions;
}

/** Opens the binary and locates its debug files; reads nothing else yet. */
export async function planDumpSyms(path: string, options: DumpSymsOptions = {}): Promise<DumpPlan> {
  const progress = options.onProgress ?? (() => {});
  progress(0, 1, 'read');
  let main: ElfFile;
  try {
    // Read on demand: only the tables, DWARF and CFI of a big binary are read.
    main = ElfFile.open(path);
  } catch (e) {
    if (e instanceof ObjectFileError) throw e;
    throw new ObjectFileError('IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  // The symbol tables are read first (on the thread pool, while this thread goes on).
  const symbols = main.prefetch(symbolTableSections(main));
  // The names to demangle come from the symbol tables: for a big binary the worker
  // that will demangle them boots now, on the core this thread leaves idle while
  // it reads the binary.
  const worker = symbolRows(main) >= EARLY_WORKER_ROWS ? DemangleWorker.start() : undefined;
  try {
    return await plan(path, main, worker, symbols, options);
  } catch (e) {
    worker?.terminate();
    main.close();
    throw e;
  }
}

/** Symbol-table rows of `elf` (from the section headers; nothing is read). */
function symbolRows(elf: ElfFile): number {
  let rows = 0;
  for (const s of elf.sections) if (s.type === SHT_SYMTAB || s.type === SHT_DYNSYM) rows += Number(s.size) / (elf.is64 ? 24 : 16);
  return rows;
}

/** Below this many symbol rows no demangling worker is started ahead of the batch. */
const EARLY_WORKER_ROWS = 4000;

async function plan(path: string, main: ElfFile, worker: DemangleWorker | undefined, symbols: Promise<void>, options: DumpSymsOptions): Promise<DumpPlan> {
  const warn = options.onWarning ?? (() => {});
  const ids = elfIds(main);
  const name = main.soname() ?? basename(path);
  const locate = { debugFiles: options.debugFiles ?? [], debugDirs: options.debugDirs ?? DEFAULT_DEBUG_DIRS, warn };

  // Where the DWARF is: the binary itself, or a separate debug file.
  let debug: LoadedElf | undefined = hasDwarf(main) ? { path, elf: main } : undefined;
  let separate: LoadedElf | undefined;
  if (!debug || locate.debugFiles.length > 0) {
    separate = await locateDebugFile(path, main, locate);
    if (separate && !debug) debug = separate;
  }
  if (debug && debug.elf.arch !== main.arch) {
    warn(`${debug.path} is for ${debug.elf.arch}, ${path} for ${main.arch}; debug file ignored`);
    debug = hasDwarf(main) ? { path, elf: main } : undefined;
    separate = undefined;
  }
  const sup = debug ? await locateAltFile(debug, locate) : undefined;
  for (const f of locate.debugFiles) {
    if (f !== separate?.path && f !== sup?.path) warn(`${f} does not belong to ${path} (build-id, debuglink CRC and dwz link do not match); not used`);
  }

  let mini: ElfFile | undefined;
  try {
    mini = readMiniDebugInfo(main);
  } catch (e) {
    if (!(e instanceof ObjectFileError)) throw e;
    warn(`MiniDebugInfo: ${e.message}`);
  }
  // Everything else write() reads, queued on the pool in the order it is needed.
  const ahead = {
    symbols: Promise.all([symbols, separate?.elf.prefetch(symbolTableSections(separate.elf))]),
    dwarf: Promise.all([debug, sup].map((f) => f?.elf.prefetch(dwarfSectionHeaders(f.elf)))),
    cfi: (options.cfi ?? true) ? Promise.all(cfiSectionHeaders(cfiSources(main, separate)).map(([elf, s]) => elf.prefetch([s]))) : Promise.resolve(),
  };
  let closed = false;
  return {
    header: { os: 'Linux', arch: main.arch, debugId: ids.debugId, name, codeId: ids.codeId, generator: `minidump-pipeline ${VERSION}` },
    used: { binary: path, debugFile: separate?.path, supFile: sup?.path, miniDebugInfo: mini !== undefined },
    close: () => {
      if (closed) return;
      closed = true;
      worker?.terminate();
      main.close();
    },
    inputs: { path, main, debug, separate, sup, mini, worker, ahead, options },
  };
}

function readInfo(inputs: DumpInputs, options: DumpSymsOptions, table: PublicTable): DebugInfo {
  const { main, debug, separate, sup } = inputs;
  const warn = options.onWarning ?? (() => {});
  const progress = options.onProgress ?? (() => {});
  if (!debug || !hasDwarf(debug.elf)) return { files: [], origins: [], funcs: [] };
  try {
    // Functions are named after their symbols, looked up in the files below in
    // this order; when that is the PUBLIC table's order (its files: the debug file,
    // the binary, the MiniDebugInfo), the table answers.
    const symbolSources = [...new Set([debug.elf, ...(separate ? [separate.elf] : []), main])];
    const load = Number(main.loadAddress);
    const sameOrder = debug.elf === (separate?.elf ?? main);
    return readDebugInfo({
      debug: debug.elf,
      sup: sup?.elf,
      symbolSources,
      symbolName: sameOrder ? (address) => table.nameAt(address - load, symbolSources.length) : undefined,
      loadAddress: main.loadAddress,
      inlines: options.inlines ?? true,
      onWarning: warn,
      onProgress: (done, total) => progress(done, total, 'dwarf'),
    });
  } catch (e) {
    if (!(e instanceof ObjectFileError)) throw e;
    warn(`DWARF in ${debug.path}: ${e.message}; writing symbols without it`);
    return { files: [], origins: [], funcs: [] };
  }
}

/** The files STACK CFI is taken from, in order of preference. */
function cfiSources(main: ElfFile, separate: LoadedElf | undefined): ElfFile[] {
  return separate ? [main, separate.elf] : [main];
}

/** Reads the plan's inputs and writes their records into a sink, in Breakpad order. */
export async function writePlan(plan: DumpPlan, sink: SymSink, options: Pick<DumpSymsOptions, 'inlines' | 'onProgress' | 'onWarning'> = {}): Promise<void> {
  try {
    await write(plan, sink, { ...plan.inputs.options, ...options });
  } finally {
    plan.close();
  }
}

/**
 * The order of the work: symbol tables (the names that will be PUBLIC records go
 * to the demangling worker), DWARF, FILE/INLINE_ORIGIN/FUNC records, then PUBLIC
 * records as their names come back from the worker, with STACK CFI records
 * formatted in between (held back: they come last in the file). When this
 * thread has nothing else left, it waits for the worker's names.
 */
async function write(plan: DumpPlan, sink: SymSink, options: DumpSymsOptions): Promise<void> {
  const { path, main, separate, mini } = plan.inputs;
  const warn = options.onWarning ?? (() => {});
  const progress = options.onProgress ?? (() => {});
  const inlines = options.inlines ?? true;
  const loadAddress = main.loadAddress;

  const symbolFiles = [separate?.elf, main, mini].filter((e): e is ElfFile => e !== undefined);
  await plan.inputs.ahead.symbols;
  const table = PublicTable.read(symbolFiles, loadAddress, (e) => warn(`symbol table: ${e.message}`));
  const job = new BatchDemangleJob(table.demangleBatch(), { worker: plan.inputs.worker });
  const held = new HeldSink();
  try {
    progress(0, 1, 'dwarf');
    await plan.inputs.ahead.dwarf;
    const info = readInfo(plan.inputs, options, table);

    const w = new SymWriter(sink);
    w.header(plan.header);
    w.files(info.files);
    if (inlines) w.inlineOrigins(info.origins);
    const funcs = info.funcs;
    for (let i = 0; i < funcs.length; i++) {
      w.func(funcs[i]!, inlines);
      if ((i + 1) % 4096 === 0) progress(i + 1, funcs.length, 'write');
      const p = w.pending();
      if (p) await p;
    }
    progress(funcs.length, funcs.length, 'write');

    progress(0, 1, 'publics');
    const publics = table.select(new RangeSet(info.funcs), sectionSymbols(main, loadAddress, plan.header.name));
    const cw = new SymWriter(held);
    await plan.inputs.ahead.cfi;
    const steps = (options.cfi ?? true) ? writeCfi(cw, cfiSources(main, separate), main, loadAddress, warn) : undefined;
    const cfi = new CfiStream(cw, held, steps, warn);
    const demangled = job.partial;
    let written = 0;
    for (;;) {
      written += publics.writeReady(w, demangled);
      const p = w.pending();
      if (p) await p;
      if (publics.done) break;
      // While the worker demangles, this thread formats CFI (its own work, warm
      // code) rather than demangling too; once the CFI is done or held up to the
      // bound it waits for the worker (and helps only if that stalls: advance()).
      if (job.working && held.size < MAX_HELD_CFI && cfi.run(CFI_STEPS_BETWEEN_CHECKS)) {
        const q = cw.pending(); // into `held`, which counts it
        if (q) await q;
        // Let the worker's finished chunks in.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      progress(written, publics.length, 'publics');
      await job.advance(publics.waitingFor(demangled));
    }
    progress(publics.length, publics.length, 'publics');
    await w.flush();
    progress(0, 1, 'cfi');
    await cfi.finish(sink, (n) => progress(n, 0, 'cfi'));
  } finally {
    job.cancel();
    held.discard();
  }
}

/**
 * CFI text formatted ahead is held (in a temporary file, else in memory) up to
 * this much: node's 98 MB executable has 18 MB of it.
 */
const MAX_HELD_CFI = 32 << 20;
/** CFI steps between looks at the worker's progress (16 steps: ~1,000 entries, ~1 ms). */
const CFI_STEPS_BETWEEN_CHECKS = 16;

/** The STACK CFI records: run() formats some ahead, finish() the rest, into the output. */
class CfiStream {
  private count = 0;
  constructor(
    private readonly writer: SymWriter,
    private readonly held: HeldSink,
    private readonly steps: Generator<void> | undefined,
    private readonly warn: (m: string) => void,
  ) {}

  /** One entry; false when there are no more (an ObjectFileError ends them with a warning). */
  private step(): boolean {
    if (!this.steps) return false;
    try {
      if (this.steps.next().done) return false;
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
      this.warn(`CFI: ${e.message}; STACK CFI records are partial`);
      return false;
    }
    this.count++;
    return true;
  }

  /** Formats up to `steps` steps of CFI_STEP_ENTRIES entries; false when there are no more. */
  run(steps: number): boolean {
    for (let i = 0; i < steps; i++) if (!this.step()) return false;
    return true;
  }

  /** Writes what was formatted, then formats and writes the rest with backpressure. */
  async finish(sink: SymSink, progress: (n: number) => void): Promise<void> {
    const w = this.writer;
    await this.held.attach(sink);
    while (this.step()) {
      if (this.count % 16 === 0) {
        const p = w.pending();
        if (p) await p;
        if (this.count % 1024 === 0) progress(this.count * CFI_STEP_ENTRIES);
      }
    }
    await w.flush();
  }
}

/**
 * Dumps Breakpad symbols for an ELF file. Returns the .sym text, or streams it
 * into `options.output` (resolving once everything is written; the stream is not ended).
 */
export async function dumpSyms(path: string, options: DumpSymsOptions = {}): Promise<string | void> {
  const plan = await planDumpSyms(path, options);
  if (options.output) {
    await writePlan(plan, new StreamSink(options.output), options);
    return;
  }
  const sink = new StringSink();
  await writePlan(plan, sink, options);
  return sink.text();
}
