// Small shared pieces of the wire format: location descriptors, MINIDUMP_STRING,
// GUIDs, and the "count + array" list prefix that most streams use.
import { MinidumpError } from '../errors.js';
import type { ByteView } from './bytes.js';

/** MINIDUMP_LOCATION_DESCRIPTOR (data_size u32, rva u32). */
export interface Location {
  dataSize: number;
  rva: number;
}
export const LOCATION_SIZE = 8;

export function readLocation(v: ByteView, offset: number): Location {
  return { dataSize: v.u32(offset), rva: v.u32(offset + 4) };
}

/** MINIDUMP_MEMORY_DESCRIPTOR: start u64 + location. */
export interface MemoryDescriptor {
  startOfMemoryRange: bigint;
  memory: Location;
}
export const MEMORY_DESCRIPTOR_SIZE = 16;
export function readMemoryDescriptor(v: ByteView, offset: number): MemoryDescriptor {
  return { startOfMemoryRange: v.u64(offset), memory: readLocation(v, offset + 8) };
}

/** The bytes a location points at, as a view into the file (no copy). Empty for size 0. */
export function locationBytes(file: ByteView, loc: Location, what: string): Uint8Array {
  if (loc.dataSize === 0) return file.bytes.subarray(0, 0);
  return file.slice(loc.rva, loc.dataSize, what);
}

/** Upper bound on a MINIDUMP_STRING, well above any real path. */
export const MAX_STRING_BYTES = 1 << 20;

/**
 * MINIDUMP_STRING at `rva`: u32 byte length, then UTF-16 code units (no terminator
 * counted). The length is bounded by the file before anything is decoded.
 */
export function readMinidumpString(file: ByteView, rva: number, what = 'MINIDUMP_STRING'): string {
  const byteLength = file.u32(rva);
  if (byteLength > MAX_STRING_BYTES) throw new MinidumpError('BAD_COUNT', `${what}: length ${byteLength} is implausible`);
  if (!file.has(rva + 4, byteLength)) {
    throw new MinidumpError('OUT_OF_BOUNDS', `${what}: ${byteLength} bytes at ${rva + 4} run past the end of the ${file.length}-byte dump`);
  }
  return file.utf16(rva + 4, byteLength & ~1);
}

/** GUID as stored (data1 u32, data2 u16, data3 u16, data4[8]) in the view's byte order. */
export interface Guid {
  data1: number;
  data2: number;
  data3: number;
  data4: Uint8Array;
}
export const GUID_SIZE = 16;
export function readGuid(v: ByteView, offset: number): Guid {
  return { data1: v.u32(offset), data2: v.u16(offset + 4), data3: v.u16(offset + 6), data4: v.slice(offset + 8, 8, 'GUID') };
}
/** Uppercase hex, no dashes (the Breakpad debug-id form). */
export function guidToHex(g: Guid): string {
  return (
    g.data1.toString(16).padStart(8, '0') +
    g.data2.toString(16).padStart(4, '0') +
    g.data3.toString(16).padStart(4, '0') +
    bytesToHex(g.data4)
  ).toUpperCase();
}
/** Dashed lowercase form, e.g. 01234567-89ab-cdef-0123-456789abcdef. */
export function guidToString(g: Guid): string {
  const h = guidToHex(g).toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/**
 * Validate a "count, then `count` entries of `entrySize` bytes starting at
 * `entriesOffset`" list against the stream size, so a bogus count can never
 * drive an allocation bigger than the stream.
 */
export function checkCount(v: ByteView, count: number, entriesOffset: number, entrySize: number, what: string): void {
  const room = Math.max(0, v.length - entriesOffset);
  if (entrySize > 0 && count > Math.floor(room / entrySize)) {
    throw new MinidumpError('BAD_COUNT', `${what}: count ${count} of ${entrySize}-byte entries does not fit in ${room} bytes`);
  }
}

/**
 * Read the MINIDUMP_*_LIST-style header (size_of_header, size_of_entry, count) used
 * by UnloadedModuleList, MemoryInfoList, ThreadInfoList and HandleData.
 */
export interface SizedListHeader {
  sizeOfHeader: number;
  sizeOfEntry: number;
  count: number;
}
export function readSizedList(v: ByteView, countIs64: boolean, minEntry: number, what: string): SizedListHeader {
  const sizeOfHeader = v.u32(0);
  const sizeOfEntry = v.u32(4);
  const count = countIs64 ? v.u64n(8, `${what} count`) : v.u32(8);
  if (sizeOfHeader < (countIs64 ? 16 : 12) || sizeOfHeader > v.length) {
    throw new MinidumpError('MALFORMED', `${what}: header size ${sizeOfHeader} is wrong`);
  }
  if (sizeOfEntry < minEntry) throw new MinidumpError('MALFORMED', `${what}: entry size ${sizeOfEntry} is below ${minEntry}`);
  checkCount(v, count, sizeOfHeader, sizeOfEntry, what);
  return { sizeOfHeader, sizeOfEntry, count };
}

export function u32Hex(n: number): string {
  return '0x' + (n >>> 0).toString(16);
}
