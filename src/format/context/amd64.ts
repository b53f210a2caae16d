// CONTEXT_AMD64 (1232 bytes). CONTROL 1: rip rsp eflags cs ss; INTEGER 2: rax..r15 incl. rbp;
// SEGMENTS 4: ds es fs gs; FLOATING_POINT 8: mxcsr, xmm; DEBUG 0x10.
import { ContextCpuFlag } from '../constants.js';
import { type ContextLayout, type RegisterField, regSeries } from './layout.js';

const C = 0x1, I = 0x2, S = 0x4, F = 0x8, D = 0x10;

const gpr = (name: string, offset: number): RegisterField => ({ name, offset, size: 8, section: I, kind: 'general' });

export const AMD64_CONTEXT: ContextLayout = {
  name: 'CONTEXT_AMD64',
  cpu: 'amd64',
  size: 1232,
  flagsOffset: 48,
  flagsSize: 4,
  cpuFlag: ContextCpuFlag.Amd64,
  registers: [
    gpr('rax', 120),
    gpr('rdx', 136),
    gpr('rcx', 128),
    gpr('rbx', 144),
    gpr('rsi', 168),
    gpr('rdi', 176),
    gpr('rbp', 160),
    { name: 'rsp', offset: 152, size: 8, section: C, kind: 'general' },
    ...regSeries('r', 8, 184, 8, I, 'general', 8),
    { name: 'rip', offset: 248, size: 8, section: C, kind: 'general' },
    { name: 'eflags', offset: 68, size: 4, section: C, kind: 'control' },
    { name: 'cs', offset: 56, size: 2, section: C, kind: 'segment' },
    { name: 'ss', offset: 66, size: 2, section: C, kind: 'segment' },
    { name: 'ds', offset: 58, size: 2, section: S, kind: 'segment' },
    { name: 'es', offset: 60, size: 2, section: S, kind: 'segment' },
    { name: 'fs', offset: 62, size: 2, section: S, kind: 'segment' },
    { name: 'gs', offset: 64, size: 2, section: S, kind: 'segment' },
    { name: 'dr0', offset: 72, size: 8, section: D, kind: 'debug' },
    { name: 'dr1', offset: 80, size: 8, section: D, kind: 'debug' },
    { name: 'dr2', offset: 88, size: 8, section: D, kind: 'debug' },
    { name: 'dr3', offset: 96, size: 8, section: D, kind: 'debug' },
    { name: 'dr6', offset: 104, size: 8, section: D, kind: 'debug' },
    { name: 'dr7', offset: 112, size: 8, section: D, kind: 'debug' },
    { name: 'mxcsr', offset: 52, size: 4, section: F, kind: 'float' },
    // XMM_SAVE_AREA32 at 256; xmm registers at +160.
    ...regSeries('xmm', 16, 256 + 160, 16, F, 'vector'),
  ],
};
