// Crash reason and address as rust-minidump's minidump-processor reports them (crash_info.type /
// crash_info.address in its JSON; minidump crate CrashReason::from_exception + Display, and
// MinidumpException::get_crash_address). It mostly agrees with Breakpad; the differences:
//   * Linux: "SIGSEGV / SEGV_MAPERR" (Breakpad drops the space after SIGSEGV), si_code 0 (SI_USER)
//     is omitted ("SIGSEGV"), generic si_codes are named ("SIGABRT / SI_TKILL"), SIGTRAP/SIGSYS
//     codes are decoded, and unknown codes read "unknown 0x%08x / 0x%08x".
//   * Windows: fast-fail reads "EXCEPTION_STACK_BUFFER_OVERRUN / FAST_FAIL_...", codes outside
//     its short EXCEPTION_* list are named from winerror.h then ntstatus.h (so 0xc0000374 is
//     STATUS_HEAP_CORRUPTION, not EXCEPTION_HEAP_CORRUPTION), otherwise "unknown 0x%08x".
//     Access types must match exactly (Breakpad truncates the parameter to 32 bits first).
//   * macOS: per-CPU tables apply to arm64 rather than arm/ARM64_OLD; EXC_RESOURCE/EXC_GUARD are
//     spelled out; Crashpad's 'CPnx' NSException code is unknown to it.
//   * Other OSes (Solaris, PS3, Fuchsia, ...) are all "unknown 0x%08x / 0x%08x".
//   * Addresses are masked to 32 bits for x86, ppc, sparc, arm and mips.

import { LINUX_DUMP_REQUESTED, LINUX_SIGNAL_NAMES, LINUX_SI_CODE_NAMES, RUST_LINUX_SI_CODES } from './linux-signals.js';
import { rustMacReason, type RustMacCpu } from './rust-mac.js';
import { CPU_ARCH, PLATFORM, hex8, resolveArch, resolvePlatform, toParams, toU32, toU64 } from './platform.js';
import type { CrashReason, ExceptionInput } from './types.js';
import { ntstatusExtraName, winErrorName } from './windows-errors-rust.js';
import { ntstatusName } from './windows-ntstatus.js';
import { BREAKPAD_WIN_EXCEPTION_REASONS, WIN_ACCESS_TYPE_NAMES, WIN_EXCEPTION, fastFailName } from './windows.js';

/**
 * rust-minidump's ExceptionCodeWindows, the codes it names itself before trying winerror.h and
 * ntstatus.h: Breakpad's list less three it leaves to NTSTATUS, plus the bare access-violation
 * and in-page names and the .NET exception.
 */
const LEFT_TO_NTSTATUS = new Set<number>([WIN_EXCEPTION.CONTROL_C, WIN_EXCEPTION.BAD_FUNCTION_TABLE, WIN_EXCEPTION.HEAP_CORRUPTION]);
const RUST_WIN_EXCEPTIONS: ReadonlyMap<number, string> = new Map([
  ...[...BREAKPAD_WIN_EXCEPTION_REASONS].filter(([code]) => !LEFT_TO_NTSTATUS.has(code)),
  [WIN_EXCEPTION.ACCESS_VIOLATION, 'EXCEPTION_ACCESS_VIOLATION'],
  [WIN_EXCEPTION.IN_PAGE_ERROR, 'EXCEPTION_IN_PAGE_ERROR'],
  [WIN_EXCEPTION.MANAGED_EXCEPTION_V4, 'MANAGED_EXCEPTION_CODE_V4'],
]);

/** winerror.h facilities rust-minidump recognises inside HRESULT/NTSTATUS-style codes. */
const RUST_WIN_FACILITIES: ReadonlyMap<number, string> = new Map([[109, 'FACILITY_VISUALCPP']]);

/** The one fast-fail code outside the 0..70 range that winnt.h names. */
const FAST_FAIL_INVALID_FAST_FAIL_CODE = 0xffffffff;

/** rust-minidump's NTSTATUS lookup: every severity, not just errors. */
function rustNtstatusName(code: number): string | undefined {
  return ntstatusName(code) ?? ntstatusExtraName(code);
}

/** CrashReason::from_windows_error plus ExceptionCodeWindows first, rendered. */
function rustWindowsCodeName(code: number): string {
  const named = RUST_WIN_EXCEPTIONS.get(code) ?? winErrorName(code) ?? rustNtstatusName(code);
  if (named !== undefined) return named;
  if ((code & 0xf0000000) !== 0) {
    const facility = RUST_WIN_FACILITIES.get((code & 0x0fff0000) >>> 16);
    const error = winErrorName(code & 0xffff);
    if (facility !== undefined && error !== undefined) return `${facility} / ${error}`;
  }
  return `unknown ${hex8(code)}`;
}

