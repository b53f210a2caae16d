export { LocalSymbolSupplier } from './local.js';
export { debugFileOf, isSafeComponent, leafName, symbolPath, type SymbolPath } from './path.js';
