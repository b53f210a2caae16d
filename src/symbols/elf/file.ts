// ELF32/ELF64 reader for both byte orders. Parses the header, the section and
// program header tables and the section names eagerly (they are small); section
// contents, notes and symbols are read on demand. Every read goes through ByteView,
// so bad input ends in an ObjectFileError, never a RangeError.
import { ObjectFileError, objectFileError } from '../../errors.js';
import { ByteView } from '../../format/bytes.js';
import {
  DT_NULL, DT_SONAME, DT_STRTAB, ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, PT_DYNAMIC, PT_LOAD,
  SHF_COMPRESSED, SHN_XINDEX, SHT_DYNSYM, SHT_NOBITS, SHT_SYMTAB, breakpadArch,
} from './constants.js';
import { decompressChdr, decompressZdebug } from './decompress.js';
import { LazyFile } from './lazy.js';

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: bigint;
  addr: bigint;
  /** File offset of the contents. */
  offset: number;
  /** sh_size: the size in the file (0 bytes are stored for SHT_NOBITS). */
  size: number;
  link: number;
  info: number;
  addralign: bigint;
  entsize: number;
}

export interface ElfSegment {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: bigint;
  align: bigint;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: bigint;
  /** STT_* */
  type: number;
  /** STB_* */
  bind: number;
  shndx: number;
  /** True when it comes from .dynsym. */
  dynamic: boolean;
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
/** More entries than this in one table is not a real file (the test for count*size beyond the file catches most). */
const MAX_TABLE_ENTRIES = 1 << 24;

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ELF_MAGIC.every((b, i) => bytes[i] === b);
}

export class ElfFile {
  readonly bytes: Uint8Array;
  readonly view: ByteView;
  readonly is64: boolean;
  readonly littleEndian: boolean;
  readonly type: number;
  readonly machine: number;
  readonly flags: number;
  readonly entry: bigint;
  readonly sections: readonly ElfSection[];
  readonly segments: readonly ElfSegment[];
  private readonly byName = new Map<string, ElfSection>();
  private readonly contentsCache = new Map<number, Uint8Array>();
  private readonly file: LazyFile | undefined;

