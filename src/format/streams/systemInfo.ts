// SystemInfo stream (7): MINIDUMP_SYSTEM_INFO, 56 bytes, plus the CSD version string
// and the derived names Breakpad/rust-minidump print (os, cpu, "GenuineIntel family..").
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { readMinidumpString } from '../common.js';
import { PlatformId, ProcessorArchitecture } from '../constants.js';
import type { Cpu } from '../context/layout.js';

export const SYSTEM_INFO_SIZE = 56;

export interface RawSystemInfo {
  processorArchitecture: number;
  processorLevel: number;
  processorRevision: number;
  numberOfProcessors: number;
  productType: number;
  majorVersion: number;
  minorVersion: number;
  buildNumber: number;
  platformId: number;
  csdVersionRva: number;
  suiteMask: number;
  /** The 24-byte CPU_INFORMATION union, as x86 and as "other" views. */
  cpu: {
    vendorId: [number, number, number];
    versionInformation: number;
    featureInformation: number;
    amdExtendedCpuFeatures: number;
    processorFeatures: [bigint, bigint];
    /** ARM view (Breakpad): MIDR and ELF hwcaps. */
    armCpuid: number;
    armElfHwcaps: number;
  };
}

export type Os = 'windows' | 'mac' | 'ios' | 'linux' | 'solaris' | 'android' | 'ps3' | 'nacl' | 'fuchsia' | 'unknown';

export interface SystemInfo extends RawSystemInfo {
  os: Os;
  /** Breakpad's OS name: "Windows NT", "Mac OS X", "Linux", ... or hex for unknown ids. */
  osName: string;
  /** "major.minor.build" plus " csd" when there is one (rust-minidump's os_ver). */
  osVersion: string;
  cpu: RawSystemInfo['cpu'];
  cpuArch: Cpu;
  /** CSD version string (service pack on Windows, uname -v/build on others), null if absent. */
  csdVersion: string | null;
  /** "GenuineIntel" etc., only for x86 (Breakpad only trusts vendor_id there). */
  cpuVendor: string | null;
  /** Breakpad's cpu_info: "[vendor ]family F model M stepping S" for x86/amd64, GetARMCpuInfo's string for arm; null for others. */
  cpuInfo: string | null;
}

export function parseRawSystemInfo(v: ByteView): RawSystemInfo {
  if (v.length < SYSTEM_INFO_SIZE) throw new MinidumpError('TRUNCATED', `SystemInfo stream is ${v.length} bytes, need ${SYSTEM_INFO_SIZE}`);
  return {
    processorArchitecture: v.u16(0),
    processorLevel: v.u16(2),
    processorRevision: v.u16(4),
    numberOfProcessors: v.u8(6),
    productType: v.u8(7),
    majorVersion: v.u32(8),
    minorVersion: v.u32(12),
    buildNumber: v.u32(16),
    platformId: v.u32(20),
    csdVersionRva: v.u32(24),
    suiteMask: v.u16(28),
    cpu: {
      vendorId: [v.u32(32), v.u32(36), v.u32(40)],
      versionInformation: v.u32(44),
      featureInformation: v.u32(48),
      amdExtendedCpuFeatures: v.u32(52),
      processorFeatures: [v.u64(32), v.u64(40)],
      armCpuid: v.u32(32),
      armElfHwcaps: v.u32(36),
    },
  };
}

export function osFromPlatform(platformId: number): Os {
  switch (platformId) {
    case PlatformId.Win32NT:
    case PlatformId.Win32Windows:
    case PlatformId.Win32CE:
    case PlatformId.Win32s:
      return 'windows';
    case PlatformId.MacOs:
      return 'mac';
    case PlatformId.Ios:
      return 'ios';
    case PlatformId.Linux:
      return 'linux';
    case PlatformId.Solaris:
      return 'solaris';
    case PlatformId.Android:
      return 'android';
    case PlatformId.Ps3:
      return 'ps3';
    case PlatformId.NaCl:
      return 'nacl';
    case PlatformId.Fuchsia:
      return 'fuchsia';
    default:
      return 'unknown';
  }
}

export function osName(platformId: number): string {
  switch (platformId) {
    case PlatformId.Win32NT:
      return 'Windows NT';
    case PlatformId.Win32Windows:
      return 'Windows';
    case PlatformId.Win32CE:
      return 'Windows CE';
    case PlatformId.MacOs:
      return 'Mac OS X';
    case PlatformId.Ios:
      return 'iOS';
    case PlatformId.Linux:
      return 'Linux';
    case PlatformId.Solaris:
      return 'Solaris';
    case PlatformId.Android:
      return 'Android';
    case PlatformId.Ps3:
      return 'PS3';
    case PlatformId.NaCl:
      return 'NaCl';
    case PlatformId.Fuchsia:
      return 'Fuchsia';
    default:
      return '0x' + platformId.toString(16).padStart(8, '0');
  }
}

