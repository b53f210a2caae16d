// .gnu_debuglink (split debug file name + CRC32) and .gnu_debugaltlink (dwz
// supplementary file path + build-id).
import { objectFileError } from '../../errors.js';
import { ByteView } from '../../format/bytes.js';
import type { ElfFile } from './file.js';

export interface DebugLink {
  name: string;
  crc: number;
}

export interface AltLink {
  path: string;
  buildId: Uint8Array;
}

/** `.gnu_debuglink`: file name, NUL, padding to 4, CRC32 in the file's byte order. */
export function readDebugLink(elf: ElfFile): DebugLink | undefined {
  const s = elf.section('.gnu_debuglink');
  // Advisory data: a section that lies outside the file is ignored.
  if (!s || !elf.view.has(s.offset, s.size)) return undefined;
  const data = elf.rawData(s);
  const end = data.indexOf(0);
  if (end <= 0) return undefined;
  const crcAt = (end + 4) & ~3;
  const v = new ByteView(data, elf.littleEndian, objectFileError);
  if (!v.has(crcAt, 4)) return undefined;
  return { name: v.cstring(0, end), crc: v.u32(crcAt) };
}

/** `.gnu_debugaltlink`: path, NUL, then the supplementary file's build-id. */
export function readAltLink(elf: ElfFile): AltLink | undefined {
  const s = elf.section('.gnu_debugaltlink');
  if (!s || !elf.view.has(s.offset, s.size)) return undefined;
  const data = elf.rawData(s);
  const end = data.indexOf(0);
  if (end <= 0) return undefined;
  return { path: new ByteView(data, true, objectFileError).cstring(0, end), buildId: data.slice(end + 1) };
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE, as zlib and .gnu_debuglink use). */
export function crc32(data: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
