// dumpSyms(): ELF (+ split debug file, dwz supplementary file, MiniDebugInfo) to a
// Breakpad .sym. Record order as Breakpad's Module::Write: MODULE, INFO, FILE,
// INLINE_ORIGIN, FUNC (each followed by its INLINE and line records), PUBLIC, STACK CFI.
import { basename } from 'node:path';
import { ObjectFileError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { BatchDemangleJob, DemangleWorker, type DemangledBatch } from '../demangle/batch.js';
import { ElfFile, elfIds, readMiniDebugInfo, SHT_DYNSYM, SHT_SYMTAB } from '../elf/index.js';
import { CFI_STEP_ENTRIES } from '../dwarf/cfi/index.js';
import { writeCfi } from './cfi.js';
import { readDebugInfo, type DebugInfo } from './dwarf.js';
import { DEFAULT_DEBUG_DIRS, hasDwarf, locateAltFile, locateDebugFile, type LoadedElf } from './locate.js';
import type { ModuleHeader } from './model.js';
import { PublicTable, type PublicRows } from './public-table.js';
import { RangeSet, sectionSymbols } from './publics.js';
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

/** Everything read from the inputs, ready to be written. */
export interface DumpPlan {
  header: ModuleHeader;
  info: DebugInfo;
  /** PUBLIC records, with their names demangled as a batch (`demangled`). */
  publics: PublicRows;
  demangled: DemangledBatch | undefined;
  /** STACK CFI records: formatted into their own writer, partly while the demangler ran. */
  cfi: CfiStream;
  /** Releases the input files (writePlan calls it). */
  close: () => void;
  /** Files that were used: the binary, its debug file, the dwz file. */
  used: { binary: string; debugFile?: string | undefined; supFile?: string | undefined; miniDebugInfo: boolean };
}

/** Reads the binary and its debug information; does not write anything. */
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
  try {
    return await plan(path, main, options);
  } catch (e) {
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

async function plan(path: string, main: ElfFile, options: DumpSymsOptions): Promise<DumpPlan> {
  // Names to demangle come from the symbol tables: for a big binary the worker that
  // will demangle them boots now, on the core the main thread leaves idle while it
  // reads the binary (BatchDemangleJob takes it over, or terminates it).
  const early = symbolRows(main) >= EARLY_WORKER_ROWS ? DemangleWorker.start() : undefined;
  try {
    return await planWith(path, main, options, early);
  } catch (e) {
    early?.terminate();
    throw e;
  }
}

async function planWith(path: string, main: ElfFile, options: DumpSymsOptions, early: DemangleWorker | undefined): Promise<DumpPlan> {
  const warn = options.onWarning ?? (() => {});
  const progress = options.onProgress ?? (() => {});
  const ids = elfIds(main);
  const name = main.soname() ?? basename(path);
  const loadAddress = main.loadAddress;
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

  // Symbol-table names first: the ones that will likely be PUBLIC records are
  // demangled on a worker thread while the DWARF and CFI are read here.
  const symbolFiles = [separate?.elf, main, mini].filter((e): e is ElfFile => e !== undefined);
  const table = PublicTable.read(symbolFiles, loadAddress, (e) => warn(`symbol table: ${e.message}`));
  const job = new BatchDemangleJob(table.demangleBatch(), { worker: early });
  try {
    progress(0, 1, 'dwarf');
    const info = readInfo(path, main, debug, separate, sup, options);

    progress(0, 1, 'publics');
    const publics = table.select(new RangeSet(info.funcs), sectionSymbols(main, loadAddress, name));

    // CFI records while the worker still has names to demangle (held in memory, up
    // to a bound); the rest streams out after the PUBLIC records.
    progress(0, 1, 'cfi');
    const held = new HeldSink();
    const cw = new SymWriter(held);
    const steps = (options.cfi ?? true) ? writeCfi(cw, [main, ...(separate ? [separate.elf] : [])], main, loadAddress, warn) : undefined;
    const cfi = new CfiStream(cw, held, steps, warn);
    cfi.run(() => job.busy && held.size < MAX_HELD_CFI);
    const demangled = await job.results();
    return {
      header: { os: 'Linux', arch: main.arch, debugId: ids.debugId, name, codeId: ids.codeId, generator: `minidump-pipeline ${VERSION}` },
      info,
      publics,
      demangled,
      cfi,
      close: () => main.close(),
      used: { binary: path, debugFile: separate?.path, supFile: sup?.path, miniDebugInfo: mini !== undefined },
    };
  } finally {
    job.cancel();
  }
}

function readInfo(path: string, main: ElfFile, debug: LoadedElf | undefined, separate: LoadedElf | undefined, sup: LoadedElf | undefined, options: DumpSymsOptions): DebugInfo {
  const warn = options.onWarning ?? (() => {});
  const progress = options.onProgress ?? (() => {});
  if (!debug || !hasDwarf(debug.elf)) return { files: [], origins: [], funcs: [] };
  try {
    return readDebugInfo({
      debug: debug.elf,
      sup: sup?.elf,
      symbolSources: [...new Set([debug.elf, ...(separate ? [separate.elf] : []), main])],
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

/** Writes a plan's records into a sink, in Breakpad order. */
export async function writePlan(plan: DumpPlan, sink: SymSink, options: Pick<DumpSymsOptions, 'inlines' | 'onProgress' | 'onWarning'> = {}): Promise<void> {
  try {
    await write(plan, sink, options);
  } finally {
    plan.close();
  }
}

async function write(plan: DumpPlan, sink: SymSink, options: Pick<DumpSymsOptions, 'inlines' | 'onProgress' | 'onWarning'>): Promise<void> {
  const inlines = options.inlines ?? true;
  const progress = options.onProgress ?? (() => {});
  const w = new SymWriter(sink);
  w.header(plan.header);
  w.files(plan.info.files);
  if (inlines) w.inlineOrigins(plan.info.origins);
  const funcs = plan.info.funcs;
  const total = funcs.length + plan.publics.length;
  let done = 0;
  for (const f of funcs) {
    w.func(f, inlines);
    if (++done % 4096 === 0) progress(done, total, 'write');
    const p = w.pending();
    if (p) await p;
  }
  await plan.publics.write(w, plan.demangled, () => w.pending());
  progress(total, total, 'write');
  await w.flush();
  await plan.cfi.finish(sink, (n) => progress(n, 0, 'cfi'));
  await w.flush();
}

/** CFI text formatted ahead is held in memory up to this much (peak memory matters too). */
const MAX_HELD_CFI = 8 << 20;

/** Holds chunks until attached to the real sink, then passes them on. */
class HeldSink implements SymSink {
  private held: Uint8Array[] = [];
  private target: SymSink | undefined;
  /** Bytes held. */
  size = 0;
  write(chunk: Uint8Array): Promise<void> | void {
    if (this.target) return this.target.write(chunk);
    this.held.push(chunk);
    this.size += chunk.length;
  }
  async attach(target: SymSink): Promise<void> {
    for (const c of this.held.splice(0)) await target.write(c);
    this.target = target;
  }
}

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

  /** Formats entries while `more()` says so (checked every step, CFI_STEP_ENTRIES entries). */
  run(more: () => boolean): void {
    while (more()) if (!this.step()) return;
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
