// readMinidump: a typed, lazily parsed view of a minidump. The header and directory are
// validated on open; every stream is parsed on first access and memoized.
//
// Error policy (like rust-minidump): opening fails only if the header or directory is
// bad. A stream getter returns undefined when the stream is absent and throws a
// MinidumpError when the stream is present but corrupt (the error is memoized, so
// each access throws the same error). Inside lists, damage that does not make the
// list itself unreadable is tolerated: a thread whose context cannot be decoded gets
// `context: null`, memory/stack ranges running past the end of the file are clamped
// to the bytes present, an unreadable module name becomes ''. Nothing but
// MinidumpError is ever thrown for bad input.
import { readFile } from 'node:fs/promises';
import { MinidumpError } from '../errors.js';
import { ByteView } from '../format/bytes.js';
import { type Location } from '../format/common.js';
import { readMinidumpString } from '../format/common.js';
import { StreamType } from '../format/constants.js';
import { type DirectoryEntry, type Header, parseDirectory, parseHeader } from '../format/header.js';
import { type CodeViewKind, type CodeViewRecord, codeIdentifier, debugFile, debugIdentifier, parseCodeView } from '../format/codeview.js';
import { type CpuContext, parseContext } from '../format/context/index.js';
import {
  type AssertionInfo,
  type BreakpadInfo,
  type CrashpadInfo,
  type FixedFileInfo,
  type HandleDescriptor,
  type LinuxCmdLine,
  type LinuxCpuInfo,
  type LinuxDsoDebug,
  type LinuxEnviron,
  type LinuxLsbRelease,
  type LinuxMapping,
  type LinuxProcStatus,
  type AuxvEntry,
  type MemoryInfo,
  type MiscInfo,
  type SystemInfo,
  type ThreadInfo,
  type ThreadName,
  type UnloadedModule,
  type ProcessLimit,
  type SoftErrors,
  type MacBootargs,
  type MacCrashInfo,
  parseMozMacosCrashInfo,
  parseMozLinuxLimits,
  parseMozSoftErrors,
  parseMozMacosBootargs,
  fixedFileVersion,
  parseAssertion,
  parseBreakpadInfo,
  parseCrashpadInfo,
  parseException,
  type RawException,
  parseHandleData,
  parseLinuxAuxv,
  parseLinuxCmdLine,
  parseLinuxCpuInfo,
  parseLinuxDsoDebug,
  parseLinuxEnviron,
  parseLinuxLsbRelease,
  parseLinuxMaps,
  parseLinuxProcStatus,
  parseMemory64List,
  parseMemoryInfoList,
  parseMemoryList,
  parseMiscInfo,
  parseModuleList,
  parseSystemInfo,
  parseThreadInfoList,
  parseThreadList,
  parseThreadNames,
  parseUnloadedModuleList,
} from '../format/streams/index.js';
import { MemoryIndex, type MemoryRegion, Region } from './memory.js';

export interface Module {
  baseOfImage: bigint;
  sizeOfImage: number;
  codeFile: string;
  codeId: string | null;
  debugFile: string | null;
  debugId: string | null;
  /** 'a.b.c.d' from VS_FIXEDFILEINFO, null when absent. */
  version: string | null;
  timeDateStamp: number;
  checksum: number;
  cvRecordKind: CodeViewKind;
  cvRecord: CodeViewRecord | null;
  versionInfo: FixedFileInfo;
  /** Raw misc_record location (IMAGE_DEBUG_MISC); rarely used. */
  miscRecord: Location;
}

export interface Thread {
  threadId: number;
  suspendCount: number;
  priorityClass: number;
  priority: number;
  teb: bigint;
  /** The captured stack; `start` is start_of_memory_range, bytes clamped to what the file holds. */
  stack: Region;
  context: CpuContext | null;
}

/** The exception stream with its context decoded (the raw location replaced). */
export interface Exception extends Omit<RawException, 'threadContext'> {
  context: CpuContext | null;
}

type Slot<T> = { ok: true; value: T } | { ok: false; error: MinidumpError };

