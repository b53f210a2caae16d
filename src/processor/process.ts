// processMinidump(): the processor. Reads the dump, walks every thread's stack,
// symbolicates each frame and decodes the crash, then assembles a report in the
// minidump-stackwalk JSON schema. Thread selection follows Breakpad's
// MinidumpProcessor so our output lines up with minidump_stackwalk's.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hex } from '../format/bytes.js';
import { MinidumpError, PipelineError } from '../errors.js';
import { readMinidump, type Minidump, type Module, type Thread } from '../reader/index.js';
import type { CpuContext } from '../format/context/layout.js';
import { crashReason } from './crash-reason/index.js';
import { walkStack, type Cpu as WalkCpu, type WalkedFrame, type WalkerModule, type WalkerSymbols } from './walk/index.js';
import type { SymbolFile } from '../symbols/sym/index.js';
import { LocalSymbolSupplier, HttpSymbolSupplier } from '../symbols/suppliers/index.js';
import type { ModuleIdentity, SymbolSupplier } from '../symbols/types.js';
import { Symbolizer } from './symbolizer.js';
import type {
  CrashInfoReport,
  FrameReport,
  ModuleReport,
  ProcessReport,
  SystemInfoReport,
  ThreadReport,
  UnloadedModuleReport,
} from './report/types.js';

export interface ProcessOptions {
  /** Local symbol folders (NAME/ID/NAME.sym) or single .sym files. */
  symbolsPaths?: string[];
  /** Symbol servers (Tecken layout), tried after the local paths. */
  symbolsUrls?: string[];
  /** Download cache for symbolsUrls (default: <tmp>/minidump-pipeline-symbols). */
  symbolsCache?: string;
  /** Per-download timeout (default 30 s). */
  symbolsTimeoutMs?: number;
  /** Your own suppliers, tried after symbolsPaths and before symbolsUrls. */
  suppliers?: SymbolSupplier[];
  /** Share one symbolizer (and its cache) across many dumps. Overrides the options above. */
  symbolizer?: Symbolizer;
  /** Registers on the crashing thread's first frame only (the JSON schema), or on every frame (human output). */
  frameRegisters?: 'crashing-frame' | 'all';
  /** Per-thread frame limit (default 1024). */
  maxFrames?: number;
}

/** The general registers each frame carries, in the order Breakpad prints them. */
const FRAME_REGISTERS: Record<WalkCpu, readonly string[]> = {
  x86: ['eip', 'esp', 'ebp', 'ebx', 'esi', 'edi', 'eax', 'ecx', 'edx', 'efl'],
  amd64: ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'],
  arm: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'],
  arm64: [...Array.from({ length: 29 }, (_, i) => `x${i}`), 'fp', 'lr', 'sp', 'pc'],
};

/** Builds the supplier chain the options describe: local paths, custom suppliers, then HTTP. */
export function makeSymbolizer(options: ProcessOptions = {}): Symbolizer {
  const suppliers: SymbolSupplier[] = [];
  if (options.symbolsPaths?.length) suppliers.push(new LocalSymbolSupplier(options.symbolsPaths));
  if (options.suppliers) suppliers.push(...options.suppliers);
  if (options.symbolsUrls?.length) {
    suppliers.push(
      new HttpSymbolSupplier({
        urls: options.symbolsUrls,
        cacheDir: options.symbolsCache ?? join(tmpdir(), 'minidump-pipeline-symbols'),
        timeoutMs: options.symbolsTimeoutMs,
      }),
    );
  }
  return new Symbolizer(suppliers);
}

