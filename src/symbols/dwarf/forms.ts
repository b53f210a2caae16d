// Attribute values. `readForm` decodes one value into a (kind, number) pair without
// allocating; `skipForm` steps over a value we don't need as cheaply as possible.
import * as C from './constants.js';
import { Reader, dwarfError } from './reader.js';

/** What `readForm` found; the number it returns is interpreted according to this. */
export const enum VK {
  NONE = 0,
  CONST = 1,
  ADDR = 2,
  /** Index into .debug_addr. */
  ADDRX = 3,
  /** Absolute .debug_info offset in the same file. */
  REF = 4,
  /** Absolute .debug_info offset in the supplementary (dwz) file. */
  REF_SUP = 5,
  /** Type signature (value not kept: references into type units are not followed). */
  REF_SIG = 6,
  /** Inline string: offset into this file's .debug_info. */
  STR_INFO = 7,
  STRP = 8,
  LINE_STRP = 9,
  /** Offset into the supplementary file's .debug_str. */
  STRP_SUP = 10,
  /** Index into .debug_str_offsets. */
  STRX = 11,
  SEC_OFFSET = 12,
  /** rnglistx / loclistx index. */
  LISTX = 13,
  /** A block, exprloc or data16: skipped. */
  OTHER = 14,
}

/** The unit layout a value decoder needs. */
export interface FormContext {
  version: number;
  addressSize: number;
  is64: boolean;
  /** Offset of the unit header in .debug_info (unit-relative references add this). */
  offset: number;
}

export let valueKind: VK = VK.NONE;

/** Reads one attribute value of `form`; sets `valueKind` and returns the number. */
export function readForm(r: Reader, form: number, u: FormContext, implicitConst: number): number {
  for (let indirections = 0; indirections < 8; indirections++) {
    switch (form) {
      case C.DW_FORM_addr:
        valueKind = VK.ADDR;
        return r.uN(u.addressSize);
      case C.DW_FORM_data1:
      case C.DW_FORM_flag:
        valueKind = VK.CONST;
        return r.u8();
      case C.DW_FORM_data2:
        valueKind = VK.CONST;
        return r.u16();
      case C.DW_FORM_data4:
        valueKind = VK.CONST;
        return r.u32();
      case C.DW_FORM_data8:
        valueKind = VK.CONST;
        return r.u64();
      case C.DW_FORM_udata:
        valueKind = VK.CONST;
        return r.uleb();
      case C.DW_FORM_sdata:
        valueKind = VK.CONST;
        return r.sleb();
      case C.DW_FORM_flag_present:
        valueKind = VK.CONST;
        return 1;
      case C.DW_FORM_implicit_const:
        valueKind = VK.CONST;
        return implicitConst;
      case C.DW_FORM_ref1:
        valueKind = VK.REF;
        return u.offset + r.u8();
      case C.DW_FORM_ref2:
        valueKind = VK.REF;
        return u.offset + r.u16();
      case C.DW_FORM_ref4:
        valueKind = VK.REF;
        return u.offset + r.u32();
      case C.DW_FORM_ref8:
        valueKind = VK.REF;
        return u.offset + r.u64();
      case C.DW_FORM_ref_udata:
        valueKind = VK.REF;
        return u.offset + r.uleb();
      case C.DW_FORM_ref_addr:
        valueKind = VK.REF;
        // DWARF 2 sized this like an address; later versions like an offset.
        return u.version <= 2 ? r.uN(u.addressSize) : r.offset(u.is64);
      case C.DW_FORM_GNU_ref_alt:
        valueKind = VK.REF_SUP;
        return r.offset(u.is64);
      case C.DW_FORM_ref_sup4:
        valueKind = VK.REF_SUP;
        return r.u32();
      case C.DW_FORM_ref_sup8:
        valueKind = VK.REF_SUP;
        return r.u64();
      case C.DW_FORM_ref_sig8:
        valueKind = VK.REF_SIG;
        r.skip(8);
        return 0;
      case C.DW_FORM_string:
        valueKind = VK.STR_INFO;
        return r.skipCString();
      case C.DW_FORM_strp:
        valueKind = VK.STRP;
        return r.offset(u.is64);
      case C.DW_FORM_line_strp:
        valueKind = VK.LINE_STRP;
        return r.offset(u.is64);
      case C.DW_FORM_GNU_strp_alt:
      case C.DW_FORM_strp_sup:
        valueKind = VK.STRP_SUP;
        return r.offset(u.is64);
      case C.DW_FORM_strx:
      case C.DW_FORM_GNU_str_index:
        valueKind = VK.STRX;
        return r.uleb();
      case C.DW_FORM_strx1:
        valueKind = VK.STRX;
        return r.u8();
      case C.DW_FORM_strx2:
        valueKind = VK.STRX;
        return r.u16();
      case C.DW_FORM_strx3:
        valueKind = VK.STRX;
        return r.u24();
      case C.DW_FORM_strx4:
        valueKind = VK.STRX;
        return r.u32();
      case C.DW_FORM_addrx:
      case C.DW_FORM_GNU_addr_index:
        valueKind = VK.ADDRX;
        return r.uleb();
      case C.DW_FORM_addrx1:
        valueKind = VK.ADDRX;
        return r.u8();
      case C.DW_FORM_addrx2:
        valueKind = VK.ADDRX;
        return r.u16();
      case C.DW_FORM_addrx3:
        valueKind = VK.ADDRX;
        return r.u24();
      case C.DW_FORM_addrx4:
        valueKind = VK.ADDRX;
        return r.u32();
      case C.DW_FORM_sec_offset:
        valueKind = VK.SEC_OFFSET;
        return r.offset(u.is64);
      case C.DW_FORM_rnglistx:
      case C.DW_FORM_loclistx:
        valueKind = VK.LISTX;
        return r.uleb();
      case C.DW_FORM_indirect:
        form = r.uleb();
        continue;
      default:
        skipForm(r, form, u);
        valueKind = VK.OTHER;
        return 0;
    }
  }
  throw dwarfError('MALFORMED', `.debug_info: too many DW_FORM_indirect levels at offset ${r.pos}`);
}