export class Minidump {
  readonly bytes: Uint8Array;
  readonly header: Header;
  /** Every directory entry, in directory order (including unused and unknown ones). */
  readonly streams: readonly DirectoryEntry[];
  readonly littleEndian: boolean;
  private readonly file: ByteView;
  private readonly byType = new Map<number, DirectoryEntry>();
  private readonly cache = new Map<string, Slot<unknown>>();

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.header = parseHeader(bytes);
    this.littleEndian = this.header.littleEndian;
    this.file = new ByteView(bytes, this.littleEndian);
    this.streams = parseDirectory(this.file, this.header);
    // First stream of each type wins (Breakpad ignores duplicates).
    for (const e of this.streams) if (e.streamType !== StreamType.Unused && !this.byType.has(e.streamType)) this.byType.set(e.streamType, e);
  }

  /** The directory entry for a stream type, if present. */
  stream(type: number): DirectoryEntry | undefined {
    return this.byType.get(type);
  }
  hasStream(type: number): boolean {
    return this.byType.has(type);
  }
  /** A stream's raw bytes (a view into the dump). Throws MinidumpError if it lies outside the file. */
  streamBytes(type: number): Uint8Array | undefined {
    const e = this.byType.get(type);
    if (!e) return undefined;
    return this.file.slice(e.location.rva, e.location.dataSize, `stream 0x${type.toString(16)}`);
  }
  private streamView(type: number): ByteView | undefined {
    const b = this.streamBytes(type);
    return b && new ByteView(b, this.littleEndian);
  }

  private memo<T>(key: string, type: number, parse: (v: ByteView) => T): T | undefined {
    let slot = this.cache.get(key) as Slot<T> | undefined;
    if (!slot) {
      if (!this.byType.has(type)) return undefined;
      try {
        slot = { ok: true, value: parse(this.streamView(type)!) };
      } catch (e) {
        slot = { ok: false, error: asMinidumpError(e, key) };
      }
      this.cache.set(key, slot);
    }
    if (!slot.ok) throw slot.error;
    return slot.value;
  }

  /** SystemInfo, or undefined when absent or unreadable (contexts and ids only use it as a hint). */
  private systemInfoHint(): SystemInfo | undefined {
    try {
      return this.systemInfo;
    } catch {
      return undefined;
    }
  }

  /** Pointer width from the CPU (8 unless the dump is for a 32-bit CPU). */
  get pointerWidth(): 4 | 8 {
    const cpu = this.systemInfoHint()?.cpuArch;
    return cpu === 'x86' || cpu === 'arm' || cpu === 'mips' || cpu === 'ppc' ? 4 : 8;
  }

  /** Decode a CPU context at a location; null when absent or undecodable. */
  contextAt(loc: Location): CpuContext | null {
    if (loc.dataSize === 0) return null;
    if (!this.file.has(loc.rva, loc.dataSize)) return null;
    try {
      return parseContext(this.file.slice(loc.rva, loc.dataSize), this.littleEndian, this.systemInfoHint()?.processorArchitecture);
    } catch (e) {
      if (e instanceof MinidumpError) return null;
      throw e;
    }
  }

  /** Bytes at [rva, rva+size) clamped to the file. */
  private clamped(rva: number, size: number): Uint8Array {
    const start = Math.min(rva, this.bytes.length);
    return this.bytes.subarray(start, Math.min(this.bytes.length, start + size));
  }

  get threads(): Thread[] | undefined {
    return this.memo('threads', StreamType.ThreadList, (v) =>
      parseThreadList(v).map((t) => ({
        threadId: t.threadId,
        suspendCount: t.suspendCount,
        priorityClass: t.priorityClass,
        priority: t.priority,
        teb: t.teb,
        stack: new Region(t.stack.startOfMemoryRange, this.clamped(t.stack.memory.rva, t.stack.memory.dataSize), this.littleEndian),
        context: this.contextAt(t.threadContext),
      })),
    );
  }

  get modules(): Module[] | undefined {
    return this.memo('modules', StreamType.ModuleList, (v) => {
      const os = this.systemInfoHint()?.os;
      return parseModuleList(v).map((m) => {
        let codeFile = '';
        try {
          codeFile = readMinidumpString(this.file, m.moduleNameRva, 'module name');
        } catch (e) {
          if (!(e instanceof MinidumpError)) throw e;
        }
        let cv: CodeViewRecord | null = null;
        if (m.cvRecord.dataSize > 0 && this.file.has(m.cvRecord.rva, m.cvRecord.dataSize)) {
          try {
            cv = parseCodeView(this.file.slice(m.cvRecord.rva, m.cvRecord.dataSize), this.littleEndian);
          } catch (e) {
            if (!(e instanceof MinidumpError)) throw e;
          }
        }
        return {
          baseOfImage: m.baseOfImage,
          sizeOfImage: m.sizeOfImage,
          codeFile,
          codeId: codeIdentifier(cv, os, m.timeDateStamp, m.sizeOfImage),
          debugFile: debugFile(cv, codeFile),
          debugId: debugIdentifier(cv),
          version: fixedFileVersion(m.versionInfo),
          timeDateStamp: m.timeDateStamp,
          checksum: m.checksum,
          cvRecordKind: cv ? cv.kind : 'none',
          cvRecord: cv,
          versionInfo: m.versionInfo,
          miscRecord: m.miscRecord,
        };
      });
    });
  }

  /** The module containing addr (binary search over modules sorted by base; undefined if the list is unreadable). */
  moduleAt(addr: bigint): Module | undefined {
    let sorted = this.cache.get('modulesByBase') as Slot<Module[]> | undefined;
    if (!sorted) {
      let mods: Module[] = [];
      try {
        mods = this.modules ?? [];
      } catch (e) {
        if (!(e instanceof MinidumpError)) throw e;
      }
      sorted = { ok: true, value: [...mods].sort((a, b) => (a.baseOfImage < b.baseOfImage ? -1 : a.baseOfImage > b.baseOfImage ? 1 : 0)) };
      this.cache.set('modulesByBase', sorted);
    }
    if (!sorted.ok) return undefined;
    const ms = sorted.value;
    let lo = 0;
    let hi = ms.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (ms[mid]!.baseOfImage <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const m = ms[best];
    return m && addr < m.baseOfImage + BigInt(m.sizeOfImage) ? m : undefined;
  }

  private memoryIndex(): MemoryIndex {
    const cached = this.cache.get('memoryIndex') as Slot<MemoryIndex> | undefined;
    if (cached?.ok) return cached.value;
    const regions: Region[] = [];
    // A corrupt list contributes nothing rather than hiding the other one.
    try {
      for (const d of this.memo('memoryList', StreamType.MemoryList, parseMemoryList) ?? []) {
        regions.push(new Region(d.startOfMemoryRange, this.clamped(d.memory.rva, d.memory.dataSize), this.littleEndian));
      }
    } catch (e) {
      if (!(e instanceof MinidumpError)) throw e;
    }
    try {
      for (const d of this.memo('memory64List', StreamType.Memory64List, parseMemory64List) ?? []) {
        regions.push(new Region(d.startOfMemoryRange, this.clamped(d.rva, d.dataSize), this.littleEndian));
      }
    } catch (e) {
      if (!(e instanceof MinidumpError)) throw e;
    }
    const index = new MemoryIndex(regions);
    this.cache.set('memoryIndex', { ok: true, value: index });
    return index;
  }

  /**
   * All memory regions (MemoryList + Memory64List), sorted by address; undefined when
   * the dump has neither stream.
   */
  get memory(): readonly MemoryRegion[] | undefined {
    if (!this.byType.has(StreamType.MemoryList) && !this.byType.has(StreamType.Memory64List)) return undefined;
    return this.memoryIndex().regions;
  }

  /** The region containing address, or undefined. */
  memoryAt(address: bigint): MemoryRegion | undefined {
    return this.memoryIndex().find(address);
  }

  /** The stack memory of a thread: its own stack descriptor, else the region containing its stack pointer. */
  threadStack(thread: Thread): MemoryRegion | undefined {
    if (thread.stack.size > 0) return thread.stack;
    const sp = thread.context?.registers.get(spName(thread.context.cpu));
    return sp === undefined ? undefined : this.memoryAt(sp);
  }

  get exception(): Exception | undefined {
    return this.memo('exception', StreamType.Exception, (v) => {
      const { threadContext, ...e } = parseException(v);
      return { ...e, context: this.contextAt(threadContext) };
    });
  }

  get systemInfo(): SystemInfo | undefined {
    return this.memo('systemInfo', StreamType.SystemInfo, (v) => parseSystemInfo(v, this.file));
  }
  get miscInfo(): MiscInfo | undefined {
    return this.memo('miscInfo', StreamType.MiscInfo, parseMiscInfo);
  }
  get threadNames(): ThreadName[] | undefined {
    return this.memo('threadNames', StreamType.ThreadNames, (v) => parseThreadNames(v, this.file));
  }
  get threadInfo(): ThreadInfo[] | undefined {
    return this.memo('threadInfo', StreamType.ThreadInfoList, parseThreadInfoList);
  }
  get unloadedModules(): UnloadedModule[] | undefined {
    return this.memo('unloadedModules', StreamType.UnloadedModuleList, (v) => parseUnloadedModuleList(v, this.file));
  }
  get memoryInfo(): MemoryInfo[] | undefined {
    return this.memo('memoryInfo', StreamType.MemoryInfoList, parseMemoryInfoList);
  }
  get handles(): HandleDescriptor[] | undefined {
    return this.memo('handles', StreamType.HandleData, (v) => parseHandleData(v, this.file));
  }
  get assertion(): AssertionInfo | undefined {
    return this.memo('assertion', StreamType.AssertionInfo, parseAssertion);
  }
  get breakpadInfo(): BreakpadInfo | undefined {
    return this.memo('breakpadInfo', StreamType.BreakpadInfo, parseBreakpadInfo);
  }
  get crashpadInfo(): CrashpadInfo | undefined {
    return this.memo('crashpadInfo', StreamType.CrashpadInfo, (v) => parseCrashpadInfo(v, this.file));
  }
  get linuxCpuInfo(): LinuxCpuInfo | undefined {
    return this.memo('linuxCpuInfo', StreamType.LinuxCpuInfo, (v) => parseLinuxCpuInfo(v.bytes));
  }
  get linuxProcStatus(): LinuxProcStatus | undefined {
    return this.memo('linuxProcStatus', StreamType.LinuxProcStatus, (v) => parseLinuxProcStatus(v.bytes));
  }
  get linuxLsbRelease(): LinuxLsbRelease | undefined {
    return this.memo('linuxLsbRelease', StreamType.LinuxLsbRelease, (v) => parseLinuxLsbRelease(v.bytes));
  }
  get linuxCmdLine(): LinuxCmdLine | undefined {
    return this.memo('linuxCmdLine', StreamType.LinuxCmdLine, (v) => parseLinuxCmdLine(v.bytes));
  }
  get linuxEnviron(): LinuxEnviron | undefined {
    return this.memo('linuxEnviron', StreamType.LinuxEnviron, (v) => parseLinuxEnviron(v.bytes));
  }
  get linuxAuxv(): AuxvEntry[] | undefined {
    return this.memo('linuxAuxv', StreamType.LinuxAuxv, (v) => parseLinuxAuxv(v, this.pointerWidth));
  }
  get linuxMaps(): LinuxMapping[] | undefined {
    return this.memo('linuxMaps', StreamType.LinuxMaps, (v) => parseLinuxMaps(v.bytes));
  }
  get linuxDsoDebug(): LinuxDsoDebug | undefined {
    return this.memo('linuxDsoDebug', StreamType.LinuxDsoDebug, (v) => parseLinuxDsoDebug(v, this.file, this.pointerWidth));
  }

  /** Mozilla: /proc/self/limits rows. */
  get mozLinuxLimits(): ProcessLimit[] | undefined {
    return this.memo('mozLinuxLimits', StreamType.MozLinuxLimits, (v) => parseMozLinuxLimits(v.bytes));
  }
  /** Mozilla: soft errors JSON. */
  get mozSoftErrors(): SoftErrors | undefined {
    return this.memo('mozSoftErrors', StreamType.MozSoftErrors, (v) => parseMozSoftErrors(v.bytes));
  }
  /** Mozilla: macOS kernel boot args. */
  get mozMacosBootargs(): MacBootargs | undefined {
    return this.memo('mozMacosBootargs', StreamType.MozMacosBootargs, (v) => parseMozMacosBootargs(v, this.file));
  }

  /** Mozilla: macOS __crash_info records. */
  get mozMacosCrashInfo(): MacCrashInfo | undefined {
    return this.memo('mozMacosCrashInfo', StreamType.MozMacosCrashInfo, (v) => parseMozMacosCrashInfo(v, this.file));
  }

  /** The thread the exception (or Breakpad's requesting thread) names, if any. */
  crashingThread(): Thread | undefined {
    let tid: number | undefined;
    try {
      tid = this.exception?.threadId;
    } catch {
      tid = undefined;
    }
    if (tid === undefined) return undefined;
    return this.threads?.find((t) => t.threadId === tid);
  }
}

function spName(cpu: CpuContext['cpu']): string {
  switch (cpu) {
    case 'x86':
      return 'esp';
    case 'amd64':
      return 'rsp';
    case 'ppc':
    case 'ppc64':
      return 'r1';
    default:
      return 'sp';
  }
}

function asMinidumpError(e: unknown, what: string): MinidumpError {
  if (e instanceof MinidumpError) return e;
  // A RangeError etc. here would be our bug; still surface it as a typed error.
  return new MinidumpError('MALFORMED', `${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/** Open a minidump held in memory. Throws MinidumpError if the header or directory is bad. */
export function readMinidumpSync(bytes: Uint8Array): Minidump {
  return new Minidump(bytes);
}

/** Open a minidump from bytes or a file path. */
export async function readMinidump(input: Uint8Array | string): Promise<Minidump> {
  if (typeof input === 'string') {
    let buf: Uint8Array;
    try {
      buf = await readFile(input);
    } catch (e) {
      throw new MinidumpError('IO', `cannot read ${input}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return new Minidump(buf);
  }
  return new Minidump(input);
}
