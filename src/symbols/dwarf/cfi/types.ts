// Public input/output types of the CFI reader (see index.ts for the contract).

/** Target architectures whose DWARF register numbers we can name. */
export type CfiArch =
  | 'x86'
  | 'x86_64'
  | 'arm'
  | 'arm64'
  | 'mips'
  | 'mips64'
  | 'riscv'
  | 'riscv64'
  | 'loongarch64'
  | 'sparc'
  | 'sparcv9'
  | 'ppc'
  | 'ppc64'
  | 's390';

export interface CfiSection {
  kind: 'eh_frame' | 'debug_frame';
  bytes: Uint8Array;
  /** The section's virtual address (sh_addr): the base of DW_EH_PE_pcrel / aligned pointers. */
  address: number;
}

export interface CfiStats {
  /** FDEs found in all sections. */
  fdes: number;
  /** Entries yielded. */
  emitted: number;
  /** FDEs skipped because their header, CIE or address could not be used. */
  skipped: number;
  /** FDEs dropped because they overlap an entry already yielded (e.g. .debug_frame + .eh_frame copies). */
  overlapping: number;
  /** FDEs whose instructions stopped early (bad opcode, truncated operand, ...); what was read is kept. */
  partial: number;
  /** Rules Breakpad cannot express (undefined, untranslatable DWARF expressions) that were left out. */
  unsupportedRules: number;
  /** DWARF expression rules translated to postfix. */
  translatedExpressions: number;
  /** Warnings reported. */
  warnings: number;
}

export interface CfiOptions {
  arch: CfiArch;
  littleEndian: boolean;
  /** Default address size; a version-4 .debug_frame CIE overrides it for its FDEs. */
  addressSize: 4 | 8;
  /** Base of DW_EH_PE_textrel pointers (.text sh_addr). */
  textAddress?: number;
  /** Base of DW_EH_PE_datarel pointers (.got sh_addr, as Breakpad uses). */
  dataAddress?: number;
  /** Resolves DW_EH_PE_indirect FDE addresses; without it such FDEs are skipped. */
  readMemory?: (address: number, size: number) => Uint8Array | undefined;
  /**
   * 'translate' (default): DWARF expressions made only of breg/lit/const/plus/minus/mul/deref/...
   * become postfix rules; the rest are left out as Breakpad does.
   * 'skip': leave every expression out (byte-for-byte Breakpad behaviour).
   */
  expressions?: 'translate' | 'skip';
  /** Only FDEs starting inside [start, end) are kept (e.g. the module's mapped range). */
  addressRange?: { start: number; end: number };
  /**
   * When given, only FDEs starting inside one of these ranges are kept: pass the
   * executable sections (SHF_EXECINSTR). This drops the .debug_frame FDEs of
   * functions removed by --gc-sections, which the linker leaves at address 0.
   */
  codeRanges?: readonly { start: number; end: number }[];
  onWarning?: (msg: string) => void;
  /** Filled in while iterating. */
  stats?: CfiStats;
}

export interface CfiDelta {
  address: number;
  /** Rules that change at `address`, e.g. "$rbp: .cfa -16 + ^ .cfa: $rsp 16 +". */
  rules: string;
}

export interface CfiEntry {
  /** Absolute start address (the FDE's initial location; the load bias is NOT subtracted). */
  address: number;
  size: number;
  /** Complete rule set at `address`, e.g. ".cfa: $rsp 8 + .ra: .cfa -8 + ^". */
  initRules: string;
  /** Rule changes, sorted by address, all inside [address, address + size). */
  deltas: CfiDelta[];
}

export function emptyCfiStats(): CfiStats {
  return { fdes: 0, emitted: 0, skipped: 0, overlapping: 0, partial: 0, unsupportedRules: 0, translatedExpressions: 0, warnings: 0 };
}
