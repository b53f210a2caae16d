// Linux/Android signal numbers and si_code names (minidump_exception_linux.h in Breakpad; the
// kernel's asm-generic/signal.h and siginfo.h). On Linux, MINIDUMP_EXCEPTION.ExceptionCode is
// the signal number and ExceptionFlags the si_code.

/** Linux signal numbers (generic/x86/arm numbering) to names. */
export const LINUX_SIGNAL_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'SIGHUP'],
  [2, 'SIGINT'],
  [3, 'SIGQUIT'],
  [4, 'SIGILL'],
  [5, 'SIGTRAP'],
  [6, 'SIGABRT'],
  [7, 'SIGBUS'],
  [8, 'SIGFPE'],
  [9, 'SIGKILL'],
  [10, 'SIGUSR1'],
  [11, 'SIGSEGV'],
  [12, 'SIGUSR2'],
  [13, 'SIGPIPE'],
  [14, 'SIGALRM'],
  [15, 'SIGTERM'],
  [16, 'SIGSTKFLT'],
  [17, 'SIGCHLD'],
  [18, 'SIGCONT'],
  [19, 'SIGSTOP'],
  [20, 'SIGTSTP'],
  [21, 'SIGTTIN'],
  [22, 'SIGTTOU'],
  [23, 'SIGURG'],
  [24, 'SIGXCPU'],
  [25, 'SIGXFSZ'],
  [26, 'SIGVTALRM'],
  [27, 'SIGPROF'],
  [28, 'SIGWINCH'],
  [29, 'SIGIO'],
  [30, 'SIGPWR'],
  [31, 'SIGSYS'],
]);

export const LINUX_SIGNAL = {
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGSEGV: 11,
  SIGSYS: 31,
} as const;

/** Breakpad's pseudo exception code for a dump written on request, without a crash. */
export const LINUX_DUMP_REQUESTED = 0xffffffff;

/** Generic si_code values (not signal specific); negative ones are stored as uint32 in the dump. */
export const LINUX_SI_CODE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'SI_USER'],
  [0x80, 'SI_KERNEL'],
  [-1, 'SI_QUEUE'],
  [-2, 'SI_TIMER'],
  [-3, 'SI_MESGQ'],
  [-4, 'SI_ASYNCIO'],
  [-5, 'SI_SIGIO'],
  [-6, 'SI_TKILL'],
  [-7, 'SI_DETHREAD'],
  [-60, 'SI_ASYNCNL'],
]);

// Signal-specific si_code names, in kernel order starting at 1. Breakpad knows only a prefix of
// some lists (noted per list); rust-minidump knows them all.
const ILL_CODES = ['ILL_ILLOPC', 'ILL_ILLOPN', 'ILL_ILLADR', 'ILL_ILLTRP', 'ILL_PRVOPC', 'ILL_PRVREG', 'ILL_COPROC', 'ILL_BADSTK', 'ILL_BADIADDR'];
const FPE_CODES = ['FPE_INTDIV', 'FPE_INTOVF', 'FPE_FLTDIV', 'FPE_FLTOVF', 'FPE_FLTUND', 'FPE_FLTRES', 'FPE_FLTINV', 'FPE_FLTSUB'];
const SEGV_CODES = ['SEGV_MAPERR', 'SEGV_ACCERR', 'SEGV_BNDERR', 'SEGV_PKUERR'];
const BUS_CODES = ['BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR', 'BUS_MCEERR_AR', 'BUS_MCEERR_AO'];
const TRAP_CODES = ['TRAP_BRKPT', 'TRAP_TRACE', 'TRAP_BRANCH', 'TRAP_HWBKPT', 'TRAP_UNK', 'TRAP_PERF'];
const SYS_CODES = ['SYS_SECCOMP', 'SYS_USER_DISPATCH'];

function numbered(names: readonly string[], count = names.length): ReadonlyMap<number, string> {
  return new Map(names.slice(0, count).map((name, i) => [i + 1, name] as const));
}

/** si_code names per signal as Breakpad's GetCrashReason decodes them (SIGILL stops at ILL_BADSTK). */
export const BREAKPAD_LINUX_SI_CODES: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
  [LINUX_SIGNAL.SIGILL, numbered(ILL_CODES, 8)],
  [LINUX_SIGNAL.SIGFPE, numbered(FPE_CODES)],
  [LINUX_SIGNAL.SIGSEGV, numbered(SEGV_CODES)],
  [LINUX_SIGNAL.SIGBUS, numbered(BUS_CODES)],
]);

/** si_code names per signal as rust-minidump decodes them. */
export const RUST_LINUX_SI_CODES: ReadonlyMap<number, ReadonlyMap<number, string>> = new Map([
  [LINUX_SIGNAL.SIGILL, numbered(ILL_CODES)],
  [LINUX_SIGNAL.SIGTRAP, numbered(TRAP_CODES)],
  [LINUX_SIGNAL.SIGFPE, numbered(FPE_CODES)],
  [LINUX_SIGNAL.SIGSEGV, numbered(SEGV_CODES)],
  [LINUX_SIGNAL.SIGBUS, numbered(BUS_CODES)],
  [LINUX_SIGNAL.SIGSYS, numbered(SYS_CODES)],
]);

/** Name of a Linux signal number, e.g. 11 -> 'SIGSEGV'; undefined when unknown. */
export function linuxSignalName(signal: number): string | undefined {
  return LINUX_SIGNAL_NAMES.get(signal);
}

/**
 * Name of an si_code for a signal: the signal-specific name when there is one, else the generic
 * SI_* name (si_code is signed in the kernel, so 0xfffffffa is SI_TKILL); undefined when unknown.
 */
export function linuxSiCodeName(signal: number, siCode: number): string | undefined {
  const specific = siCode > 0 ? RUST_LINUX_SI_CODES.get(signal)?.get(siCode) : undefined;
  return specific ?? LINUX_SI_CODE_NAMES.get(siCode | 0);
}
