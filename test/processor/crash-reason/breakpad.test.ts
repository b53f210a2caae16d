// Unit cases for crashReason(), one table per OS family, with the strings Breakpad's
// MinidumpProcessor::GetCrashReason produces for them (minidump_processor.cc and its unittest).
import { describe, expect, it } from 'vitest';
import { crashReason, ntstatusName, type ExceptionInput } from '../../../src/processor/crash-reason/index.js';

const WIN = { os: 'Windows NT', platformId: 0x2 } as const;
const LINUX = { os: 'Linux', platformId: 0x8201 } as const;
const ANDROID = { os: 'Android', platformId: 0x8203 } as const;
const MAC = { os: 'Mac OS X', platformId: 0x8101 } as const;
const IOS = { os: 'iOS', platformId: 0x8102 } as const;

function input(base: { os: string; platformId: number }, cpu: string, code: number, flags = 0, parameters: bigint[] = [], extra: Partial<ExceptionInput> = {}): ExceptionInput {
  return { ...base, cpu, exceptionCode: code, exceptionFlags: flags, exceptionAddress: 0x1234n, parameters, ...extra };
}

type Case = [label: string, ExceptionInput, string];

describe('Windows', () => {
  const cases: Case[] = [
    ['AV read', input(WIN, 'x86', 0xc0000005, 0, [0n, 0x45n]), 'EXCEPTION_ACCESS_VIOLATION_READ'],
    ['AV write', input(WIN, 'x86', 0xc0000005, 0, [1n, 0x45n]), 'EXCEPTION_ACCESS_VIOLATION_WRITE'],
    ['AV exec (DEP)', input(WIN, 'amd64', 0xc0000005, 0, [8n, 0x45n]), 'EXCEPTION_ACCESS_VIOLATION_EXEC'],
    ['AV other kind', input(WIN, 'amd64', 0xc0000005, 0, [3n, 0x45n]), 'EXCEPTION_ACCESS_VIOLATION'],
    ['AV no params', input(WIN, 'amd64', 0xc0000005), 'EXCEPTION_ACCESS_VIOLATION'],
    ['AV kind truncated to 32 bits like the C++ enum cast', input(WIN, 'amd64', 0xc0000005, 0, [0x100000001n, 0n]), 'EXCEPTION_ACCESS_VIOLATION_WRITE'],
    ['in-page read + NTSTATUS', input(WIN, 'amd64', 0xc0000006, 0, [0n, 0x1000n, 0xc000009cn]), 'EXCEPTION_IN_PAGE_ERROR_READ / STATUS_DEVICE_DATA_ERROR'],
    ['in-page exec + NTSTATUS', input(WIN, 'amd64', 0xc0000006, 0, [8n, 0x1000n, 0xc000020cn]), 'EXCEPTION_IN_PAGE_ERROR_EXEC / STATUS_CONNECTION_DISCONNECTED'],
    ['in-page unknown NTSTATUS', input(WIN, 'amd64', 0xc0000006, 0, [1n, 0x1000n, 0x12345678n]), 'EXCEPTION_IN_PAGE_ERROR_WRITE / 0x12345678'],
    ['in-page two params', input(WIN, 'amd64', 0xc0000006, 0, [1n, 0x1000n]), 'EXCEPTION_IN_PAGE_ERROR_WRITE'],
    ['in-page odd kind', input(WIN, 'amd64', 0xc0000006, 0, [2n, 0x1000n, 0xc0000185n]), 'EXCEPTION_IN_PAGE_ERROR / STATUS_IO_DEVICE_ERROR'],
    ['fast fail 7', input(WIN, 'amd64', 0xc0000409, 1, [7n]), 'FAST_FAIL_FATAL_APP_EXIT'],
    ['fast fail 2', input(WIN, 'amd64', 0xc0000409, 1, [2n]), 'FAST_FAIL_STACK_COOKIE_CHECK_FAILURE'],
    ['fast fail 10 (CFG)', input(WIN, 'amd64', 0xc0000409, 1, [10n]), 'FAST_FAIL_GUARD_ICALL_CHECK_FAILURE'],
    ['fast fail 54 (SDK spelling)', input(WIN, 'amd64', 0xc0000409, 1, [54n]), 'FAST_FAIL_UNHANDLED_LSS_EXCEPTON'],
    ['fast fail 70', input(WIN, 'amd64', 0xc0000409, 1, [70n]), 'FAST_FAIL_INVALID_FLS_DATA'],
    ['fast fail 0 is skipped', input(WIN, 'amd64', 0xc0000409, 1, [0n]), 'EXCEPTION_STACK_BUFFER_OVERRUN'],
    ['fast fail unassigned 16', input(WIN, 'amd64', 0xc0000409, 1, [16n]), 'EXCEPTION_STACK_BUFFER_OVERRUN'],
    ['fast fail unknown', input(WIN, 'amd64', 0xc0000409, 1, [999n]), 'EXCEPTION_STACK_BUFFER_OVERRUN'],
    ['stack buffer overrun without params', input(WIN, 'amd64', 0xc0000409), 'EXCEPTION_STACK_BUFFER_OVERRUN'],
    ['ctrl-c', input(WIN, 'x86', 0x40010005), 'DBG_CONTROL_C'],
    ['guard page', input(WIN, 'x86', 0x80000001), 'EXCEPTION_GUARD_PAGE'],
    ['misalignment', input(WIN, 'x86', 0x80000002), 'EXCEPTION_DATATYPE_MISALIGNMENT'],
    ['breakpoint', input(WIN, 'x86', 0x80000003), 'EXCEPTION_BREAKPOINT'],
    ['single step', input(WIN, 'x86', 0x80000004), 'EXCEPTION_SINGLE_STEP'],
    ['invalid handle', input(WIN, 'x86', 0xc0000008), 'EXCEPTION_INVALID_HANDLE'],
    ['illegal instruction', input(WIN, 'x86', 0xc000001d), 'EXCEPTION_ILLEGAL_INSTRUCTION'],
    ['noncontinuable', input(WIN, 'x86', 0xc0000025), 'EXCEPTION_NONCONTINUABLE_EXCEPTION'],
    ['invalid disposition', input(WIN, 'x86', 0xc0000026), 'EXCEPTION_INVALID_DISPOSITION'],
    ['bounds', input(WIN, 'x86', 0xc000008c), 'EXCEPTION_BOUNDS_EXCEEDED'],
    ['flt denormal', input(WIN, 'x86', 0xc000008d), 'EXCEPTION_FLT_DENORMAL_OPERAND'],
    ['flt div zero', input(WIN, 'x86', 0xc000008e), 'EXCEPTION_FLT_DIVIDE_BY_ZERO'],
    ['flt inexact', input(WIN, 'x86', 0xc000008f), 'EXCEPTION_FLT_INEXACT_RESULT'],
    ['flt invalid', input(WIN, 'x86', 0xc0000090), 'EXCEPTION_FLT_INVALID_OPERATION'],
    ['flt overflow', input(WIN, 'x86', 0xc0000091), 'EXCEPTION_FLT_OVERFLOW'],
    ['flt stack check', input(WIN, 'x86', 0xc0000092), 'EXCEPTION_FLT_STACK_CHECK'],
    ['flt underflow', input(WIN, 'x86', 0xc0000093), 'EXCEPTION_FLT_UNDERFLOW'],
    ['int div zero', input(WIN, 'x86', 0xc0000094), 'EXCEPTION_INT_DIVIDE_BY_ZERO'],
    ['int overflow', input(WIN, 'x86', 0xc0000095), 'EXCEPTION_INT_OVERFLOW'],
    ['priv instruction', input(WIN, 'x86', 0xc0000096), 'EXCEPTION_PRIV_INSTRUCTION'],
    ['stack overflow', input(WIN, 'x86', 0xc00000fd), 'EXCEPTION_STACK_OVERFLOW'],
    ['bad function table', input(WIN, 'amd64', 0xc00000ff), 'EXCEPTION_BAD_FUNCTION_TABLE'],
    ['possible deadlock', input(WIN, 'x86', 0xc0000194), 'EXCEPTION_POSSIBLE_DEADLOCK'],
    ['heap corruption', input(WIN, 'amd64', 0xc0000374), 'EXCEPTION_HEAP_CORRUPTION'],
    ['chromium OOM', input(WIN, 'amd64', 0xe0000008), 'Out of Memory'],
    ['C++ exception', input(WIN, 'amd64', 0xe06d7363, 1, [0x19930520n]), 'Unhandled C++ Exception'],
    ['crashpad simulated', input(WIN, 'amd64', 0x0517a7ed), 'Simulated Exception'],
    ['unknown code (not looked up in NTSTATUS)', input(WIN, 'amd64', 0xc0000142, 0x1), '0xc0000142 / 0x00000001'],
    ['Windows 9x platform id decodes the same', input({ os: 'Windows', platformId: 0x1 }, 'x86', 0xc00000fd), 'EXCEPTION_STACK_OVERFLOW'],
  ];
  it.each(cases)('%s', (_label, value, expected) => {
    expect(crashReason(value).type).toBe(expected);
  });

  it('uses parameter 1 as the address of access violations and in-page errors', () => {
    expect(crashReason(input(WIN, 'amd64', 0xc0000005, 0, [1n, 0xdeadbeefcafen])).address).toBe(0xdeadbeefcafen);
    expect(crashReason(input(WIN, 'amd64', 0xc0000006, 0, [0n, 0x7000n, 0xc000009cn])).address).toBe(0x7000n);
    expect(crashReason(input(WIN, 'amd64', 0xc0000005, 0, [1n])).address).toBe(0x1234n);
    expect(crashReason(input(WIN, 'amd64', 0xc00000fd, 0, [1n, 0x9999n])).address).toBe(0x1234n);
  });

  it('masks 32-bit CPUs (minidump_32bit_crash_addr: sign-extended 0x45)', () => {
    expect(crashReason(input(WIN, 'x86', 0xc0000005, 0, [1n, 0xffffffff00000045n])).address).toBe(0x45n);
    expect(crashReason(input(WIN, 'amd64', 0xc0000005, 0, [1n, 0xffffffff00000045n])).address).toBe(0xffffffff00000045n);
    // Breakpad's list: x86, mips, ppc, shx, arm, x86-on-win64; ppc64/sparc/arm64 stay 64-bit.
    for (const cpu of ['mips', 'ppc', 'arm', '0x0004', '0x000a']) {
      expect(crashReason(input(LINUX, cpu, 11, 1, [], { exceptionAddress: 0xffffffff80001000n })).address, cpu).toBe(0x80001000n);
    }
    for (const cpu of ['sparc', 'ppc64', 'arm64', 'mips64']) {
      expect(crashReason(input(LINUX, cpu, 11, 1, [], { exceptionAddress: 0xffffffff80001000n })).address, cpu).toBe(0xffffffff80001000n);
    }
  });

  it('names the NTSTATUS table the way Breakpad does', () => {
    expect(ntstatusName(0xc0000005)).toBe('STATUS_ACCESS_VIOLATION');
    expect(ntstatusName(0xc0000409)).toBe('STATUS_STACK_BUFFER_OVERRUN');
    expect(ntstatusName(0xc0000001)).toBe('STATUS_UNSUCCESSFUL');
    expect(ntstatusName(0x00000000)).toBeUndefined();
  });
});

