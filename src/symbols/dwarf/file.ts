// One DWARF file's sections (the main file, or the dwz supplementary file): unit
// headers, cached abbreviation tables and DIE tables, and the string, address and
// range lookups that need a unit's bases (str_offsets_base, addr_base, rnglists_base).
import { ObjectFileError } from '../../errors.js';
import { type AbbrevTable, parseAbbrevTable } from './abbrev.js';
import * as C from './constants.js';
import { VK } from './forms.js';
import { type LineStrings, type LineTable, parseLineProgram } from './line-program.js';
import { normalizeRanges, readDebugRanges, readRngList } from './ranges.js';
import { Reader, dwarfError, stringAt } from './reader.js';
import { F_HIGH, F_HIGH_IS_INDEX, F_HIGH_IS_OFFSET, F_LOW, F_LOW_IS_INDEX, F_RANGES, F_RANGES_IS_INDEX, type UnitHeader, UnitDies, readUnitHeader } from './unit.js';

/** Raw (already decompressed) DWARF section bytes; missing sections are undefined. */
export interface DwarfSections {
  info?: Uint8Array;
  abbrev?: Uint8Array;
  line?: Uint8Array;
  lineStr?: Uint8Array;
  str?: Uint8Array;
  strOffsets?: Uint8Array;
  ranges?: Uint8Array;
  rnglists?: Uint8Array;
  addr?: Uint8Array;
  types?: Uint8Array;
  /** dwz: the .gnu_debugaltlink file's sections (DW_FORM_GNU_ref_alt / GNU_strp_alt / ref_sup / strp_sup point there). */
  sup?: DwarfSections;
}

/**
 * Parsed DIE tables kept for cross-unit references (LTO and dwz point into other units
 * all the time): by the size of the units they came from, at least UNIT_CACHE_MIN of
 * them. A table costs roughly 1.5x its unit's bytes.
 */
const UNIT_CACHE_BYTES = 128 << 20;
const UNIT_CACHE_MIN = 16;

export class DwarfFile {
  readonly sections: DwarfSections;
  readonly le: boolean;
  readonly sup: DwarfFile | undefined;
  readonly headers: UnitHeader[] = [];
  private readonly abbrevs = new Map<number, AbbrevTable>();
  private readonly units = new Map<number, UnitDies>();
  private cachedBytes = 0;
  private readonly warn: (msg: string) => void;
  private readonly infoReader: Reader | undefined;
  // Long-lived cursors (a DataView per lookup would dominate the garbage collector's work).
  private readonly addrReader: Reader | undefined;
  private readonly strOffsetsReader: Reader | undefined;
  private readonly rnglistsReader: Reader | undefined;
  private readonly rangesReader: Reader | undefined;
  /** dieName results of DIEs reached through DW_AT_abstract_origin / specification, by offset. */
  readonly refNames = new Map<number, { name: string; mangled: boolean } | null>();

  constructor(sections: DwarfSections, le: boolean, warn: (msg: string) => void, isSup = false) {
    this.sections = sections;
    this.le = le;
    this.warn = warn;
    this.sup = !isSup && sections.sup ? new DwarfFile(sections.sup, le, warn, true) : undefined;
    if (sections.addr) this.addrReader = new Reader(sections.addr, le, '.debug_addr');
    if (sections.strOffsets) this.strOffsetsReader = new Reader(sections.strOffsets, le, '.debug_str_offsets');
    if (sections.rnglists) this.rnglistsReader = new Reader(sections.rnglists, le, '.debug_rnglists');
    if (sections.ranges) this.rangesReader = new Reader(sections.ranges, le, '.debug_ranges');
    if (sections.info) {
      this.infoReader = new Reader(sections.info, le, '.debug_info');
      const r = new Reader(sections.info, le, '.debug_info');
      while (r.remaining > 0) {
        try {
          const h = readUnitHeader(r, false);
          this.headers.push(h);
          if (h.truncated) warn(`${isSup ? 'supplementary ' : ''}${h.truncated}`);
        } catch (e) {
          if (!(e instanceof ObjectFileError)) throw e;
          warn(`${isSup ? 'supplementary ' : ''}${e.message}; the units after it are skipped`);
          break;
        }
      }
    }
  }

