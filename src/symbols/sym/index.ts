// Breakpad .sym parsing and lookup.
//
// parseSymbolFile() makes one pass over the bytes and keeps only numbers and byte offsets;
// names, line/INLINE records, CFI rule text and STACK WIN trees are decoded on first use.
// Lookups reproduce Breakpad's BasicSourceLineResolver (what minidump_stackwalk prints):
//  * FUNC ranges: the first of two overlapping ranges wins (RangeMap), likewise line
//    records within a FUNC and STACK CFI INIT ranges;
//  * PUBLIC: greatest address <= offset, used only when no FUNC covers the offset and the
//    PUBLIC starts after the nearest FUNC below the offset (rust-minidump differs: it
//    rejects the PUBLIC when any FUNC lies between it and the offset);
//  * INLINE: both forms, nested via ContainedRangeMap, positions shifted along the chain;
//  * STACK CFI: INIT rules + every delta in [INIT base, offset], later wins;
//  * STACK WIN: most specific type-4 record, else type-0.
export { parseSymbolFile } from './parser.js';
export { applyRuleSet } from './symbol-file.js';
export type { InlineFrameInfo, ParseOptions, SymbolFile, SymbolFileStats, SymbolLookup, SymbolModuleInfo, WindowsFrameInfo } from './types.js';
