export { ChainSymbolSupplier } from './chain.js';
export { HttpSymbolSupplier, type HttpSymbolSupplierOptions } from './http.js';
export { LocalSymbolSupplier } from './local.js';
export { codeIdPath, debugFileOf, isSafeComponent, leafName, symbolPath, type SymbolPath } from './path.js';
export { StringSymbolSupplier } from './string.js';
