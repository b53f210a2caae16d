// Public shapes of a parsed Breakpad .sym file. All offsets are module-relative.

export interface SymbolModuleInfo {
  os: string;
  cpu: string;
  id: string;
  name: string;
}

export interface InlineFrameInfo {
  function: string;
  /** Start of the inline range that covers the looked-up offset (Breakpad's function_base). */
  functionAddress: number;
  file: string | null;
  line: number | null;
}

export interface SymbolLookup {
  function: string;
  functionAddress: number;
  /** null for PUBLIC symbols. */
  functionSize: number | null;
  parameterSize: number;
  isPublic: boolean;
  isMultiple: boolean;
  /**
   * Physical frame's source position. When inlines exist this is the call site of the
   * outermost inline (Breakpad's ConstructInlineFrames swaps positions along the chain).
   */
  file: string | null;
  line: number | null;
  /** Start of the line record that covers the offset (not changed by the inline swap). */
  lineAddress: number | null;
  /** Innermost inline first; the innermost gets the line record's position. */
  inlines: InlineFrameInfo[];
}

export interface WindowsFrameInfo {
  type: number;
  rva: number;
  codeSize: number;
  prologSize: number;
  epilogSize: number;
  parameterSize: number;
  savedRegisterSize: number;
  localSize: number;
  maxStackSize: number;
  allocatesBasePointer: boolean;
  programString: string | null;
}

export interface SymbolFileStats {
  /** Every malformed line, including INLINE/INLINE_ORIGIN ones and a NUL-byte error. */
  corruptLines: number;
  /** The subset Breakpad keeps apart (INLINE / INLINE_ORIGIN); they never stop the parse. */
  inlineCorruptLines: number;
  /** Breakpad's is_corrupt_: any non-inline parse error. */
  isCorrupt: boolean;
  /** True when the parse stopped early because of too many errors (Breakpad: > 100). */
  truncated: boolean;
  /** Extra PUBLIC records at an address already taken (Breakpad counts them as errors). */
  duplicatePublics: number;
  functions: number;
  publics: number;
  lineRecords: number;
  inlineRecords: number;
  files: number;
  inlineOrigins: number;
  cfiInit: number;
  cfiDelta: number;
  stackWin: number;
}

export interface SymbolFile {
  module: SymbolModuleInfo | null;
  codeId: string | null;
  generator: string | null;
  url: string | null;
  stats: SymbolFileStats;
  /** FUNC (or PUBLIC fallback) covering offset, with line and inline info. */
  lookup(offset: number): SymbolLookup | null;
  /**
   * Merged STACK CFI rules at offset (INIT + every delta with INIT base <= address <= offset,
   * later wins), register name -> postfix expression. Null when no CFI covers offset.
   */
  cfiRulesAt(offset: number): Map<string, string> | null;
  /** STACK WIN record covering offset: type 4 (FRAME_DATA) preferred over type 0 (FPO). */
  windowsFrameInfo(offset: number): WindowsFrameInfo | null;
}

export interface ParseOptions {
  /**
   * Stop reading after this many (non-inline) errors, like Breakpad (100). Default 100 so
   * lookups match minidump_stackwalk; pass Infinity to read everything.
   */
  maxErrors?: number;
}
