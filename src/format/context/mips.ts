// MDRawContextMIPS (600 bytes), shared by MIPS32 (flag 0x00040000) and MIPS64
// (0x00080000). INTEGER 2, FLOATING_POINT 4, DSP 8.
import { ContextCpuFlag } from '../constants.js';
import { type ContextLayout, type Cpu, type RegisterField, regSeries } from './layout.js';

const I = 0x2, F = 0x4, DSP = 0x8;

const NAMES = [
  'zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3',
  't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
  's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7',
  't8', 't9', 'k0', 'k1', 'gp', 'sp', 'fp', 'ra',
];
const ireg = (i: number): RegisterField => ({ name: NAMES[i]!, offset: 8 + i * 8, size: 8, section: I, kind: 'general' });
// Breakpad prints gp sp fp ra pc s0..s7 first.
const FIRST = [28, 29, 30, 31];
const S = [16, 17, 18, 19, 20, 21, 22, 23];
const REST = NAMES.map((_, i) => i).filter((i) => !FIRST.includes(i) && !S.includes(i));

function mipsLayout(cpu: Cpu, cpuFlag: number): ContextLayout {
  return {
    name: 'MDRawContextMIPS',
    cpu,
    size: 600,
    flagsOffset: 0,
    flagsSize: 4,
    cpuFlag,
    registers: [
      ...FIRST.map(ireg),
      { name: 'pc', offset: 312, size: 8, section: I, kind: 'general' },
      ...S.map(ireg),
      ...REST.map(ireg),
      { name: 'hi', offset: 264, size: 8, section: I, kind: 'control' },
      { name: 'lo', offset: 272, size: 8, section: I, kind: 'control' },
      { name: 'badvaddr', offset: 320, size: 8, section: I, kind: 'control' },
      { name: 'status', offset: 328, size: 4, section: I, kind: 'control' },
      { name: 'cause', offset: 332, size: 4, section: I, kind: 'control' },
      ...regSeries('hi', 3, 280, 4, DSP, 'control', 1),
      ...regSeries('lo', 3, 292, 4, DSP, 'control', 1),
      { name: 'dsp_control', offset: 304, size: 4, section: DSP, kind: 'control' },
      ...regSeries('f', 32, 336, 8, F, 'float'),
      { name: 'fpcsr', offset: 592, size: 4, section: F, kind: 'float' },
      { name: 'fir', offset: 596, size: 4, section: F, kind: 'float' },
    ],
  };
}

export const MIPS_CONTEXT = mipsLayout('mips', ContextCpuFlag.Mips);
export const MIPS64_CONTEXT = mipsLayout('mips64', ContextCpuFlag.Mips64);
