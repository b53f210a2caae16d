// Breakpad module identifiers for ELF files.
//
// debug id: the first 16 bytes of the GNU build-id (zero-padded), read as a GUID
// whose first three fields are byte-swapped for little-endian ELF files, then the
// age "0": 33 uppercase hex digits. Big-endian files are not swapped (symbolic's
// rule: a big-endian Breakpad client writes the GUID fields in its own order, so
// the processor sees the raw bytes; Breakpad's dump_syms swaps on a little-endian
// host whatever the file's byte order).
//
// Without a build-id we match Breakpad's dump_syms (src/common/linux/file_id.cc):
// XOR the first min(4096, |.text|) bytes of .text into 16 bytes in 16-byte strides.
// Its last stride runs past the end of .text when the size is not a multiple of 16
// (it reads the bytes that follow in the file); we reproduce that. mozilla's
// dump_syms/symbolic XORs exactly min(4096, |.text|) bytes instead, so on tiny
// binaries the two differ; the minidump written by a Breakpad/Crashpad client uses
// the Breakpad form. Breakpad then writes the hash as INFO CODE_ID; we do too.
import { SHT_PROGBITS } from './constants.js';
import type { ElfFile } from './file.js';
import { findBuildId } from './notes.js';

export interface ElfIds {
  /** 33 uppercase hex digits (GUID + age 0), or the nil id when there is nothing to hash. */
  debugId: string;
  /** INFO CODE_ID: the build-id (or the .text hash) in uppercase hex; undefined if neither. */
  codeId: string | undefined;
  /** The raw build-id, if the file has one. */
  buildId: Uint8Array | undefined;
}

const TEXT_HASH_BYTES = 4096;

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Formats 16 identifier bytes as a Breakpad debug id (GUID + age 0). */
export function debugIdFromIdentifier(identifier: Uint8Array, littleEndian: boolean): string {
  const g = new Uint8Array(16);
  g.set(identifier.subarray(0, 16));
  if (littleEndian) {
    g.subarray(0, 4).reverse();
    g.subarray(4, 6).reverse();
    g.subarray(6, 8).reverse();
  }
  return toHex(g).toUpperCase() + '0';
}

/** Breakpad's .text hash (see the header comment), or undefined when there is no .text in the file. */
export function textHash(elf: ElfFile): Uint8Array | undefined {
  const text = elf.section('.text');
  if (!text || text.type !== SHT_PROGBITS || text.size === 0) return undefined;
  const hash = new Uint8Array(16);
  const n = Math.min(text.size, TEXT_HASH_BYTES);
  const bytes = elf.bytes;
  elf.ensure(text.offset, n + 16);
  for (let p = 0; p < n; p += 16) {
    for (let i = 0; i < 16; i++) {
      const at = text.offset + p + i;
      if (at < bytes.length) hash[i]! ^= bytes[at]!;
    }
  }
  return hash;
}

export function elfIds(elf: ElfFile): ElfIds {
  const buildId = findBuildId(elf);
  if (buildId) return { debugId: debugIdFromIdentifier(buildId, elf.littleEndian), codeId: toHex(buildId).toUpperCase(), buildId };
  const hash = textHash(elf);
  if (hash) return { debugId: debugIdFromIdentifier(hash, elf.littleEndian), codeId: toHex(hash).toUpperCase(), buildId: undefined };
  return { debugId: '0'.repeat(33), codeId: undefined, buildId: undefined };
}
