// DW_EH_PE_* pointer encodings (LSB "Exception Frames", gcc unwind-pe.h).
// The low nibble says how the value is stored, the 0x70 bits what it is
// relative to, 0x80 that it points at the real pointer.
import { ObjectFileError } from '../../../errors.js';
import type { Cursor } from './cursor.js';

export const DW_EH_PE_absptr = 0x00;
export const DW_EH_PE_uleb128 = 0x01;
export const DW_EH_PE_udata2 = 0x02;
export const DW_EH_PE_udata4 = 0x03;
export const DW_EH_PE_udata8 = 0x04;
export const DW_EH_PE_sleb128 = 0x09;
export const DW_EH_PE_sdata2 = 0x0a;
export const DW_EH_PE_sdata4 = 0x0b;
export const DW_EH_PE_sdata8 = 0x0c;
export const DW_EH_PE_pcrel = 0x10;
export const DW_EH_PE_textrel = 0x20;
export const DW_EH_PE_datarel = 0x30;
export const DW_EH_PE_funcrel = 0x40;
export const DW_EH_PE_aligned = 0x50;
export const DW_EH_PE_indirect = 0x80;
export const DW_EH_PE_omit = 0xff;

/** What relative encodings are measured from. `sectionAddress` + cursor position = address of the field. */
export interface PointerBases {
  sectionAddress: number;
  textAddress?: number;
  dataAddress?: number;
  funcAddress?: number;
  addressSize: 4 | 8;
}

export function validEncoding(enc: number): boolean {
  if (enc === DW_EH_PE_omit) return true;
  const form = enc & 0x0f;
  if (form > 0x0c || form === 0x05 || form === 0x06 || form === 0x07 || form === 0x08) return false;
  const app = enc & 0x70;
  if (app > DW_EH_PE_aligned) return false;
  // aligned carries no value form of its own.
  return app !== DW_EH_PE_aligned || form === 0;
}

function bad(msg: string): ObjectFileError {
  return new ObjectFileError('MALFORMED', `CFI: ${msg}`);
}

/** The stored value, without any base: NaN when it does not fit a JS number. */
export function readEncodedValue(c: Cursor, form: number, addressSize: 4 | 8): number {
  switch (form) {
    case DW_EH_PE_absptr:
      return addressSize === 8 ? c.u64('pointer') : c.u32('pointer');
    case DW_EH_PE_uleb128:
      return c.uleb('pointer');
    case DW_EH_PE_udata2:
      return c.u16('pointer');
    case DW_EH_PE_udata4:
      return c.u32('pointer');
    case DW_EH_PE_udata8:
      return c.u64('pointer');
    case DW_EH_PE_sleb128:
      return c.sleb('pointer');
    case DW_EH_PE_sdata2:
      return c.i16('pointer');
    case DW_EH_PE_sdata4:
      return c.i32('pointer');
    case DW_EH_PE_sdata8:
      return c.i64('pointer');
    default:
      throw bad(`invalid pointer encoding form 0x${form.toString(16)}`);
  }
}

/**
 * Reads a pointer in encoding `enc`. Returns the address modulo 2^(8*addressSize);
 * throws ObjectFileError when a base is missing, the value does not fit in 53 bits,
 * or it is indirect and `readMemory` cannot resolve it.
 */
export function readEncodedPointer(
  c: Cursor,
  enc: number,
  bases: PointerBases,
  readMemory?: (address: number, size: number) => Uint8Array | undefined,
): number {
  if (enc === DW_EH_PE_omit) throw bad('pointer encoding DW_EH_PE_omit where a pointer is required');
  const size = bases.addressSize;
  let base: number;
  const app = enc & 0x70;
  if (app === DW_EH_PE_aligned) {
    // Aligned to the address size in the loaded image, not in our buffer.
    const at = bases.sectionAddress + c.pos;
    const pad = (size - (at % size)) % size;
    c.skip(pad, 'alignment padding');
    return checked(readEncodedValue(c, DW_EH_PE_absptr, size), size, enc);
  }
  const fieldAddress = bases.sectionAddress + c.pos;
  const value = readEncodedValue(c, enc & 0x0f, size);
  switch (app) {
    case DW_EH_PE_absptr:
      base = 0;
      break;
    case DW_EH_PE_pcrel:
      base = fieldAddress;
      break;
    case DW_EH_PE_textrel:
      if (bases.textAddress === undefined) throw new ObjectFileError('UNSUPPORTED', 'CFI: DW_EH_PE_textrel pointer but no .text address was given');
      base = bases.textAddress;
      break;
    case DW_EH_PE_datarel:
      if (bases.dataAddress === undefined) throw new ObjectFileError('UNSUPPORTED', 'CFI: DW_EH_PE_datarel pointer but no data (.got) address was given');
      base = bases.dataAddress;
      break;
    case DW_EH_PE_funcrel:
      if (bases.funcAddress === undefined) throw new ObjectFileError('UNSUPPORTED', 'CFI: DW_EH_PE_funcrel pointer outside an FDE');
      base = bases.funcAddress;
      break;
    default:
      throw bad(`invalid pointer encoding 0x${enc.toString(16)}`);
  }
  let addr = checked(base + value, size, enc);
  if (enc & DW_EH_PE_indirect) {
    const mem = readMemory?.(addr, size);
    if (!mem || mem.length < size) throw new ObjectFileError('UNSUPPORTED', `CFI: indirect pointer to 0x${addr.toString(16)} cannot be resolved`);
    const dv = new DataView(mem.buffer, mem.byteOffset, size);
    const le = c.le;
    addr = size === 4 ? dv.getUint32(0, le) : dv.getUint32(le ? 4 : 0, le) * 0x1_0000_0000 + dv.getUint32(le ? 0 : 4, le);
    if (!Number.isSafeInteger(addr)) throw bad('indirect pointer does not fit in 53 bits');
  }
  return addr;
}

function checked(v: number, size: 4 | 8, enc: number): number {
  if (Number.isNaN(v)) throw new ObjectFileError('UNSUPPORTED', `CFI: pointer (encoding 0x${enc.toString(16)}) does not fit in 53 bits`);
  if (size === 4) return ((v % 0x1_0000_0000) + 0x1_0000_0000) % 0x1_0000_0000;
  if (v < 0 || v > Number.MAX_SAFE_INTEGER) throw new ObjectFileError('UNSUPPORTED', `CFI: pointer (encoding 0x${enc.toString(16)}) does not fit in 53 bits`);
  return v;
}

/** Skips a pointer without resolving it (personality routines, LSDAs). */
export function skipEncodedPointer(c: Cursor, enc: number, bases: PointerBases): void {
  if (enc === DW_EH_PE_omit) return;
  const size = bases.addressSize;
  if ((enc & 0x70) === DW_EH_PE_aligned) {
    const at = bases.sectionAddress + c.pos;
    c.skip((size - (at % size)) % size + size, 'aligned pointer');
    return;
  }
  readEncodedValue(c, enc & 0x0f, size);
}
