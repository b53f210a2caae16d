// MINIDUMP_HEADER and the stream directory. Validated eagerly when a dump is opened.
import { MinidumpError } from '../errors.js';
import { ByteView } from './bytes.js';
import { type Location, readLocation } from './common.js';
import { MINIDUMP_SIGNATURE, MINIDUMP_VERSION, streamTypeName, type StreamTypeName } from './constants.js';

export const HEADER_SIZE = 32;
export const DIRECTORY_ENTRY_SIZE = 12;

export interface Header {
  signature: number;
  /** Full version word; low 16 bits are MINIDUMP_VERSION, high 16 are implementation-specific. */
  version: number;
  streamCount: number;
  streamDirectoryRva: number;
  checksum: number;
  timeDateStamp: number;
  flags: bigint;
  littleEndian: boolean;
}

export interface DirectoryEntry {
  index: number;
  streamType: number;
  /** Known name, or undefined for an unknown stream type. */
  name: StreamTypeName | undefined;
  location: Location;
}

/** Byte order from the signature: 'MDMP' little-endian, or byte-swapped for big-endian dumps. */
export function detectByteOrder(bytes: Uint8Array): boolean {
  if (bytes.length < 4) throw new MinidumpError('TRUNCATED', `input is ${bytes.length} bytes, too short for a minidump header`);
  const le = new ByteView(bytes, true).u32(0);
  if (le === MINIDUMP_SIGNATURE) return true;
  if (new ByteView(bytes, false).u32(0) === MINIDUMP_SIGNATURE) return false;
  throw new MinidumpError('BAD_SIGNATURE', `not a minidump: signature 0x${le.toString(16)}`);
}

export function parseHeader(bytes: Uint8Array): Header {
  const littleEndian = detectByteOrder(bytes);
  if (bytes.length < HEADER_SIZE) throw new MinidumpError('TRUNCATED', `input is ${bytes.length} bytes, header needs ${HEADER_SIZE}`);
  const v = new ByteView(bytes, littleEndian);
  const version = v.u32(4);
  if ((version & 0xffff) !== MINIDUMP_VERSION) {
    throw new MinidumpError('BAD_VERSION', `unsupported minidump version 0x${version.toString(16)}`);
  }
  return {
    signature: v.u32(0),
    version,
    streamCount: v.u32(8),
    streamDirectoryRva: v.u32(12),
    checksum: v.u32(16),
    timeDateStamp: v.u32(20),
    flags: v.u64(24),
    littleEndian,
  };
}

/** The directory; its whole extent must lie inside the file. */
export function parseDirectory(file: ByteView, header: Header): DirectoryEntry[] {
  const { streamCount, streamDirectoryRva: rva } = header;
  if (!file.has(rva, streamCount * DIRECTORY_ENTRY_SIZE)) {
    const fits = Math.max(0, Math.floor((file.length - rva) / DIRECTORY_ENTRY_SIZE));
    throw new MinidumpError(
      rva + fits * DIRECTORY_ENTRY_SIZE <= file.length && rva <= file.length ? 'TRUNCATED' : 'OUT_OF_BOUNDS',
      `stream directory of ${streamCount} entries at 0x${rva.toString(16)} does not fit in the ${file.length}-byte dump`,
    );
  }
  const out: DirectoryEntry[] = new Array(streamCount);
  for (let i = 0; i < streamCount; i++) {
    const o = rva + i * DIRECTORY_ENTRY_SIZE;
    const streamType = file.u32(o);
    out[i] = { index: i, streamType, name: streamTypeName(streamType), location: readLocation(file, o + 4) };
  }
  return out;
}