  abbrevTable(offset: number): AbbrevTable {
    let t = this.abbrevs.get(offset);
    if (!t) {
      if (!this.sections.abbrev) throw dwarfError('MISSING', 'no .debug_abbrev section');
      t = parseAbbrevTable(this.sections.abbrev, offset, this.le);
      this.abbrevs.set(offset, t);
    }
    return t;
  }

  /** Parses unit number `index` (reusing a table parsed earlier for a cross-unit reference). */
  parseUnit(index: number): UnitDies {
    const cached = this.units.get(index);
    if (cached) return cached;
    const h = this.headers[index]!;
    return UnitDies.parse(this.infoReader!, h, this.abbrevTable(h.abbrevOffset));
  }

  /** The unit holding absolute .debug_info offset `off`, parsed and cached, or undefined. */
  unitAt(off: number, current?: UnitDies): UnitDies | undefined {
    if (current && off >= current.header.offset && off < current.header.end) return current;
    const hs = this.headers;
    let lo = 0;
    let hi = hs.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (hs[mid]!.offset <= off) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (idx < 0 || off >= hs[idx]!.end) return undefined;
    let u = this.units.get(idx);
    if (u) {
      // Move to the back: the map's order is the LRU order.
      this.units.delete(idx);
      this.units.set(idx, u);
      return u;
    }
    try {
      const h = hs[idx]!;
      u = UnitDies.parse(this.infoReader!, h, this.abbrevTable(h.abbrevOffset));
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
      this.warn(`unit at offset ${hs[idx]!.offset}: ${e.message}`);
      return undefined;
    }
    u.compact();
    const size = u.header.end - u.header.offset;
    while (this.units.size >= UNIT_CACHE_MIN && this.cachedBytes + size > UNIT_CACHE_BYTES) {
      const [oldest, old] = this.units.entries().next().value!;
      this.units.delete(oldest);
      this.cachedBytes -= old.header.end - old.header.offset;
    }
    this.units.set(idx, u);
    this.cachedBytes += size;
    return u;
  }

  /** Resolves a string attribute value (kind from `VK`) in the context of unit `u`. */
  string(kind: number, val: number, u: UnitDies): string | undefined {
    switch (kind) {
      case VK.STR_INFO:
        return stringAt(this.sections.info, val);
      case VK.STRP:
        return stringAt(this.sections.str, val);
      case VK.LINE_STRP:
        return stringAt(this.sections.lineStr, val);
      case VK.STRP_SUP:
        return this.sup ? stringAt(this.sup.sections.str, val) : undefined;
      case VK.STRX: {
        const off = this.strOffset(u.header.version, u.header.is64, u.strOffsetsBase, val);
        return off === undefined ? undefined : stringAt(this.sections.str, off);
      }
      default:
        return undefined;
    }
  }

  private strOffset(version: number, is64: boolean, base: number, index: number): number | undefined {
    const r = this.strOffsetsReader;
    if (!r) return undefined;
    const size = is64 ? 8 : 4;
    // Without DW_AT_str_offsets_base, assume the first contribution (just past a DWARF 5 header).
    const b = base >= 0 ? base : version >= 5 ? (is64 ? 16 : 8) : 0;
    const at = b + index * size;
    if (!(at >= 0 && at + size <= r.end)) return undefined;
    r.pos = at;
    return r.offset(is64);
  }

  /** Entry `index` of .debug_addr for unit `u`. */
  address(u: UnitDies, index: number): number {
    const r = this.addrReader;
    if (!r) throw dwarfError('MISSING', 'DW_FORM_addrx without a .debug_addr section');
    const size = u.header.addressSize;
    const base = u.addrBase >= 0 ? u.addrBase : u.header.version >= 5 ? (u.header.is64 ? 16 : 8) : 0;
    r.seek(base + index * size);
    return r.uN(size);
  }