export function cpuFromArchitecture(arch: number): Cpu {
  switch (arch) {
    case ProcessorArchitecture.X86:
    case ProcessorArchitecture.X86Win64:
      return 'x86';
    case ProcessorArchitecture.Amd64:
      return 'amd64';
    case ProcessorArchitecture.Arm:
      return 'arm';
    case ProcessorArchitecture.Arm64:
    case ProcessorArchitecture.Arm64Old:
      return 'arm64';
    case ProcessorArchitecture.Mips:
      return 'mips';
    case ProcessorArchitecture.Mips64:
      return 'mips64';
    case ProcessorArchitecture.Ppc:
      return 'ppc';
    case ProcessorArchitecture.Ppc64:
      return 'ppc64';
    case ProcessorArchitecture.Sparc:
      return 'sparc';
    default:
      return 'unknown';
  }
}

function vendorString(ids: readonly number[]): string {
  let s = '';
  for (const id of ids) for (let i = 0; i < 4; i++) s += String.fromCharCode((id >>> (8 * i)) & 0xff);
  return s.replace(/\0+$/, '');
}

const ARM_VENDORS: Record<number, string> = { 0x41: 'ARM', 0x51: 'Qualcomm', 0x56: 'Marvell', 0x69: 'Intel/Marvell' };
const ARM_PARTS: Record<number, string> = {
  0x4100c050: 'Cortex-A5',
  0x4100c080: 'Cortex-A8',
  0x4100c090: 'Cortex-A9',
  0x4100c0f0: 'Cortex-A15',
  0x4100c140: 'Cortex-R4',
  0x4100c150: 'Cortex-R5',
  0x4100b360: 'ARM1136',
  0x4100b560: 'ARM1156',
  0x4100b760: 'ARM1176',
  0x4100b020: 'ARM11-MPCore',
  0x41009260: 'ARM926',
  0x41009460: 'ARM946',
  0x41009660: 'ARM966',
  0x510006f0: 'Krait',
  0x510000f0: 'Scorpion',
};
// Linux <asm/hwcap.h> bit order.
const ARM_HWCAPS = ['swp', 'half', 'thumb', '26bit', 'fastmult', 'fpa', 'vfpv2', 'edsp', 'java', 'iwmmxt', 'crunch', 'thumbee', 'neon', 'vfpv3', 'vfpv3d16', 'tls', 'vfpv4', 'idiva', 'idivt'];

/** Breakpad's GetARMCpuInfo: " <vendor> <part>" from MIDR plus " features: a,b,c" from ELF hwcaps. */
export function armCpuInfo(cpuid: number, hwcaps: number): string {
  let s = '';
  if (cpuid !== 0) {
    const vendorId = (cpuid >>> 24) & 0xff;
    s += ' ' + (ARM_VENDORS[vendorId] ?? `vendor(0x${vendorId.toString(16)})`);
    const partId = (cpuid & 0xff00fff0) >>> 0;
    s += ' ' + (ARM_PARTS[partId] ?? `part(0x${partId.toString(16)})`);
  }
  if (hwcaps !== 0) {
    s += ' features: ' + ARM_HWCAPS.filter((_, i) => (hwcaps >>> i) & 1).join(',');
  }
  return s;
}

/** Parse the stream; `file` resolves the CSD string (an unreadable CSD string becomes null, not an error). */
export function parseSystemInfo(v: ByteView, file: ByteView): SystemInfo {
  const raw = parseRawSystemInfo(v);
  let csdVersion: string | null = null;
  if (raw.csdVersionRva !== 0) {
    try {
      csdVersion = readMinidumpString(file, raw.csdVersionRva, 'CSD version');
    } catch (e) {
      if (!(e instanceof MinidumpError)) throw e;
    }
  }
  const arch = raw.processorArchitecture;
  const isX86 = arch === ProcessorArchitecture.X86 || arch === ProcessorArchitecture.X86Win64;
  // vendor_id is little-endian ASCII regardless of how the ints were swapped on read.
  const ids = v.littleEndian ? raw.cpu.vendorId : raw.cpu.vendorId.map((x) => ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24));
  const cpuVendor = isX86 ? vendorString(ids) || null : null;
  const cpuArch = cpuFromArchitecture(arch);
  let cpuInfo: string | null = null;
  if (cpuArch === 'x86' || cpuArch === 'amd64') {
    cpuInfo =
      (cpuVendor ? cpuVendor + ' ' : '') +
      `family ${raw.processorLevel} model ${raw.processorRevision >> 8} stepping ${raw.processorRevision & 0xff}`;
  } else if (arch === ProcessorArchitecture.Arm) {
    cpuInfo = armCpuInfo(raw.cpu.armCpuid, raw.cpu.armElfHwcaps);
  }
  const base = `${raw.majorVersion}.${raw.minorVersion}.${raw.buildNumber}`;
  return {
    ...raw,
    os: osFromPlatform(raw.platformId),
    osName: osName(raw.platformId),
    osVersion: csdVersion ? `${base} ${csdVersion}` : base,
    cpuArch,
    csdVersion,
    cpuVendor,
    cpuInfo,
  };
}
