// Common Information Entries: version, augmentation (z, R, P, L, S, B, G and
// the old GCC 'eh'), alignment factors, return-address column, and where the
// initial instructions are.
import { ObjectFileError } from '../../../errors.js';
import { Cursor } from './cursor.js';
import type { EntryHeader } from './entries.js';
import { DW_EH_PE_absptr, DW_EH_PE_omit, readEncodedPointer, skipEncodedPointer, validEncoding, type PointerBases } from './pointer-encoding.js';
import type { CfiSection } from './types.js';

export interface Cie {
  offset: number;
  version: number;
  augmentation: string;
  codeAlign: number;
  dataAlign: number;
  raRegister: number;
  addressSize: 4 | 8;
  segmentSize: number;
  /** 'z' augmentation: FDEs carry an augmentation-data length. */
  hasAugData: boolean;
  /** Encoding of FDE addresses ('R'); absptr otherwise. */
  fdeEncoding: number;
  /** 'S': a signal trampoline frame. */
  signalFrame: boolean;
  instructionsStart: number;
  instructionsEnd: number;
  /** Pointer bases for this CIE's FDEs, filled in by the reader on first use. */
  bases?: PointerBases;
}

function bad(cieOffset: number, what: string, code: 'MALFORMED' | 'UNSUPPORTED' = 'MALFORMED'): ObjectFileError {
  return new ObjectFileError(code, `CFI CIE at offset 0x${cieOffset.toString(16)}: ${what}`);
}

export function parseCie(
  section: CfiSection,
  c: Cursor,
  header: EntryHeader,
  defaultAddressSize: 4 | 8,
  warn: (msg: string) => void,
): Cie {
  const at = header.offset;
  c.pos = header.fields;
  c.end = header.end;
  const version = c.u8('CIE version');
  if (version < 1 || version > 4) throw bad(at, `unsupported version ${version}`, 'UNSUPPORTED');
  // NUL-terminated augmentation string, inside the entry.
  const bytes = section.bytes;
  let nul = c.pos;
  while (nul < c.end && bytes[nul] !== 0) nul++;
  if (nul >= c.end) throw bad(at, 'augmentation string is not terminated');
  let augmentation = '';
  for (let i = c.pos; i < nul; i++) augmentation += String.fromCharCode(bytes[i]!);
  c.pos = nul + 1;

  let addressSize = defaultAddressSize;
  let aug = augmentation;
  if (aug.startsWith('eh')) {
    // Old GCC: an address-sized pointer to exception data follows the string.
    c.skip(addressSize, "'eh' augmentation pointer");
    aug = aug.slice(2);
  }
  let segmentSize = 0;
  if (version >= 4) {
    const as = c.u8('address_size');
    segmentSize = c.u8('segment_size');
    if (as !== 4 && as !== 8) throw bad(at, `unsupported address size ${as}`, 'UNSUPPORTED');
    addressSize = as;
    if (segmentSize > 8) throw bad(at, `unsupported segment selector size ${segmentSize}`, 'UNSUPPORTED');
  }
  const codeAlign = c.uleb('code alignment factor');
  const dataAlign = c.sleb('data alignment factor');
  const raRegister = version === 1 ? c.u8('return address register') : c.uleb('return address register');
  if (Number.isNaN(codeAlign) || Number.isNaN(dataAlign) || Number.isNaN(raRegister)) throw bad(at, 'alignment factor or return address register out of range');

  let hasAugData = false;
  let fdeEncoding = DW_EH_PE_absptr;
  let signalFrame = false;
  if (aug.length > 0) {
    if (aug[0] !== 'z') throw bad(at, `unknown augmentation '${augmentation}'`, 'UNSUPPORTED');
    hasAugData = true;
    const dataLen = c.uleb('augmentation data length');
    const dataStart = c.pos;
    c.skip(dataLen, 'augmentation data');
    const dataEnd = c.pos;
    const d = new Cursor(bytes, c.le, dataStart, dataEnd);
    const bases: PointerBases = { sectionAddress: section.address, addressSize };
    for (let i = 1; i < aug.length; i++) {
      const ch = aug[i];
      if (ch === 'R') {
        fdeEncoding = d.u8('FDE pointer encoding');
        if (!validEncoding(fdeEncoding) || fdeEncoding === DW_EH_PE_omit) throw bad(at, `invalid FDE pointer encoding 0x${fdeEncoding.toString(16)}`);
      } else if (ch === 'P') {
        const enc = d.u8('personality encoding');
        if (!validEncoding(enc)) throw bad(at, `invalid personality encoding 0x${enc.toString(16)}`);
        skipEncodedPointer(d, enc, bases);
      } else if (ch === 'L') {
        const enc = d.u8('LSDA encoding');
        if (!validEncoding(enc)) throw bad(at, `invalid LSDA encoding 0x${enc.toString(16)}`);
      } else if (ch === 'S') {
        signalFrame = true;
      } else if (ch === 'B' || ch === 'G') {
        // AArch64 pointer-authentication B key / MTE tagged frames: no data, no effect on rules.
      } else {
        // As libgcc does: with 'z' the data length lets us skip what we don't know.
        warn(`CFI CIE at offset 0x${at.toString(16)}: unknown augmentation character '${ch}' in '${augmentation}', rest ignored`);
        break;
      }
    }
    c.pos = dataEnd;
  }
  return {
    offset: at,
    version,
    augmentation,
    codeAlign,
    dataAlign,
    raRegister,
    addressSize,
    segmentSize,
    hasAugData,
    fdeEncoding,
    signalFrame,
    instructionsStart: c.pos,
    instructionsEnd: header.end,
  };
}

export interface FdeHeader {
  address: number;
  size: number;
  instructionsStart: number;
  instructionsEnd: number;
}

/** Reads an FDE's initial location, range and augmentation data (skipped). */
/** Bases for an FDE's range (no base applies): one object, filled per call. */
const SIZE_BASES: PointerBases = { sectionAddress: 0, addressSize: 8 };

/** `out`: filled and returned (pass one to reuse it). */
export function parseFdeHeader(
  section: CfiSection,
  c: Cursor,
  header: EntryHeader,
  cie: Cie,
  bases: PointerBases,
  readMemory?: (address: number, size: number) => Uint8Array | undefined,
  out: FdeHeader = { address: 0, size: 0, instructionsStart: 0, instructionsEnd: 0 },
): FdeHeader {
  c.pos = header.fields;
  c.end = header.end;
  if (cie.segmentSize > 0) c.skip(cie.segmentSize, 'segment selector');
  const address = readEncodedPointer(c, cie.fdeEncoding, bases, readMemory);
  // The range has the same form but no base and is never indirect.
  SIZE_BASES.sectionAddress = section.address;
  SIZE_BASES.addressSize = bases.addressSize;
  const size = readEncodedPointer(c, cie.fdeEncoding & 0x0f, SIZE_BASES);
  if (cie.hasAugData) {
    const n = c.uleb('FDE augmentation data length');
    c.skip(n, 'FDE augmentation data');
  }
  out.address = address;
  out.size = size;
  out.instructionsStart = c.pos;
  out.instructionsEnd = header.end;
  return out;
}