/** Byte size of a form whose size does not depend on its value, or -1. */
export function fixedFormSize(form: number, u: FormContext): number {
  switch (form) {
    case C.DW_FORM_flag_present:
    case C.DW_FORM_implicit_const:
      return 0;
    case C.DW_FORM_data1:
    case C.DW_FORM_ref1:
    case C.DW_FORM_flag:
    case C.DW_FORM_strx1:
    case C.DW_FORM_addrx1:
      return 1;
    case C.DW_FORM_data2:
    case C.DW_FORM_ref2:
    case C.DW_FORM_strx2:
    case C.DW_FORM_addrx2:
      return 2;
    case C.DW_FORM_strx3:
    case C.DW_FORM_addrx3:
      return 3;
    case C.DW_FORM_data4:
    case C.DW_FORM_ref4:
    case C.DW_FORM_strx4:
    case C.DW_FORM_addrx4:
    case C.DW_FORM_ref_sup4:
      return 4;
    case C.DW_FORM_data8:
    case C.DW_FORM_ref8:
    case C.DW_FORM_ref_sig8:
    case C.DW_FORM_ref_sup8:
      return 8;
    case C.DW_FORM_data16:
      return 16;
    case C.DW_FORM_addr:
      return u.addressSize;
    case C.DW_FORM_ref_addr:
      return u.version <= 2 ? u.addressSize : u.is64 ? 8 : 4;
    case C.DW_FORM_strp:
    case C.DW_FORM_line_strp:
    case C.DW_FORM_sec_offset:
    case C.DW_FORM_strp_sup:
    case C.DW_FORM_GNU_ref_alt:
    case C.DW_FORM_GNU_strp_alt:
      return u.is64 ? 8 : 4;
    default:
      return -1;
  }
}

/** Steps over one value of `form`. Throws UNSUPPORTED for forms whose size we can't know. */
export function skipForm(r: Reader, form: number, u: FormContext): void {
  for (let indirections = 0; indirections < 8; indirections++) {
    const n = fixedFormSize(form, u);
    if (n >= 0) {
      r.skip(n);
      return;
    }
    switch (form) {
      case C.DW_FORM_udata:
      case C.DW_FORM_sdata:
      case C.DW_FORM_ref_udata:
      case C.DW_FORM_strx:
      case C.DW_FORM_addrx:
      case C.DW_FORM_rnglistx:
      case C.DW_FORM_loclistx:
      case C.DW_FORM_GNU_addr_index:
      case C.DW_FORM_GNU_str_index: {
        // LEB128: step to the first byte without the continuation bit.
        const b = r.buf;
        let p = r.pos;
        while (p < r.end && b[p]! >= 0x80) p++;
        if (p >= r.end) r.overrun(p - r.pos + 1);
        r.pos = p + 1;
        return;
      }
      case C.DW_FORM_string:
        r.skipCString();
        return;
      case C.DW_FORM_block1:
        r.skip(r.u8());
        return;
      case C.DW_FORM_block2:
        r.skip(r.u16());
        return;
      case C.DW_FORM_block4:
        r.skip(r.u32());
        return;
      case C.DW_FORM_block:
      case C.DW_FORM_exprloc:
        r.skip(r.uleb());
        return;
      case C.DW_FORM_indirect:
        form = r.uleb();
        continue;
      default:
        throw dwarfError('UNSUPPORTED', `.debug_info: unknown attribute form 0x${form.toString(16)} at offset ${r.pos}`);
    }
  }
  throw dwarfError('MALFORMED', `.debug_info: too many DW_FORM_indirect levels at offset ${r.pos}`);
}
