// Compressed debug sections: SHF_COMPRESSED (an Elf32/64_Chdr then zlib or zstd
// data) and the older GNU `.zdebug_*` form ("ZLIB" + 8-byte big-endian size).
// The declared size bounds the output; a size that the input cannot produce is
// rejected before anything is allocated.
import { createRequire } from 'node:module';
import { ObjectFileError } from '../../errors.js';
import { ByteView } from '../../format/bytes.js';
import { objectFileError } from '../../errors.js';
import { ELFCOMPRESS_ZLIB, ELFCOMPRESS_ZSTD } from './constants.js';

/** Largest section we will inflate (node Buffers cannot be larger anyway). */
export const MAX_DECOMPRESSED = 2 ** 31 - 1;
// deflate cannot expand by more than ~1032:1. zstd can (long runs), but no real
// debug section comes near that, so the same bound keeps a tiny hostile section
// from making us allocate gigabytes.
const DEFLATE_MAX_RATIO = 1100;
const ZSTD_MAX_RATIO = 1100;

export function decompressChdr(raw: Uint8Array, is64: boolean, littleEndian: boolean, name: string): Uint8Array {
  const v = new ByteView(raw, littleEndian, objectFileError);
  const headerSize = is64 ? 24 : 12;
  if (raw.length < headerSize) throw new ObjectFileError('TRUNCATED', `${name}: compressed section is shorter than its header`);
  const type = v.u32(0);
  const size = is64 ? v.u64(8) : BigInt(v.u32(4));
  const body = raw.subarray(headerSize);
  if (type === ELFCOMPRESS_ZLIB) return inflate(body, size, name);
  if (type === ELFCOMPRESS_ZSTD) return unzstd(body, size, name);
  throw new ObjectFileError('UNSUPPORTED', `${name}: unknown compression type ${type}`);
}

export function decompressZdebug(raw: Uint8Array, name: string): Uint8Array {
  if (raw.length < 12) throw new ObjectFileError('TRUNCATED', `${name}: .zdebug header is truncated`);
  const size = new ByteView(raw, false, objectFileError).u64(4);
  return inflate(raw.subarray(12), size, name);
}

function checkSize(size: bigint, compressed: number, ratio: number, name: string): number {
  if (size > BigInt(MAX_DECOMPRESSED)) throw new ObjectFileError('LIMIT', `${name}: decompressed size ${size} is too large`);
  const n = Number(size);
  if (n > (compressed + 64) * ratio) throw new ObjectFileError('MALFORMED', `${name}: ${compressed} compressed bytes cannot hold ${n} bytes`);
  return n;
}

// node:zlib is loaded on first use too (~5 ms): most binaries have no compressed section.
let zlibModule: typeof import('node:zlib') | undefined;
const zlib = (): typeof import('node:zlib') => (zlibModule ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib'));

function inflate(body: Uint8Array, declared: bigint, name: string): Uint8Array {
  const size = checkSize(declared, body.length, DEFLATE_MAX_RATIO, name);
  let out: Buffer;
  try {
    out = zlib().inflateSync(body, { maxOutputLength: Math.max(1, size), finishFlush: zlib().constants.Z_SYNC_FLUSH });
  } catch (e) {
    throw new ObjectFileError('MALFORMED', `${name}: zlib data is corrupt (${(e as Error).message})`);
  }
  if (out.length !== size) throw new ObjectFileError('MALFORMED', `${name}: inflated to ${out.length} bytes, header says ${size}`);
  return out;
}

type ZstdSync = (buf: Uint8Array, options?: { maxOutputLength?: number }) => Buffer;

// Loaded on first use: zstd sections are rare, and every module loaded up front
// delays the start of every dump.
let fzstd: typeof import('fzstd') | undefined;
const fzstdDecompress: (typeof import('fzstd'))['decompress'] = (data, out) => (fzstd ??= createRequire(import.meta.url)('fzstd') as typeof import('fzstd')).decompress(data, out);

function unzstd(body: Uint8Array, declared: bigint, name: string): Uint8Array {
  const size = checkSize(declared, body.length, ZSTD_MAX_RATIO, name);
  // Node >= 22.15 has zstd built in; older Node falls back to fzstd (pure JS).
  const native = (zlib() as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;
  let out: Uint8Array;
  try {
    if (native) out = native(body, { maxOutputLength: Math.max(1, size) });
    else {
      const buf = new Uint8Array(size);
      out = fzstdDecompress(body, buf);
    }
  } catch (e) {
    throw new ObjectFileError('MALFORMED', `${name}: zstd data is corrupt (${(e as Error).message})`);
  }
  if (out.length !== size) throw new ObjectFileError('MALFORMED', `${name}: zstd output is ${out.length} bytes, header says ${size}`);
  return out;
}
