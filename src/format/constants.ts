// Numeric constants of the minidump format (Microsoft's DbgHelp definitions plus the
// Breakpad, Crashpad and Mozilla extensions), named as in minidump_format.h.

/** 'MDMP' read as a little-endian u32. */
export const MINIDUMP_SIGNATURE = 0x504d444d;
/** Low 16 bits of the header version. */
export const MINIDUMP_VERSION = 0xa793;

export const StreamType = {
  Unused: 0,
  Reserved0: 1,
  Reserved1: 2,
  ThreadList: 3,
  ModuleList: 4,
  MemoryList: 5,
  Exception: 6,
  SystemInfo: 7,
  ThreadExList: 8,
  Memory64List: 9,
  CommentA: 10,
  CommentW: 11,
  HandleData: 12,
  FunctionTable: 13,
  UnloadedModuleList: 14,
  MiscInfo: 15,
  MemoryInfoList: 16,
  ThreadInfoList: 17,
  HandleOperationList: 18,
  Token: 19,
  JavaScriptData: 20,
  SystemMemoryInfo: 21,
  ProcessVmCounters: 22,
  IptTrace: 23,
  ThreadNames: 24,
  // Breakpad extensions.
  BreakpadInfo: 0x47670001,
  AssertionInfo: 0x47670002,
  LinuxCpuInfo: 0x47670003,
  LinuxProcStatus: 0x47670004,
  LinuxLsbRelease: 0x47670005,
  LinuxCmdLine: 0x47670006,
  LinuxEnviron: 0x47670007,
  LinuxAuxv: 0x47670008,
  LinuxMaps: 0x47670009,
  LinuxDsoDebug: 0x4767000a,
  // Crashpad.
  CrashpadInfo: 0x43500001,
  // Chromium.
  ChromiumStabilityReport: 0x4b6b0002,
  // Mozilla.
  MozMacosCrashInfo: 0x4d7a0001,
  MozMacosBootargs: 0x4d7a0002,
  MozLinuxLimits: 0x4d7a0003,
  MozSoftErrors: 0x4d7a0004,
} as const;
export type StreamTypeName = keyof typeof StreamType;

const streamNames = new Map<number, StreamTypeName>(
  (Object.entries(StreamType) as [StreamTypeName, number][]).map(([k, v]) => [v, k]),
);
/** Our name for a stream type number, or undefined for unknown types. */
export function streamTypeName(type: number): StreamTypeName | undefined {
  return streamNames.get(type);
}

/** MINIDUMP_SYSTEM_INFO.ProcessorArchitecture. */
export const ProcessorArchitecture = {
  X86: 0,
  Mips: 1,
  Alpha: 2,
  Ppc: 3,
  Shx: 4,
  Arm: 5,
  Ia64: 6,
  Alpha64: 7,
  Msil: 8,
  Amd64: 9,
  X86Win64: 10,
  Arm64: 12,
  Sparc: 0x8001, // Breakpad
  Ppc64: 0x8002, // Breakpad
  Arm64Old: 0x8003, // Breakpad
  Mips64: 0x8004, // Breakpad
  Unknown: 0xffff,
} as const;

/** MINIDUMP_SYSTEM_INFO.PlatformId. */
export const PlatformId = {
  Win32s: 0,
  Win32Windows: 1,
  Win32NT: 2,
  Win32CE: 3,
  Unix: 0x8000, // Breakpad: generic Unix
  MacOs: 0x8101,
  Ios: 0x8102,
  Linux: 0x8201,
  Solaris: 0x8202,
  Android: 0x8203,
  Ps3: 0x8204,
  NaCl: 0x8205,
  Fuchsia: 0x8206,
} as const;

/** Context-flag CPU bits (the high bits of context_flags that name the layout). */
export const ContextCpuFlag = {
  X86: 0x00010000,
  Amd64: 0x00100000,
  Arm: 0x40000000,
  ArmOld: 0x00000040,
  Arm64: 0x00400000,
  Arm64Old: 0x80000000,
  Mips: 0x00040000,
  Mips64: 0x00080000,
  Ppc: 0x20000000,
  Ppc64: 0x01000000,
  Sparc: 0x10000000,
} as const;
/** Mask of all CPU bits above. */
export const CONTEXT_CPU_MASK = 0xffffff00;

/** Section bits of context_flags (per CPU; meaning given where it differs). */
export const ContextFlag = {
  X86Control: 0x1,
  X86Integer: 0x2,
  X86Segments: 0x4,
  X86FloatingPoint: 0x8,
  X86DebugRegisters: 0x10,
  X86ExtendedRegisters: 0x20,
  X86Xstate: 0x40,
  Amd64Control: 0x1,
  Amd64Integer: 0x2,
  Amd64Segments: 0x4,
  Amd64FloatingPoint: 0x8,
  Amd64DebugRegisters: 0x10,
  ArmInteger: 0x2,
  ArmFloatingPoint: 0x4,
  Arm64Control: 0x1,
  Arm64Integer: 0x2,
  Arm64FloatingPoint: 0x4,
  Arm64Debug: 0x8,
  MipsInteger: 0x2,
  MipsFloatingPoint: 0x4,
  MipsDsp: 0x8,
  PpcBase: 0x1,
  PpcFloatingPoint: 0x8,
  PpcVector: 0x20,
  SparcControl: 0x1,
  SparcInteger: 0x2,
  SparcFloatingPoint: 0x4,
} as const;

/** CodeView record signatures. */
export const CvSignature = {
  Pdb70: 0x53445352, // 'RSDS'
  Pdb20: 0x3031424e, // 'NB10'
  Elf: 0x4270454c, // 'BpEL' (Breakpad)
} as const;

/** VS_FIXEDFILEINFO signature and struct version. */
export const VS_FFI_SIGNATURE = 0xfeef04bd;
export const VS_FFI_STRUCVERSION = 0x00010000;

/** MINIDUMP_MISC_INFO flags1 bits. */
export const MiscInfoFlag = {
  ProcessId: 0x1,
  ProcessTimes: 0x2,
  ProcessorPowerInfo: 0x4,
  ProcessIntegrity: 0x10,
  ProcessExecuteFlags: 0x20,
  TimeZone: 0x40,
  ProtectedProcess: 0x80,
  BuildString: 0x100,
  ProcessCookie: 0x200,
} as const;

/** MDRawBreakpadInfo validity bits. */
export const BreakpadInfoValid = { DumpThreadId: 0x1, RequestingThreadId: 0x2 } as const;
