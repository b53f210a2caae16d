// Platform and CPU identifiers from MINIDUMP_SYSTEM_INFO, plus the input clean-up shared by
// both naming schemes. Everything here accepts any value and never throws: dumps are untrusted.

import { hex } from '../../format/bytes.js';
import { PlatformId, ProcessorArchitecture } from '../../format/constants.js';

// The numeric ids come from the format layer; Breakpad's RISC-V ids are not there yet.
export const PLATFORM = PlatformId;
export const CPU_ARCH = ProcessorArchitecture;
const RISCV = 0x8005;
const RISCV64 = 0x8006;

/** Breakpad's os strings (MinidumpProcessor::GetOSInfo) to platform ids. */
const OS_NAME_TO_PLATFORM: ReadonlyMap<string, number> = new Map([
  ['windows nt', PLATFORM.Win32NT],
  ['windows', PLATFORM.Win32Windows],
  ['mac os x', PLATFORM.MacOs],
  ['macos', PLATFORM.MacOs],
  ['ios', PLATFORM.Ios],
  ['linux', PLATFORM.Linux],
  ['solaris', PLATFORM.Solaris],
  ['android', PLATFORM.Android],
  ['ps3', PLATFORM.Ps3],
  ['nacl', PLATFORM.NaCl],
  ['fuchsia', PLATFORM.Fuchsia],
]);

/** Breakpad's cpu strings (MinidumpProcessor::GetCPUInfo), plus common aliases, to architectures. */
const CPU_NAME_TO_ARCH: ReadonlyMap<string, number> = new Map([
  ['x86', CPU_ARCH.X86],
  ['i386', CPU_ARCH.X86],
  ['amd64', CPU_ARCH.Amd64],
  ['x86_64', CPU_ARCH.Amd64],
  ['ppc', CPU_ARCH.Ppc],
  ['ppc64', CPU_ARCH.Ppc64],
  ['sparc', CPU_ARCH.Sparc],
  ['arm', CPU_ARCH.Arm],
  ['arm64', CPU_ARCH.Arm64],
  ['aarch64', CPU_ARCH.Arm64],
  ['mips', CPU_ARCH.Mips],
  ['mips64', CPU_ARCH.Mips64],
  ['riscv', RISCV],
  ['riscv64', RISCV64],
]);

/** Any runtime value to a uint32, the way a C cast would (wraps, truncates; junk becomes 0). */
export function toU32(value: unknown): number {
  if (typeof value === 'number') return value >>> 0;
  if (typeof value === 'bigint') return Number(BigInt.asUintN(32, value));
  return 0;
}

/** Any runtime value to a uint64 bigint (wraps negatives; junk becomes 0n). */
export function toU64(value: unknown): bigint {
  if (typeof value === 'bigint') return BigInt.asUintN(64, value);
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt.asUintN(64, BigInt(Math.trunc(value)));
  return 0n;
}

/** The parameters array as uint64 values, whatever was passed. */
export function toParams(value: unknown): bigint[] {
  return Array.isArray(value) ? value.map(toU64) : [];
}

/** The platform id: `platformId` when it is a number (as Breakpad uses), else derived from `os`. */
export function resolvePlatform(platformId: unknown, os: unknown): number {
  if (typeof platformId === 'number' && Number.isFinite(platformId)) return platformId >>> 0;
  if (typeof os === 'string') {
    const known = OS_NAME_TO_PLATFORM.get(os.trim().toLowerCase());
    if (known !== undefined) return known;
    const hex = /^0x([0-9a-f]{1,8})$/i.exec(os.trim());
    if (hex?.[1] !== undefined) return parseInt(hex[1], 16);
  }
  return 0xffffffff;
}

/** The processor architecture: explicit number if given, else from the cpu name (Breakpad prints unknown ones as 0x%04x). */
export function resolveArch(processorArchitecture: unknown, cpu: unknown): number {
  if (typeof processorArchitecture === 'number' && Number.isFinite(processorArchitecture)) {
    return processorArchitecture & 0xffff;
  }
  if (typeof cpu === 'string') {
    const name = cpu.trim().toLowerCase();
    const known = CPU_NAME_TO_ARCH.get(name);
    if (known !== undefined) return known;
    const hex = /^0x([0-9a-f]{1,4})$/.exec(name);
    if (hex?.[1] !== undefined) return parseInt(hex[1], 16);
  }
  return CPU_ARCH.Unknown;
}

/**
 * Breakpad's GetAddressForArchitecture list of 32-bit architectures whose crash address is
 * masked to 32 bits (dumps sometimes sign-extend 32-bit addresses).
 */
export function isBreakpad32BitArch(arch: number): boolean {
  return (
    arch === CPU_ARCH.X86 ||
    arch === CPU_ARCH.Mips ||
    arch === CPU_ARCH.Ppc ||
    arch === CPU_ARCH.Shx ||
    arch === CPU_ARCH.Arm ||
    arch === CPU_ARCH.X86Win64
  );
}

/** C's "0x%08x". */
export function hex8(value: number): string {
  return hex(value >>> 0, 4);
}
