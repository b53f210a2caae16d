// Unit cases for crashReasonRust(): rust-minidump's spelling of the same exceptions
// (minidump crate CrashReason::from_exception + its Display impl, get_crash_address).
import { describe, expect, it } from 'vitest';
import {
  crashReason,
  crashReasonRust,
  linuxSiCodeName,
  linuxSignalName,
  ntstatusExtraName,
  winErrorName,
  type ExceptionInput,
} from '../../../src/processor/crash-reason/index.js';

const WIN = { os: 'Windows NT', platformId: 0x2 } as const;
const LINUX = { os: 'Linux', platformId: 0x8201 } as const;
const MAC = { os: 'Mac OS X', platformId: 0x8101 } as const;
const IOS = { os: 'iOS', platformId: 0x8102 } as const;

function input(base: { os: string; platformId: number }, cpu: string, code: number, flags = 0, parameters: bigint[] = [], extra: Partial<ExceptionInput> = {}): ExceptionInput {
  return { ...base, cpu, exceptionCode: code, exceptionFlags: flags, exceptionAddress: 0x1234n, parameters, ...extra };
}

type Case = [label: string, ExceptionInput, string];

describe('crashReasonRust: Windows', () => {
  const cases: Case[] = [
    ['AV read', input(WIN, 'x86', 0xc0000005, 0, [0n, 0x45n]), 'EXCEPTION_ACCESS_VIOLATION_READ'],
    ['AV exec', input(WIN, 'amd64', 0xc0000005, 0, [8n, 0x45n]), 'EXCEPTION_ACCESS_VIOLATION_EXEC'],
    ['AV odd kind', input(WIN, 'amd64', 0xc0000005, 0, [3n, 0x45n]), 'EXCEPTION_ACCESS_VIOLATION'],
    ['AV kind must match exactly', input(WIN, 'amd64', 0xc0000005, 0, [0x100000001n, 0n]), 'EXCEPTION_ACCESS_VIOLATION'],
    ['in-page with NTSTATUS', input(WIN, 'amd64', 0xc0000006, 0, [0n, 0x1000n, 0xc000009cn]), 'EXCEPTION_IN_PAGE_ERROR_READ / STATUS_DEVICE_DATA_ERROR'],
    ['in-page unknown NTSTATUS', input(WIN, 'amd64', 0xc0000006, 0, [1n, 0x1000n, 0x12345678n]), 'EXCEPTION_IN_PAGE_ERROR_WRITE / 0x12345678'],
    ['in-page needs three params', input(WIN, 'amd64', 0xc0000006, 0, [1n, 0x1000n]), 'EXCEPTION_IN_PAGE_ERROR'],
    ['fast fail', input(WIN, 'amd64', 0xc0000409, 1, [7n]), 'EXCEPTION_STACK_BUFFER_OVERRUN / FAST_FAIL_FATAL_APP_EXIT'],
    ['fast fail 0 is named', input(WIN, 'amd64', 0xc0000409, 1, [0n]), 'EXCEPTION_STACK_BUFFER_OVERRUN / FAST_FAIL_LEGACY_GS_VIOLATION'],
    ['fast fail invalid code', input(WIN, 'amd64', 0xc0000409, 1, [0xffffffffn]), 'EXCEPTION_STACK_BUFFER_OVERRUN / FAST_FAIL_INVALID_FAST_FAIL_CODE'],
    ['fast fail unknown', input(WIN, 'amd64', 0xc0000409, 1, [999n]), 'EXCEPTION_STACK_BUFFER_OVERRUN / 0x000003e7'],
    ['stack buffer overrun without params', input(WIN, 'amd64', 0xc0000409), 'STATUS_STACK_BUFFER_OVERRUN'],
    ['heap corruption is an NTSTATUS here', input(WIN, 'amd64', 0xc0000374), 'STATUS_HEAP_CORRUPTION'],
    ['ctrl-c via NTSTATUS', input(WIN, 'x86', 0x40010005), 'DBG_CONTROL_C'],
    ['stack overflow', input(WIN, 'x86', 0xc00000fd), 'EXCEPTION_STACK_OVERFLOW'],
    ['dll init failed', input(WIN, 'amd64', 0xc0000142), 'STATUS_DLL_INIT_FAILED'],
    ['C++ exception', input(WIN, 'amd64', 0xe06d7363), 'Unhandled C++ Exception'],
    ['.NET exception', input(WIN, 'amd64', 0xe0434352), 'MANAGED_EXCEPTION_CODE_V4'],
    ['OOM', input(WIN, 'amd64', 0xe0000008), 'Out of Memory'],
    ['simulated', input(WIN, 'amd64', 0x0517a7ed), 'Simulated Exception'],
    ['delay-load module not found', input(WIN, 'amd64', 0xc06d007e), 'FACILITY_VISUALCPP / ERROR_MOD_NOT_FOUND'],
    ['winerror first', input(WIN, 'amd64', 5), 'ERROR_ACCESS_DENIED'],
    ['unknown', input(WIN, 'amd64', 0xe0001234), 'unknown 0xe0001234'],
  ];
  it.each(cases)('%s', (_label, value, expected) => {
    expect(crashReasonRust(value).type).toBe(expected);
  });

  it('takes the same address as Breakpad', () => {
    const av = input(WIN, 'x86', 0xc0000005, 0, [1n, 0xffffffff00000045n]);
    expect(crashReasonRust(av).address).toBe(0x45n);
    expect(crashReasonRust(input(WIN, 'amd64', 0xc0000005, 0, [1n, 0xffffffff00000045n])).address).toBe(0xffffffff00000045n);
  });
});