describe('Linux and Android', () => {
  const cases: Case[] = [
    ['SIGSEGV MAPERR (no space after the slash, as Breakpad writes it)', input(LINUX, 'amd64', 11, 1), 'SIGSEGV /SEGV_MAPERR'],
    ['SIGSEGV ACCERR', input(LINUX, 'amd64', 11, 2), 'SIGSEGV /SEGV_ACCERR'],
    ['SIGSEGV BNDERR', input(LINUX, 'amd64', 11, 3), 'SIGSEGV /SEGV_BNDERR'],
    ['SIGSEGV PKUERR', input(ANDROID, 'arm64', 11, 4), 'SIGSEGV /SEGV_PKUERR'],
    ['SIGSEGV SI_KERNEL', input(LINUX, 'amd64', 11, 0x80), 'SIGSEGV /0x00000080'],
    ['SIGSEGV code 0', input(LINUX, 'amd64', 11, 0), 'SIGSEGV /0x00000000'],
    ['SIGILL ILLOPC', input(LINUX, 'amd64', 4, 1), 'SIGILL / ILL_ILLOPC'],
    ['SIGILL ILLOPN', input(LINUX, 'amd64', 4, 2), 'SIGILL / ILL_ILLOPN'],
    ['SIGILL BADSTK', input(LINUX, 'amd64', 4, 8), 'SIGILL / ILL_BADSTK'],
    ['SIGILL BADIADDR is unknown to Breakpad', input(LINUX, 'amd64', 4, 9), 'SIGILL / 0x00000009'],
    ['SIGFPE INTDIV', input(LINUX, 'amd64', 8, 1), 'SIGFPE / FPE_INTDIV'],
    ['SIGFPE FLTSUB', input(LINUX, 'amd64', 8, 8), 'SIGFPE / FPE_FLTSUB'],
    ['SIGFPE code 0', input(LINUX, 'amd64', 8, 0), 'SIGFPE / 0x00000000'],
    ['SIGBUS ADRALN', input(LINUX, 'arm', 7, 1), 'SIGBUS / BUS_ADRALN'],
    ['SIGBUS ADRERR', input(LINUX, 'arm', 7, 2), 'SIGBUS / BUS_ADRERR'],
    ['SIGBUS OBJERR', input(LINUX, 'arm', 7, 3), 'SIGBUS / BUS_OBJERR'],
    ['SIGBUS MCEERR_AR', input(LINUX, 'amd64', 7, 4), 'SIGBUS / BUS_MCEERR_AR'],
    ['SIGBUS MCEERR_AO', input(LINUX, 'amd64', 7, 5), 'SIGBUS / BUS_MCEERR_AO'],
    ['SIGABRT ignores si_code', input(LINUX, 'amd64', 6, 0xfffffffa), 'SIGABRT'],
    ['SIGTRAP ignores si_code', input(LINUX, 'amd64', 5, 1), 'SIGTRAP'],
    ['SIGSYS', input(ANDROID, 'arm64', 31, 1), 'SIGSYS'],
    ['SIGHUP', input(LINUX, 'amd64', 1), 'SIGHUP'],
    ['SIGKILL', input(LINUX, 'amd64', 9), 'SIGKILL'],
    ['SIGSTKFLT', input(LINUX, 'amd64', 16), 'SIGSTKFLT'],
    ['SIGPWR', input(LINUX, 'amd64', 30), 'SIGPWR'],
    ['dump requested', input(LINUX, 'amd64', 0xffffffff), 'DUMP_REQUESTED'],
    ['realtime signal is unknown', input(LINUX, 'amd64', 34, 0xfffffffa), '0x00000022 / 0xfffffffa'],
    ['Android uses the Linux table', input(ANDROID, 'arm', 11, 2), 'SIGSEGV /SEGV_ACCERR'],
  ];
  it.each(cases)('%s', (_label, value, expected) => {
    expect(crashReason(value).type).toBe(expected);
  });

  it('reports the exception address, even with parameters present', () => {
    expect(crashReason(input(LINUX, 'amd64', 11, 1, [5n, 6n], { exceptionAddress: 0x7fff0000n })).address).toBe(0x7fff0000n);
  });
});

