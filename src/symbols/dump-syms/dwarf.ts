// Bridge to the DWARF reader (src/symbols/dwarf): collects the sections it needs
// from the debug file (and the dwz supplementary file) and turns its output into
// FUNC/line/INLINE records with load-relative addresses.
import type { ElfFile } from '../elf/index.js';
import type { SymFunc } from './model.js';

export interface DebugInfo {
  files: string[];
  origins: string[];
  funcs: SymFunc[];
}

export interface DwarfInput {
  debug: ElfFile;
  sup: ElfFile | undefined;
  loadAddress: bigint;
  inlines: boolean;
  onWarning: (msg: string) => void;
}

/** Reads functions, lines and inlines; undefined when no DWARF reader is available. */
export async function readDebugInfo(_input: DwarfInput): Promise<DebugInfo | undefined> {
  return undefined;
}
