// Unit headers (DWARF 2–5, 32/64-bit) and the per-unit DIE table. Only the DIEs that
// matter for symbols are kept (units, subprograms, inlined subroutines, and the
// namespaces/classes that qualify names), in compact typed arrays; every other DIE
// is stepped over attribute by attribute, or jumped with DW_AT_sibling when its
// subtree can't hold anything we keep.
import { ObjectFileError } from '../../errors.js';
import type { Abbrev, AbbrevTable } from './abbrev.js';
import * as C from './constants.js';
import { type FormContext, fixedFormSize, readForm, skipForm, VK, valueKind } from './forms.js';
import { Reader, dwarfError } from './reader.js';

export interface UnitHeader extends FormContext {
  /** One past the last byte of the unit. */
  end: number;
  unitType: number;
  abbrevOffset: number;
  /** Offset of the first DIE. */
  firstDie: number;
  /** Set when the unit runs past the end of the section (it was clamped to the end). */
  truncated?: string | undefined;
}

/** Reads the unit header at r.pos and leaves r.pos at the next unit. */
export function readUnitHeader(r: Reader, isTypesSection: boolean): UnitHeader {
  const offset = r.pos;
  let length = r.u32();
  let is64 = false;
  if (length === 0xffffffff) {
    is64 = true;
    length = r.u64();
  } else if (length >= 0xfffffff0) {
    throw dwarfError('UNSUPPORTED', `.debug_info: reserved unit length 0x${length.toString(16)} at offset ${offset}`);
  }
  const start = r.pos;
  let end = start + length;
  let truncated: string | undefined;
  if (end > r.end) {
    // A cut-short section: read what is there (the DIE parser stops at the fault).
    truncated = `.debug_info: unit at offset ${offset} claims ${length} bytes, only ${r.end - start} remain`;
    end = r.end;
  }
  const u = r.sub(start, end);
  const version = u.u16();
  if (version < 2 || version > 5) throw dwarfError('BAD_VERSION', `.debug_info: unit at offset ${offset} has DWARF version ${version}`);
  let unitType = C.DW_UT_compile;
  let abbrevOffset: number;
  let addressSize: number;
  if (version >= 5) {
    unitType = u.u8();
    addressSize = u.u8();
    abbrevOffset = u.offset(is64);
    if (unitType === C.DW_UT_type || unitType === C.DW_UT_split_type) u.skip(8 + (is64 ? 8 : 4));
    else if (unitType === C.DW_UT_skeleton || unitType === C.DW_UT_split_compile) u.skip(8);
  } else {
    abbrevOffset = u.offset(is64);
    addressSize = u.u8();
    if (isTypesSection) {
      unitType = C.DW_UT_type;
      u.skip(8 + (is64 ? 8 : 4));
    }
  }
  if (addressSize !== 1 && addressSize !== 2 && addressSize !== 4 && addressSize !== 8) {
    throw dwarfError('UNSUPPORTED', `.debug_info: unit at offset ${offset} has address size ${addressSize}`);
  }
  r.pos = end;
  return { offset, end, version, unitType, is64, addressSize, abbrevOffset, firstDie: u.pos, truncated };
}

// Flags per kept DIE.
export const F_DECLARATION = 1;
export const F_LOW = 2;
export const F_HIGH = 4;
export const F_HIGH_IS_OFFSET = 8;
export const F_RANGES = 16;
export const F_RANGES_IS_INDEX = 32;
export const F_LOW_IS_INDEX = 64;
export const F_HIGH_IS_INDEX = 128;

/** Tags we keep in the table. */
const KEEP = new Uint8Array(0x50);
for (const t of [
  C.DW_TAG_compile_unit,
  C.DW_TAG_partial_unit,
  C.DW_TAG_type_unit,
  C.DW_TAG_skeleton_unit,
  C.DW_TAG_subprogram,
  C.DW_TAG_inlined_subroutine,
  C.DW_TAG_namespace,
  C.DW_TAG_class_type,
  C.DW_TAG_structure_type,
  C.DW_TAG_union_type,
  C.DW_TAG_interface_type,
]) {
  KEEP[t] = 1;
}
/** Tags whose subtrees never hold a DIE we keep, so DW_AT_sibling may jump over them. */
const LEAFY = new Uint8Array(0x50);
for (const t of [0x01 /* array_type */, 0x04 /* enumeration_type */, 0x05 /* formal_parameter */, 0x0d /* member */, 0x15 /* subroutine_type */, 0x21 /* subrange */, 0x34 /* variable */, 0x48 /* call_site */]) {
  LEAFY[t] = 1;
}
const GNU_CALL_SITE = 0x4109;

