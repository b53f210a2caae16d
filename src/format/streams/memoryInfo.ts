// MemoryInfoList stream (16): 16-byte header (u64 count), MINIDUMP_MEMORY_INFO entries (48 bytes).
import type { ByteView } from '../bytes.js';
import { readSizedList } from '../common.js';

export const MEMORY_INFO_SIZE = 48;

/** MEM_COMMIT etc. and PAGE_* values, for interpreting state/protection. */
export const MemoryState = { Commit: 0x1000, Reserve: 0x2000, Free: 0x10000 } as const;
export const MemoryProtection = {
  NoAccess: 0x01,
  ReadOnly: 0x02,
  ReadWrite: 0x04,
  WriteCopy: 0x08,
  Execute: 0x10,
  ExecuteRead: 0x20,
  ExecuteReadWrite: 0x40,
  ExecuteWriteCopy: 0x80,
  Guard: 0x100,
} as const;

export interface MemoryInfo {
  baseAddress: bigint;
  allocationBase: bigint;
  allocationProtection: number;
  regionSize: bigint;
  state: number;
  protection: number;
  type: number;
}

export function parseMemoryInfoList(v: ByteView): MemoryInfo[] {
  const h = readSizedList(v, true, MEMORY_INFO_SIZE, 'MemoryInfoList');
  const out: MemoryInfo[] = new Array(h.count);
  for (let i = 0; i < h.count; i++) {
    const o = h.sizeOfHeader + i * h.sizeOfEntry;
    out[i] = {
      baseAddress: v.u64(o),
      allocationBase: v.u64(o + 8),
      allocationProtection: v.u32(o + 16),
      regionSize: v.u64(o + 24),
      state: v.u32(o + 32),
      protection: v.u32(o + 36),
      type: v.u32(o + 40),
    };
  }
  return out;
}
