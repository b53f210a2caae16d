// MDRawContextARM (368 bytes). INTEGER 2: r0..pc, cpsr; FLOATING_POINT 4: fpscr, d0..d31.
import { ContextCpuFlag } from '../constants.js';
import { type ContextLayout, regSeries } from './layout.js';

const I = 0x2, F = 0x4;

export const ARM_CONTEXT: ContextLayout = {
  name: 'MDRawContextARM',
  cpu: 'arm',
  size: 368,
  flagsOffset: 0,
  flagsSize: 4,
  cpuFlag: ContextCpuFlag.Arm,
  registers: [
    ...regSeries('r', 13, 4, 4, I, 'general'),
    { name: 'sp', offset: 4 + 13 * 4, size: 4, section: I, kind: 'general' },
    { name: 'lr', offset: 4 + 14 * 4, size: 4, section: I, kind: 'general' },
    { name: 'pc', offset: 4 + 15 * 4, size: 4, section: I, kind: 'general' },
    { name: 'cpsr', offset: 68, size: 4, section: I, kind: 'control' },
    { name: 'fpscr', offset: 72, size: 8, section: F, kind: 'float' },
    ...regSeries('d', 32, 80, 8, F, 'float'),
  ],
};