  private addrUnit: UnitDies | undefined;
  /** AddressSource for range lists: .debug_addr of the unit whose ranges are being read. */
  addressAt(index: number): number {
    return this.address(this.addrUnit!, index);
  }

  /** The unit's base address for range lists: the root DIE's DW_AT_low_pc. */
  baseAddress(u: UnitDies): number {
    if (u.count === 0 || !(u.flags[0]! & F_LOW)) return 0;
    return u.flags[0]! & F_LOW_IS_INDEX ? this.address(u, u.low[0]!) : u.low[0]!;
  }

  /**
   * Fills `out` with the sorted, valid [begin, end) pairs of DIE `i` of unit `u`
   * and returns the pair count (0 when the DIE has no code).
   */
  ranges(u: UnitDies, i: number, out: number[]): number {
    out.length = 0;
    const flags = u.flags[i]!;
    const h = u.header;
    if (flags & F_RANGES) {
      let off = u.ranges[i]!;
      if (h.version >= 5 || flags & F_RANGES_IS_INDEX) {
        const r = this.rnglistsReader;
        if (!r) throw dwarfError('MISSING', 'DW_AT_ranges without a .debug_rnglists section');
        if (flags & F_RANGES_IS_INDEX) {
          const base = u.rnglistsBase >= 0 ? u.rnglistsBase : h.is64 ? 20 : 12;
          r.seek(base + off * (h.is64 ? 8 : 4));
          off = base + r.offset(h.is64);
        }
        this.addrUnit = u;
        readRngList(r, off, h.addressSize, this.baseAddress(u), this, out);
      } else {
        if (!this.rangesReader) throw dwarfError('MISSING', 'DW_AT_ranges without a .debug_ranges section');
        readDebugRanges(this.rangesReader, off, h.addressSize, this.baseAddress(u), out);
      }
    } else if ((flags & (F_LOW | F_HIGH)) === (F_LOW | F_HIGH)) {
      const low = flags & F_LOW_IS_INDEX ? this.address(u, u.low[i]!) : u.low[i]!;
      const high = flags & F_HIGH_IS_OFFSET ? low + u.high[i]! : flags & F_HIGH_IS_INDEX ? this.address(u, u.high[i]!) : u.high[i]!;
      out.push(low, high);
    }
    return normalizeRanges(out);
  }

  /** The line table of unit `u`, or undefined when it has none. */
  lineTable(u: UnitDies): LineTable | undefined {
    if (u.stmtList < 0 || !this.sections.line) return undefined;
    const compDir = this.string(u.compDirKind, u.compDirVal, u);
    const strings: LineStrings = {
      string: (form, r, is64) => {
        switch (form) {
          case C.DW_FORM_string:
            return r.cstring();
          case C.DW_FORM_line_strp:
            return stringAt(this.sections.lineStr, r.offset(is64));
          case C.DW_FORM_strp:
            return stringAt(this.sections.str, r.offset(is64));
          case C.DW_FORM_strp_sup:
          case C.DW_FORM_GNU_strp_alt:
            return this.sup ? stringAt(this.sup.sections.str, r.offset(is64)) : (r.offset(is64), undefined);
          case C.DW_FORM_strx:
            return this.string(VK.STRX, r.uleb(), u);
          case C.DW_FORM_strx1:
            return this.string(VK.STRX, r.u8(), u);
          case C.DW_FORM_strx2:
            return this.string(VK.STRX, r.u16(), u);
          case C.DW_FORM_strx3:
            return this.string(VK.STRX, r.u24(), u);
          case C.DW_FORM_strx4:
            return this.string(VK.STRX, r.u32(), u);
          default:
            throw dwarfError('UNSUPPORTED', `.debug_line: form 0x${form.toString(16)} for a path`);
        }
      },
    };
    return parseLineProgram(this.sections.line, this.le, u.stmtList, u.header.addressSize, compDir, strings);
  }
}