  /** `file`: when given, `bytes` is its buffer and parts are read into it on first use. */
  constructor(bytes: Uint8Array, file?: LazyFile) {
    this.bytes = bytes;
    this.file = file;
    this.ensure(0, 64);
    if (bytes.length < 16) throw new ObjectFileError('TRUNCATED', `ELF: ${bytes.length}-byte input is too short for an ELF header`);
    if (!isElf(bytes)) throw new ObjectFileError('BAD_SIGNATURE', 'not an ELF file (bad magic)');
    const cls = bytes[4];
    const data = bytes[5];
    if (cls !== ELFCLASS32 && cls !== ELFCLASS64) throw new ObjectFileError('UNSUPPORTED', `ELF: unknown class ${cls}`);
    if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) throw new ObjectFileError('UNSUPPORTED', `ELF: unknown data encoding ${data}`);
    this.is64 = cls === ELFCLASS64;
    this.littleEndian = data === ELFDATA2LSB;
    const v = (this.view = new ByteView(bytes, this.littleEndian, objectFileError));
    const headerSize = this.is64 ? 64 : 52;
    if (bytes.length < headerSize) throw new ObjectFileError('TRUNCATED', `ELF: ${bytes.length}-byte input is shorter than the ${headerSize}-byte header`);
    this.type = v.u16(16);
    this.machine = v.u16(18);
    let phoff: number, shoff: number, phentsize: number, phnum: number, shentsize: number, shnum: number, shstrndx: number;
    if (this.is64) {
      this.entry = v.u64(24);
      phoff = v.u64n(32, 'e_phoff');
      shoff = v.u64n(40, 'e_shoff');
      this.flags = v.u32(48);
      phentsize = v.u16(54);
      phnum = v.u16(56);
      shentsize = v.u16(58);
      shnum = v.u16(60);
      shstrndx = v.u16(62);
    } else {
      this.entry = BigInt(v.u32(24));
      phoff = v.u32(28);
      shoff = v.u32(32);
      this.flags = v.u32(36);
      phentsize = v.u16(42);
      phnum = v.u16(44);
      shentsize = v.u16(46);
      shnum = v.u16(48);
      shstrndx = v.u16(50);
    }
    this.ensure(phoff, phentsize * phnum);
    this.segments = this.readSegments(phoff, phentsize, phnum);
    this.sections = this.readSections(shoff, shentsize, shnum, shstrndx);
    for (const s of this.sections) if (s.name && !this.byName.has(s.name)) this.byName.set(s.name, s);
  }

  static parse(bytes: Uint8Array): ElfFile {
    return new ElfFile(bytes, undefined);
  }

  /**
   * Opens a file without reading it all: headers now, everything else when it is
   * first used (sections, notes, segments). Call close() when done.
   */
  static open(path: string): ElfFile {
    const file = LazyFile.open(path);
    try {
      return new ElfFile(file.bytes, file);
    } catch (e) {
      file.close();
      throw e;
    }
  }

  /** Closes a file opened with open() (parts not read before can no longer be read). */
  close(): void {
    this.file?.close();
  }

  /**
   * Makes a byte range readable: a no-op for in-memory files. Everything in this
   * module reads through rawData()/contents() or calls this first; code outside that
   * reads `bytes` or `view` directly must too.
   */
  ensure(offset: number, length: number): void {
    this.file?.ensure(offset, length);
  }

  /**
   * Starts reading these sections on the thread pool (LazyFile.prefetch); reads
   * of them later find them loaded. Resolves at once for an in-memory file.
   */
  prefetch(sections: readonly (ElfSection | undefined)[]): Promise<void> {
    if (!this.file) return Promise.resolve();
    const ranges: [number, number][] = [];
    for (const s of sections) if (s && s.type !== SHT_NOBITS && s.size > 0) ranges.push([s.offset, s.size]);
    return this.file.prefetch(ranges);
  }

  /** Breakpad CPU name for the MODULE line. */
  get arch(): string {
    return breakpadArch(this.machine, this.is64, this.flags);
  }

  /**
   * The address the module's RVAs are relative to: p_vaddr of the first PT_LOAD
   * (0 for PIE and shared objects, e.g. 0x400000 for a non-PIE executable). Breakpad
   * and symbolic both use the first PT_LOAD; a split debug file keeps the program
   * headers, so it agrees with its binary.
   */
  get loadAddress(): bigint {
    for (const p of this.segments) if (p.type === PT_LOAD) return p.vaddr;
    return 0n;
  }

  section(name: string): ElfSection | undefined {
    return this.byName.get(name);
  }

  /** The raw bytes of a section as stored in the file (empty for SHT_NOBITS). */
  rawData(section: ElfSection): Uint8Array {
    if (section.type === SHT_NOBITS || section.size === 0) return new Uint8Array(0);
    this.ensure(section.offset, section.size);
    return this.view.slice(section.offset, section.size, `section ${section.name || section.index}`);
  }

  /**
   * Section contents, decompressed when SHF_COMPRESSED. For a `.debug_*` name,
   * a GNU `.zdebug_*` section is also accepted. Returns undefined when the
   * section is absent or has no bytes in the file (SHT_NOBITS).
   */
  sectionData(name: string): Uint8Array | undefined {
    let section = this.byName.get(name);
    let zdebug = false;
    if ((!section || section.type === SHT_NOBITS) && name.startsWith('.debug_')) {
      const z = this.byName.get('.z' + name.slice(1));
      if (z && z.type !== SHT_NOBITS) {
        section = z;
        zdebug = true;
      }
    }
    if (!section || section.type === SHT_NOBITS) return undefined;
    return this.contents(section, zdebug);
  }

  /** Contents of a section by header, decompressed as needed (cached). */
  contents(section: ElfSection, zdebug = section.name.startsWith('.zdebug')): Uint8Array {
    const cached = this.contentsCache.get(section.index);
    if (cached) return cached;
    const raw = this.rawData(section);
    let out = raw;
    if ((section.flags & SHF_COMPRESSED) !== 0n) out = decompressChdr(raw, this.is64, this.littleEndian, section.name);
    else if (zdebug && raw.length >= 4 && raw[0] === 0x5a && raw[1] === 0x4c && raw[2] === 0x49 && raw[3] === 0x42) out = decompressZdebug(raw, section.name);
    this.contentsCache.set(section.index, out);
    return out;
  }

  private readonly symbolCache: Array<ElfSymbol[] | undefined> = [undefined, undefined];

  /** Symbols of .symtab (or .dynsym when `dynamic`), in table order (read once, then cached). */
  symbols(dynamic = false): ElfSymbol[] {
    const i = dynamic ? 1 : 0;
    return (this.symbolCache[i] ??= this.readSymbols(dynamic));
  }

  private readSymbols(dynamic: boolean): ElfSymbol[] {
    const table = this.sections.find((s) => s.type === (dynamic ? SHT_DYNSYM : SHT_SYMTAB));
    if (!table) return [];
    const strtab = this.sections[table.link];
    const raw = strtab && strtab.type !== SHT_NOBITS && this.view.has(strtab.offset, strtab.size) ? this.rawData(strtab) : undefined;
    const strings = raw ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
    const data = new ByteView(this.rawData(table), this.littleEndian, objectFileError);
    const entsize = this.is64 ? 24 : 16;
    const count = Math.floor(data.length / entsize);
    const out: ElfSymbol[] = [];
    for (let i = 1; i < count; i++) {
      const o = i * entsize;
      let nameOff: number, info: number, shndx: number, value: bigint, size: bigint;
      if (this.is64) {
        nameOff = data.u32(o);
        info = data.u8(o + 4);
        shndx = data.u16(o + 6);
        value = data.u64(o + 8);
        size = data.u64(o + 16);
      } else {
        nameOff = data.u32(o);
        value = BigInt(data.u32(o + 4));
        size = BigInt(data.u32(o + 8));
        info = data.u8(o + 12);
        shndx = data.u16(o + 14);
      }
      const name = strings && nameOff < strings.length ? stringAt(strings, nameOff) : '';
      out.push({ name, value, size, type: info & 0xf, bind: info >> 4, shndx, dynamic });
    }
    return out;
  }

  /** DT_SONAME from the dynamic segment, if any. */
  soname(): string | undefined {
    const dyn = this.segments.find((p) => p.type === PT_DYNAMIC);
    if (!dyn || dyn.filesz === 0 || !this.view.has(dyn.offset, dyn.filesz)) return undefined;
    this.ensure(dyn.offset, dyn.filesz);
    const d = this.view.view(dyn.offset, dyn.filesz, 'dynamic segment');
    const entsize = this.is64 ? 16 : 8;
    let strtabAddr: bigint | undefined;
    let sonameOff: bigint | undefined;
    for (let o = 0; o + entsize <= d.length; o += entsize) {
      const tag = this.is64 ? d.i64(o) : BigInt(d.i32(o));
      const val = d.ptr(o + entsize / 2, this.is64 ? 8 : 4);
      if (tag === BigInt(DT_NULL)) break;
      if (tag === BigInt(DT_STRTAB)) strtabAddr = val;
      else if (tag === BigInt(DT_SONAME)) sonameOff = val;
    }
    if (sonameOff === undefined || strtabAddr === undefined) return undefined;
    const off = this.fileOffsetOf(strtabAddr + sonameOff);
    if (off === undefined) return undefined;
    this.ensure(off, 4096);
    const name = this.view.cstring(off, 4096);
    return name || undefined;
  }

  /** Maps a virtual address to a file offset through the PT_LOAD segments. */
  fileOffsetOf(vaddr: bigint): number | undefined {
    for (const p of this.segments) {
      if (p.type !== PT_LOAD) continue;
      if (vaddr >= p.vaddr && vaddr < p.vaddr + BigInt(p.filesz)) {
        const off = p.offset + Number(vaddr - p.vaddr);
        return this.view.has(off, 1) ? off : undefined;
      }
    }
    return undefined;
  }

  private readSegments(phoff: number, phentsize: number, phnum: number): ElfSegment[] {
    if (phnum === 0 || phoff === 0) return [];
    const min = this.is64 ? 56 : 32;
    if (phentsize < min) throw new ObjectFileError('MALFORMED', `ELF: e_phentsize ${phentsize} is smaller than ${min}`);
    this.view.check(phoff, phentsize * phnum, 'program header table');
    const v = this.view;
    const out: ElfSegment[] = [];
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * phentsize;
      if (this.is64) {
        out.push({
          type: v.u32(o), flags: v.u32(o + 4), offset: v.u64n(o + 8, 'p_offset'), vaddr: v.u64(o + 16),
          filesz: v.u64n(o + 32, 'p_filesz'), memsz: v.u64(o + 40), align: v.u64(o + 48),
        });
      } else {
        out.push({
          type: v.u32(o), offset: v.u32(o + 4), vaddr: BigInt(v.u32(o + 8)), filesz: v.u32(o + 16),
          memsz: BigInt(v.u32(o + 20)), flags: v.u32(o + 24), align: BigInt(v.u32(o + 28)),
        });
      }
    }
    return out;
  }

  private readSections(shoff: number, shentsize: number, shnum: number, shstrndx: number): ElfSection[] {
    if (shoff === 0) return [];
    const min = this.is64 ? 64 : 40;
    if (shentsize < min) throw new ObjectFileError('MALFORMED', `ELF: e_shentsize ${shentsize} is smaller than ${min}`);
    this.ensure(shoff, shentsize);
    const first = this.readSectionHeader(shoff, 0);
    // Extended numbering: more than 0xff00 sections keep their count and the
    // string-table index in section 0.
    if (shnum === 0) {
      if (first.size > MAX_TABLE_ENTRIES) throw new ObjectFileError('BAD_COUNT', `ELF: ${first.size} sections`);
      shnum = first.size;
    }
    if (shstrndx === SHN_XINDEX) shstrndx = first.link;
    this.view.check(shoff, shentsize * shnum, 'section header table');
    this.ensure(shoff, shentsize * shnum);
    const out: ElfSection[] = [];
    for (let i = 0; i < shnum; i++) out.push(i === 0 ? first : this.readSectionHeader(shoff + i * shentsize, i));
    const names = out[shstrndx];
    if (names && shstrndx !== 0 && names.type !== SHT_NOBITS) {
      this.ensure(names.offset, names.size);
      const strings = this.view.has(names.offset, names.size) ? new ByteView(this.view.slice(names.offset, names.size), true, objectFileError) : undefined;
      if (strings) {
        for (const s of out) {
          const off = nameOffsets.get(s) ?? 0;
          s.name = strings.has(off, 0) ? strings.cstring(off) : '';
        }
      }
    }
    return out;
  }

  private readSectionHeader(o: number, index: number): ElfSection {
    const v = this.view;
    let s: ElfSection;
    let nameOff: number;
    if (this.is64) {
      v.check(o, 64, 'section header');
      nameOff = v.u32(o);
      s = {
        index, name: '', type: v.u32(o + 4), flags: v.u64(o + 8), addr: v.u64(o + 16), offset: v.u64n(o + 24, 'sh_offset'),
        size: v.u64n(o + 32, 'sh_size'), link: v.u32(o + 40), info: v.u32(o + 44), addralign: v.u64(o + 48), entsize: v.u64n(o + 56, 'sh_entsize'),
      };
    } else {
      v.check(o, 40, 'section header');
      nameOff = v.u32(o);
      s = {
        index, name: '', type: v.u32(o + 4), flags: BigInt(v.u32(o + 8)), addr: BigInt(v.u32(o + 12)), offset: v.u32(o + 16),
        size: v.u32(o + 20), link: v.u32(o + 24), info: v.u32(o + 28), addralign: BigInt(v.u32(o + 32)), entsize: v.u32(o + 36),
      };
    }
    nameOffsets.set(s, nameOff);
    return s;
  }
}

/** NUL-terminated UTF-8 string at `off` (Buffer's native decoder: symbol tables hold 10^5+ names). */
function stringAt(b: Buffer, off: number): string {
  const end = b.indexOf(0, off);
  return b.toString('utf8', off, end < 0 ? b.length : end);
}

// sh_name offsets, kept aside so ElfSection stays a plain record.
const nameOffsets = new WeakMap<ElfSection, number>();
