// rust-minidump's macOS/iOS decoding (minidump-common errors/macos.rs and the CrashReason
// Display impl): its per-CPU tables differ from Breakpad's (arm64 only, more ARM codes), and it
// spells out EXC_RESOURCE / EXC_GUARD details from the exception's code and subcode.

import { hex } from '../../format/bytes.js';
import { hex8 } from './platform.js';
import { MAC_ARM_ARITHMETIC_CODES, MAC_CPU_CODES, MAC_EXCEPTION, MAC_KERN_CODES, MAC_KERN_FAILURE, MAC_SOFTWARE_CODES } from './mac-exceptions.js';

type CodeTable = ReadonlyMap<number, string>;
export type RustMacCpu = 'arm64' | 'ppc' | 'x86' | 'other';

const RUST_KERN_CODES: CodeTable = new Map([...MAC_KERN_CODES, [MAC_KERN_FAILURE, 'KERN_FAILURE']]);

const RUST_ARM64: Partial<Record<number, CodeTable>> = {
  [MAC_EXCEPTION.BAD_ACCESS]: new Map([
    [0x0101, 'EXC_ARM_DA_ALIGN'],
    [0x0102, 'EXC_ARM_DA_DEBUG'],
    [0x0103, 'EXC_ARM_SP_ALIGN'],
    [0x0104, 'EXC_ARM_SWP'],
    [0x0105, 'EXC_ARM_PAC_FAIL'],
  ]),
  [MAC_EXCEPTION.BAD_INSTRUCTION]: new Map([[1, 'EXC_ARM_UNDEFINED']]),
  [MAC_EXCEPTION.ARITHMETIC]: MAC_ARM_ARITHMETIC_CODES,
  [MAC_EXCEPTION.BREAKPOINT]: new Map([[1, 'EXC_ARM_BREAKPOINT']]),
};

function cpuTable(exception: number, cpu: RustMacCpu): CodeTable | undefined {
  if (cpu === 'arm64') return RUST_ARM64[exception];
  if (cpu === 'ppc' || cpu === 'x86') return MAC_CPU_CODES.get(exception)?.[cpu];
  return undefined;
}

const RESOURCE_TYPES = ['', 'RESOURCE_TYPE_CPU', 'RESOURCE_TYPE_WAKEUPS', 'RESOURCE_TYPE_MEMORY', 'RESOURCE_TYPE_IO', 'RESOURCE_TYPE_THREADS'];
const GUARD_TYPES = [
  'GUARD_TYPE_NONE', 'GUARD_TYPE_MACH_PORT', 'GUARD_TYPE_FD', 'GUARD_TYPE_USER', 'GUARD_TYPE_VN',
  'GUARD_TYPE_VIRT_MEMORY', 'GUARD_TYPE_REJECTED_SC',
];

