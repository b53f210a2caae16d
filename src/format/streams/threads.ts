// ThreadList stream (3): MINIDUMP_THREAD entries, 48 bytes each.
import type { ByteView } from '../bytes.js';
import { type Location, type MemoryDescriptor, readLocation, readMemoryDescriptor } from '../common.js';
import { readCountedList } from './lists.js';

export const THREAD_SIZE = 48;

export interface RawThread {
  threadId: number;
  suspendCount: number;
  priorityClass: number;
  priority: number;
  teb: bigint;
  stack: MemoryDescriptor;
  threadContext: Location;
}

export function parseThread(v: ByteView, o: number): RawThread {
  return {
    threadId: v.u32(o),
    suspendCount: v.u32(o + 4),
    priorityClass: v.u32(o + 8),
    priority: v.u32(o + 12),
    teb: v.u64(o + 16),
    stack: readMemoryDescriptor(v, o + 24),
    threadContext: readLocation(v, o + 40),
  };
}

export function parseThreadList(v: ByteView): RawThread[] {
  const [count, start] = readCountedList(v, THREAD_SIZE, 'ThreadList');
  const out: RawThread[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = parseThread(v, start + i * THREAD_SIZE);
  return out;
}
