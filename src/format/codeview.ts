// CodeView records (a module's cv_record) and how debug/code identifiers are formed
// from them, exactly as Breakpad's MinidumpModule and rust-minidump do.
import { MinidumpError } from '../errors.js';
import { ByteView } from './bytes.js';
import { bytesToHex, guidToHex, readGuid, type Guid } from './common.js';
import { CvSignature } from './constants.js';
import type { Os } from './streams/systemInfo.js';

export type CodeViewRecord =
  | { kind: 'pdb70'; signature: Guid; age: number; pdbFileName: string }
  | { kind: 'pdb20'; cvOffset: number; signature: number; age: number; pdbFileName: string }
  | { kind: 'elf'; buildId: Uint8Array }
  | { kind: 'unknown'; signature: number; bytes: Uint8Array };

export type CodeViewKind = CodeViewRecord['kind'] | 'none';

/** Parse a cv_record's bytes. Throws MinidumpError only if shorter than its fixed part. */
export function parseCodeView(bytes: Uint8Array, littleEndian = true): CodeViewRecord {
  // CodeView records are always little-endian on disk in practice, but follow the dump's order for the ints.
  const v = new ByteView(bytes, littleEndian);
  if (bytes.length < 4) throw new MinidumpError('TRUNCATED', `CodeView record of ${bytes.length} bytes`);
  const sig = v.u32(0);
  switch (sig) {
    case CvSignature.Pdb70:
      if (bytes.length < 24) throw new MinidumpError('TRUNCATED', `RSDS record of ${bytes.length} bytes`);
      return { kind: 'pdb70', signature: readGuid(v, 4), age: v.u32(20), pdbFileName: v.cstring(24) };
    case CvSignature.Pdb20:
      if (bytes.length < 16) throw new MinidumpError('TRUNCATED', `NB10 record of ${bytes.length} bytes`);
      return { kind: 'pdb20', cvOffset: v.u32(4), signature: v.u32(8), age: v.u32(12), pdbFileName: v.cstring(16) };
    case CvSignature.Elf:
      return { kind: 'elf', buildId: bytes.subarray(4) };
    default:
      return { kind: 'unknown', signature: sig, bytes };
  }
}

/**
 * Breakpad's debug identifier for an ELF build id: the first 16 bytes (zero padded)
 * read as a little-endian GUID, uppercase, plus age 0.
 */
export function elfDebugId(buildId: Uint8Array): string {
  const b = new Uint8Array(16);
  b.set(buildId.subarray(0, 16));
  return guidToHex(readGuid(new ByteView(b, true), 0)) + '0';
}

/** Debug id (GUID uppercase + age in lowercase hex, Breakpad's form) or null. */
export function debugIdentifier(cv: CodeViewRecord | null): string | null {
  if (!cv) return null;
  switch (cv.kind) {
    case 'pdb70':
      // Breakpad "%08X%04X%04X%02X...%x": GUID uppercase, age lowercase.
      return guidToHex(cv.signature) + cv.age.toString(16);
    case 'pdb20':
      // Breakpad: "%08X%x" of signature (a timestamp) and age.
      return cv.signature.toString(16).toUpperCase().padStart(8, '0') + cv.age.toString(16);
    case 'elf':
      return elfDebugId(cv.buildId);
    default:
      return null;
  }
}

/** Debug file: the PDB name for PDB records; for ELF the code file itself (Breakpad). */
export function debugFile(cv: CodeViewRecord | null, codeFile: string): string | null {
  if (!cv) return null;
  switch (cv.kind) {
    case 'pdb70':
    case 'pdb20':
      return cv.pdbFileName;
    case 'elf':
      return codeFile;
    default:
      return null;
  }
}

/**
 * Code id: the whole ELF build id in lowercase hex; for PE modules Breakpad's
 * "%08X%x" of TimeDateStamp and SizeOfImage; none for Mac/iOS and for ELF
 * platforms without a build id.
 */
export function codeIdentifier(cv: CodeViewRecord | null, os: Os | undefined, timeDateStamp: number, sizeOfImage: number): string | null {
  if (cv?.kind === 'elf') return cv.buildId.length > 0 ? bytesToHex(cv.buildId) : null;
  if (os === 'mac' || os === 'ios' || os === 'linux' || os === 'android') return null;
  return (timeDateStamp >>> 0).toString(16).toUpperCase().padStart(8, '0') + (sizeOfImage >>> 0).toString(16);
}
