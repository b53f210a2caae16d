// macOS/iOS Mach exceptions (minidump_exception_mac.h in Breakpad; mach/exception_types.h,
// mach/kern_return.h, mach/{i386,arm,ppc}/exception.h). ExceptionCode holds the Mach exception
// type and ExceptionFlags its first code, whose meaning often depends on the CPU.

export const MAC_EXCEPTION = {
  BAD_ACCESS: 1,
  BAD_INSTRUCTION: 2,
  ARITHMETIC: 3,
  EMULATION: 4,
  SOFTWARE: 5,
  BREAKPOINT: 6,
  SYSCALL: 7,
  MACH_SYSCALL: 8,
  RPC_ALERT: 9,
  RESOURCE: 11,
  GUARD: 12,
  /** Crashpad's SimulateCrash ('CPsx'). */
  SIMULATED: 0x43507378,
  /** Crashpad's uncaught NSException ('CPnx'). */
  NS_EXCEPTION_SIMULATED: 0x43506e78,
} as const;

/** Mach exception type names, as both processors print them before " / ". */
export const MAC_EXCEPTION_NAMES: ReadonlyMap<number, string> = new Map([
  [MAC_EXCEPTION.BAD_ACCESS, 'EXC_BAD_ACCESS'],
  [MAC_EXCEPTION.BAD_INSTRUCTION, 'EXC_BAD_INSTRUCTION'],
  [MAC_EXCEPTION.ARITHMETIC, 'EXC_ARITHMETIC'],
  [MAC_EXCEPTION.EMULATION, 'EXC_EMULATION'],
  [MAC_EXCEPTION.SOFTWARE, 'EXC_SOFTWARE'],
  [MAC_EXCEPTION.BREAKPOINT, 'EXC_BREAKPOINT'],
  [MAC_EXCEPTION.SYSCALL, 'EXC_SYSCALL'],
  [MAC_EXCEPTION.MACH_SYSCALL, 'EXC_MACH_SYSCALL'],
  [MAC_EXCEPTION.RPC_ALERT, 'EXC_RPC_ALERT'],
  [MAC_EXCEPTION.RESOURCE, 'EXC_RESOURCE'],
  [MAC_EXCEPTION.GUARD, 'EXC_GUARD'],
]);

/** Which per-CPU code table applies. */
export type MacCpuFamily = 'arm' | 'ppc' | 'x86';

type CodeTable = ReadonlyMap<number, string>;
const table = (entries: [number, string][]): CodeTable => new Map(entries);

/** kern_return_t codes of EXC_BAD_ACCESS, valid on every CPU. KERN_FAILURE is rust-minidump only. */
export const MAC_KERN_CODES: CodeTable = table([
  [1, 'KERN_INVALID_ADDRESS'],
  [2, 'KERN_PROTECTION_FAILURE'],
  [8, 'KERN_NO_ACCESS'],
  [9, 'KERN_MEMORY_FAILURE'],
  [10, 'KERN_MEMORY_ERROR'],
  [50, 'KERN_CODESIGN_ERROR'],
]);
export const MAC_KERN_FAILURE = 5;

/** EXC_SOFTWARE codes (CPU independent; the PPC ones are harmless elsewhere). */
export const MAC_SOFTWARE_CODES: CodeTable = table([
  [0x00010002, 'SIGABRT'],
  [0xdeadc0de, 'UNCAUGHT_NS_EXCEPTION'],
  [0x00000001, 'EXC_PPC_TRAP'],
  [0x00010100, 'EXC_PPC_MIGRATE'],
]);

/** CPU-specific code tables per Mach exception type. */
export const MAC_CPU_CODES: ReadonlyMap<number, Partial<Record<MacCpuFamily, CodeTable>>> = new Map([
  [
    MAC_EXCEPTION.BAD_ACCESS,
    {
      arm: table([[0x0101, 'EXC_ARM_DA_ALIGN'], [0x0102, 'EXC_ARM_DA_DEBUG']]),
      ppc: table([[0x0101, 'EXC_PPC_VM_PROT_READ'], [0x0102, 'EXC_PPC_BADSPACE'], [0x0103, 'EXC_PPC_UNALIGNED']]),
      x86: table([[13, 'EXC_I386_GPFLT']]),
    },
  ],
  [
    MAC_EXCEPTION.BAD_INSTRUCTION,
    {
      arm: table([[1, 'EXC_ARM_UNDEFINED']]),
      ppc: table([
        [1, 'EXC_PPC_INVALID_SYSCALL'],
        [2, 'EXC_PPC_UNIPL_INST'],
        [3, 'EXC_PPC_PRIVINST'],
        [4, 'EXC_PPC_PRIVREG'],
        [5, 'EXC_PPC_TRACE'],
        [6, 'EXC_PPC_PERFMON'],
      ]),
      // 1 is EXC_I386_INVOP; the rest are raw x86 interrupt numbers that reach user space.
      x86: table([
        [1, 'EXC_I386_INVOP'],
        [10, 'EXC_I386_INVTSSFLT'],
        [11, 'EXC_I386_SEGNPFLT'],
        [12, 'EXC_I386_STKFLT'],
        [13, 'EXC_I386_GPFLT'],
        [17, 'EXC_I386_ALIGNFLT'],
      ]),
    },
  ],
  [
    MAC_EXCEPTION.ARITHMETIC,
    {
      // 8 and 9 are documented for EXC_EMULATION but Breakpad decodes them here; so do we.
      ppc: table([
        [1, 'EXC_PPC_OVERFLOW'],
        [2, 'EXC_PPC_ZERO_DIVIDE'],
        [3, 'EXC_FLT_INEXACT'],
        [4, 'EXC_PPC_FLT_ZERO_DIVIDE'],
        [5, 'EXC_PPC_FLT_UNDERFLOW'],
        [6, 'EXC_PPC_FLT_OVERFLOW'],
        [7, 'EXC_PPC_FLT_NOT_A_NUMBER'],
        [8, 'EXC_PPC_NOEMULATION'],
        [9, 'EXC_PPC_ALTIVECASSIST'],
      ]),
      x86: table([
        [1, 'EXC_I386_DIV'],
        [2, 'EXC_I386_INTO'],
        [3, 'EXC_I386_NOEXT'],
        [4, 'EXC_I386_EXTOVR'],
        [5, 'EXC_I386_EXTERR'],
        [6, 'EXC_I386_EMERR'],
        [7, 'EXC_I386_BOUND'],
        [8, 'EXC_I386_SSEEXTERR'],
      ]),
    },
  ],
  [
    MAC_EXCEPTION.BREAKPOINT,
    {
      arm: table([[0x0101, 'EXC_ARM_DA_ALIGN'], [0x0102, 'EXC_ARM_DA_DEBUG'], [1, 'EXC_ARM_BREAKPOINT']]),
      ppc: table([[1, 'EXC_PPC_BREAKPOINT']]),
      x86: table([[1, 'EXC_I386_SGL'], [2, 'EXC_I386_BPT']]),
    },
  ],
]);

/**
 * rust-minidump's EXC_ARITHMETIC codes on arm64 (mach/arm/exception.h EXC_ARM_FP_*), which
 * Breakpad does not decode.
 */
export const MAC_ARM_ARITHMETIC_CODES: CodeTable = table([
  [1, 'EXC_ARM_FP_IO'],
  [2, 'EXC_ARM_FP_DZ'],
  [3, 'EXC_ARM_FP_OF'],
  [4, 'EXC_ARM_FP_UF'],
  [5, 'EXC_ARM_FP_IX'],
  [6, 'EXC_ARM_FP_ID'],
]);