const MACH_PORT_GUARD_FLAVORS: CodeTable = new Map([
  [1, 'GUARD_EXC_DESTROY'],
  [2, 'GUARD_EXC_MOD_REFS'],
  [3, 'GUARD_EXC_INVALID_OPTIONS'],
  [4, 'GUARD_EXC_SET_CONTEXT'],
  [5, 'GUARD_EXC_THREAD_SET_STATE'],
  [0x8, 'GUARD_EXC_UNGUARDED'],
  [0x10, 'GUARD_EXC_INCORRECT_GUARD'],
  [0x20, 'GUARD_EXC_IMMOVABLE'],
  [0x40, 'GUARD_EXC_STRICT_REPLY'],
  [0x80, 'GUARD_EXC_MSG_FILTERED'],
  [0x100, 'GUARD_EXC_INVALID_RIGHT'],
  [0x200, 'GUARD_EXC_INVALID_NAME'],
  [0x400, 'GUARD_EXC_INVALID_VALUE'],
  [0x800, 'GUARD_EXC_INVALID_ARGUMENT'],
  [0x1000, 'GUARD_EXC_RIGHT_EXISTS'],
  [0x2000, 'GUARD_EXC_KERN_NO_SPACE'],
  [0x4000, 'GUARD_EXC_KERN_FAILURE'],
  [0x8000, 'GUARD_EXC_KERN_RESOURCE'],
  [0x10000, 'GUARD_EXC_SEND_INVALID_REPLY'],
  [0x20000, 'GUARD_EXC_SEND_INVALID_VOUCHER'],
  [0x40000, 'GUARD_EXC_SEND_INVALID_RIGHT'],
  [0x80000, 'GUARD_EXC_RCV_INVALID_NAME'],
  [0x100000, 'GUARD_EXC_RCV_GUARDED_DESC'],
  [0x200000, 'GUARD_EXC_MOD_REFS_NON_FATAL'],
  [0x400000, 'GUARD_EXC_IMMOVABLE_NON_FATAL'],
  [0x800000, 'GUARD_EXC_REQUIRE_REPLY_PORT_SEMANTICS'],
  [0x1000000, 'GUARD_EXC_EXCEPTION_BEHAVIOR_ENFORCE'],
]);
const FD_GUARD_FLAVORS: CodeTable = new Map([
  [0x1, 'GUARD_EXC_CLOSE'],
  [0x2, 'GUARD_EXC_DUP'],
  [0x4, 'GUARD_EXC_NOCLOEXEC'],
  [0x8, 'GUARD_EXC_SOCKET_IPC'],
  [0x10, 'GUARD_EXC_FILEPORT'],
  [0x20, 'GUARD_EXC_MISMATCH'],
  [0x40, 'GUARD_EXC_WRITE'],
]);
const VN_GUARD_FLAVORS: CodeTable = new Map([
  [0x1, 'GUARD_EXC_RENAME_TO'],
  [0x2, 'GUARD_EXC_RENAME_FROM'],
  [0x4, 'GUARD_EXC_UNLINK'],
  [0x8, 'GUARD_EXC_WRITE_OTHER'],
  [0x10, 'GUARD_EXC_TRUNC_OTHER'],
  [0x20, 'GUARD_EXC_LINK'],
  [0x40, 'GUARD_EXC_EXCHDATA'],
]);
const VIRT_MEMORY_GUARD_FLAVORS: CodeTable = new Map([[0x1, 'GUARD_EXC_DEALLOC_GAP']]);
const REJECTED_SC_GUARD_FLAVORS: CodeTable = new Map([[0x0, 'GUARD_EXC_MACH_TRAP']]);

/** Rust's "{:#018x}": 0x and 16 zero-padded hex digits. */
const hex16 = (v: bigint): string => hex(v, 8);
const bits = (v: bigint, shift: number, mask: number): number => Number((v >> BigInt(shift)) & BigInt(mask));

function resourceText(type: number, code: bigint, subcode: bigint): string {
  const flavor = bits(code, 58, 0x7);
  const raw = `${hex16(code)} / ${hex16(subcode)}`;
  let detail: string;
  switch (type) {
    case 1: {
      const name = flavor === 1 ? 'FLAVOR_CPU_MONITOR' : flavor === 2 ? 'FLAVOR_CPU_MONITOR_FATAL' : undefined;
      detail = name
        ? `${name} interval: ${bits(code, 7, 0x1ffffff)}s CPU limit: ${bits(code, 0, 0x7)}% CPU consumed: ${bits(subcode, 0, 0x7)}%`
        : raw;
      break;
    }
    case 2:
      detail = flavor === 1
        ? `FLAVOR_WAKEUPS_MONITOR interval: ${bits(code, 20, 0xfffff)}s wakeups permitted: ${bits(code, 0, 0xfff)} wakeups observed: ${bits(subcode, 0, 0xfff)}`
        : raw;
      break;
    case 3:
      detail = flavor === 1 ? `FLAVOR_HIGH_WATERMARK high watermark limit: ${bits(code, 0, 0x1fff)}MiB` : raw;
      break;
    case 4: {
      const name = flavor === 1 ? 'FLAVOR_IO_PHYSICAL_WRITES' : flavor === 2 ? 'FLAVOR_IO_LOGICAL_WRITES' : undefined;
      detail = name
        ? `${name} interval: ${bits(code, 15, 0x1ffff)}s I/O limit: ${bits(code, 0, 0x7fff)}% I/O observed: ${bits(subcode, 0, 0x7fff)}%`
        : raw;
      break;
    }
    default:
      detail = flavor === 1 ? `FLAVOR_THREADS_HIGH_WATERMARK high watermark limit: ${bits(code, 0, 0x7fff)}` : raw;
  }
  return `EXC_RESOURCE / ${RESOURCE_TYPES[type] ?? ''} / ${detail}`;
}

