// MemoryList (5) and Memory64List (9). Both reduce to (address, file offset, size)
// regions; Memory64List data is contiguous from base_rva.
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { MEMORY_DESCRIPTOR_SIZE, type MemoryDescriptor, readMemoryDescriptor } from '../common.js';
import { readCountedList } from './lists.js';

export function parseMemoryList(v: ByteView): MemoryDescriptor[] {
  const [count, start] = readCountedList(v, MEMORY_DESCRIPTOR_SIZE, 'MemoryList');
  const out: MemoryDescriptor[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = readMemoryDescriptor(v, start + i * MEMORY_DESCRIPTOR_SIZE);
  return out;
}

export interface Memory64Range {
  startOfMemoryRange: bigint;
  /** Bytes in the dump for this range. */
  dataSize: number;
  /** File offset of the range's bytes (base_rva + sizes of the ranges before it). */
  rva: number;
}

export function parseMemory64List(v: ByteView): Memory64Range[] {
  const count = v.u64n(0, 'Memory64List count');
  const baseRva = v.u64n(8, 'Memory64List base_rva');
  if (count > Math.floor((v.length - 16) / 16)) {
    throw new MinidumpError('BAD_COUNT', `Memory64List: ${count} ranges do not fit in a ${v.length}-byte stream`);
  }
  const out: Memory64Range[] = new Array(count);
  let rva = baseRva;
  for (let i = 0; i < count; i++) {
    const o = 16 + i * 16;
    const dataSize = v.u64n(o + 8, 'Memory64List range size');
    out[i] = { startOfMemoryRange: v.u64(o), dataSize, rva };
    rva += dataSize;
    if (!Number.isSafeInteger(rva)) throw new MinidumpError('OUT_OF_BOUNDS', 'Memory64List: ranges overflow');
  }
  return out;
}
