// ARM64 contexts. The current one is the Windows CONTEXT_ARM64 layout (912 bytes,
// flag 0x00400000); the old Breakpad one (796 bytes, u64 flags, flag 0x80000000) is
// what pre-2018 Breakpad clients wrote (processor_architecture 0x8003).
import { ContextCpuFlag } from '../constants.js';
import { type ContextLayout, type RegisterField, regSeries } from './layout.js';

const C = 0x1, I = 0x2, F = 0x4;

const r = (name: string, offset: number, section: number): RegisterField => ({ name, offset, size: 8, section, kind: 'general' });

export const ARM64_CONTEXT: ContextLayout = {
  name: 'CONTEXT_ARM64',
  cpu: 'arm64',
  size: 912,
  flagsOffset: 0,
  flagsSize: 4,
  cpuFlag: ContextCpuFlag.Arm64,
  registers: [
    ...regSeries('x', 29, 8, 8, I, 'general'),
    // Crashpad: CONTROL covers fp, lr, sp, pc, cpsr; INTEGER covers x0-x28.
    r('fp', 8 + 29 * 8, C),
    r('lr', 8 + 30 * 8, C),
    r('sp', 8 + 31 * 8, C),
    r('pc', 8 + 32 * 8, C),
    { name: 'cpsr', offset: 4, size: 4, section: C, kind: 'control' },
    { name: 'fpcr', offset: 784, size: 4, section: F, kind: 'float' },
    { name: 'fpsr', offset: 788, size: 4, section: F, kind: 'float' },
    ...regSeries('v', 32, 272, 16, F, 'vector'),
  ],
};

export const ARM64_OLD_CONTEXT: ContextLayout = {
  name: 'MDRawContextARM64_Old',
  cpu: 'arm64',
  size: 796,
  flagsOffset: 0,
  flagsSize: 8,
  cpuFlag: ContextCpuFlag.Arm64Old,
  registers: [
    ...regSeries('x', 29, 8, 8, I, 'general'),
    r('fp', 8 + 29 * 8, I),
    r('lr', 8 + 30 * 8, I),
    r('sp', 8 + 31 * 8, I),
    r('pc', 8 + 32 * 8, I),
    { name: 'cpsr', offset: 272, size: 4, section: I, kind: 'control' },
    { name: 'fpsr', offset: 276, size: 4, section: F, kind: 'float' },
    { name: 'fpcr', offset: 280, size: 4, section: F, kind: 'float' },
    ...regSeries('v', 32, 284, 16, F, 'vector'),
  ],
};