describe('macOS and iOS', () => {
  const ARM64_OLD = { processorArchitecture: 0x8003 };
  const cases: Case[] = [
    ['bad access invalid address', input(MAC, 'amd64', 1, 1), 'EXC_BAD_ACCESS / KERN_INVALID_ADDRESS'],
    ['bad access protection failure', input(MAC, 'x86', 1, 2), 'EXC_BAD_ACCESS / KERN_PROTECTION_FAILURE'],
    ['bad access no access', input(IOS, 'arm64', 1, 8), 'EXC_BAD_ACCESS / KERN_NO_ACCESS'],
    ['bad access memory failure', input(MAC, 'amd64', 1, 9), 'EXC_BAD_ACCESS / KERN_MEMORY_FAILURE'],
    ['bad access memory error', input(MAC, 'amd64', 1, 10), 'EXC_BAD_ACCESS / KERN_MEMORY_ERROR'],
    ['bad access codesign', input(IOS, 'arm64', 1, 50), 'EXC_BAD_ACCESS / KERN_CODESIGN_ERROR'],
    ['bad access GPF on x86', input(MAC, 'amd64', 1, 13), 'EXC_BAD_ACCESS / EXC_I386_GPFLT'],
    ['bad access DA_ALIGN on arm', input(IOS, 'arm', 1, 0x101), 'EXC_BAD_ACCESS / EXC_ARM_DA_ALIGN'],
    ['bad access DA_DEBUG on ARM64_OLD', input(IOS, 'arm64', 1, 0x102, [], ARM64_OLD), 'EXC_BAD_ACCESS / EXC_ARM_DA_DEBUG'],
    ['bad access DA_ALIGN on ARM64 (12) is not decoded', input(IOS, 'arm64', 1, 0x101), 'EXC_BAD_ACCESS / 0x00000101'],
    ['bad access ppc', input(MAC, 'ppc', 1, 0x103), 'EXC_BAD_ACCESS / EXC_PPC_UNALIGNED'],
    ['bad access KERN_FAILURE is unknown to Breakpad', input(MAC, 'amd64', 1, 5), 'EXC_BAD_ACCESS / 0x00000005'],
    ['bad instruction x86 invop', input(MAC, 'amd64', 2, 1), 'EXC_BAD_INSTRUCTION / EXC_I386_INVOP'],
    ['bad instruction x86 GPF', input(MAC, 'x86', 2, 13), 'EXC_BAD_INSTRUCTION / EXC_I386_GPFLT'],
    ['bad instruction x86 align', input(MAC, 'amd64', 2, 17), 'EXC_BAD_INSTRUCTION / EXC_I386_ALIGNFLT'],
    ['bad instruction arm undefined', input(IOS, 'arm', 2, 1), 'EXC_BAD_INSTRUCTION / EXC_ARM_UNDEFINED'],
    ['bad instruction ppc privinst', input(MAC, 'ppc', 2, 3), 'EXC_BAD_INSTRUCTION / EXC_PPC_PRIVINST'],
    ['bad instruction arm64', input(MAC, 'arm64', 2, 1), 'EXC_BAD_INSTRUCTION / 0x00000001'],
    ['arithmetic x86 div', input(MAC, 'amd64', 3, 1), 'EXC_ARITHMETIC / EXC_I386_DIV'],
    ['arithmetic x86 sse', input(MAC, 'amd64', 3, 8), 'EXC_ARITHMETIC / EXC_I386_SSEEXTERR'],
    ['arithmetic ppc inexact', input(MAC, 'ppc', 3, 3), 'EXC_ARITHMETIC / EXC_FLT_INEXACT'],
    ['arithmetic ppc altivec', input(MAC, 'ppc', 3, 9), 'EXC_ARITHMETIC / EXC_PPC_ALTIVECASSIST'],
    ['arithmetic arm is not decoded', input(IOS, 'arm', 3, 1), 'EXC_ARITHMETIC / 0x00000001'],
    ['emulation', input(MAC, 'ppc', 4, 8), 'EXC_EMULATION / 0x00000008'],
    ['software abort', input(MAC, 'amd64', 5, 0x10002), 'EXC_SOFTWARE / SIGABRT'],
    ['software NSException', input(IOS, 'arm64', 5, 0xdeadc0de), 'EXC_SOFTWARE / UNCAUGHT_NS_EXCEPTION'],
    ['software ppc trap', input(MAC, 'ppc', 5, 1), 'EXC_SOFTWARE / EXC_PPC_TRAP'],
    ['software SIGSYS is not decoded', input(MAC, 'amd64', 5, 0x10000), 'EXC_SOFTWARE / 0x00010000'],
    ['breakpoint x86 sgl', input(MAC, 'amd64', 6, 1), 'EXC_BREAKPOINT / EXC_I386_SGL'],
    ['breakpoint x86 bpt', input(MAC, 'amd64', 6, 2), 'EXC_BREAKPOINT / EXC_I386_BPT'],
    ['breakpoint arm', input(IOS, 'arm', 6, 1), 'EXC_BREAKPOINT / EXC_ARM_BREAKPOINT'],
    ['breakpoint ARM64_OLD', input(IOS, 'arm64', 6, 0x101, [], ARM64_OLD), 'EXC_BREAKPOINT / EXC_ARM_DA_ALIGN'],
    ['breakpoint ppc', input(MAC, 'ppc', 6, 1), 'EXC_BREAKPOINT / EXC_PPC_BREAKPOINT'],
    ['breakpoint arm64', input(MAC, 'arm64', 6, 1), 'EXC_BREAKPOINT / 0x00000001'],
    ['syscall', input(MAC, 'amd64', 7, 3), 'EXC_SYSCALL / 0x00000003'],
    ['mach syscall', input(MAC, 'amd64', 8, 3), 'EXC_MACH_SYSCALL / 0x00000003'],
    ['rpc alert', input(MAC, 'amd64', 9, 3), 'EXC_RPC_ALERT / 0x00000003'],
    ['resource', input(MAC, 'amd64', 11, 0x20000000), 'EXC_RESOURCE / 0x20000000'],
    ['guard', input(IOS, 'arm64', 12, 0x40000000), 'EXC_GUARD / 0x40000000'],
    ['crashpad simulated', input(MAC, 'amd64', 0x43507378), 'Simulated Exception'],
    ['crashpad uncaught NSException', input(IOS, 'amd64', 0x43506e78), 'Uncaught NSException'],
    ['unknown exception', input(MAC, 'amd64', 10, 7), '0x0000000a / 0x00000007'],
  ];
  it.each(cases)('%s', (_label, value, expected) => {
    expect(crashReason(value).type).toBe(expected);
  });
});

