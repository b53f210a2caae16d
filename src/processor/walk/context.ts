/**
 * Shared walker state and the CPU-independent pieces of Breakpad's
 * Stackwalker: stack-region memory, module/symbol lookups with caching,
 * ScanForReturnAddress, InstructionAddressSeemsValid and TerminateWalk.
 */
import type { Bits } from './postfix.js';
import { maskFor } from './postfix.js';
import type {
  FrameTrust,
  WalkerEnvironment,
  WalkerModule,
  WalkerSymbols,
  WindowsFrameInfo,
} from './types.js';

/** Breakpad Stackwalker::kRASearchWords; the context frame's caller gets 4x. */
export const RA_SEARCH_WORDS = 40;

/**
 * A frame as Breakpad keeps it: a full register file (values of invalid
 * registers are kept because several heuristics read them anyway) plus a
 * validity set.
 */
export interface Frame {
  trust: FrameTrust;
  regs: Map<string, bigint>;
  valid: Set<string>;
  /** Breakpad's StackFrame::instruction (lookup address). */
  instruction: bigint;
  module: WalkerModule | null;
  /** x86: what FindWindowsFrameInfo returned for this frame once it became the callee. */
  windowsInfo?: { full: WindowsFrameInfo | null; parameterSize: number } | null;
}

export function reg(frame: Frame, name: string): bigint {
  return frame.regs.get(name) ?? 0n;
}

/** Stack memory as Breakpad's MemoryRegion: a read must lie entirely in [start, end). */
export class StackMemory {
  constructor(
    private readonly env: WalkerEnvironment,
    readonly start: bigint,
    readonly end: bigint,
  ) {}

  read(address: bigint, bytes: 4 | 8): bigint | undefined {
    if (address < this.start || address + BigInt(bytes) > this.end) return undefined;
    try {
      if (bytes === 4) {
        const v = this.env.memory.readU32(address);
        return v === undefined ? undefined : BigInt(v >>> 0);
      }
      return this.env.memory.readU64(address);
    } catch {
      return undefined;
    }
  }
}

export class WalkContext {
  readonly bits: Bits;
  readonly mask: bigint;
  readonly wordSize: 4 | 8;
  /** null mirrors Breakpad's memory_ == NULL: no caller frames at all. */
  readonly memory: StackMemory | null;
  private readonly symbolCache = new Map<bigint, Promise<WalkerSymbols | null>>();

  constructor(readonly env: WalkerEnvironment) {
    this.bits = env.cpu === 'x86' || env.cpu === 'arm' ? 32 : 64;
    this.mask = maskFor(this.bits);
    this.wordSize = this.bits === 32 ? 4 : 8;
    let memory: StackMemory | null = null;
    if (env.stackEnd > env.stackStart) {
      memory = new StackMemory(env, env.stackStart, env.stackEnd);
      // StackwalkerX86 refuses a stack region that ends above 4 GiB.
      if (env.cpu === 'x86' && env.stackEnd - 1n > 0xffffffffn) memory = null;
    }
    this.memory = memory;
  }

  get isWindows(): boolean {
    return this.env.os.startsWith('Windows');
  }

  readWord(address: bigint): bigint | undefined {
    return this.memory?.read(address & this.mask, this.wordSize);
  }

  read32(address: bigint): bigint | undefined {
    return this.memory?.read(address, 4);
  }

  read64(address: bigint): bigint | undefined {
    return this.memory?.read(address, 8);
  }

  moduleAt(address: bigint): WalkerModule | null {
    try {
      return this.env.moduleAt(address);
    } catch {
      return null;
    }
  }

  symbolsFor(module: WalkerModule): Promise<WalkerSymbols | null> {
    let p = this.symbolCache.get(module.base);
    if (!p) {
      p = Promise.resolve()
        .then(() => this.env.symbolsFor(module))
        .catch(() => null);
      this.symbolCache.set(module.base, p);
    }
    return p;
  }

