// MiniDebugInfo: `.gnu_debugdata` holds an xz-compressed ELF whose .symtab lists
// the local functions that `strip` removed (Fedora and others ship binaries this way).
import { createRequire } from 'node:module';
import { ObjectFileError } from '../../errors.js';
import { ElfFile } from './file.js';
import { crc32 } from './links.js';

// Loaded on first use (a native addon): few binaries carry MiniDebugInfo, and
// every module loaded up front delays the start of every dump.
let lzma: typeof import('@napi-rs/lzma') | undefined;
const xz = {
  decompressSync: (...args: Parameters<(typeof import('@napi-rs/lzma'))['xz']['decompressSync']>) =>
    (lzma ??= createRequire(import.meta.url)('@napi-rs/lzma') as typeof import('@napi-rs/lzma')).xz.decompressSync(...args),
};

/** Cap on the embedded ELF's size: real MiniDebugInfo is a few MB at most. */
export const MAX_MINIDEBUGINFO = 512 * 1024 * 1024;

/** The embedded ELF, or undefined when there is no `.gnu_debugdata`. */
export function readMiniDebugInfo(elf: ElfFile): ElfFile | undefined {
  const s = elf.section('.gnu_debugdata');
  if (!s) return undefined;
  const data = elf.rawData(s);
  if (data.length === 0) return undefined;
  const index = xzIndex(data);
  if (!index) throw new ObjectFileError('MALFORMED', '.gnu_debugdata: not an xz stream');
  const declared = index.total;
  if (declared > MAX_MINIDEBUGINFO) throw new ObjectFileError('LIMIT', `.gnu_debugdata: ${declared} bytes uncompressed is too large`);
  let out: Uint8Array;
  try {
    out = xz.decompressSync(data);
  } catch (e) {
    throw new ObjectFileError('MALFORMED', `.gnu_debugdata: xz data is corrupt (${(e as Error).message})`);
  }
  // The decompressor does not verify the block checks; we do, so that corruption
  // is an error instead of a garbage symbol table.
  if (!xzChecksOk(data, index, out)) throw new ObjectFileError('MALFORMED', '.gnu_debugdata: xz integrity check failed');
  return new ElfFile(out);
}

interface XzIndex {
  /** Stream flags check type: 0 none, 1 CRC32, 4 CRC64, 10 SHA-256. */
  checkType: number;
  blocks: Array<{ unpadded: number; uncompressed: number }>;
  total: number;
}

const CHECK_SIZES: Record<number, number> = { 0: 0, 1: 4, 4: 8, 10: 32 };

/** Verifies each block's CRC32/CRC64 against the decompressed bytes (other check types pass). */
function xzChecksOk(data: Uint8Array, index: XzIndex, out: Uint8Array): boolean {
  if (out.length !== index.total) return false;
  const size = CHECK_SIZES[index.checkType];
  if (index.checkType !== 1 && index.checkType !== 4) return true;
  let pos = 12;
  let at = 0;
  for (const b of index.blocks) {
    const check = data.subarray(pos + b.unpadded - size!, pos + b.unpadded);
    const chunk = out.subarray(at, at + b.uncompressed);
    if (index.checkType === 1) {
      const v = crc32(chunk);
      if (check.length !== 4 || v !== ((check[0]! | (check[1]! << 8) | (check[2]! << 16) | (check[3]! << 24)) >>> 0)) return false;
    } else {
      const v = crc64(chunk);
      let want = 0n;
      for (let i = 7; i >= 0; i--) want = (want << 8n) | BigInt(check[i] ?? 0);
      if (check.length !== 8 || v !== want) return false;
    }
    pos += (b.unpadded + 3) & ~3;
    at += b.uncompressed;
  }
  return true;
}

let crc64Table: { hi: Uint32Array; lo: Uint32Array } | undefined;

/** CRC-64/XZ, computed on 32-bit halves (BigInt per byte would be slow). */
export function crc64(data: Uint8Array): bigint {
  if (!crc64Table) {
    const hi = new Uint32Array(256);
    const lo = new Uint32Array(256);
    const PH = 0xc96c5795;
    const PL = 0xd7870f42;
    for (let n = 0; n < 256; n++) {
      let h = 0;
      let l = n;
      for (let k = 0; k < 8; k++) {
        const carry = l & 1;
        l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
        h = h >>> 1;
        if (carry) {
          h = (h ^ PH) >>> 0;
          l = (l ^ PL) >>> 0;
        }
      }
      hi[n] = h;
      lo[n] = l;
    }
    crc64Table = { hi, lo };
  }
  const { hi, lo } = crc64Table;
  let h = 0xffffffff;
  let l = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const idx = (l ^ data[i]!) & 0xff;
    l = (((l >>> 8) | ((h & 0xff) << 24)) ^ lo[idx]!) >>> 0;
    h = ((h >>> 8) ^ hi[idx]!) >>> 0;
  }
  return (BigInt((h ^ 0xffffffff) >>> 0) << 32n) | BigInt((l ^ 0xffffffff) >>> 0);
}

/**
 * Sums the uncompressed sizes in an xz stream's index (read from the footer), so
 * the output size is known before decompressing. Undefined if the framing is bad.
 * Handles a single stream (optionally followed by stream padding).
 */
export function xzUncompressedSize(data: Uint8Array): number | undefined {
  return xzIndex(data)?.total;
}

function xzIndex(data: Uint8Array): XzIndex | undefined {
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
  const blocks: XzIndex['blocks'] = [];
  for (let i = 0; i < records; i++) {
    const unpadded = varint();
    const size = varint();
    if (unpadded === undefined || size === undefined) return undefined;
    blocks.push({ unpadded, uncompressed: size });
    total += size;
  }
  // Stream flags (header byte 7): the check type; the footer repeats them.
  const checkType = data[7]! & 0x0f;
  if (data[end - 3] !== data[7]) return undefined;
  return { checkType, blocks, total };
}