/** Deepest DIE nesting we accept (real code stays far below; garbage can't blow the stack). */
export const MAX_DIE_DEPTH = 1024;

/** The kept DIEs of one unit, plus the unit-level attributes of its root DIE. */
export class UnitDies {
  readonly header: UnitHeader;
  count = 0;
  offset: Float64Array;
  tag: Uint16Array;
  parent: Int32Array;
  flags: Uint8Array;
  nameKind: Uint8Array;
  nameVal: Float64Array;
  linkKind: Uint8Array;
  linkVal: Float64Array;
  /** DW_AT_specification or DW_AT_abstract_origin: VK.REF / VK.REF_SUP / VK.REF_SIG. */
  refKind: Uint8Array;
  refVal: Float64Array;
  low: Float64Array;
  high: Float64Array;
  ranges: Float64Array;
  callFile: Int32Array;
  callLine: Int32Array;

  // Root-DIE attributes.
  stmtList = -1;
  language = 0;
  strOffsetsBase = -1;
  addrBase = -1;
  rnglistsBase = -1;
  compDirKind: VK = VK.NONE;
  compDirVal = 0;
  /** Set when the DIE tree was cut short by bad data: the DIEs before the fault are kept. */
  error: string | undefined;

  constructor(header: UnitHeader, capacity: number) {
    this.header = header;
    const n = Math.max(4, capacity);
    this.offset = new Float64Array(n);
    this.tag = new Uint16Array(n);
    this.parent = new Int32Array(n);
    this.flags = new Uint8Array(n);
    this.nameKind = new Uint8Array(n);
    this.nameVal = new Float64Array(n);
    this.linkKind = new Uint8Array(n);
    this.linkVal = new Float64Array(n);
    this.refKind = new Uint8Array(n);
    this.refVal = new Float64Array(n);
    this.low = new Float64Array(n);
    this.high = new Float64Array(n);
    this.ranges = new Float64Array(n);
    this.callFile = new Int32Array(n);
    this.callLine = new Int32Array(n);
  }

  private grow(): void {
    const n = this.offset.length * 2;
    const g = <T extends Float64Array | Uint16Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.offset = g(this.offset);
    this.tag = g(this.tag);
    this.parent = g(this.parent);
    this.flags = g(this.flags);
    this.nameKind = g(this.nameKind);
    this.nameVal = g(this.nameVal);
    this.linkKind = g(this.linkKind);
    this.linkVal = g(this.linkVal);
    this.refKind = g(this.refKind);
    this.refVal = g(this.refVal);
    this.low = g(this.low);
    this.high = g(this.high);
    this.ranges = g(this.ranges);
    this.callFile = g(this.callFile);
    this.callLine = g(this.callLine);
  }

  /** Trims the arrays to the DIE count (for tables kept in a cache). */
  compact(): void {
    const n = this.count;
    if (n === this.offset.length) return;
    this.offset = this.offset.slice(0, n);
    this.tag = this.tag.slice(0, n);
    this.parent = this.parent.slice(0, n);
    this.flags = this.flags.slice(0, n);
    this.nameKind = this.nameKind.slice(0, n);
    this.nameVal = this.nameVal.slice(0, n);
    this.linkKind = this.linkKind.slice(0, n);
    this.linkVal = this.linkVal.slice(0, n);
    this.refKind = this.refKind.slice(0, n);
    this.refVal = this.refVal.slice(0, n);
    this.low = this.low.slice(0, n);
    this.high = this.high.slice(0, n);
    this.ranges = this.ranges.slice(0, n);
    this.callFile = this.callFile.slice(0, n);
    this.callLine = this.callLine.slice(0, n);
  }

