// Bridge to the DWARF reader (src/symbols/dwarf): collects the sections it needs
// from the debug file (and the dwz supplementary file) and turns its output into
// FUNC/line/INLINE records with load-relative addresses.
import { ObjectFileError } from '../../errors.js';
import { demangle, fixSymbolName } from '../demangle/index.js';
import { DwarfReader, type DwarfFunction, type DwarfSections } from '../dwarf/index.js';
import { EM_ARM, STT_FUNC, type ElfFile, type ElfSection } from '../elf/index.js';
import { symbolColumns, symbolNameAt, type SymbolColumns } from '../elf/symtab.js';
import type { SymFunc } from './model.js';

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
  /**
   * symbolNames(symbolSources) computed elsewhere (PublicTable.nameAt over the same
   * files in the same order), which spares building it here.
   */
  symbolName?: ((address: number) => string | undefined) | undefined;
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

/** Headers of the sections dwarfSections() reads (for reading them ahead). */
export function dwarfSectionHeaders(elf: ElfFile): ElfSection[] {
  const out: ElfSection[] = [];
  for (const [, name] of SECTIONS) {
    const s = elf.section(name) ?? elf.section('.z' + name.slice(1));
    if (s) out.push(s);
  }
  return out;
}

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
const EMPTY: SymbolColumns = { count: 0, value: new Float64Array(0), size: new Float64Array(0), info: new Uint8Array(0), shndx: new Uint16Array(0), nameOff: new Uint32Array(0), strings: undefined };

function symbolNames(sources: readonly ElfFile[], warn: (m: string) => void): (address: number) => string | undefined {
  const tables: SymbolColumns[] = [];
  for (const elf of sources) {
    for (const dynamic of [false, true]) {
      try {
        tables.push(symbolColumns(elf, dynamic));
      } catch (e) {
        if (!(e instanceof ObjectFileError)) throw e;
        // Names then come from DWARF alone.
        warn(`${dynamic ? '.dynsym' : '.symtab'}: ${(e as Error).message}`);
        tables.push(EMPTY);
      }
    }
  }
  // Address -> first symbol (in source order) there: an open-addressing hash table
  // in typed arrays, filled in one pass (no sort, no object per symbol).
  let rows = 0;
  for (const t of tables) rows += t.count;
  let capacity = 16;
  while (capacity < rows * 2) capacity *= 2;
  const mask = capacity - 1;
  const slotKey = new Float64Array(capacity);
  const slotTable = new Int32Array(capacity).fill(-1);
  const slotRow = new Int32Array(capacity);
  const slotOf = (address: number): number => {
    const lo = address >>> 0;
    const hi = (address - lo) / 0x1_0000_0000;
    let h = (Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> 0) & mask;
    while (slotTable[h] !== -1 && slotKey[h] !== address) h = (h + 1) & mask;
    return h;
  };
  for (let ti = 0; ti < tables.length; ti++) {
    const t = tables[ti]!;
    const arm = sources[ti >> 1]!.machine === EM_ARM;
    const strings = t.strings;
    if (!strings) continue;
    const { value, info, shndx, nameOff } = t;
    for (let i = 0; i < t.count; i++) {
      const v = value[i]!;
      // NaN: 2^53 or more, past what an address can be here.
      if ((info[i]! & 0xf) !== STT_FUNC || shndx[i] === 0 || !(v <= Number.MAX_SAFE_INTEGER)) continue;
      const off = nameOff[i]!;
      if (off >= strings.length || strings[off] === 0) continue;
      // ARM Thumb functions have bit 0 set in st_value; DWARF's low_pc does not.
      const a = arm ? v - (v % 2) : v;
      const h = slotOf(a);
      if (slotTable[h] !== -1) continue;
      slotKey[h] = a;
      slotTable[h] = ti;
      slotRow[h] = i;
    }
  }
  return (address) => {
    if (!(address >= 0 && address <= Number.MAX_SAFE_INTEGER && Math.floor(address) === address)) return undefined;
    const h = slotOf(address);
    return slotTable[h] === -1 ? undefined : symbolNameAt(tables[slotTable[h]!]!, slotRow[h]!);
  };
}

/**
 * Makes f's addresses load-relative, in place: the reader made its objects for this
 * call alone (copies would double the line records' garbage).
 */
function relocate(f: DwarfFunction, base: number): SymFunc {
  if (base === 0) return f;
  f.address -= base;
  for (const l of f.lines) l.address -= base;
  for (const i of f.inlines) for (const r of i.ranges) r.address -= base;
  return f;
}

/** Reads functions, lines and inlines, sorted by address, with load-relative addresses. */
export function readDebugInfo(input: DwarfInput): DebugInfo {
  const sections = dwarfSections(input.debug, input.onWarning);
  if (input.sup) sections.sup = dwarfSections(input.sup, input.onWarning);
  const nameAt = input.symbolName ?? symbolNames(input.symbolSources, input.onWarning);
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
