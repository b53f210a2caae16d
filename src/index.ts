// The public API of minidump-pipeline. Each stage is usable on its own.

// Errors
export { PipelineError, MinidumpError, SymbolError, ObjectFileError, UsageError, type PipelineErrorCode } from './errors.js';
export { VERSION } from './version.js';

// Reading minidumps
export { readMinidump, readMinidumpSync, Minidump, type Module, type Thread, type Exception, type MemoryRegion } from './reader/index.js';
export type { CpuContext, Cpu } from './format/context/layout.js';

// Symbols
export type { ModuleIdentity, SymbolSource, SymbolSupplier } from './symbols/types.js';
export { parseSymbolFile, type SymbolFile, type SymbolLookup, type InlineFrameInfo, type SymbolFileStats, type WindowsFrameInfo } from './symbols/sym/index.js';
export {
  LocalSymbolSupplier,
  HttpSymbolSupplier,
  ChainSymbolSupplier,
  StringSymbolSupplier,
  type HttpSymbolSupplierOptions,
} from './symbols/suppliers/index.js';

// Processing
export { processMinidump, makeSymbolizer, type ProcessOptions } from './processor/process.js';
export { Symbolizer, type SymbolStatus } from './processor/symbolizer.js';
export { renderHuman, type HumanOptions } from './processor/report/human.js';
export { crashReason, type CrashReason, type ExceptionInput } from './processor/crash-reason/index.js';
export { walkStack, type WalkerEnvironment, type WalkedFrame, type WalkerSymbols, type WalkOptions } from './processor/walk/index.js';
export type * from './processor/report/types.js';

// Dumping symbols (ELF/DWARF → Breakpad .sym)
export { dumpSyms, dumpSymsToStore, type DumpSymsOptions } from './symbols/dump-syms/index.js';