/** Processes a minidump (path, bytes or an opened Minidump) into a report. */
export async function processMinidump(input: string | Uint8Array | Minidump, options: ProcessOptions = {}): Promise<ProcessReport> {
  const dump = typeof input === 'object' && 'streams' in input ? input : await readMinidump(input);
  try {
    return await new Processor(dump, options).run();
  } catch (err) {
    if (err instanceof PipelineError) throw err;
    // Anything else is our bug on odd input; still a typed error, never a lost report.
    throw new MinidumpError('MALFORMED', `processing failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

class Processor {
  private readonly dump: Minidump;
  private readonly options: ProcessOptions;
  private readonly symbolizer: Symbolizer;
  private readonly modules: Module[];
  /** Modules sorted by base address, for lookups. */
  private readonly sorted: { base: bigint; end: bigint; index: number }[];
  private readonly walkerModules: WalkerModule[];
  private readonly width: 4 | 8;
  private readonly walkerSymbols = new Map<number, Promise<WalkerSymbols | null>>();

  constructor(dump: Minidump, options: ProcessOptions) {
    this.dump = dump;
    this.options = options;
    this.symbolizer = options.symbolizer ?? makeSymbolizer(options);
    this.modules = withMappedExtents(optional(() => dump.modules) ?? [], optional(() => dump.linuxMaps));
    this.width = dump.pointerWidth;
    this.sorted = this.modules
      .map((m, index) => ({ base: m.baseOfImage, end: m.baseOfImage + BigInt(m.sizeOfImage), index }))
      .sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
    this.walkerModules = this.modules.map((m, id) => ({ base: m.baseOfImage, size: BigInt(m.sizeOfImage), id }));
  }

  async run(): Promise<ProcessReport> {
    const dump = this.dump;
    const sys = optional(() => dump.systemInfo);
    const cpu = sys?.cpuArch ?? dump.threads?.find((t) => t.context)?.context?.cpu ?? 'unknown';
    const osName = sys?.osName ?? 'unknown';
    const exception = optional(() => dump.exception);
    const breakpad = optional(() => dump.breakpadInfo);
    const threads = optional(() => dump.threads) ?? [];
    const names = new Map<number, string>();
    for (const n of optional(() => dump.threadNames) ?? []) if (n.name) names.set(n.threadId, n.name);

    // Breakpad: the requesting thread is the exception's, else BreakpadInfo's; the dump
    // writer's own thread is left out of the report.
    const requestingId = exception ? exception.threadId : breakpad?.requestingThreadId;
    const dumpThreadId = breakpad?.dumpThreadId;

    const reports: ThreadReport[] = [];
    let crashingIndex: number | null = null;
    for (const thread of threads) {
      if (dumpThreadId !== undefined && thread.threadId === dumpThreadId) continue;
      let context = thread.context;
      const isRequesting = requestingId !== undefined && thread.threadId === requestingId && crashingIndex === null;
      if (isRequesting) {
        crashingIndex = reports.length;
        if (exception?.context && exception.threadId === thread.threadId) context = exception.context;
      }
      const frames = await this.walkThread(thread, context, osName, isRequesting);
      reports.push({
        thread_name: names.get(thread.threadId) ?? null,
        thread_id: thread.threadId,
        last_error_value: null,
        frame_count: frames.length,
        frames,
      });
    }

    // Breakpad's wording when the dump has no exception (rust-minidump leaves type null).
    let crash: CrashInfoReport = { type: 'No crash', address: null, crashing_thread: crashingIndex, assertion: null };
    if (exception) {
      const reason = crashReason({
        os: osName,
        platformId: sys?.platformId ?? 0,
        cpu,
        processorArchitecture: sys?.processorArchitecture,
        exceptionCode: exception.exceptionCode,
        exceptionFlags: exception.exceptionFlags,
        exceptionAddress: exception.exceptionAddress,
        parameters: exception.parameters,
      });
      crash = { type: reason.type, address: hex(reason.address, this.width), crashing_thread: crashingIndex, assertion: null };
    }
    const assertion = optional(() => dump.assertion);
    if (assertion && (assertion.expression || assertion.function)) {
      crash.assertion = `${assertion.expression} in ${assertion.function} (${assertion.file}:${assertion.line})`;
    }

    const misc = optional(() => dump.miscInfo);
    const procStatus = optional(() => dump.linuxProcStatus);
    const pidText = procStatus?.fields.get('Pid');
    const pid = misc?.processId ?? (pidText && /^\d+$/.test(pidText) ? Number(pidText) : null);
    const uptime =
      misc?.processCreateTime !== undefined && misc.processCreateTime > 0 && dump.header.timeDateStamp >= misc.processCreateTime
        ? dump.header.timeDateStamp - misc.processCreateTime
        : null;
    const lsb = optional(() => dump.linuxLsbRelease);
    const cpuInfo = optional(() => dump.linuxCpuInfo);

    const system: SystemInfoReport = {
      os: osName,
      os_ver: sys?.osVersion ?? null,
      cpu_arch: cpu,
      cpu_info: sys?.cpuInfo ?? null,
      cpu_count: sys?.numberOfProcessors ?? 0,
      cpu_microcode_version: microcode(cpuInfo),
    };

    const crashingThread = crashingIndex === null ? null : { ...reports[crashingIndex]!, threads_index: crashingIndex };
    if (crashingThread && this.options.frameRegisters !== 'all') {
      // The schema puts registers on the crashing thread's first frame only.
      for (const t of reports) for (const f of t.frames) if (!(t === reports[crashingIndex!] && f.frame === 0)) delete f.registers;
    }

    const crashpad = optional(() => dump.crashpadInfo);
    return {
      status: 'OK',
      pid,
      process_uptime: uptime,
      crash_info: crash,
      system_info: system,
      lsb_release: lsb ? { id: lsb.id, release: lsb.release, codename: lsb.codename, description: lsb.description } : null,
      linux_memory_map_count: optional(() => dump.linuxMaps)?.length ?? null,
      thread_count: reports.length,
      threads: reports,
      crashing_thread: crashingThread,
      main_module: this.modules.length > 0 ? 0 : null,
      modules: this.modules.map((m) => this.moduleReport(m)),
      unloaded_modules: this.unloadedReports(),
      handles: optional(() => dump.handles)?.map((h) => ({ handle: Number(h.handle), type_name: h.typeName, object_name: h.objectName })) ?? null,
      crashpad_info: crashpad
        ? {
            report_id: crashpad.reportId,
            client_id: crashpad.clientId,
            simple_annotations: Object.fromEntries(crashpad.simpleAnnotations),
            module_annotations: crashpad.moduleList.map((mi) => ({
              module: this.modules[mi.moduleIndex] ? leaf(this.modules[mi.moduleIndex]!.codeFile) : `#${mi.moduleIndex}`,
              list_annotations: mi.listAnnotations,
              simple_annotations: Object.fromEntries(mi.simpleAnnotations),
              annotation_objects: Object.fromEntries(mi.annotationObjects.map((a) => [a.name, a.stringValue ?? ''])),
            })),
          }
        : null,
    };
  }

  private async walkThread(thread: Thread, context: CpuContext | null, os: string, crashing: boolean): Promise<FrameReport[]> {
    if (!context || !(context.cpu in FRAME_REGISTERS)) return [];
    const cpu = context.cpu as WalkCpu;
    const registers = new Map<string, bigint>();
    for (const name of FRAME_REGISTERS[cpu]) {
      const v = context.registers.get(name);
      if (v !== undefined) registers.set(name, v);
    }
    const stack = thread.stack;
    const walked = await walkStack(
      registers,
      {
        cpu,
        os,
        memory: { readU32: (a) => stack.readU32(a), readU64: (a) => stack.readU64(a) },
        moduleAt: (a) => {
          const i = this.moduleIndexAt(a);
          return i === null ? null : this.walkerModules[i]!;
        },
        symbolsFor: (m) => this.walkerSymbolsFor(m.id),
        stackStart: stack.base,
        stackEnd: stack.end,
        modules: this.walkerModules,
      },
      { maxFrames: this.options.maxFrames },
    );
    const out: FrameReport[] = [];
    for (let i = 0; i < walked.length; i++) out.push(await this.frameReport(walked[i]!, i, cpu, crashing));
    return out;
  }

  private async frameReport(frame: WalkedFrame, index: number, cpu: WalkCpu, crashing: boolean): Promise<FrameReport> {
    const pc = frame.instruction;
    const report: FrameReport = {
      frame: index,
      trust: frame.trust,
      offset: hex(pc, this.width),
      module: null,
      module_offset: null,
      unloaded_modules: null,
      function: null,
      function_offset: null,
      file: null,
      line: null,
      missing_symbols: false,
      inlines: null,
    };
    if (this.options.frameRegisters === 'all' || (crashing && index === 0)) {
      const regs: Record<string, string> = {};
      for (const name of FRAME_REGISTERS[cpu]) {
        const v = frame.registers.get(name);
        if (v !== undefined) regs[name] = hex(v, this.width);
      }
      report.registers = regs;
    }
    const moduleIndex = frame.module ? frame.module.id : this.moduleIndexAt(frame.lookupAddress);
    if (moduleIndex === null) {
      report.unloaded_modules = this.unloadedHits(pc);
      return report;
    }
    const module = this.modules[moduleIndex]!;
    report.module = leaf(module.codeFile);
    report.module_offset = hex(pc - module.baseOfImage, this.width);
    const symbols = await this.symbolizer.symbolsFor(identity(module)).catch(() => null);
    if (!symbols) {
      report.missing_symbols = true;
      return report;
    }
    const lookup = symbols.lookup(Number(frame.lookupAddress - module.baseOfImage));
    if (!lookup) return report;
    const functionBase = module.baseOfImage + BigInt(lookup.functionAddress);
    report.function = lookup.function;
    report.function_offset = hex(pc - functionBase, this.width);
    report.file = lookup.file;
    report.line = lookup.line;
    if (lookup.lineAddress !== null) report.line_offset = hex(pc - module.baseOfImage - BigInt(lookup.lineAddress), this.width);
    if (lookup.inlines.length > 0) report.inlines = lookup.inlines.map((f) => ({ function: f.function, file: f.file, line: f.line }));
    return report;
  }

  private moduleIndexAt(address: bigint): number | null {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = s[mid]!;
      if (address < m.base) hi = mid - 1;
      else if (address >= m.end) lo = mid + 1;
      else return m.index;
    }
    return null;
  }

  /** Adapts a module's SymbolFile to what the stack walker asks of it. */
  private walkerSymbolsFor(id: number): Promise<WalkerSymbols | null> {
    let pending = this.walkerSymbols.get(id);
    if (!pending) {
      const module = this.modules[id]!;
      pending = this.symbolizer
        .symbolsFor(identity(module))
        .then((file) => (file ? adaptForWalker(file) : null))
        .catch(() => null);
      this.walkerSymbols.set(id, pending);
    }
    return pending;
  }

  private moduleReport(m: Module): ModuleReport {
    const status = this.symbolizer.status(identity(m));
    return {
      base_addr: hex(m.baseOfImage, this.width),
      end_addr: hex(m.baseOfImage + BigInt(m.sizeOfImage), this.width),
      filename: leaf(m.codeFile),
      code_id: m.codeId,
      // Empty rather than null when the module has no CodeView record, as Breakpad prints it.
      debug_file: m.debugFile ? leaf(m.debugFile) : '',
      debug_id: m.debugId ?? '',
      version: m.version,
      // Breakpad only reports modules it tried to load symbols for.
      missing_symbols: status ? status.missing : false,
      loaded_symbols: status ? status.loaded : false,
      corrupt_symbols: status ? status.corrupt : false,
      symbol_url: status?.url ?? null,
    };
  }

  private unloadedReports(): UnloadedModuleReport[] {
    const list = optional(() => this.dump.unloadedModules) ?? [];
    return list.map((u) => ({
      base_addr: hex(u.baseOfImage, this.width),
      end_addr: hex(u.baseOfImage + BigInt(u.sizeOfImage), this.width),
      code_id: u.codeId,
      filename: leaf(u.codeFile),
    }));
  }

  private unloadedHits(pc: bigint): FrameReport['unloaded_modules'] {
    const list = optional(() => this.dump.unloadedModules) ?? [];
    const hits = new Map<string, Set<string>>();
    for (const u of list) {
      if (pc >= u.baseOfImage && pc < u.baseOfImage + BigInt(u.sizeOfImage)) {
        const name = leaf(u.codeFile);
        if (!hits.has(name)) hits.set(name, new Set());
        hits.get(name)!.add(hex(pc - u.baseOfImage, this.width));
      }
    }
    return hits.size === 0 ? null : [...hits].map(([module, offsets]) => ({ module, offsets: [...offsets] }));
  }
}

