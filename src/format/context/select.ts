// Choosing the context layout: from SystemInfo.processor_architecture when known
// (as rust-minidump does), else from the CPU bits of context_flags and the size.
import { MinidumpError } from '../../errors.js';
import { ByteView } from '../bytes.js';
import { ContextCpuFlag, ProcessorArchitecture } from '../constants.js';
import { AMD64_CONTEXT } from './amd64.js';
import { ARM_CONTEXT } from './arm.js';
import { ARM64_CONTEXT, ARM64_OLD_CONTEXT } from './arm64.js';
import { type ContextLayout, type CpuContext, type RegisterKind, parseContextWithLayout, readContextFlags } from './layout.js';
import { MIPS64_CONTEXT, MIPS_CONTEXT } from './mips.js';
import { PPC64_CONTEXT, PPC_CONTEXT } from './ppc.js';
import { SPARC_CONTEXT } from './sparc.js';
import { X86_CONTEXT } from './x86.js';

export const CONTEXT_LAYOUTS: readonly ContextLayout[] = [
  X86_CONTEXT,
  AMD64_CONTEXT,
  ARM_CONTEXT,
  ARM64_CONTEXT,
  ARM64_OLD_CONTEXT,
  MIPS_CONTEXT,
  MIPS64_CONTEXT,
  PPC_CONTEXT,
  PPC64_CONTEXT,
  SPARC_CONTEXT,
];

/** Does the flags word at the layout's flags offset carry this layout's CPU bit? */
function flagsMatch(layout: ContextLayout, v: ByteView, exact = false): boolean {
  if (!v.has(layout.flagsOffset, layout.flagsSize)) return false;
  const flags = readContextFlags(layout, v);
  // Bits 8..31 name the CPU, but Windows may add CONTEXT_EXCEPTION_* bits (0x08000000..0x80000000).
  if (exact) return ((flags & 0xffffff00) >>> 0) === layout.cpuFlag;
  return ((flags & layout.cpuFlag) >>> 0) === layout.cpuFlag;
}

/** Layout expected for a processor_architecture (undefined when we cannot tell). */
export function layoutForArchitecture(arch: number, v: ByteView): ContextLayout | undefined {
  switch (arch) {
    case ProcessorArchitecture.X86:
    case ProcessorArchitecture.X86Win64:
      return X86_CONTEXT;
    case ProcessorArchitecture.Amd64:
      return AMD64_CONTEXT;
    case ProcessorArchitecture.Arm:
      return ARM_CONTEXT;
    case ProcessorArchitecture.Arm64:
      return flagsMatch(ARM64_OLD_CONTEXT, v) ? ARM64_OLD_CONTEXT : ARM64_CONTEXT;
    case ProcessorArchitecture.Arm64Old:
      return flagsMatch(ARM64_CONTEXT, v) ? ARM64_CONTEXT : ARM64_OLD_CONTEXT;
    case ProcessorArchitecture.Mips:
      return flagsMatch(MIPS64_CONTEXT, v) ? MIPS64_CONTEXT : MIPS_CONTEXT;
    case ProcessorArchitecture.Mips64:
      return MIPS64_CONTEXT;
    case ProcessorArchitecture.Ppc:
      return PPC_CONTEXT;
    case ProcessorArchitecture.Ppc64:
      return PPC64_CONTEXT;
    case ProcessorArchitecture.Sparc:
      return SPARC_CONTEXT;
    default:
      return undefined;
  }
}

/** Guess the layout from context_flags CPU bits (preferring an exact size match). */
export function guessLayout(v: ByteView): ContextLayout | undefined {
  return (
    CONTEXT_LAYOUTS.find((l) => l.size === v.length && flagsMatch(l, v, true)) ??
    CONTEXT_LAYOUTS.find((l) => v.length >= l.size && flagsMatch(l, v, true)) ??
    CONTEXT_LAYOUTS.find((l) => l.size === v.length && flagsMatch(l, v)) ??
    CONTEXT_LAYOUTS.find((l) => v.length >= l.size && flagsMatch(l, v))
  );
}

/**
 * Parse a raw CPU context. `arch` is SystemInfo.processor_architecture when a
 * SystemInfo stream exists. Throws MinidumpError (UNSUPPORTED / TRUNCATED) when the
 * context cannot be decoded.
 */
export function parseContext(bytes: Uint8Array, littleEndian = true, arch?: number): CpuContext {
  const v = new ByteView(bytes, littleEndian);
  let layout = arch === undefined ? undefined : layoutForArchitecture(arch, v);
  // SystemInfo and the context disagree (or arch unknown): trust the context's own flags, like rust-minidump's fallback.
  if (layout && !flagsMatch(layout, v) && v.length !== layout.size) {
    layout = guessLayout(v) ?? layout;
  }
  layout ??= guessLayout(v);
  if (!layout) {
    throw new MinidumpError('UNSUPPORTED', `cannot identify CPU context of ${bytes.length} bytes`);
  }
  return parseContextWithLayout(layout, bytes, littleEndian);
}

/** The layout for a CPU name (for writers); arm64 gives the current layout. */
export function layoutForCpu(cpu: CpuContext['cpu']): ContextLayout | undefined {
  return CONTEXT_LAYOUTS.find((l) => l.cpu === cpu);
}

/**
 * The registers of a context whose kind is in `kinds` (default: the general ones
 * minidump_stackwalk prints), in table order.
 */
export function registersOfKind(ctx: CpuContext, kinds: readonly RegisterKind[] = ['general']): [string, bigint][] {
  const layout = layoutForCpu(ctx.cpu);
  if (!layout) return [...ctx.registers];
  const want = new Set(layout.registers.filter((r) => kinds.includes(r.kind)).map((r) => r.name));
  return [...ctx.registers].filter(([name]) => want.has(name));
}
