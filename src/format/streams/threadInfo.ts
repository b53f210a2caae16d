// ThreadInfoList stream (17): sized header, MINIDUMP_THREAD_INFO entries (64 bytes).
import type { ByteView } from '../bytes.js';
import { readSizedList } from '../common.js';

export const THREAD_INFO_SIZE = 64;

export interface ThreadInfo {
  threadId: number;
  dumpFlags: number;
  dumpError: number;
  exitStatus: number;
  createTime: bigint;
  exitTime: bigint;
  kernelTime: bigint;
  userTime: bigint;
  startAddress: bigint;
  affinity: bigint;
}

export function parseThreadInfoList(v: ByteView): ThreadInfo[] {
  const h = readSizedList(v, false, THREAD_INFO_SIZE, 'ThreadInfoList');
  const out: ThreadInfo[] = new Array(h.count);
  for (let i = 0; i < h.count; i++) {
    const o = h.sizeOfHeader + i * h.sizeOfEntry;
    out[i] = {
      threadId: v.u32(o),
      dumpFlags: v.u32(o + 4),
      dumpError: v.u32(o + 8),
      exitStatus: v.u32(o + 12),
      createTime: v.u64(o + 16),
      exitTime: v.u64(o + 24),
      kernelTime: v.u64(o + 32),
      userTime: v.u64(o + 40),
      startAddress: v.u64(o + 48),
      affinity: v.u64(o + 56),
    };
  }
  return out;
}