describe('Solaris, PS3, Fuchsia and unknown platforms', () => {
  const SOL = { os: 'Solaris', platformId: 0x8202 };
  const PS3 = { os: 'PS3', platformId: 0x8204 };
  const FUCHSIA = { os: 'Fuchsia', platformId: 0x8206 };
  const cases: Case[] = [
    ['solaris SIGSEGV', input(SOL, 'sparc', 11), 'SIGSEGV'],
    ['solaris SIGBUS is 10', input(SOL, 'sparc', 10), 'SIGBUS'],
    ['solaris abort alias', input(SOL, 'x86', 6), 'SIGIOT | SIGABRT'],
    ['solaris child alias', input(SOL, 'x86', 18), 'SIGCLD | SIGCHLD'],
    ['solaris poll alias', input(SOL, 'x86', 22), 'SIGPOLL | SIGIO'],
    ['solaris SIGJVM2', input(SOL, 'x86', 40), 'SIGJVM2'],
    ['solaris unknown', input(SOL, 'x86', 41, 2), '0x00000029 / 0x00000002'],
    ['ps3 unknown (code 0)', input(PS3, 'ppc', 0), 'UNKNOWN'],
    ['ps3 data storage', input(PS3, 'ppc', 6), 'DATA_STORAGE'],
    ['ps3 halt-instr unknown', input(PS3, 'ppc', 20), 'COPRO_HALTINSTR_UNKNOWN'],
    ['ps3 graphic', input(PS3, 'ppc', 22), 'GRAPHIC'],
    ['ps3 out of range', input(PS3, 'ppc', 23), '0x00000017 / 0x00000000'],
    ['fuchsia page fault', input(FUCHSIA, 'arm64', 0x108, 0x20), 'FATAL_PAGE_FAULT / 0x00000020'],
    ['fuchsia general', input(FUCHSIA, 'amd64', 0x8), 'GENERAL / 0x00000000'],
    ['fuchsia process starting', input(FUCHSIA, 'amd64', 0x8308), 'PROCESS_STARTING / 0x00000000'],
    ['fuchsia unknown', input(FUCHSIA, 'amd64', 0x9), '0x00000009 / 0x00000000'],
    ['NaCl is not decoded', input({ os: 'NaCl', platformId: 0x8205 }, 'x86', 11, 1), '0x0000000b / 0x00000001'],
    ['unknown platform', input({ os: '0x00001234', platformId: 0x1234 }, 'x86', 0xc0000005, 0, [1n, 2n]), '0xc0000005 / 0x00000000'],
  ];
  it.each(cases)('%s', (_label, value, expected) => {
    expect(crashReason(value).type).toBe(expected);
  });

  it('does not apply the Windows address rule elsewhere', () => {
    expect(crashReason(input({ os: 'Linux', platformId: 0x8201 }, 'amd64', 0xc0000005, 0, [1n, 2n])).address).toBe(0x1234n);
  });
});