describe('crashReasonRust: Linux', () => {
  const cases: Case[] = [
    ['SIGSEGV MAPERR gets a space', input(LINUX, 'amd64', 11, 1), 'SIGSEGV / SEGV_MAPERR'],
    ['SI_USER is left out', input(LINUX, 'amd64', 11, 0), 'SIGSEGV'],
    ['SI_KERNEL is named', input(LINUX, 'amd64', 11, 0x80), 'SIGSEGV / SI_KERNEL'],
    ['SIGABRT from tgkill', input(LINUX, 'amd64', 6, 0xfffffffa), 'SIGABRT / SI_TKILL'],
    ['SIGABRT plain', input(LINUX, 'amd64', 6, 0), 'SIGABRT'],
    ['SIGILL BADIADDR', input(LINUX, 'arm64', 4, 9), 'SIGILL / ILL_BADIADDR'],
    ['SIGTRAP BRKPT', input(LINUX, 'arm64', 5, 1), 'SIGTRAP / TRAP_BRKPT'],
    ['SIGSYS seccomp', input(LINUX, 'amd64', 31, 1), 'SIGSYS / SYS_SECCOMP'],
    ['SIGBUS ADRERR', input(LINUX, 'arm', 7, 2), 'SIGBUS / BUS_ADRERR'],
    ['SIGFPE INTDIV', input(LINUX, 'amd64', 8, 1), 'SIGFPE / FPE_INTDIV'],
    ['unknown si_code', input(LINUX, 'amd64', 11, 0x1234), 'SIGSEGV / 0x00001234'],
    ['dump requested', input(LINUX, 'amd64', 0xffffffff), 'DUMP_REQUESTED'],
    ['unknown signal', input(LINUX, 'amd64', 40, 1), 'unknown 0x00000028 / 0x00000001'],
  ];
  it.each(cases)('%s', (_label, value, expected) => {
    expect(crashReasonRust(value).type).toBe(expected);
  });
});

