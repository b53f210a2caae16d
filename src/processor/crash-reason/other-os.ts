// Exception codes of the less common platforms Breakpad decodes: Solaris signals, PS3 and
// Fuchsia (minidump_exception_{solaris,ps3,fuchsia}.h). Names as GetCrashReason prints them,
// including its "A | B" spelling for Solaris aliases.

/** Solaris signal numbers to Breakpad's reason strings. */
export const SOLARIS_SIGNAL_REASONS: ReadonlyMap<number, string> = new Map([
  [1, 'SIGHUP'],
  [2, 'SIGINT'],
  [3, 'SIGQUIT'],
  [4, 'SIGILL'],
  [5, 'SIGTRAP'],
  [6, 'SIGIOT | SIGABRT'],
  [7, 'SIGEMT'],
  [8, 'SIGFPE'],
  [9, 'SIGKILL'],
  [10, 'SIGBUS'],
  [11, 'SIGSEGV'],
  [12, 'SIGSYS'],
  [13, 'SIGPIPE'],
  [14, 'SIGALRM'],
  [15, 'SIGTERM'],
  [16, 'SIGUSR1'],
  [17, 'SIGUSR2'],
  [18, 'SIGCLD | SIGCHLD'],
  [19, 'SIGPWR'],
  [20, 'SIGWINCH'],
  [21, 'SIGURG'],
  [22, 'SIGPOLL | SIGIO'],
  [23, 'SIGSTOP'],
  [24, 'SIGTSTP'],
  [25, 'SIGCONT'],
  [26, 'SIGTTIN'],
  [27, 'SIGTTOU'],
  [28, 'SIGVTALRM'],
  [29, 'SIGPROF'],
  [30, 'SIGXCPU'],
  [31, 'SIGXFSZ'],
  [32, 'SIGWAITING'],
  [33, 'SIGLWP'],
  [34, 'SIGFREEZE'],
  [35, 'SIGTHAW'],
  [36, 'SIGCANCEL'],
  [37, 'SIGLOST'],
  [38, 'SIGXRES'],
  [39, 'SIGJVM1'],
  [40, 'SIGJVM2'],
]);

/** PS3 exception codes (0..22) to Breakpad's reason strings; the index is the code. */
const PS3_REASONS = [
  'UNKNOWN', 'TRAP_EXCEP', 'PRIV_INSTR', 'ILLEGAL_INSTR', 'INSTR_STORAGE', 'INSTR_SEGMENT',
  'DATA_STORAGE', 'DATA_SEGMENT', 'FLOAT_POINT', 'DABR_MATCH', 'ALIGN_EXCEP', 'MEMORY_ACCESS',
  'COPRO_ALIGN', 'COPRO_INVALID_COM', 'COPRO_ERR', 'COPRO_FIR', 'COPRO_DATA_SEGMENT',
  'COPRO_DATA_STORAGE', 'COPRO_STOP_INSTR', 'COPRO_HALT_INSTR', 'COPRO_HALTINSTR_UNKNOWN',
  'COPRO_MEMORY_ACCESS', 'GRAPHIC',
] as const;

export const PS3_EXCEPTION_REASONS: ReadonlyMap<number, string> = new Map(
  PS3_REASONS.map((name, code) => [code, name] as const),
);

/** Fuchsia exception types (zircon ZX_EXCP_*); Breakpad appends " / " and the flags in hex. */
export const FUCHSIA_EXCEPTION_NAMES: ReadonlyMap<number, string> = new Map([
  [0x8, 'GENERAL'],
  [0x108, 'FATAL_PAGE_FAULT'],
  [0x208, 'UNDEFINED_INSTRUCTION'],
  [0x308, 'SW_BREAKPOINT'],
  [0x408, 'HW_BREAKPOINT'],
  [0x508, 'UNALIGNED_ACCESS'],
  [0x8008, 'THREAD_STARTING'],
  [0x8108, 'THREAD_EXITING'],
  [0x8208, 'POLICY_ERROR'],
  [0x8308, 'PROCESS_STARTING'],
]);
