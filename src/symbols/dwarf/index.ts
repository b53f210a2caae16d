// DWARF debug info → the plain data a Breakpad .sym writer needs: FUNC ranges and
// names, line records, INLINE_ORIGIN / INLINE records, and the FILE table.
//
// Input: raw, already decompressed section bytes (`DwarfSections`). DWARF 2–5,
// 32- and 64-bit units, every attribute form, .debug_line v2–v5, .debug_ranges and
// .debug_rnglists, .debug_addr / .debug_str_offsets bases, and dwz supplementary
// files (`sections.sup`). Call-frame info is not read here (see ./cfi).
//
// Addresses are the ELF virtual addresses exactly as DWARF gives them (absolute, not
// relative to the load base): the caller subtracts the module's load address (the
// lowest PT_LOAD p_vaddr, 0 for PIE and shared objects, 0x400000 for classic
// executables), as Breakpad's and mozilla's dump_syms do when writing.
//
// Two ways to call it:
//   readDwarf(sections, options)       everything at once, functions sorted by address
//   new DwarfReader(sections, options) .units() yields each compilation unit's
//                                      functions as it is read, so memory stays bounded
//                                      by the largest unit; .files and .inlineOrigins
//                                      grow as units are read and ids never change.
// Functions repeated in several units (same range) are emitted once. A function with
// several ranges (gcc's hot/cold split) gives one DwarfFunction per range, each with the
// lines and inline ranges that fall inside it (Breakpad's dump_syms does the same).
// Names: `symbolName` (if given) then DW_AT_linkage_name through DW_AT_specification /
// DW_AT_abstract_origin (demangled with `demangle`), then DW_AT_name qualified with its
// namespaces/classes; '' when nothing is known (fill it from the symbol table).
// INLINE records are in DIE order (depth-first, parents before children).
// Not read: split-DWARF .dwo files (skeleton units give no functions), type units
// (.debug_types / DW_UT_type: they hold no code), DW_FORM_ref_sig8 targets.
// Bad input never throws anything but ObjectFileError: a damaged unit is read up to the
// fault, an unreadable one is skipped, both with a warning.
import { ObjectFileError } from '../../errors.js';
import { DwarfFile, type DwarfSections } from './file.js';
import { type DwarfFunction, type SymbolTables, newSymbolTables, unitFunctions } from './functions.js';

export type { DwarfSections } from './file.js';
export type { DwarfFunction, DwarfInline, DwarfLine } from './functions.js';

export interface DwarfOptions {
  littleEndian: boolean;
  /** Pointer size of the target; units carry their own address size, this is the fallback. */
  addressSize: 4 | 8;
  /** Produce INLINE records. Without them, lines inside inlined code show the outermost call site (like mozilla's dump_syms). */
  inlines: boolean;
  /**
   * Demangles a linkage name (from DW_AT_linkage_name / DW_AT_MIPS_linkage_name, or from
   * `symbolName`). mozilla's dump_syms prints full signatures without the return type and
   * strips compiler suffixes such as `.constprop.0` first. Not called for C units.
   */
  demangle: (name: string) => string;
  /**
   * The symbol-table name (mangled) of the symbol starting exactly at `address`, if any.
   * mozilla's dump_syms names top-level functions from the symbol table first and falls
   * back to DWARF; pass this to do the same. Inline origins always come from DWARF.
   */
  symbolName?: (address: number) => string | undefined;
  onWarning?: (msg: string) => void;
}

export interface DwarfSymbols {
  /** FILE table: index = FILE id. Numbered in order of first use. */
  files: string[];
  /** INLINE_ORIGIN table: index = origin id. Numbered in order of first use, deduplicated by name. */
  inlineOrigins: string[];
  /** Sorted by address. A function with several ranges gives one entry per range. */
  functions: DwarfFunction[];
}

export class DwarfReader {
  private readonly file: DwarfFile;
  private readonly tables: SymbolTables = newSymbolTables();
  private readonly options: DwarfOptions;
  private readonly warn: (msg: string) => void;

  constructor(sections: DwarfSections, options: DwarfOptions) {
    this.options = options;
    this.warn = options.onWarning ?? (() => {});
    this.file = new DwarfFile(sections, options.littleEndian, this.warn);
  }

  /** FILE table so far (index = id). */
  get files(): readonly string[] {
    return this.tables.files;
  }

  /** INLINE_ORIGIN table so far (index = id). */
  get inlineOrigins(): readonly string[] {
    return this.tables.inlineOrigins;
  }

  /** Number of units in .debug_info. */
  get unitCount(): number {
    return this.file.headers.length;
  }

  /** Each unit's functions, in .debug_info order (not sorted across units): one array per unit (empty for units without code, skipped or damaged ones), so the count can drive progress against unitCount. */
  *units(): Generator<DwarfFunction[], void, undefined> {
    const o = { inlines: this.options.inlines, demangle: this.options.demangle, symbolName: this.options.symbolName, warn: this.warn };
    for (let i = 0; i < this.file.headers.length; i++) {
      let fns: DwarfFunction[];
      try {
        const u = this.file.parseUnit(i);
        if (u.error) this.warn(`unit at .debug_info offset ${u.header.offset} is damaged, read up to the fault: ${u.error}`);
        fns = unitFunctions(this.file, u, this.tables, o);
      } catch (e) {
        if (!(e instanceof ObjectFileError)) throw e;
        this.warn(`unit at .debug_info offset ${this.file.headers[i]!.offset} skipped: ${e.message}`);
        fns = [];
      }
      yield fns;
    }
  }
}

export function readDwarf(sections: DwarfSections, options: DwarfOptions): DwarfSymbols {
  const reader = new DwarfReader(sections, options);
  const functions: DwarfFunction[] = [];
  for (const fns of reader.units()) for (const f of fns) functions.push(f);
  functions.sort((a, b) => a.address - b.address || a.size - b.size);
  return { files: [...reader.files], inlineOrigins: [...reader.inlineOrigins], functions };
}
