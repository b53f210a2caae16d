// dumpSyms(): ELF (+ split debug file, dwz supplementary file, MiniDebugInfo) to a
// Breakpad .sym. Record order as Breakpad's Module::Write: MODULE, INFO, FILE,
// INLINE_ORIGIN, FUNC (each followed by its INLINE and line records), PUBLIC, STACK CFI.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ObjectFileError } from '../../errors.js';
import { VERSION } from '../../version.js';
import { DemangleJob } from '../demangle/pool.js';
import { ElfFile, elfIds, readMiniDebugInfo } from '../elf/index.js';
import { cfiRecords } from './cfi.js';
import { readDebugInfo, type DebugInfo } from './dwarf.js';
import { DEFAULT_DEBUG_DIRS, hasDwarf, locateAltFile, locateDebugFile, type LoadedElf } from './locate.js';
import type { ModuleHeader, SymPublic } from './model.js';
import { functionSymbols, RangeSet, sectionSymbols, selectPublics, type PublicCandidate } from './publics.js';
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
  publics: SymPublic[];
  /** Lazily produced STACK CFI records. */
  cfi: () => Iterable<string>;
  /** Files that were used: the binary, its debug file, the dwz file. */
  used: { binary: string; debugFile?: string | undefined; supFile?: string | undefined; miniDebugInfo: boolean };
}

/** Reads the binary and its debug information; does not write anything. */
export async function planDumpSyms(path: string, options: DumpSymsOptions = {}): Promise<DumpPlan> {
  const warn = options.onWarning ?? (() => {});
  const progress = options.onProgress ?? (() => {});
  progress(0, 1, 'read');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ObjectFileError('IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  const main = new ElfFile(bytes);
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

  // Symbol-table candidates first: their names are demangled on a worker thread
  // while the DWARF is read here.
  const candidates: PublicCandidate[] = [];
  for (const elf of [separate?.elf, main, mini]) {
    if (!elf) continue;
    try {
      for (const c of functionSymbols(elf, loadAddress)) candidates.push(c);
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
      warn(`symbol table: ${e.message}`);
    }
  }

  progress(0, 1, 'dwarf');
  const readInfo = (): DebugInfo => {
    if (!debug || !hasDwarf(debug.elf)) return { files: [], origins: [], funcs: [] };
    try {
      return readDebugInfo({
        debug: debug.elf,
        sup: sup?.elf,
        symbolSources: [...new Set([debug.elf, ...(separate ? [separate.elf] : []), main])],
        loadAddress,
        inlines: options.inlines ?? true,
        onWarning: warn,
        onProgress: (done, total) => progress(done, total, 'dwarf'),
      });
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
      warn(`DWARF in ${debug.path}: ${e.message}; writing symbols without it`);
      return { files: [], origins: [], funcs: [] };
    }
  };
  const job = new DemangleJob(candidates.map((c) => c.name));
  let info: DebugInfo;
  try {
    info = readInfo();
  } catch (e) {
    job.cancel();
    throw e;
  }

  progress(0, 1, 'publics');
  // Our share of the names, only for symbols no FUNC covers, while the worker finishes.
  const funcRanges = new RangeSet(info.funcs);
  job.prefetch(candidates.filter((c) => !funcRanges.covers(c.address)).map((c) => c.name));
  const demangle = await job.results();
  const publics = selectPublics(candidates, sectionSymbols(main, loadAddress, name), funcRanges, demangle);

  const cfiSources = [main, ...(separate ? [separate.elf] : [])];
  const wantCfi = options.cfi ?? true;
  const cfi = (): Iterable<string> => (wantCfi ? cfiRecords(cfiSources, main, loadAddress, warn) : []);

  return {
    header: { os: 'Linux', arch: main.arch, debugId: ids.debugId, name, codeId: ids.codeId, generator: `minidump-pipeline ${VERSION}` },
    info,
    publics,
    cfi,
    used: { binary: path, debugFile: separate?.path, supFile: sup?.path, miniDebugInfo: mini !== undefined },
  };
}

/** Writes a plan's records into a sink, in Breakpad order. */
export async function writePlan(plan: DumpPlan, sink: SymSink, options: Pick<DumpSymsOptions, 'inlines' | 'onProgress' | 'onWarning'> = {}): Promise<void> {
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
  for (const p of plan.publics) {
    w.publicRecord(p);
    const q = w.pending();
    if (q) await q;
  }
  progress(total, total, 'write');
  let n = 0;
  try {
    for (const r of plan.cfi()) {
      w.raw(r);
      const q = w.pending();
      if (q) await q;
      if (++n % 65536 === 0) progress(n, 0, 'cfi');
    }
  } catch (e) {
    if (!(e instanceof ObjectFileError)) throw e;
    (options.onWarning ?? (() => {}))(`CFI: ${e.message}; STACK CFI records are partial`);
  }
  await w.flush();
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