/** ExceptionCodeWindowsAccessType::from_u64: only exact 0, 1 and 8 count. */
function accessType(param: bigint | undefined): string | undefined {
  return param !== undefined && param <= 8n ? WIN_ACCESS_TYPE_NAMES.get(Number(param)) : undefined;
}

function rustWindowsReason(code: number, params: readonly bigint[]): string {
  const base = rustWindowsCodeName(code);
  if (code === WIN_EXCEPTION.ACCESS_VIOLATION && params.length >= 1) {
    const kind = accessType(params[0]);
    return kind === undefined ? base : `EXCEPTION_ACCESS_VIOLATION_${kind}`;
  }
  if (code === WIN_EXCEPTION.IN_PAGE_ERROR && params.length >= 3) {
    const kind = accessType(params[0]);
    if (kind === undefined) return base;
    const status = Number((params[2] ?? 0n) & 0xffffffffn);
    return `EXCEPTION_IN_PAGE_ERROR_${kind} / ${rustNtstatusName(status) ?? hex8(status)}`;
  }
  if (code === WIN_EXCEPTION.STACK_BUFFER_OVERRUN && params.length >= 1) {
    const sub = Number((params[0] ?? 0n) & 0xffffffffn);
    const name = sub === FAST_FAIL_INVALID_FAST_FAIL_CODE ? 'FAST_FAIL_INVALID_FAST_FAIL_CODE' : fastFailName(sub);
    return `EXCEPTION_STACK_BUFFER_OVERRUN / ${name ?? hex8(sub)}`;
  }
  return base;
}

function rustLinuxReason(code: number, flags: number): string | undefined {
  const signal = code === LINUX_DUMP_REQUESTED ? 'DUMP_REQUESTED' : LINUX_SIGNAL_NAMES.get(code);
  if (signal === undefined) return undefined;
  const kind = RUST_LINUX_SI_CODES.get(code)?.get(flags);
  if (kind !== undefined) return `${signal} / ${kind}`;
  // si_code is a signed int; SI_USER (0) is left out of the text.
  const generic = LINUX_SI_CODE_NAMES.get(flags | 0);
  if (generic === 'SI_USER') return signal;
  return `${signal} / ${generic ?? hex8(flags)}`;
}

function rustMacCpu(arch: number): RustMacCpu {
  switch (arch) {
    case CPU_ARCH.Arm64:
    case CPU_ARCH.Arm64Old:
      return 'arm64';
    case CPU_ARCH.Ppc:
      return 'ppc';
    case CPU_ARCH.X86:
    case CPU_ARCH.X86Win64:
    case CPU_ARCH.Amd64:
      return 'x86';
    default:
      return 'other';
  }
}

/** Cpu::pointer_width() == 4 in rust-minidump. */
function isRust32BitArch(arch: number): boolean {
  return (
    arch === CPU_ARCH.X86 ||
    arch === CPU_ARCH.X86Win64 ||
    arch === CPU_ARCH.Ppc ||
    arch === CPU_ARCH.Sparc ||
    arch === CPU_ARCH.Arm ||
    arch === CPU_ARCH.Mips
  );
}

/**
 * The crash reason and address rust-minidump's minidump-stackwalk reports (JSON crash_info.type
 * and crash_info.address, before any instruction-based adjustment). Never throws.
 */
export function crashReasonRust(input: ExceptionInput): CrashReason {
  const raw = (input ?? {}) as Partial<Record<keyof ExceptionInput, unknown>>;
  const code = toU32(raw.exceptionCode);
  const flags = toU32(raw.exceptionFlags);
  const params = toParams(raw.parameters);
  const platform = resolvePlatform(raw.platformId, raw.os);
  const arch = resolveArch(raw.processorArchitecture, raw.cpu);
  const windows = platform === PLATFORM.Win32NT || platform === PLATFORM.Win32Windows;

  let type: string | undefined;
  if (windows) type = rustWindowsReason(code, params);
  else if (platform === PLATFORM.Linux || platform === PLATFORM.Android) type = rustLinuxReason(code, flags);
  else if (platform === PLATFORM.MacOs || platform === PLATFORM.Ios) type = rustMacReason(code, flags, params, rustMacCpu(arch));
  type ??= `unknown ${hex8(code)} / ${hex8(flags)}`;

  let address = toU64(raw.exceptionAddress);
  if (windows && (code === WIN_EXCEPTION.ACCESS_VIOLATION || code === WIN_EXCEPTION.IN_PAGE_ERROR) && params.length >= 2) {
    address = params[1] ?? address;
  }
  if (isRust32BitArch(arch)) address &= 0xffffffffn;
  return { type, address };
}
