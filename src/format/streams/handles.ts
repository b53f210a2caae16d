// HandleData stream (12): 16-byte header, MINIDUMP_HANDLE_DESCRIPTOR (32) or _2 (40) entries.
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { readMinidumpString, readSizedList } from '../common.js';

export interface HandleDescriptor {
  handle: bigint;
  typeName: string | null;
  objectName: string | null;
  attributes: number;
  grantedAccess: number;
  handleCount: number;
  pointerCount: number;
  /** Only in MINIDUMP_HANDLE_DESCRIPTOR_2. */
  objectInfoRva?: number;
}

function optString(file: ByteView, rva: number): string | null {
  if (rva === 0) return null;
  try {
    return readMinidumpString(file, rva, 'handle name');
  } catch (e) {
    if (e instanceof MinidumpError) return null;
    throw e;
  }
}

export function parseHandleData(v: ByteView, file: ByteView): HandleDescriptor[] {
  const h = readSizedList(v, false, 32, 'HandleData');
  const out: HandleDescriptor[] = new Array(h.count);
  for (let i = 0; i < h.count; i++) {
    const o = h.sizeOfHeader + i * h.sizeOfEntry;
    const d: HandleDescriptor = {
      handle: v.u64(o),
      typeName: optString(file, v.u32(o + 8)),
      objectName: optString(file, v.u32(o + 12)),
      attributes: v.u32(o + 16),
      grantedAccess: v.u32(o + 20),
      handleCount: v.u32(o + 24),
      pointerCount: v.u32(o + 28),
    };
    if (h.sizeOfEntry >= 40) d.objectInfoRva = v.u32(o + 32);
    out[i] = d;
  }
  return out;
}
