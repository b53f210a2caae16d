// The contract between symbol suppliers, the .sym parser and the processor.
// Tool authors implement `SymbolSupplier` to plug in their own symbol store.

/** What identifies a module's symbols: the Breakpad lookup key is debugFile + debugId. */
export interface ModuleIdentity {
  /** Full path or name of the loaded file (minidump module name), e.g. `/usr/lib/libc.so.6` or `C:\\app\\app.exe`. */
  codeFile: string;
  /** Code identifier (PE timestamp+size, ELF build-id hex), or null. */
  codeId: string | null;
  /** Debug file name, e.g. `app.pdb` or `libc.so.6`; may be a full path. */
  debugFile: string | null;
  /** Breakpad debug identifier (33 uppercase hex digits for GUID+age), or null. */
  debugId: string | null;
}

/** Raw symbol-file bytes found by a supplier, with where they came from. */
export interface SymbolSource {
  bytes: Uint8Array;
  /** Local path or URL the bytes came from (reported as `symbol_url` for URLs). */
  origin: string;
  /** True when `origin` is a URL (symbol server). */
  remote?: boolean;
}

/**
 * Finds the Breakpad .sym text for a module. Return null when the supplier has no
 * symbols for it; throw a `SymbolError` only for a failure worth reporting (the
 * processor records it and carries on with the next supplier).
 */
export interface SymbolSupplier {
  locate(module: ModuleIdentity): Promise<SymbolSource | null>;
}
