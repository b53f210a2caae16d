// DWARF register number -> the name Breakpad's STACK CFI rules use, per
// architecture. The tables follow Breakpad's DwarfCFIToModule::RegisterNames
// (which the processor's stackwalkers expect); '' marks a number with no name.
import type { CfiArch } from './types.js';

const seq = (prefix: string, from: number, to: number): string[] => {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(prefix + i);
  return out;
};
const blank = (n: number): string[] => new Array<string>(n).fill('');

const I386 = [
  '$eax', '$ecx', '$edx', '$ebx', '$esp', '$ebp', '$esi', '$edi',
  '$eip', '$eflags', '$unused1',
  '$st0', '$st1', '$st2', '$st3', '$st4', '$st5', '$st6', '$st7',
  '$unused2', '$unused3',
  '$xmm0', '$xmm1', '$xmm2', '$xmm3', '$xmm4', '$xmm5', '$xmm6', '$xmm7',
  '$mm0', '$mm1', '$mm2', '$mm3', '$mm4', '$mm5', '$mm6', '$mm7',
  '$fcw', '$fsw', '$mxcsr',
  '$es', '$cs', '$ss', '$ds', '$fs', '$gs', '$unused4', '$unused5',
  '$tr', '$ldtr',
];

const X86_64 = [
  '$rax', '$rdx', '$rcx', '$rbx', '$rsi', '$rdi', '$rbp', '$rsp',
  '$r8', '$r9', '$r10', '$r11', '$r12', '$r13', '$r14', '$r15',
  '$rip',
  ...seq('$xmm', 0, 15),
  ...seq('$st', 0, 7),
  ...seq('$mm', 0, 7),
  '$rflags',
  '$es', '$cs', '$ss', '$ds', '$fs', '$gs', '$unused1', '$unused2',
  '$fs.base', '$gs.base', '$unused3', '$unused4',
  '$tr', '$ldtr',
  '$mxcsr', '$fcw', '$fsw',
];

// ARM IHI 0040A §3.1.
const ARM = [
  ...seq('r', 0, 12), 'sp', 'lr', 'pc',
  ...seq('f', 0, 7), 'fps', 'cpsr',
  ...blank(38),
  ...seq('s', 0, 31),
  ...seq('f', 0, 7),
];

// ARM IHI 0057A §3.1.
const ARM64 = [...seq('x', 0, 30), 'sp', ...blank(32), ...seq('v', 0, 31)];

// Breakpad's MIPS table (GPRs follow the ABI numbering; the rest is Breakpad's own order).
const MIPS = [
  '$zero', '$at', '$v0', '$v1', '$a0', '$a1', '$a2', '$a3',
  '$t0', '$t1', '$t2', '$t3', '$t4', '$t5', '$t6', '$t7',
  '$s0', '$s1', '$s2', '$s3', '$s4', '$s5', '$s6', '$s7',
  '$t8', '$t9', '$k0', '$k1', '$gp', '$sp', '$fp', '$ra',
  '$lo', '$hi', '$pc', '$f0', '$f2', '$f3', '$f4', '$f5',
  '$f6', '$f7', '$f8', '$f9', '$f10', '$f11', '$f12', '$f13',
  '$f14', '$f15', '$f16', '$f17', '$f18', '$f19', '$f20',
  '$f21', '$f22', '$f23', '$f24', '$f25', '$f26', '$f27',
  '$f28', '$f29', '$f30', '$f31', '$fcsr', '$fir',
];

const RISCV = [
  'pc', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2',
  's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7',
  's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
  ...seq('f', 0, 31),
  ...blank(32),
  ...seq('v', 0, 31),
];

const LOONGARCH64 = [
  '$zero', '$ra', '$tp', '$sp', '$a0', '$a1', '$a2', '$a3',
  '$a4', '$a5', '$a6', '$a7', '$t0', '$t1', '$t2', '$t3',
  '$t4', '$t5', '$t6', '$t7', '$t8', '$x', '$fp', '$s0',
  '$s1', '$s2', '$s3', '$s4', '$s5', '$s6', '$s7', '$s8',
  ...seq('$fa', 0, 7),
  ...seq('$ft', 0, 15),
  ...seq('$fs', 0, 7),
];

// SPARC: %g0-%g7, %o0-%o7, %l0-%l7, %i0-%i7 (Breakpad's Linux dumper has no table).
const SPARC = [...seq('g', 0, 7), ...seq('o', 0, 7), ...seq('l', 0, 7), ...seq('i', 0, 7)];

const TABLES: Record<CfiArch, readonly string[]> = {
  x86: I386,
  x86_64: X86_64,
  arm: ARM,
  arm64: ARM64,
  mips: MIPS,
  mips64: MIPS,
  riscv: RISCV,
  riscv64: RISCV,
  loongarch64: LOONGARCH64,
  sparc: SPARC,
  sparcv9: SPARC,
  ppc: [],
  ppc64: [],
  s390: [],
};

export function isCfiArch(arch: string): arch is CfiArch {
  return Object.prototype.hasOwnProperty.call(TABLES, arch);
}

/** The register-name table for `arch` ('' = no name). */
export function registerNames(arch: CfiArch): readonly string[] {
  return TABLES[arch];
}

/** Breakpad's name for a register it has no name for. */
export function unnamedRegister(reg: number): string {
  return `unnamed_register${reg}`;
}