  /** Symbols and module-relative offset for a frame's lookup address. */
  async symbolsAt(frame: Frame): Promise<{ symbols: WalkerSymbols; offset: number } | null> {
    const module = frame.module;
    if (!module) return null;
    const symbols = await this.symbolsFor(module);
    if (!symbols) return null;
    return { symbols, offset: Number(frame.instruction - module.base) };
  }

  /** STACK CFI rules for a frame's lookup address (a throwing symbol provider counts as none). */
  async cfiRulesFor(frame: Frame): Promise<ReadonlyMap<string, string> | null> {
    const at = await this.symbolsAt(frame);
    if (!at) return null;
    try {
      return at.symbols.cfiRulesAt(at.offset);
    } catch {
      return null;
    }
  }

  /**
   * Breakpad's FindWindowsFrameInfo (x86): the STACK WIN record, else only
   * the FUNC's parameter size, else null.
   */
  async windowsInfoFor(frame: Frame): Promise<Frame['windowsInfo']> {
    const at = await this.symbolsAt(frame);
    if (!at) return null;
    try {
      const full = at.symbols.windowsFrameInfo(at.offset);
      if (full) return { full, parameterSize: full.parameterSize };
      const parameterSize = at.symbols.functionParameterSize(at.offset);
      return parameterSize === null ? null : { full: null, parameterSize };
    } catch {
      return null;
    }
  }

  /**
   * Breakpad's InstructionAddressSeemsValid: inside a loaded module, and if
   * that module has symbols, inside a function (FUNC or PUBLIC).
   */
  async instructionAddressSeemsValid(address: bigint): Promise<boolean> {
    const module = this.moduleAt(address);
    if (!module) return false;
    const symbols = await this.symbolsFor(module);
    if (!symbols) return true;
    try {
      return symbols.hasFunction(Number(address - module.base));
    } catch {
      return false;
    }
  }

  /**
   * Breakpad's ScanForReturnAddress: words at start, start+w, ...,
   * start+searchWords*w (inclusive), stopping at the first unreadable word;
   * a candidate ip is accepted when ip-1 seems a valid instruction address.
   */
  async scanForReturnAddress(
    start: bigint,
    searchWords: number,
  ): Promise<{ location: bigint; ip: bigint } | null> {
    const w = BigInt(this.wordSize);
    // Same unsigned arithmetic as Breakpad: if the bound wraps, nothing is scanned.
    const first = start & this.mask;
    const last = (first + BigInt(searchWords) * w) & this.mask;
    for (let loc = first; loc <= last; loc += w) {
      const ip = this.readWord(loc);
      if (ip === undefined) break;
      const callSite = (ip - 1n) & this.mask;
      if (this.moduleAt(callSite) && (await this.instructionAddressSeemsValid(callSite))) {
        return { location: loc, ip };
      }
    }
    return null;
  }

  /** ScanForReturnAddress(start, ..., is_context_frame): 160 words for the context frame's caller, else 40. */
  scanForCaller(start: bigint, isContextFrame: boolean): Promise<{ location: bigint; ip: bigint } | null> {
    return this.scanForReturnAddress(start, isContextFrame ? RA_SEARCH_WORDS * 4 : RA_SEARCH_WORDS);
  }
}

/**
 * Breakpad's Stackwalker::TerminateWalk: stop at pc < 4096, and unless the
 * caller's sp is above the callee's (equal allowed on the first unwind, for
 * leaf functions that keep the return address in a register).
 */
export function terminateWalk(callerIp: bigint, callerSp: bigint, calleeSp: bigint, firstUnwind: boolean): boolean {
  if (callerIp < 4096n) return true;
  return firstUnwind ? callerSp < calleeSp : callerSp <= calleeSp;
}

/** Output registers: only valid ones. */
export function validRegisters(frame: Frame): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [name, value] of frame.regs) if (frame.valid.has(name)) out.set(name, value);
  return out;
}
