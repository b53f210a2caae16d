/**
 * Inputs and outputs of the stack walker. The walker reproduces Breakpad's
 * minidump_stackwalk decisions (src/processor/stackwalker*.cc), so a few
 * inputs exist only because Breakpad needs them; each is documented here.
 */

export type Cpu = 'x86' | 'amd64' | 'arm' | 'arm64';

/**
 * How a frame was found (JSON names). `leaf` is Breakpad's FRAME_TRUST_LEAF
 * (amd64 on Windows only), which rust-minidump does not have.
 * `prewalked` is never produced; it exists for schema completeness.
 */
export type FrameTrust =
  | 'context'
  | 'cfi'
  | 'frame_pointer'
  | 'scan'
  | 'prewalked'
  | 'cfi_scan'
  | 'leaf'
  | 'none';

/** Breakpad's StackFrame::trust_description(), for the human-readable "Found by:" line. */
export const FRAME_TRUST_DESCRIPTION: Readonly<Record<FrameTrust, string>> = {
  context: 'given as instruction pointer in context',
  prewalked: 'recovered by external stack walker',
  cfi: 'call frame info',
  cfi_scan: 'call frame info with scanning',
  frame_pointer: "previous frame's frame pointer",
  scan: 'stack scanning',
  leaf: 'simulating a return from leaf function',
  none: 'unknown',
};

/**
 * Registers by Breakpad name. x86: eip esp ebp ebx esi edi eax ecx edx efl;
 * amd64: rax rdx rcx rbx rsi rdi rbp rsp r8..r15 rip; arm: r0..r12 sp lr pc;
 * arm64: x0..x28 fp lr sp pc. Only valid registers are present. Values on
 * 32-bit CPUs are masked to 32 bits by the walker.
 */
export type Registers = Map<string, bigint>;

/** Little-endian reads; undefined when any byte is unavailable. */
export interface WalkerMemory {
  readU32(address: bigint): number | undefined;
  readU64(address: bigint): bigint | undefined;
}

export interface WalkerModule {
  base: bigint;
  size: bigint;
  /** Anything the integrator needs to map back to its own module. */
  id: number;
}

/** One STACK WIN record (type 4 = FRAME_DATA, type 0 = FPO), as the .sym parser gives it. */
import type { WindowsFrameInfo } from '../../symbols/sym/types.js';
export type { WindowsFrameInfo };

/** Symbols for one module; all offsets are module-relative. */
export interface WalkerSymbols {
  /**
   * True when Breakpad's resolver would give `offset` a function name: it
   * lies inside a FUNC, or else a PUBLIC precedes it (and no FUNC lies
   * between that PUBLIC and the offset). Used to validate scanned return
   * addresses (Breakpad's InstructionAddressSeemsValid).
   */
  hasFunction(offset: number): boolean;
  /**
   * STACK CFI rules in effect at `offset`: the INIT record covering it plus
   * every delta with address <= offset applied in order (later wins), e.g.
   * ".cfa" -> "$rsp 8 +", ".ra" -> ".cfa 8 - ^", "$rbx" -> ".cfa 16 - ^".
   * null when no INIT record covers the offset.
   */
  cfiRulesAt(offset: number): Map<string, string> | null;
  /** STACK WIN covering offset, FRAME_DATA (type 4) preferred over FPO (type 0); null if none. x86 only. */
  windowsFrameInfo(offset: number): WindowsFrameInfo | null;
  /**
   * Parameter size of the FUNC record containing `offset` (not PUBLIC), or
   * null. x86 only: Breakpad's FindWindowsFrameInfo falls back to this when
   * there is no STACK WIN record, and the walker uses it as the
   * `.cbCalleeParams` of a later frame.
   */
  functionParameterSize(offset: number): number | null;
}

export interface WalkerEnvironment {
  cpu: Cpu;
  /** Breakpad's SystemInfo.os: 'Windows NT' | 'Linux' | 'Mac OS X' | 'iOS' | 'Android' | ... */
  os: string;
  /**
   * Memory of the dump. The walker only reads through it inside
   * [stackStart, stackEnd), because Breakpad's walker only sees the thread's
   * stack region (several heuristics rely on "is this readable stack").
   */
  memory: WalkerMemory;
  /** The loaded module containing address (not unloaded modules), or null. */
  moduleAt(address: bigint): WalkerModule | null;
  /** Symbols are loaded on demand (may hit the network); null when the module has none. Rejections count as null. */
  symbolsFor(module: WalkerModule): Promise<WalkerSymbols | null>;
  /**
   * The thread's stack memory range: start inclusive, end exclusive.
   * stackEnd <= stackStart means the thread has no stack memory (Breakpad's
   * memory_ == NULL): only the context frame is returned.
   */
  stackStart: bigint;
  stackEnd: bigint;
  /**
   * Loaded modules in minidump order. arm64 only: Breakpad derives the
   * pointer-authentication mask from the *last* module in this list.
   * When absent, no pointer stripping happens.
   */
  modules?: readonly WalkerModule[];
}

export interface WalkedFrame {
  /** pc; for caller frames the return address (Breakpad's context.eip/rip/pc). */
  instruction: bigint;
  /**
   * Address to use for symbol, line, CFI and STACK WIN lookups (Breakpad's
   * StackFrame::instruction): equals `instruction` for the context frame, and
   * the return address minus 1 (x86, amd64), 2 (arm) or 4 (arm64) for callers.
   */
  lookupAddress: bigint;
  trust: FrameTrust;
  /** Valid registers only. */
  registers: Registers;
  /** moduleAt(lookupAddress). */
  module: WalkerModule | null;
}

export interface WalkOptions {
  /** Maximum number of frames returned, context frame included. Default 1024 (rust-minidump). */
  maxFrames?: number;
  /**
   * Once this many frames with trust scan/cfi_scan/none have been produced,
   * stack scanning is no longer attempted (Breakpad max_frames_scanned_, 1<<14).
   */
  maxScannedFrames?: number;
}
