// Crash reason and address exactly as Breakpad's MinidumpProcessor::GetCrashReason computes
// them (src/processor/minidump_processor.cc), which minidump_stackwalk prints as
// "Crash reason:" / "Crash address:" and in the machine-readable "Crash|" line.

import { BREAKPAD_LINUX_SI_CODES, LINUX_DUMP_REQUESTED, LINUX_SIGNAL_NAMES } from './linux-signals.js';
import {
  MAC_CPU_CODES,
  MAC_EXCEPTION,
  MAC_EXCEPTION_NAMES,
  MAC_KERN_CODES,
  MAC_SOFTWARE_CODES,
  type MacCpuFamily,
} from './mac-exceptions.js';
import { FUCHSIA_EXCEPTION_NAMES, PS3_EXCEPTION_REASONS, SOLARIS_SIGNAL_REASONS } from './other-os.js';
import {
  CPU_ARCH,
  PLATFORM,
  hex8,
  isBreakpad32BitArch,
  resolveArch,
  resolvePlatform,
  toParams,
  toU32,
  toU64,
} from './platform.js';
import type { CrashReason, ExceptionInput } from './types.js';
import { ntstatusName } from './windows-ntstatus.js';
import { BREAKPAD_WIN_EXCEPTION_REASONS, WIN_ACCESS_TYPE_NAMES, WIN_EXCEPTION, fastFailName } from './windows.js';

interface Decoded {
  code: number;
  flags: number;
  params: bigint[];
  platform: number;
  arch: number;
}

function decode(input: ExceptionInput): Decoded {
  const raw = (input ?? {}) as Partial<Record<keyof ExceptionInput, unknown>>;
  return {
    code: toU32(raw.exceptionCode),
    flags: toU32(raw.exceptionFlags),
    params: toParams(raw.parameters),
    platform: resolvePlatform(raw.platformId, raw.os),
    arch: resolveArch(raw.processorArchitecture, raw.cpu),
  };
}

/**
 * The crash reason and crash address Breakpad's minidump_stackwalk reports for an exception
 * stream. Never throws; unknown codes come out as Breakpad formats them ("0x%08x / 0x%08x").
 */
export function crashReason(input: ExceptionInput): CrashReason {
  const d = decode(input);
  return { type: breakpadReasonString(d), address: breakpadAddress(d, input) };
}

/** Windows access violations and in-page errors report the data address from parameter 1. */
function breakpadAddress(d: Decoded, input: ExceptionInput): bigint {
  let address = toU64((input as { exceptionAddress?: unknown } | undefined)?.exceptionAddress);
  const windows = d.platform === PLATFORM.Win32NT || d.platform === PLATFORM.Win32Windows;
  if (
    windows &&
    (d.code === WIN_EXCEPTION.ACCESS_VIOLATION || d.code === WIN_EXCEPTION.IN_PAGE_ERROR) &&
    d.params.length >= 2
  ) {
    address = d.params[1] ?? address;
  }
  return isBreakpad32BitArch(d.arch) ? address & 0xffffffffn : address;
}

function breakpadReasonString(d: Decoded): string {
  const numeric = `${hex8(d.code)} / ${hex8(d.flags)}`;
  switch (d.platform) {
    case PLATFORM.Fuchsia: {
      const name = FUCHSIA_EXCEPTION_NAMES.get(d.code);
      return name === undefined ? numeric : `${name} / ${hex8(d.flags)}`;
    }
    case PLATFORM.MacOs:
    case PLATFORM.Ios:
      return macReason(d) ?? numeric;
    case PLATFORM.Win32NT:
    case PLATFORM.Win32Windows:
      return windowsReason(d) ?? numeric;
    case PLATFORM.Linux:
    case PLATFORM.Android:
      return linuxReason(d) ?? numeric;
    case PLATFORM.Solaris:
      return SOLARIS_SIGNAL_REASONS.get(d.code) ?? numeric;
    case PLATFORM.Ps3:
      return PS3_EXCEPTION_REASONS.get(d.code) ?? numeric;
    default:
      return numeric;
  }
}

