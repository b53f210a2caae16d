// Symbol tables as columns (typed arrays over the raw table), for code that scans
// 10^5 symbols and needs the names of a few: no object, BigInt or string per
// symbol. ElfFile.symbols() is the convenient form of the same data.
import { SHT_DYNSYM, SHT_NOBITS, SHT_SYMTAB } from './constants.js';
import type { ElfFile, ElfSection } from './file.js';

export interface SymbolColumns {
  /** Rows are symbols 1..count of the table (symbol 0 is skipped, as in symbols()). */
  count: number;
  /** st_value: exact below 2^53, NaN from there on (symbols() has the exact value). */
  value: Float64Array;
  /** st_size: exact below 2^53 (approximate above). */
  size: Float64Array;
  /** st_info (type in the low 4 bits). */
  info: Uint8Array;
  shndx: Uint16Array;
  nameOff: Uint32Array;
  /** The string table; undefined when it is missing or outside the file (names are then ''). */
  strings: Uint8Array | undefined;
}

const TWO32 = 0x1_0000_0000;
const HOST_LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const MAX_HI = 0x20_0000; // values below 2^53

/** .symtab and .dynsym with their string tables: what symbolColumns() reads (for reading them ahead). */
export function symbolTableSections(elf: ElfFile): ElfSection[] {
  const out: ElfSection[] = [];
  for (const s of elf.sections) {
    if (s.type !== SHT_SYMTAB && s.type !== SHT_DYNSYM) continue;
    out.push(s);
    const strings = elf.sections[s.link];
    if (strings) out.push(strings);
  }
  return out;
}

const cache = new WeakMap<ElfFile, Array<SymbolColumns | undefined>>();

/**
 * .symtab (or .dynsym) as columns (read once per file); an empty table when there
 * is none. Throws ObjectFileError as symbols() does for a table outside the file.
 */
export function symbolColumns(elf: ElfFile, dynamic: boolean): SymbolColumns {
  let c = cache.get(elf);
  if (!c) cache.set(elf, (c = [undefined, undefined]));
  return (c[dynamic ? 1 : 0] ??= readColumns(elf, dynamic));
}

function readColumns(elf: ElfFile, dynamic: boolean): SymbolColumns {
  const table = elf.sections.find((s) => s.type === (dynamic ? SHT_DYNSYM : SHT_SYMTAB));
  if (!table) return { count: 0, value: new Float64Array(0), size: new Float64Array(0), info: new Uint8Array(0), shndx: new Uint16Array(0), nameOff: new Uint32Array(0), strings: undefined };
  const strtab = elf.sections[table.link];
  const strings = strtab && strtab.type !== SHT_NOBITS && elf.view.has(strtab.offset, strtab.size) ? elf.rawData(strtab) : undefined;
  const data = elf.rawData(table);
  const le = elf.littleEndian;
  const entsize = elf.is64 ? 24 : 16;
  const count = Math.max(0, Math.floor(data.length / entsize) - 1);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // Aligned little-endian 64-bit tables (the usual case): 32-bit words, no DataView calls.
  const words = count > 0 && elf.is64 && le && HOST_LE && data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, (count + 1) * 6) : undefined;
  const value = new Float64Array(count);
  const size = new Float64Array(count);
  const info = new Uint8Array(count);
  const shndx = new Uint16Array(count);
  const nameOff = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const o = (i + 1) * entsize;
    if (words) {
      const k = (i + 1) * 6;
      nameOff[i] = words[k]!;
      const w1 = words[k + 1]!;
      info[i] = w1 & 0xff;
      shndx[i] = w1 >>> 16;
      const vhi = words[k + 3]!;
      value[i] = vhi < MAX_HI ? vhi * TWO32 + words[k + 2]! : NaN;
      size[i] = words[k + 5]! * TWO32 + words[k + 4]!;
      continue;
    }
    nameOff[i] = dv.getUint32(o, le);
    if (elf.is64) {
      info[i] = dv.getUint8(o + 4);
      shndx[i] = dv.getUint16(o + 6, le);
      const vlo = dv.getUint32(le ? o + 8 : o + 12, le);
      const vhi = dv.getUint32(le ? o + 12 : o + 8, le);
      const slo = dv.getUint32(le ? o + 16 : o + 20, le);
      const shi = dv.getUint32(le ? o + 20 : o + 16, le);
      value[i] = vhi < MAX_HI ? vhi * TWO32 + vlo : NaN;
      size[i] = shi * TWO32 + slo;
    } else {
      value[i] = dv.getUint32(o + 4, le);
      size[i] = dv.getUint32(o + 8, le);
      info[i] = dv.getUint8(o + 12);
      shndx[i] = dv.getUint16(o + 14, le);
    }
  }
  return { count, value, size, info, shndx, nameOff, strings };
}

/** End of the NUL-terminated name at `off` (the table's end if unterminated); -1 when there is no name. */
export function nameEnd(cols: SymbolColumns, i: number): number {
  const s = cols.strings;
  const off = cols.nameOff[i]!;
  if (!s || off >= s.length) return -1;
  // A loop: indexOf's call overhead dominates for names of ~100 bytes.
  let e = off;
  while (e < s.length && s[e] !== 0) e++;
  return e;
}

/** Name of row i, decoded as symbols() decodes it. */
export function symbolNameAt(cols: SymbolColumns, i: number): string {
  const end = nameEnd(cols, i);
  if (end < 0) return '';
  const s = cols.strings!;
  return Buffer.from(s.buffer, s.byteOffset, s.byteLength).toString('utf8', cols.nameOff[i]!, end);
}
