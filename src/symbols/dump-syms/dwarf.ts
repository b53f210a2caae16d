// Bridge to the DWARF reader (src/symbols/dwarf): collects the sections it needs
// from the debug file (and the dwz supplementary file) and turns its output into
// FUNC/line/INLINE records with load-relative addresses.
import { ObjectFileError } from '../../errors.js';
import { demangle, fixSymbolName } from '../demangle/index.js';
import { DwarfReader, type DwarfFunction, type DwarfSections } from '../dwarf/index.js';
import { EM_ARM, STT_FUNC, type ElfFile } from '../elf/index.js';
import { symbolColumns, symbolNameAt, type SymbolColumns } from '../elf/symtab.js';
import type { SymFunc } from './model.js';
import { stableOrder } from './sort.js';

export interface DebugInfo {
  files: string[];
  origins: string[];
  funcs: SymFunc[];
}

export interface DwarfInput {
  debug: ElfFile;
  sup: ElfFile | undefined;
  /** Files whose .symtab names top-level functions (mozilla prefers symbol names over DWARF's). */
  symbolSources: readonly ElfFile[];
  loadAddress: bigint;
  inlines: boolean;
  onWarning: (msg: string) => void;
  onProgress: (done: number, total: number) => void;
}

const SECTIONS: Array<[keyof Omit<DwarfSections, 'sup'>, string]> = [
  ['info', '.debug_info'],
  ['abbrev', '.debug_abbrev'],
  ['line', '.debug_line'],
  ['lineStr', '.debug_line_str'],
  ['str', '.debug_str'],
  ['strOffsets', '.debug_str_offsets'],
  ['ranges', '.debug_ranges'],
  ['rnglists', '.debug_rnglists'],
  ['addr', '.debug_addr'],
  ['types', '.debug_types'],
];

/** The DWARF sections of one file, decompressed; a section that cannot be read is left out with a warning. */
export function dwarfSections(elf: ElfFile, warn: (m: string) => void): DwarfSections {
  const out: DwarfSections = {};
  for (const [key, name] of SECTIONS) {
    try {
      const data = elf.sectionData(name);
      if (data && data.length > 0) out[key] = data;
    } catch (e) {
      warn(`${name}: ${(e as Error).message}`);
    }
  }
  return out;
}

/**
 * Absolute address → mangled name of the first STT_FUNC symbol defined there.
 * Names are decoded when asked for: the DWARF names a few of 10^5 symbols.
 */
function symbolNames(sources: readonly ElfFile[], warn: (m: string) => void): (address: number) => string | undefined {
  const tables: SymbolColumns[] = [];
  const keys: number[] = [];
  const refs: number[] = [];
  for (const elf of sources) {
    const arm = elf.machine === EM_ARM;
    for (const dynamic of [false, true]) {
      let t: SymbolColumns;
      try {
        t = symbolColumns(elf, dynamic);
      } catch (e) {
        if (!(e instanceof ObjectFileError)) throw e;
        // Names then come from DWARF alone.
        warn(`${dynamic ? '.dynsym' : '.symtab'}: ${(e as Error).message}`);
        continue;
      }
      const ti = tables.push(t) - 1;
      const strings = t.strings;
      for (let i = 0; i < t.count; i++) {
        const value = t.value[i]!;
        // NaN: 2^53 or more, past what an address can be here.
        if ((t.info[i]! & 0xf) !== STT_FUNC || t.shndx[i] === 0 || !(value <= Number.MAX_SAFE_INTEGER)) continue;
        const off = t.nameOff[i]!;
        if (!strings || off >= strings.length || strings[off] === 0) continue;
        // ARM Thumb functions have bit 0 set in st_value; DWARF's low_pc does not.
        keys.push(arm ? value - (value % 2) : value);
        refs.push(ti, i);
      }
    }
  }
  // Sorted by address, the first symbol (in source order) at each address kept.
  const order = stableOrder(keys);
  const addr: number[] = [];
  const first: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const o = order[k]!;
    if (addr.length > 0 && addr[addr.length - 1] === keys[o]) continue;
    addr.push(keys[o]!);
    first.push(o);
  }
  return (address) => {
    let lo = 0;
    let hi = addr.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const a = addr[mid]!;
      if (a === address) {
        const o = first[mid]!;
        return symbolNameAt(tables[refs[2 * o]!]!, refs[2 * o + 1]!);
      }
      if (a < address) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
}

function relocate(f: DwarfFunction, base: number): SymFunc {
  if (base === 0) return f;
  return {
    name: f.name,
    address: f.address - base,
    size: f.size,
    lines: f.lines.map((l) => ({ ...l, address: l.address - base })),
    inlines: f.inlines.map((i) => ({ ...i, ranges: i.ranges.map((r) => ({ address: r.address - base, size: r.size })) })),
  };
}

/** Reads functions, lines and inlines, sorted by address, with load-relative addresses. */
export function readDebugInfo(input: DwarfInput): DebugInfo {
  const sections = dwarfSections(input.debug, input.onWarning);
  if (input.sup) sections.sup = dwarfSections(input.sup, input.onWarning);
  const nameAt = symbolNames(input.symbolSources, input.onWarning);
  const reader = new DwarfReader(sections, {
    littleEndian: input.debug.littleEndian,
    addressSize: input.debug.is64 ? 8 : 4,
    inlines: input.inlines,
    demangle,
    // Suffixes go here too: the reader does not demangle names of C units, and
    // mozilla names the FUNC of `poll_cb.cold` `poll_cb` whatever the language.
    symbolName: (address) => {
      const n = nameAt(address);
      return n === undefined ? undefined : fixSymbolName(n);
    },
    onWarning: input.onWarning,
  });
  const base = Number(input.loadAddress);
  const funcs: SymFunc[] = [];
  const total = reader.unitCount;
  let done = 0;
  for (const unit of reader.units()) {
    for (const f of unit) {
      // Address 0 is code the linker discarded (--gc-sections, COMDAT) whose DWARF
      // stayed; mozilla skips it too. Below the load address cannot be made relative.
      if (f.address === 0 || f.address < base) continue;
      funcs.push(relocate(f, base));
    }
    input.onProgress(++done, total);
  }
  input.onProgress(total, total);
  funcs.sort((a, b) => a.address - b.address || a.size - b.size);
  return { files: [...reader.files], origins: [...reader.inlineOrigins], funcs };
}