/** Breakpad checks processor_architecture values, so ARM64 (12) is not "arm" but ARM64_OLD is. */
function breakpadMacFamily(arch: number): MacCpuFamily | undefined {
  switch (arch) {
    case CPU_ARCH.Arm:
    case CPU_ARCH.Arm64Old:
      return 'arm';
    case CPU_ARCH.Ppc:
      return 'ppc';
    case CPU_ARCH.X86:
    case CPU_ARCH.Amd64:
      return 'x86';
    default:
      return undefined;
  }
}

function macReason(d: Decoded): string | undefined {
  if (d.code === MAC_EXCEPTION.SIMULATED) return 'Simulated Exception';
  if (d.code === MAC_EXCEPTION.NS_EXCEPTION_SIMULATED) return 'Uncaught NSException';
  const name = MAC_EXCEPTION_NAMES.get(d.code);
  if (name === undefined) return undefined;
  let detail: string | undefined;
  if (d.code === MAC_EXCEPTION.BAD_ACCESS) detail = MAC_KERN_CODES.get(d.flags);
  else if (d.code === MAC_EXCEPTION.SOFTWARE) detail = MAC_SOFTWARE_CODES.get(d.flags);
  if (detail === undefined) {
    const family = breakpadMacFamily(d.arch);
    const perCpu = MAC_CPU_CODES.get(d.code);
    if (family !== undefined && perCpu !== undefined) detail = perCpu[family]?.get(d.flags);
  }
  return `${name} / ${detail ?? hex8(d.flags)}`;
}

function windowsReason(d: Decoded): string | undefined {
  const plain = BREAKPAD_WIN_EXCEPTION_REASONS.get(d.code);
  if (plain !== undefined) return plain;
  // Breakpad casts the 64-bit parameter to a 32-bit enum before switching on it.
  const kind = d.params.length >= 1 ? WIN_ACCESS_TYPE_NAMES.get(Number((d.params[0] ?? 0n) & 0xffffffffn)) : undefined;
  switch (d.code) {
    case WIN_EXCEPTION.ACCESS_VIOLATION:
      return kind === undefined ? 'EXCEPTION_ACCESS_VIOLATION' : `EXCEPTION_ACCESS_VIOLATION_${kind}`;
    case WIN_EXCEPTION.IN_PAGE_ERROR: {
      let reason = kind === undefined ? 'EXCEPTION_IN_PAGE_ERROR' : `EXCEPTION_IN_PAGE_ERROR_${kind}`;
      if (d.params.length >= 3) {
        const status = Number((d.params[2] ?? 0n) & 0xffffffffn);
        reason += ` / ${ntstatusName(status) ?? hex8(status)}`;
      }
      return reason;
    }
    case WIN_EXCEPTION.STACK_BUFFER_OVERRUN: {
      // Breakpad skips code 0 (legacy /GS violation) and prints the generic name for it.
      const sub = d.params.length >= 1 ? Number((d.params[0] ?? 0n) & 0xffffffffn) : 0;
      return (sub !== 0 ? fastFailName(sub) : undefined) ?? 'EXCEPTION_STACK_BUFFER_OVERRUN';
    }
    default:
      return undefined;
  }
}

function linuxReason(d: Decoded): string | undefined {
  if (d.code === LINUX_DUMP_REQUESTED) return 'DUMP_REQUESTED';
  const signal = LINUX_SIGNAL_NAMES.get(d.code);
  if (signal === undefined) return undefined;
  const siCodes = BREAKPAD_LINUX_SI_CODES.get(d.code);
  if (siCodes === undefined) return signal;
  // Breakpad writes "SIGSEGV /" without the space it uses for the other signals.
  const separator = signal === 'SIGSEGV' ? ' /' : ' / ';
  return signal + separator + (siCodes.get(d.flags) ?? hex8(d.flags));
}