describe('robustness', () => {
  it('falls back to the os string when platformId is not a number', () => {
    const value = { ...input(LINUX, 'amd64', 11, 1), platformId: Number.NaN };
    expect(crashReason(value).type).toBe('SIGSEGV /SEGV_MAPERR');
  });

  it('wraps and truncates numbers like uint32 casts', () => {
    expect(crashReason(input(LINUX, 'amd64', 11 + 2 ** 32, 1)).type).toBe('SIGSEGV /SEGV_MAPERR');
    expect(crashReason(input(LINUX, 'amd64', -1)).type).toBe('DUMP_REQUESTED');
    expect(crashReason(input(LINUX, 'amd64', 11.9, 1.2)).type).toBe('SIGSEGV /SEGV_MAPERR');
    expect(crashReason(input(WIN, 'x86', -1073741819, 0, [1n, 5n])).type).toBe('EXCEPTION_ACCESS_VIOLATION_WRITE');
  });

  it('never throws on junk', () => {
    const junk: unknown[] = [
      undefined,
      null,
      {},
      { os: 42, platformId: 'x', cpu: null, exceptionCode: Number.NaN, exceptionFlags: Infinity, exceptionAddress: 'z', parameters: 'no' },
      { os: 'Windows NT', platformId: 2, cpu: 'x86', exceptionCode: 0xc0000005, exceptionFlags: 0, exceptionAddress: -1n, parameters: [-1n, -5n, 3.5, 'x', null] },
      { os: 'Windows NT', platformId: 2, cpu: 'amd64', exceptionCode: 0xc0000006, exceptionFlags: 0, exceptionAddress: 2n ** 80n, parameters: [8n, 2n ** 70n, 2n ** 64n - 1n] },
      { os: 'Mac OS X', platformId: 0x8101, cpu: 'amd64', exceptionCode: 1n, exceptionFlags: 2n, exceptionAddress: 0, parameters: [] },
    ];
    for (const value of junk) {
      const got = crashReason(value as ExceptionInput);
      expect(typeof got.type).toBe('string');
      expect(typeof got.address).toBe('bigint');
      expect(got.address >= 0n && got.address < 2n ** 64n).toBe(true);
    }
  });

  it('formats junk as Breakpad would', () => {
    expect(crashReason({} as ExceptionInput)).toEqual({ type: '0x00000000 / 0x00000000', address: 0n });
    const negative = { ...input(WIN, 'x86', 0xc0000005, 0, [1n, -5n]) };
    expect(crashReason(negative).address).toBe(0xfffffffbn);
  });
});
