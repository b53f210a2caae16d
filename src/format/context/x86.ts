// CONTEXT_X86 (716 bytes). Section bits: CONTROL 1, INTEGER 2, SEGMENTS 4, FLOATING_POINT 8, DEBUG 0x10.
import { ContextCpuFlag } from '../constants.js';
import { type ContextLayout } from './layout.js';

const C = 0x1, I = 0x2, S = 0x4, F = 0x8, D = 0x10;

export const X86_CONTEXT: ContextLayout = {
  name: 'CONTEXT_X86',
  cpu: 'x86',
  size: 716,
  flagsOffset: 0,
  flagsSize: 4,
  cpuFlag: ContextCpuFlag.X86,
  registers: [
    { name: 'eip', offset: 184, size: 4, section: C, kind: 'general' },
    { name: 'esp', offset: 196, size: 4, section: C, kind: 'general' },
    { name: 'ebp', offset: 180, size: 4, section: C, kind: 'general' },
    { name: 'ebx', offset: 164, size: 4, section: I, kind: 'general' },
    { name: 'esi', offset: 160, size: 4, section: I, kind: 'general' },
    { name: 'edi', offset: 156, size: 4, section: I, kind: 'general' },
    { name: 'eax', offset: 176, size: 4, section: I, kind: 'general' },
    { name: 'ecx', offset: 172, size: 4, section: I, kind: 'general' },
    { name: 'edx', offset: 168, size: 4, section: I, kind: 'general' },
    { name: 'efl', offset: 192, size: 4, section: C, kind: 'general' },
    { name: 'cs', offset: 188, size: 4, section: C, kind: 'segment' },
    { name: 'ss', offset: 200, size: 4, section: C, kind: 'segment' },
    { name: 'gs', offset: 140, size: 4, section: S, kind: 'segment' },
    { name: 'fs', offset: 144, size: 4, section: S, kind: 'segment' },
    { name: 'es', offset: 148, size: 4, section: S, kind: 'segment' },
    { name: 'ds', offset: 152, size: 4, section: S, kind: 'segment' },
    { name: 'dr0', offset: 4, size: 4, section: D, kind: 'debug' },
    { name: 'dr1', offset: 8, size: 4, section: D, kind: 'debug' },
    { name: 'dr2', offset: 12, size: 4, section: D, kind: 'debug' },
    { name: 'dr3', offset: 16, size: 4, section: D, kind: 'debug' },
    { name: 'dr6', offset: 20, size: 4, section: D, kind: 'debug' },
    { name: 'dr7', offset: 24, size: 4, section: D, kind: 'debug' },
    // FLOATING_SAVE_AREA starts at 28.
    { name: 'fcw', offset: 28, size: 4, section: F, kind: 'float' },
    { name: 'fsw', offset: 32, size: 4, section: F, kind: 'float' },
    { name: 'ftw', offset: 36, size: 4, section: F, kind: 'float' },
  ],
};
