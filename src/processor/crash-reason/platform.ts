// Platform and CPU identifiers from MINIDUMP_SYSTEM_INFO, plus the input clean-up shared by
// both naming schemes. Everything here accepts any value and never throws: dumps are untrusted.

export const PLATFORM = {
  WIN32S: 0x0,
  WIN32_WINDOWS: 0x1,
  WIN32_NT: 0x2,
  WIN32_CE: 0x3,
  UNIX: 0x8000,
  MAC_OS_X: 0x8101,
  IOS: 0x8102,
  LINUX: 0x8201,
  SOLARIS: 0x8202,
  ANDROID: 0x8203,
  PS3: 0x8204,
  NACL: 0x8205,
  FUCHSIA: 0x8206,
} as const;

export const CPU_ARCH = {
  X86: 0,
  MIPS: 1,
  ALPHA: 2,
  PPC: 3,
  SHX: 4,
  ARM: 5,
  IA64: 6,
  ALPHA64: 7,
  MSIL: 8,
  AMD64: 9,
  X86_WIN64: 10,
  ARM64: 12,
  SPARC: 0x8001,
  PPC64: 0x8002,
  ARM64_OLD: 0x8003,
  MIPS64: 0x8004,
  RISCV: 0x8005,
  RISCV64: 0x8006,
  UNKNOWN: 0xffff,
} as const;

/** Breakpad's os strings (MinidumpProcessor::GetOSInfo) to platform ids. */
const OS_NAME_TO_PLATFORM: ReadonlyMap<string, number> = new Map([
  ['windows nt', PLATFORM.WIN32_NT],
  ['windows', PLATFORM.WIN32_WINDOWS],
  ['mac os x', PLATFORM.MAC_OS_X],
  ['macos', PLATFORM.MAC_OS_X],
  ['ios', PLATFORM.IOS],
  ['linux', PLATFORM.LINUX],
  ['solaris', PLATFORM.SOLARIS],
  ['android', PLATFORM.ANDROID],
  ['ps3', PLATFORM.PS3],
  ['nacl', PLATFORM.NACL],
  ['fuchsia', PLATFORM.FUCHSIA],
]);

/** Breakpad's cpu strings (MinidumpProcessor::GetCPUInfo), plus common aliases, to architectures. */
const CPU_NAME_TO_ARCH: ReadonlyMap<string, number> = new Map([
  ['x86', CPU_ARCH.X86],
  ['i386', CPU_ARCH.X86],
  ['amd64', CPU_ARCH.AMD64],
  ['x86_64', CPU_ARCH.AMD64],
  ['ppc', CPU_ARCH.PPC],
  ['ppc64', CPU_ARCH.PPC64],
  ['sparc', CPU_ARCH.SPARC],
  ['arm', CPU_ARCH.ARM],
  ['arm64', CPU_ARCH.ARM64],
  ['aarch64', CPU_ARCH.ARM64],
  ['mips', CPU_ARCH.MIPS],
  ['mips64', CPU_ARCH.MIPS64],
  ['riscv', CPU_ARCH.RISCV],
  ['riscv64', CPU_ARCH.RISCV64],
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
  return CPU_ARCH.UNKNOWN;
}

/**
 * Breakpad's GetAddressForArchitecture list of 32-bit architectures whose crash address is
 * masked to 32 bits (dumps sometimes sign-extend 32-bit addresses).
 */
export function isBreakpad32BitArch(arch: number): boolean {
  return (
    arch === CPU_ARCH.X86 ||
    arch === CPU_ARCH.MIPS ||
    arch === CPU_ARCH.PPC ||
    arch === CPU_ARCH.SHX ||
    arch === CPU_ARCH.ARM ||
    arch === CPU_ARCH.X86_WIN64
  );
}

/** C's "0x%08x". */
export function hex8(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}
