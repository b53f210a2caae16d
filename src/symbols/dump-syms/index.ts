// ELF/DWARF → Breakpad .sym.
export { dumpSyms, planDumpSyms, writePlan, type DumpPlan, type DumpSymsOptions } from './dump.js';
export { dumpSymsToStore } from './store.js';
export type { DebugInfo } from './dwarf.js';
export { DEFAULT_DEBUG_DIRS, hasDwarf, locateAltFile, locateDebugFile, type LoadedElf, type LocateOptions } from './locate.js';
export { functionSymbols, RangeSet, sectionSymbols, selectPublics, type PublicCandidate } from './publics.js';
export { SymWriter, StreamSink, StringSink, cleanName, type SymSink } from './writer.js';
export type { ModuleHeader, SymFunc, SymInline, SymLine, SymPublic } from './model.js';