  /** Index of the kept DIE at absolute .debug_info offset `off`, or -1. */
  find(off: number): number {
    const o = this.offset;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = o[mid]!;
      if (v === off) return mid;
      if (v < off) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Parses the DIE tree of the unit. */
  static parse(info: Reader, header: UnitHeader, abbrevs: AbbrevTable): UnitDies {
    const r = info.sub(header.firstDie, header.end);
    // Roughly one kept DIE per 40 bytes of unit; the arrays grow if not.
    const t = new UnitDies(header, Math.min(1 << 16, ((header.end - header.firstDie) / 40) | 0));
    // Abbreviations by code in an array when the codes are small (they nearly always are).
    let maxCode = 0;
    for (const code of abbrevs.keys()) if (code > maxCode) maxCode = code;
    const byCode = maxCode < 1 << 16 ? new Array<Abbrev | undefined>(maxCode + 1) : undefined;
    if (byCode) for (const [code, a] of abbrevs) byCode[code] = a;

    try {
      t.parseDies(r, abbrevs, byCode);
    } catch (e) {
      if (!(e instanceof ObjectFileError) || t.count === 0) throw e;
      // Keep what was read: a single bad DIE shouldn't lose a whole unit's functions.
      t.error = e.message;
    }
    return t;
  }

  private parseDies(r: Reader, abbrevs: AbbrevTable, byCode: (Abbrev | undefined)[] | undefined): void {
    const t = this;
    const header = this.header;
    const fixedKey = header.addressSize * 8 + (header.is64 ? 4 : 0) + (header.version <= 2 ? 2 : 0);
    const parentAt = new Int32Array(MAX_DIE_DEPTH + 1);
    parentAt[0] = -1;
    let depth = 0;
    let sawRoot = false;
    while (r.pos < r.end) {
      const dieOffset = r.pos;
      const code = r.uleb();
      if (code === 0) {
        if (depth === 0) {
          if (sawRoot) break; // padding after the tree
          continue;
        }
        depth--;
        if (depth === 0) break;
        continue;
      }
      const ab = byCode ? byCode[code] : abbrevs.get(code);
      if (!ab) throw dwarfError('MALFORMED', `.debug_info: unknown abbreviation code ${code} at offset ${dieOffset}`);
      if (depth === 0 && sawRoot) break; // a second top-level DIE: not part of the tree
      const tag = ab.tag;
      const names = ab.names;
      const forms = ab.forms;
      const n = names.length;
      const keep = depth === 0 || (tag < 0x50 && KEEP[tag] === 1);
      if (!keep) {
        if (!ab.hasChildren) {
          // Childless DIEs we don't keep: jump over fixed-size attribute lists in one step.
          if (ab.fixedKey !== fixedKey) {
            ab.fixedKey = fixedKey;
            ab.fixedSize = fixedAttributesSize(ab.forms, header);
          }
          if (ab.fixedSize >= 0) {
            r.skip(ab.fixedSize);
            continue;
          }
          for (let i = 0; i < n; i++) skipForm(r, forms[i]!, header);
          continue;
        }
        let sibling = -1;
        for (let i = 0; i < n; i++) {
          if (names[i] === C.DW_AT_sibling) {
            const v = readForm(r, forms[i]!, header, 0);
            if (valueKind === VK.REF) sibling = v;
          } else skipForm(r, forms[i]!, header);
        }
        if (ab.hasChildren) {
          if (sibling > r.pos && sibling <= r.end && ((tag < 0x50 && LEAFY[tag] === 1) || tag === GNU_CALL_SITE)) {
            r.pos = sibling;
            continue;
          }
          if (depth >= MAX_DIE_DEPTH) throw dwarfError('LIMIT', `.debug_info: DIEs nested deeper than ${MAX_DIE_DEPTH} at offset ${dieOffset}`);
          parentAt[depth + 1] = parentAt[depth]!;
          depth++;
        }
        continue;
      }

      if (t.count === t.offset.length) t.grow();
      const idx = t.count++;
      t.offset[idx] = dieOffset;
      t.tag[idx] = tag;
      t.parent[idx] = parentAt[depth]!;
      let flags = 0;
      let nameKind = 0;
      let nameVal = 0;
      let linkKind = 0;
      let linkVal = 0;
      let refKind = 0;
      let refVal = 0;
      let low = 0;
      let high = 0;
      let ranges = 0;
      let callFile = 0;
      let callLine = 0;
      for (let i = 0; i < n; i++) {
        const name = names[i]!;
        switch (name) {
          case C.DW_AT_name: {
            const v = readForm(r, forms[i]!, header, ab.consts[i]!);
            if (valueKind >= VK.STR_INFO && valueKind <= VK.STRX) {
              nameKind = valueKind;
              nameVal = v;
            }
            break;
          }
          case C.DW_AT_linkage_name:
          case C.DW_AT_MIPS_linkage_name: {
            const v = readForm(r, forms[i]!, header, ab.consts[i]!);
            if (valueKind >= VK.STR_INFO && valueKind <= VK.STRX) {
              linkKind = valueKind;
              linkVal = v;
            }
            break;
          }
          case C.DW_AT_specification:
          case C.DW_AT_abstract_origin: {
            const v = readForm(r, forms[i]!, header, 0);
            // Keep the first one; a DIE with both is not something compilers emit.
            if (refKind === 0 && (valueKind === VK.REF || valueKind === VK.REF_SUP || valueKind === VK.REF_SIG)) {
              refKind = valueKind;
              refVal = v;
            }
            break;
          }
          case C.DW_AT_low_pc: {
            const v = readForm(r, forms[i]!, header, 0);
            if (valueKind === VK.ADDR) {
              flags |= F_LOW;
              low = v;
            } else if (valueKind === VK.ADDRX) {
              flags |= F_LOW | F_LOW_IS_INDEX;
              low = v;
            }
            break;
          }
          case C.DW_AT_high_pc: {
            const v = readForm(r, forms[i]!, header, ab.consts[i]!);
            if (valueKind === VK.ADDR) {
              flags |= F_HIGH;
              high = v;
            } else if (valueKind === VK.ADDRX) {
              flags |= F_HIGH | F_HIGH_IS_INDEX;
              high = v;
            } else if (valueKind === VK.CONST) {
              flags |= F_HIGH | F_HIGH_IS_OFFSET;
              high = v;
            }
            break;
          }
          case C.DW_AT_ranges: {
            const v = readForm(r, forms[i]!, header, ab.consts[i]!);
            if (valueKind === VK.SEC_OFFSET || valueKind === VK.CONST) {
              flags |= F_RANGES;
              ranges = v;
            } else if (valueKind === VK.LISTX) {
              flags |= F_RANGES | F_RANGES_IS_INDEX;
              ranges = v;
            }
            break;
          }
          case C.DW_AT_call_file: {
            const v = readForm(r, forms[i]!, header, ab.consts[i]!);
            if (valueKind === VK.CONST) callFile = v > 0x7fffffff ? -1 : v;
            break;
          }
          case C.DW_AT_call_line: {
            const v = readForm(r, forms[i]!, header, ab.consts[i]!);
            if (valueKind === VK.CONST) callLine = v > 0x7fffffff || v < 0 ? 0 : v;
            break;
          }
          case C.DW_AT_declaration: {
            const v = readForm(r, forms[i]!, header, ab.consts[i]!);
            if (v !== 0) flags |= F_DECLARATION;
            break;
          }
          case C.DW_AT_stmt_list:
          case C.DW_AT_language:
          case C.DW_AT_comp_dir:
          case C.DW_AT_str_offsets_base:
          case C.DW_AT_addr_base:
          case C.DW_AT_GNU_addr_base:
          case C.DW_AT_rnglists_base:
          case C.DW_AT_GNU_ranges_base: {
            const v = readForm(r, forms[i]!, header, ab.consts[i]!);
            if (idx !== 0) break;
            const k = valueKind;
            if (name === C.DW_AT_stmt_list) {
              if (k === VK.SEC_OFFSET || k === VK.CONST) t.stmtList = v;
            } else if (name === C.DW_AT_language) {
              if (k === VK.CONST) t.language = v;
            } else if (name === C.DW_AT_comp_dir) {
              if (k >= VK.STR_INFO && k <= VK.STRX) {
                t.compDirKind = k;
                t.compDirVal = v;
              }
            } else if (k === VK.SEC_OFFSET || k === VK.CONST) {
              if (name === C.DW_AT_str_offsets_base) t.strOffsetsBase = v;
              else if (name === C.DW_AT_addr_base || name === C.DW_AT_GNU_addr_base) t.addrBase = v;
              else if (name === C.DW_AT_rnglists_base) t.rnglistsBase = v;
              // DW_AT_GNU_ranges_base only matters for split DWARF, which we don't read.
            }
            break;
          }
          default:
            skipForm(r, forms[i]!, header);
        }
      }
      t.flags[idx] = flags;
      t.nameKind[idx] = nameKind;
      t.nameVal[idx] = nameVal;
      t.linkKind[idx] = linkKind;
      t.linkVal[idx] = linkVal;
      t.refKind[idx] = refKind;
      t.refVal[idx] = refVal;
      t.low[idx] = low;
      t.high[idx] = high;
      t.ranges[idx] = ranges;
      t.callFile[idx] = callFile;
      t.callLine[idx] = callLine;
      if (depth === 0) {
        sawRoot = true;
        if (!ab.hasChildren) break;
      }
      if (ab.hasChildren) {
        if (depth >= MAX_DIE_DEPTH) throw dwarfError('LIMIT', `.debug_info: DIEs nested deeper than ${MAX_DIE_DEPTH} at offset ${dieOffset}`);
        parentAt[depth + 1] = idx;
        depth++;
      }
    }
  }
}

/** Byte size of an attribute list whose forms all have fixed sizes, or -1. */
function fixedAttributesSize(forms: readonly number[], u: FormContext): number {
  let total = 0;
  for (let i = 0; i < forms.length; i++) {
    const n = fixedFormSize(forms[i]!, u);
    if (n < 0) return -1;
    total += n;
  }
  return total;
}
