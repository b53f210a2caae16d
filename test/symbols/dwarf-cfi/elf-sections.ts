// Test-only ELF reader: just enough to pull .eh_frame / .debug_frame / .got /
// .text out of a compiled binary and to know its architecture and load bias.
import type { CfiArch, CfiOptions, CfiSection } from '../../../src/symbols/dwarf/cfi/index.js';

export interface ElfInfo {
  arch: CfiArch;
  littleEndian: boolean;
  addressSize: 4 | 8;
  /** p_vaddr of the first PT_LOAD (what Breakpad subtracts). */
  loadBias: number;
  sections: Map<string, { address: number; bytes: Uint8Array; executable: boolean }>;
}

const MACHINES: Record<number, [CfiArch, CfiArch]> = {
  3: ['x86', 'x86'],
  62: ['x86_64', 'x86_64'],
  40: ['arm', 'arm'],
  183: ['arm64', 'arm64'],
  8: ['mips', 'mips64'],
  243: ['riscv', 'riscv64'],
  258: ['loongarch64', 'loongarch64'],
  2: ['sparc', 'sparcv9'],
  43: ['sparcv9', 'sparcv9'],
};

export function readElf(file: Uint8Array): ElfInfo {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (dv.getUint32(0) !== 0x7f454c46) throw new Error('not ELF');
  const is64 = file[4] === 2;
  const le = file[5] === 1;
  const u16 = (o: number) => dv.getUint16(o, le);
  const u32 = (o: number) => dv.getUint32(o, le);
  const addr = (o: number) => (is64 ? Number(dv.getBigUint64(o, le)) : u32(o));
  const machine = u16(18);
  const arch = MACHINES[machine]?.[is64 ? 1 : 0];
  if (!arch) throw new Error(`machine ${machine}`);
  const phoff = addr(is64 ? 32 : 28);
  const shoff = addr(is64 ? 40 : 32);
  const phentsize = u16(is64 ? 54 : 42);
  const phnum = u16(is64 ? 56 : 44);
  const shentsize = u16(is64 ? 58 : 46);
  const shnum = u16(is64 ? 60 : 48);
  const shstrndx = u16(is64 ? 62 : 50);
  let loadBias = 0;
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (u32(p) === 1) {
      loadBias = addr(is64 ? p + 16 : p + 8);
      break;
    }
  }
  const sh = (i: number) => {
    const o = shoff + i * shentsize;
    return is64
      ? { name: u32(o), type: u32(o + 4), flags: addr(o + 8), addr: addr(o + 16), offset: addr(o + 24), size: addr(o + 32) }
      : { name: u32(o), type: u32(o + 4), flags: u32(o + 8), addr: u32(o + 12), offset: u32(o + 16), size: u32(o + 20) };
  };
  const strtab = sh(shstrndx);
  const sections = new Map<string, { address: number; bytes: Uint8Array; executable: boolean }>();
  for (let i = 0; i < shnum; i++) {
    const s = sh(i);
    let end = strtab.offset + s.name;
    while (file[end] !== 0) end++;
    const name = Buffer.from(file.subarray(strtab.offset + s.name, end)).toString('latin1');
    const bytes = s.type === 8 ? new Uint8Array(0) : file.subarray(s.offset, s.offset + s.size);
    sections.set(name, { address: s.addr, bytes, executable: (s.flags & 4) !== 0 });
  }
  return { arch, littleEndian: le, addressSize: is64 ? 8 : 4, loadBias, sections };
}

/** The sections and options Breakpad's dump_syms would use: .debug_frame first, then .eh_frame. */
export function cfiInputs(elf: ElfInfo, extra: Partial<CfiOptions> = {}): { sections: CfiSection[]; options: CfiOptions } {
  const sections: CfiSection[] = [];
  const df = elf.sections.get('.debug_frame');
  if (df && df.bytes.length) sections.push({ kind: 'debug_frame', bytes: df.bytes, address: df.address });
  const eh = elf.sections.get('.eh_frame');
  if (eh && eh.bytes.length) sections.push({ kind: 'eh_frame', bytes: eh.bytes, address: eh.address });
  return {
    sections,
    options: {
      arch: elf.arch,
      littleEndian: elf.littleEndian,
      addressSize: elf.addressSize,
      textAddress: elf.sections.get('.text')?.address,
      dataAddress: elf.sections.get('.got')?.address,
      ...extra,
    },
  };
}