function guardText(type: number, code: bigint, subcode: bigint): string {
  const flavor = bits(code, 32, 0x1fffffff);
  const raw = ` / ${hex16(code)} / ${hex16(subcode)}`;
  const prefix = `EXC_GUARD / ${GUARD_TYPES[type] ?? ''}`;
  const named = (table: CodeTable, text: (name: string) => string): string => {
    const name = table.get(flavor);
    return prefix + (name === undefined ? raw : text(name));
  };
  switch (type) {
    case 0:
      return prefix;
    case 1: {
      const port = bits(code, 0, 0xfffffff);
      return named(MACH_PORT_GUARD_FLAVORS, (n) => ` / ${n} port name: ${port}` + (subcode !== 0n ? ` subcode: ${subcode}` : ''));
    }
    case 2:
      return named(FD_GUARD_FLAVORS, (n) => ` / ${n} file descriptor: ${bits(code, 0, 0xfffffff)} guard identifier: ${subcode}`);
    case 3:
      // rust-minidump writes no space before this slash.
      return `${prefix}/ namespace: ${bits(code, 0, 0xffffffff)} guard identifier: ${subcode}`;
    case 4:
      return named(VN_GUARD_FLAVORS, (n) => ` / ${n} pid: ${bits(code, 0, 0xfffffff)} guard identifier: ${subcode}`);
    case 5:
      return named(VIRT_MEMORY_GUARD_FLAVORS, (n) => ` / ${n} offset: ${subcode}`);
    default:
      return named(REJECTED_SC_GUARD_FLAVORS, (n) => ` / ${n} syscall: ${subcode}`);
  }
}

const MAC_NAMES_RUST: ReadonlyMap<number, string> = new Map([
  [1, 'EXC_BAD_ACCESS'],
  [2, 'EXC_BAD_INSTRUCTION'],
  [3, 'EXC_ARITHMETIC'],
  [4, 'EXC_EMULATION'],
  [5, 'EXC_SOFTWARE'],
  [6, 'EXC_BREAKPOINT'],
  [7, 'EXC_SYSCALL'],
  [8, 'EXC_MACH_SYSCALL'],
  [9, 'EXC_RPC_ALERT'],
  [11, 'EXC_RESOURCE'],
  [12, 'EXC_GUARD'],
]);

/** rust-minidump's reason for a macOS/iOS exception; undefined for codes it does not know. */
export function rustMacReason(code: number, flags: number, params: readonly bigint[], cpu: RustMacCpu): string | undefined {
  if (code === MAC_EXCEPTION.SIMULATED) return 'Simulated Exception';
  const name = MAC_NAMES_RUST.get(code);
  if (name === undefined) return undefined;
  const generic = `${name} / ${hex8(flags)}`;
  const code1 = params[1] ?? 0n;
  const code2 = params[2] ?? 0n;
  switch (code) {
    case MAC_EXCEPTION.BAD_ACCESS: {
      const detail = RUST_KERN_CODES.get(flags) ?? cpuTable(code, cpu)?.get(flags);
      return detail === undefined ? generic : `${name} / ${detail}`;
    }
    case MAC_EXCEPTION.SOFTWARE: {
      const detail = MAC_SOFTWARE_CODES.get(flags);
      return detail === undefined ? generic : `${name} / ${detail}`;
    }
    case MAC_EXCEPTION.BAD_INSTRUCTION:
    case MAC_EXCEPTION.ARITHMETIC:
    case MAC_EXCEPTION.BREAKPOINT: {
      const detail = cpuTable(code, cpu)?.get(flags);
      return detail === undefined ? generic : `${name} / ${detail}`;
    }
    case MAC_EXCEPTION.RESOURCE: {
      // The resource type sits in the top 3 bits of the first code; details in code/subcode.
      const type = (flags >>> 29) & 0x7;
      return type >= 1 && type <= 5 ? resourceText(type, code1, code2) : generic;
    }
    case MAC_EXCEPTION.GUARD: {
      const type = (flags >>> 29) & 0x7;
      return type <= 6 ? guardText(type, code1, code2) : generic;
    }
    default:
      return generic;
  }
}