describe('crashReasonRust: macOS/iOS', () => {
  const cases: Case[] = [
    ['invalid address', input(MAC, 'amd64', 1, 1), 'EXC_BAD_ACCESS / KERN_INVALID_ADDRESS'],
    ['KERN_FAILURE', input(MAC, 'amd64', 1, 5), 'EXC_BAD_ACCESS / KERN_FAILURE'],
    ['GPF', input(MAC, 'amd64', 1, 13), 'EXC_BAD_ACCESS / EXC_I386_GPFLT'],
    ['arm64 PAC failure', input(IOS, 'arm64', 1, 0x105), 'EXC_BAD_ACCESS / EXC_ARM_PAC_FAIL'],
    ['32-bit arm is not decoded', input(IOS, 'arm', 1, 0x101), 'EXC_BAD_ACCESS / 0x00000101'],
    ['arm64 undefined instruction', input(IOS, 'arm64', 2, 1), 'EXC_BAD_INSTRUCTION / EXC_ARM_UNDEFINED'],
    ['arm64 FP divide by zero', input(MAC, 'arm64', 3, 2), 'EXC_ARITHMETIC / EXC_ARM_FP_DZ'],
    ['arm64 breakpoint', input(MAC, 'arm64', 6, 1), 'EXC_BREAKPOINT / EXC_ARM_BREAKPOINT'],
    ['x86 div', input(MAC, 'amd64', 3, 1), 'EXC_ARITHMETIC / EXC_I386_DIV'],
    ['abort', input(MAC, 'amd64', 5, 0x10002), 'EXC_SOFTWARE / SIGABRT'],
    ['emulation', input(MAC, 'amd64', 4, 3), 'EXC_EMULATION / 0x00000003'],
    ['simulated', input(MAC, 'amd64', 0x43507378), 'Simulated Exception'],
    ['crashpad NSException is unknown', input(IOS, 'amd64', 0x43506e78), 'unknown 0x43506e78 / 0x00000000'],
    [
      'resource: CPU',
      // code: flavor 2 (fatal) at bit 58, interval 180 at bit 7, limit 5; subcode: consumed 7.
      input(MAC, 'arm64', 11, 0x20000000, [0n, (2n << 58n) | (180n << 7n) | 5n, 7n]),
      'EXC_RESOURCE / RESOURCE_TYPE_CPU / FLAVOR_CPU_MONITOR_FATAL interval: 180s CPU limit: 5% CPU consumed: 7%',
    ],
    [
      'resource: memory',
      input(MAC, 'arm64', 11, 0x60000000, [0n, (1n << 58n) | 2048n, 0n]),
      'EXC_RESOURCE / RESOURCE_TYPE_MEMORY / FLAVOR_HIGH_WATERMARK high watermark limit: 2048MiB',
    ],
    [
      'resource: unknown flavor',
      input(MAC, 'arm64', 11, 0x60000000, [0n, 7n << 58n, 1n]),
      'EXC_RESOURCE / RESOURCE_TYPE_MEMORY / 0x1c00000000000000 / 0x0000000000000001',
    ],
    [
      'guard: fd close',
      input(MAC, 'arm64', 12, 0x40000000, [0n, (1n << 32n) | 12n, 0xabcn]),
      'EXC_GUARD / GUARD_TYPE_FD / GUARD_EXC_CLOSE file descriptor: 12 guard identifier: 2748',
    ],
    [
      'guard: mach port',
      input(MAC, 'arm64', 12, 0x20000000, [0n, (1n << 32n) | 0x1003n, 0n]),
      'EXC_GUARD / GUARD_TYPE_MACH_PORT / GUARD_EXC_DESTROY port name: 4099',
    ],
    ['guard: user', input(MAC, 'arm64', 12, 0x60000000, [0n, 9n, 3n]), 'EXC_GUARD / GUARD_TYPE_USER/ namespace: 9 guard identifier: 3'],
    ['guard: none', input(MAC, 'arm64', 12, 0, [0n, 0n, 0n]), 'EXC_GUARD / GUARD_TYPE_NONE'],
  ];
  it.each(cases)('%s', (_label, value, expected) => {
    expect(crashReasonRust(value).type).toBe(expected);
  });
});

describe('crashReasonRust: other platforms and junk', () => {
  it('calls everything else unknown', () => {
    expect(crashReasonRust(input({ os: 'Solaris', platformId: 0x8202 }, 'sparc', 11, 0)).type).toBe('unknown 0x0000000b / 0x00000000');
    expect(crashReasonRust(input({ os: 'Fuchsia', platformId: 0x8206 }, 'arm64', 0x108, 1)).type).toBe('unknown 0x00000108 / 0x00000001');
  });

  it('masks sparc addresses, unlike Breakpad', () => {
    const value = input({ os: 'Solaris', platformId: 0x8202 }, 'sparc', 11, 0, [], { exceptionAddress: 0xffffffff00001000n });
    expect(crashReasonRust(value).address).toBe(0x1000n);
    expect(crashReason(value).address).toBe(0xffffffff00001000n);
  });

  it('never throws', () => {
    for (const value of [undefined, null, {}, { exceptionCode: 'x', parameters: [null, 1.5, -2n] }]) {
      const got = crashReasonRust(value as unknown as ExceptionInput);
      expect(typeof got.type).toBe('string');
      expect(typeof got.address).toBe('bigint');
    }
  });
});

describe('name helpers', () => {
  it('names Linux signals and si_codes for human output', () => {
    expect(linuxSignalName(11)).toBe('SIGSEGV');
    expect(linuxSignalName(64)).toBeUndefined();
    expect(linuxSiCodeName(11, 1)).toBe('SEGV_MAPERR');
    expect(linuxSiCodeName(6, 0xfffffffa)).toBe('SI_TKILL');
    expect(linuxSiCodeName(6, -6)).toBe('SI_TKILL');
    expect(linuxSiCodeName(11, 0x80)).toBe('SI_KERNEL');
    expect(linuxSiCodeName(11, 99)).toBeUndefined();
  });

  it('names Windows errors', () => {
    expect(winErrorName(126)).toBe('ERROR_MOD_NOT_FOUND');
    expect(ntstatusExtraName(0x00010001)).toBe('DBG_EXCEPTION_HANDLED');
    expect(ntstatusExtraName(0x00000103)).toBe('STATUS_PENDING');
  });
});
