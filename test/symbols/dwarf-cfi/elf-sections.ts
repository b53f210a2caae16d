// The sections and facts the CFI tests need from a compiled binary (.eh_frame,
// .debug_frame, .got, .text, architecture, load bias), read with our ELF reader.
import type { CfiArch, CfiOptions, CfiSection } from '../../../src/symbols/dwarf/cfi/index.js';
import { ElfFile, SHF_EXECINSTR, SHT_NOBITS } from '../../../src/symbols/elf/index.js';

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
  const elf = new ElfFile(file);
  const arch = MACHINES[elf.machine]?.[elf.is64 ? 1 : 0];
  if (!arch) throw new Error(`machine ${elf.machine}`);
  const sections = new Map<string, { address: number; bytes: Uint8Array; executable: boolean }>();
  for (const s of elf.sections) {
    const bytes = s.type === SHT_NOBITS ? new Uint8Array(0) : elf.rawData(s);
    sections.set(s.name, { address: Number(s.addr), bytes, executable: (s.flags & SHF_EXECINSTR) !== 0n });
  }
  return { arch, littleEndian: elf.littleEndian, addressSize: elf.is64 ? 8 : 4, loadBias: Number(elf.loadAddress), sections };
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
