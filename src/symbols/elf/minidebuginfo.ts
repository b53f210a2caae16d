// MiniDebugInfo: `.gnu_debugdata` holds an xz-compressed ELF whose .symtab lists
// the local functions that `strip` removed (Fedora and others ship binaries this way).
import { xz } from '@napi-rs/lzma';
import { ObjectFileError } from '../../errors.js';
import { ElfFile } from './file.js';

/** Cap on the embedded ELF's size: real MiniDebugInfo is a few MB at most. */
export const MAX_MINIDEBUGINFO = 512 * 1024 * 1024;

/** The embedded ELF, or undefined when there is no `.gnu_debugdata`. */
export function readMiniDebugInfo(elf: ElfFile): ElfFile | undefined {
  const s = elf.section('.gnu_debugdata');
  if (!s) return undefined;
  const data = elf.rawData(s);
  if (data.length === 0) return undefined;
  const declared = xzUncompressedSize(data);
  if (declared === undefined) throw new ObjectFileError('MALFORMED', '.gnu_debugdata: not an xz stream');
  if (declared > MAX_MINIDEBUGINFO) throw new ObjectFileError('LIMIT', `.gnu_debugdata: ${declared} bytes uncompressed is too large`);
  let out: Uint8Array;
  try {
    out = xz.decompressSync(data);
  } catch (e) {
    throw new ObjectFileError('MALFORMED', `.gnu_debugdata: xz data is corrupt (${(e as Error).message})`);
  }
  return new ElfFile(out);
}

/**
 * Sums the uncompressed sizes in an xz stream's index (read from the footer), so
 * the output size is known before decompressing. Undefined if the framing is bad.
 * Handles a single stream (optionally followed by stream padding).
 */
export function xzUncompressedSize(data: Uint8Array): number | undefined {
  const magic = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
  if (data.length < 24 || !magic.every((b, i) => data[i] === b)) return undefined;
  let end = data.length;
  while (end >= 4 && data[end - 1] === 0 && data[end - 2] === 0 && data[end - 3] === 0 && data[end - 4] === 0) end -= 4;
  if (end < 24 || data[end - 2] !== 0x59 || data[end - 1] !== 0x5a) return undefined;
  const backward = (data[end - 8]! | (data[end - 7]! << 8) | (data[end - 6]! << 16) | (data[end - 5]! << 24)) >>> 0;
  const indexSize = (backward + 1) * 4;
  let p = end - 12 - indexSize;
  if (p < 12 || data[p] !== 0) return undefined;
  p++;
  const limit = end - 12;
  const varint = (): number | undefined => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 9 && p < limit; i++) {
      const b = data[p++]!;
      v += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return v;
      mul *= 128;
    }
    return undefined;
  };
  const records = varint();
  if (records === undefined || records > indexSize) return undefined;
  let total = 0;
  for (let i = 0; i < records; i++) {
    const unpadded = varint();
    const size = varint();
    if (unpadded === undefined || size === undefined) return undefined;
    total += size;
  }
  return total;
}
