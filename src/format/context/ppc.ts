// Breakpad's PowerPC contexts (from Darwin ppc_thread_state). MDRawContextPPC is
// 1004 bytes (pack 4), MDRawContextPPC64 1160. BASE 1, FLOATING_POINT 8, VECTOR 0x20.
import { ContextCpuFlag } from '../constants.js';
import { type ContextLayout, type RegisterField, regSeries } from './layout.js';

const B = 0x1, F = 0x8;

function ppcLayout(w: 4 | 8): ContextLayout {
  const flagsSize = w;
  const srr0 = w;
  const gpr0 = 3 * w;
  const after = gpr0 + 32 * w; // cr xer lr ctr (mq) vrsave
  const gprs = regSeries('r', 32, gpr0, w, B, 'general');
  const names = w === 4 ? ['cr', 'xer', 'lr', 'ctr', 'mq', 'vrsave'] : ['cr', 'xer', 'lr', 'ctr', 'vrsave'];
  const floatStart = after + names.length * w;
  const regs: RegisterField[] = [
    { name: 'srr0', offset: srr0, size: w, section: B, kind: 'general' },
    gprs[1]!,
    gprs[0]!,
    ...gprs.slice(2),
    { name: 'srr1', offset: srr0 + w, size: w, section: B, kind: 'control' },
    ...names.map((name, i): RegisterField => ({ name, offset: after + i * w, size: w, section: B, kind: 'control' })),
    ...regSeries('f', 32, floatStart, 8, F, 'float'),
    { name: 'fpscr', offset: floatStart + 256 + 4, size: 4, section: F, kind: 'float' },
  ];
  return {
    name: w === 4 ? 'MDRawContextPPC' : 'MDRawContextPPC64',
    cpu: w === 4 ? 'ppc' : 'ppc64',
    size: floatStart + 264 + 576,
    flagsOffset: 0,
    flagsSize,
    cpuFlag: w === 4 ? ContextCpuFlag.Ppc : ContextCpuFlag.Ppc64,
    registers: regs,
  };
}

export const PPC_CONTEXT = ppcLayout(4);
export const PPC64_CONTEXT = ppcLayout(8);
