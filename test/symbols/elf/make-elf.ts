// Builds small synthetic ELF files (either class, either byte order) for tests
// that gcc cannot produce here: big-endian files, odd section tables, corruption.

export interface SynthSection {
  name: string;
  type: number;
  flags?: number;
  addr?: number;
  data: Uint8Array;
  link?: number;
  entsize?: number;
  align?: number;
}

export interface SynthSymbol {
  name: string;
  value: number;
  size: number;
  /** STT_* */
  type: number;
  /** Index into the sections array given to makeElf (0 = undefined). */
  shndx: number;
}

export interface SynthOptions {
  is64: boolean;
  littleEndian: boolean;
  machine: number;
  type?: number;
  sections: SynthSection[];
  symbols?: SynthSymbol[];
  /** Program headers: PT_LOAD at vaddr 0 plus a PT_NOTE over each SHT_NOTE section. */
  segments?: boolean;
}

class Out {
  private bytes = new Uint8Array(1 << 16);
  private dv = new DataView(this.bytes.buffer);
  length = 0;
  constructor(private readonly le: boolean) {}
  private grow(n: number) {
    while (this.length + n > this.bytes.length) {
      const b = new Uint8Array(this.bytes.length * 2);
      b.set(this.bytes);
      this.bytes = b;
      this.dv = new DataView(b.buffer);
    }
  }
  align(a: number) {
    while (this.length % a) this.u8(0);
  }
  u8(v: number) {
    this.grow(1);
    this.bytes[this.length++] = v;
  }
  u16(v: number) {
    this.grow(2);
    this.dv.setUint16(this.length, v, this.le);
    this.length += 2;
  }
  u32(v: number) {
    this.grow(4);
    this.dv.setUint32(this.length, v >>> 0, this.le);
    this.length += 4;
  }
  u64(v: number | bigint) {
    this.grow(8);
    this.dv.setBigUint64(this.length, BigInt(v), this.le);
    this.length += 8;
  }
  word(v: number, is64: boolean) {
    if (is64) this.u64(v);
    else this.u32(v);
  }
  put(b: Uint8Array) {
    this.grow(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
  patch32(at: number, v: number) {
    this.dv.setUint32(at, v, this.le);
  }
  patchWord(at: number, v: number, is64: boolean) {
    if (is64) this.dv.setBigUint64(at, BigInt(v), this.le);
    else this.dv.setUint32(at, v, this.le);
  }
  result() {
    return this.bytes.slice(0, this.length);
  }
}

/** A GNU build-id note body (namesz, descsz, type, "GNU\0", desc) in the given byte order. */
export function buildIdNote(id: Uint8Array, littleEndian: boolean): Uint8Array {
  const o = new Out(littleEndian);
  o.u32(4);
  o.u32(id.length);
  o.u32(3);
  o.put(new TextEncoder().encode('GNU\0'));
  o.put(id);
  o.align(4);
  return o.result();
}

export function makeElf(opts: SynthOptions): Uint8Array {
  const { is64, littleEndian: le } = opts;
  const sections = [...opts.sections];
  const enc = new TextEncoder();
  // Symbol table + string table, appended after the given sections.
  if (opts.symbols) {
    const strtab: number[] = [0];
    const nameOff = (s: string) => {
      const off = strtab.length;
      strtab.push(...enc.encode(s), 0);
      return off;
    };
    const st = new Out(le);
    const entsize = is64 ? 24 : 16;
    for (let i = 0; i < entsize; i++) st.u8(0);
    for (const s of opts.symbols) {
      const n = nameOff(s.name);
      if (is64) {
        st.u32(n);
        st.u8((1 << 4) | s.type);
        st.u8(0);
        st.u16(s.shndx);
        st.u64(s.value);
        st.u64(s.size);
      } else {
        st.u32(n);
        st.u32(s.value);
        st.u32(s.size);
        st.u8((1 << 4) | s.type);
        st.u8(0);
        st.u16(s.shndx);
      }
    }
    const strIndex = sections.length + 2; // +1 for the null section, +1 for .symtab itself
    sections.push({ name: '.symtab', type: 2, data: st.result(), link: strIndex, entsize, align: 8 });
    sections.push({ name: '.strtab', type: 3, data: Uint8Array.from(strtab) });
  }
  // Section names.
  const shstr: number[] = [0];
  const nameOffsets = sections.map((s) => {
    const off = shstr.length;
    shstr.push(...enc.encode(s.name), 0);
    return off;
  });
  const shstrOff = shstr.length;
  shstr.push(...enc.encode('.shstrtab'), 0);
  sections.push({ name: '.shstrtab', type: 3, data: Uint8Array.from(shstr) });
  nameOffsets.push(shstrOff);

  const o = new Out(le);
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const notes = sections.filter((s) => s.type === 7);
  const phnum = opts.segments === false ? 0 : 1 + notes.length;
  // e_ident
  o.put(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1, 0]));
  for (let i = 0; i < 8; i++) o.u8(0);
  o.u16(opts.type ?? 3);
  o.u16(opts.machine);
  o.u32(1);
  o.word(0, is64); // entry
  const phoffAt = o.length;
  o.word(0, is64);
  const shoffAt = o.length;
  o.word(0, is64);
  o.u32(0); // flags
  o.u16(ehsize);
  o.u16(phentsize);
  o.u16(phnum);
  o.u16(shentsize);
  o.u16(sections.length + 1);
  o.u16(sections.length); // .shstrtab is last
  // Section contents.
  const offsets: number[] = [];
  for (const s of sections) {
    o.align(Math.max(1, s.align ?? 4));
    offsets.push(o.length);
    if (s.type !== 8) o.put(s.data);
  }
  const fileEnd = o.length;
  // Program headers.
  o.align(8);
  o.patchWord(phoffAt, phnum ? o.length : 0, is64);
  if (phnum) {
    const ph = (type: number, off: number, vaddr: number, size: number, align: number) => {
      if (is64) {
        o.u32(type);
        o.u32(5);
        o.u64(off);
        o.u64(vaddr);
        o.u64(vaddr);
        o.u64(size);
        o.u64(size);
        o.u64(align);
      } else {
        o.u32(type);
        o.u32(off);
        o.u32(vaddr);
        o.u32(vaddr);
        o.u32(size);
        o.u32(size);
        o.u32(5);
        o.u32(align);
      }
    };
    ph(1, 0, 0, fileEnd, 0x1000);
    for (const n of notes) {
      const i = sections.indexOf(n);
      ph(4, offsets[i]!, n.addr ?? offsets[i]!, n.data.length, 4);
    }
  }
  // Section headers.
  o.align(8);
  o.patchWord(shoffAt, o.length, is64);
  for (let i = 0; i < shentsize; i++) o.u8(0);
  sections.forEach((s, i) => {
    const size = s.data.length;
    o.u32(nameOffsets[i]!);
    o.u32(s.type);
    o.word(s.flags ?? 0, is64);
    o.word(s.addr ?? 0, is64);
    o.word(offsets[i]!, is64);
    o.word(size, is64);
    o.u32(s.link ?? 0);
    o.u32(0);
    o.word(s.align ?? 1, is64);
    o.word(s.entsize ?? 0, is64);
  });
  return o.result();
}
