export { parseSymbolFile } from './parser.js';
export { applyRuleSet } from './symbol-file.js';
export type { InlineFrameInfo, ParseOptions, SymbolFile, SymbolFileStats, SymbolLookup, SymbolModuleInfo, WindowsFrameInfo } from './types.js';
