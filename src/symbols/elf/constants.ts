// ELF constants (System V gABI plus the GNU extensions dump_syms needs).

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;

export const ET_EXEC = 2;
export const ET_DYN = 3;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;
export const SHT_MIPS_DWARF = 0x7000001e;

export const SHF_ALLOC = 0x2n;
export const SHF_EXECINSTR = 0x4n;
export const SHF_COMPRESSED = 0x800n;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_XINDEX = 0xffff;

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_NOTE = 4;

export const DT_NULL = 0;
export const DT_STRTAB = 5;
export const DT_SONAME = 14;

export const STT_FUNC = 2;
export const STT_GNU_IFUNC = 10;

export const NT_GNU_BUILD_ID = 3;

export const ELFCOMPRESS_ZLIB = 1;
export const ELFCOMPRESS_ZSTD = 2;

export const EM_SPARC = 2;
export const EM_386 = 3;
export const EM_MIPS = 8;
export const EM_MIPS_RS3_LE = 10;
export const EM_PPC = 20;
export const EM_PPC64 = 21;
export const EM_S390 = 22;
export const EM_ARM = 40;
export const EM_SPARCV9 = 43;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const EM_RISCV = 243;
export const EM_LOONGARCH = 258;

const EF_MIPS_ABI_O64 = 0x2000;
const EF_MIPS_ABI_EABI64 = 0x4000;

/**
 * Breakpad's CPU name for an ELF machine (the MODULE line). MIPS and RISC-V are
 * split by ELF class (Breakpad writes "riscv64" for 64-bit RISC-V, as its
 * processor expects).
 */
export function breakpadArch(machine: number, is64: boolean, flags: number): string {
  switch (machine) {
    case EM_386:
      return 'x86';
    case EM_X86_64:
      return 'x86_64';
    case EM_ARM:
      return 'arm';
    case EM_AARCH64:
      return 'arm64';
    case EM_MIPS:
    case EM_MIPS_RS3_LE:
      return is64 || (flags & (EF_MIPS_ABI_O64 | EF_MIPS_ABI_EABI64)) !== 0 ? 'mips64' : 'mips';
    case EM_PPC:
      return 'ppc';
    case EM_PPC64:
      return 'ppc64';
    case EM_S390:
      return 's390';
    case EM_SPARC:
      return 'sparc';
    case EM_SPARCV9:
      return 'sparcv9';
    case EM_RISCV:
      return is64 ? 'riscv64' : 'riscv';
    case EM_LOONGARCH:
      return 'loongarch64';
    default:
      return 'unknown';
  }
}
