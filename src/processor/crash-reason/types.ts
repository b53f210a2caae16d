/** The exception fields a crash reason is computed from, as read from a minidump. */
export interface ExceptionInput {
  /** Breakpad's OS name ('Windows NT', 'Linux', 'Mac OS X', ...). Only used when platformId is not a number. */
  os: string;
  /** MINIDUMP_SYSTEM_INFO.PlatformId (0x2 Windows NT, 0x8101 macOS, 0x8201 Linux, 0x8203 Android, ...). */
  platformId: number;
  /** Breakpad's CPU name ('x86', 'amd64', 'arm', 'arm64', 'mips', 'ppc', ...). */
  cpu: string;
  /**
   * MINIDUMP_SYSTEM_INFO.ProcessorArchitecture, when known. Optional because `cpu` usually
   * determines it, except that Breakpad names both ARM64 (12) and its own ARM64_OLD (0x8003)
   * 'arm64' while decoding macOS/iOS codes differently for them. Without it 'arm64' means 12.
   */
  processorArchitecture?: number;
  exceptionCode: number;
  exceptionFlags: number;
  exceptionAddress: bigint;
  /** ExceptionInformation[0..NumberParameters). */
  parameters: bigint[];
}

export interface CrashReason {
  /** Crash reason string, e.g. 'EXCEPTION_ACCESS_VIOLATION_READ' or 'SIGSEGV /SEGV_MAPERR'. */
  type: string;
  /** Crash address: the faulting data address for Windows access violations, else the exception address. */
  address: bigint;
}
