// Entry framing shared by .eh_frame and .debug_frame: the initial length
// (32- or 64-bit DWARF), and the CIE id / CIE pointer that follows it.
import { ObjectFileError } from '../../../errors.js';
import { Cursor } from './cursor.js';
import type { CfiSection } from './types.js';

/**
 * 'end': the .eh_frame zero terminator (stop reading); 'pad': zero-length .debug_frame entry (skip);
 * 'short': an entry too short to hold its id (skip it, the next one is still found).
 */
export type EntryKind = 'cie' | 'fde' | 'end' | 'pad' | 'short';

export interface EntryHeader {
  kind: EntryKind;
  /** Section offset of the entry (its length field). */
  offset: number;
  /** Offset just past the entry. */
  end: number;
  /** Offset of the CIE-specific / FDE-specific fields (after the id). */
  fields: number;
  /** For FDEs: the section offset of its CIE. */
  cieOffset: number;
  /** 4 or 8: 64-bit DWARF entries use 8-byte offsets. */
  offsetSize: 4 | 8;
}

/**
 * Reads the entry header at `offset`. Throws ObjectFileError when the entry's
 * extent cannot be known (the caller then stops reading the section).
 */
export function readEntryHeader(section: CfiSection, c: Cursor, offset: number, out?: EntryHeader): EntryHeader {
  const len = section.bytes.length;
  c.pos = offset;
  c.end = len;
  if (len - offset < 4) throw new ObjectFileError('TRUNCATED', `CFI ${section.kind}: ${len - offset} stray bytes at offset 0x${offset.toString(16)}`);
  let length = c.u32();
  let offsetSize: 4 | 8 = 4;
  if (length === 0xffffffff) {
    offsetSize = 8;
    length = c.u64('64-bit initial length');
  } else if (length >= 0xfffffff0) {
    throw new ObjectFileError('MALFORMED', `CFI ${section.kind}: reserved initial length 0x${length.toString(16)} at offset 0x${offset.toString(16)}`);
  }
  const fields0 = c.pos;
  if (!(length <= len - fields0)) {
    throw new ObjectFileError('TRUNCATED', `CFI ${section.kind}: entry at offset 0x${offset.toString(16)} claims ${length} bytes, only ${len - fields0} remain`);
  }
  const end = fields0 + length;
  if (length === 0) {
    const kind = section.kind === 'eh_frame' ? 'end' : 'pad';
    return header(out, kind, offset, end, end, -1, offsetSize);
  }
  c.end = end;
  // .eh_frame CIE ids / pointers are always 4 bytes (LSB); .debug_frame uses the offset size.
  const idSize = section.kind === 'eh_frame' ? 4 : offsetSize;
  const idPos = c.pos;
  if (length < idSize) return header(out, 'short', offset, end, end, -1, offsetSize);
  const id = idSize === 4 ? c.u32('CIE id') : c.u64('CIE id');
  const fields = c.pos;
  if (section.kind === 'eh_frame') {
    if (id === 0) return header(out, 'cie', offset, end, fields, -1, offsetSize);
    return header(out, 'fde', offset, end, fields, idPos - id, offsetSize);
  }
  // NaN is how u64() reports 0xffffffffffffffff (and other values past 2^53).
  if ((idSize === 4 && id === 0xffffffff) || (idSize === 8 && Number.isNaN(id))) {
    // A CIE pointer past 2^53 cannot point into the section: report it as a bad pointer.
    if (idSize === 8 && !allOnes(section.bytes, idPos, 8)) return header(out, 'fde', offset, end, fields, -1, offsetSize);
    return header(out, 'cie', offset, end, fields, -1, offsetSize);
  }
  return header(out, 'fde', offset, end, fields, id, offsetSize);
}

function allOnes(bytes: Uint8Array, at: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (bytes[at + i] !== 0xff) return false;
  return true;
}

function header(out: EntryHeader | undefined, kind: EntryKind, offset: number, end: number, fields: number, cieOffset: number, offsetSize: 4 | 8): EntryHeader {
  if (!out) return { kind, offset, end, fields, cieOffset, offsetSize };
  out.kind = kind;
  out.offset = offset;
  out.end = end;
  out.fields = fields;
  out.cieOffset = cieOffset;
  out.offsetSize = offsetSize;
  return out;
}
