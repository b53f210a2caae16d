export { Minidump, readMinidump, readMinidumpSync, type Module, type Thread, type Exception } from './minidump.js';
export { Region, MemoryIndex, type MemoryRegion } from './memory.js';
export type { CpuContext, Cpu } from '../format/context/layout.js';