/**
 * Some writers (LLDB's `process save-core --plugin-name=minidump`) record only the
 * first segment of an ELF module as its size, leaving its code outside the module.
 * When the dump carries /proc/PID/maps, extend each module over the later mappings
 * of the same file, so frames in its code are attributed to it. Never shrinks.
 */
function withMappedExtents(modules: Module[], maps: { start: bigint; end: bigint; path: string }[] | undefined): Module[] {
  if (!maps || maps.length === 0) return modules;
  return modules.map((m) => {
    const base = m.baseOfImage;
    let end = base + BigInt(m.sizeOfImage);
    // Only a size that does not even cover the module's first mapping is a writer's
    // mistake; a module that ends before a later mapping of its file is left alone
    // (Breakpad writes the ELF's PT_LOAD extent, and a jump past it is not "in" the module).
    // The mapping at the module's base names the file (its path may differ from the
    // module's, e.g. /lib vs /usr/lib on merged-/usr systems).
    const first = maps.find((map) => map.start === base && map.path !== '');
    if (!first || first.end <= end) return m;
    for (const map of maps) {
      if (map.path === first.path && map.start >= base && map.end > end && map.start - base < 0x1_0000_0000n) end = map.end;
    }
    const size = end - base;
    return size > BigInt(m.sizeOfImage) && size <= 0xffff_ffffn ? { ...m, sizeOfImage: Number(size) } : m;
  });
}

function adaptForWalker(file: SymbolFile): WalkerSymbols {
  return {
    hasFunction: (offset) => file.lookup(offset) !== null,
    cfiRulesAt: (offset) => file.cfiRulesAt(offset),
    windowsFrameInfo: (offset) => file.windowsFrameInfo(offset),
    functionParameterSize: (offset) => {
      const l = file.lookup(offset);
      return l && !l.isPublic ? l.parameterSize : null;
    },
  };
}

function identity(m: Module): ModuleIdentity {
  return { codeFile: m.codeFile, codeId: m.codeId, debugFile: m.debugFile, debugId: m.debugId };
}

/** The file name part of a path, for '/' and '\' separators alike. */
function leaf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** Reads an optional stream; a corrupt one is treated as absent so one bad stream cannot lose the report. */
function optional<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof MinidumpError) return undefined;
    throw err;
  }
}

function microcode(cpuInfo: { microcode: bigint | null } | undefined): string | null {
  return cpuInfo?.microcode != null ? hex(cpuInfo.microcode) : null;
}
