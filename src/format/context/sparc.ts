// MDRawContextSPARC (584 bytes). CONTROL 1: pc npc y ccr asi fprs; INTEGER 2: g/o/l/i; FLOATING_POINT 4.
import { ContextCpuFlag } from '../constants.js';
import { type ContextLayout, type RegisterField, regSeries } from './layout.js';

const C = 0x1, I = 0x2, F = 0x4;

// g_r[32] = g0-g7, o0-o7, l0-l7, i0-i7; o6 is sp and i6 is fp.
const GR: RegisterField[] = ['g', 'o', 'l', 'i'].flatMap((p, bank) =>
  Array.from({ length: 8 }, (_, i): RegisterField => {
    const name = p === 'o' && i === 6 ? 'sp' : p === 'i' && i === 6 ? 'fp' : `${p}${i}`;
    return { name, offset: 8 + (bank * 8 + i) * 8, size: 8, section: I, kind: 'general' };
  }),
);
const ctl = (name: string, offset: number): RegisterField => ({ name, offset, size: 8, section: C, kind: 'control' });

export const SPARC_CONTEXT: ContextLayout = {
  name: 'MDRawContextSPARC',
  cpu: 'sparc',
  size: 584,
  flagsOffset: 0,
  flagsSize: 4,
  cpuFlag: ContextCpuFlag.Sparc,
  registers: [
    { name: 'pc', offset: 272, size: 8, section: C, kind: 'general' },
    GR.find((r) => r.name === 'sp')!,
    GR.find((r) => r.name === 'fp')!,
    ...GR.filter((r) => r.name !== 'sp' && r.name !== 'fp'),
    ctl('npc', 280),
    ctl('ccr', 264),
    ctl('y', 288),
    ctl('asi', 296),
    ctl('fprs', 304),
    ...regSeries('f', 32, 312, 8, F, 'float'),
    { name: 'fsr', offset: 576, size: 8, section: F, kind: 'float' },
  ],
};
