// Loads each module's symbols once, through the suppliers in order, and remembers
// what happened (found, missing, corrupt, from where) for the report's module list.
import { PipelineError, SymbolError } from '../errors.js';
import { parseSymbolFile, type SymbolFile } from '../symbols/sym/index.js';
import type { ModuleIdentity, SymbolSupplier } from '../symbols/types.js';

export interface SymbolStatus {
  loaded: boolean;
  missing: boolean;
  corrupt: boolean;
  url: string | null;
  /** Supplier failures seen while looking (reported, not thrown). */
  errors: string[];
}

export class Symbolizer {
  private readonly suppliers: SymbolSupplier[];
  private readonly cache = new Map<string, Promise<SymbolFile | null>>();
  private readonly statuses = new Map<string, SymbolStatus>();

  constructor(suppliers: SymbolSupplier[]) {
    this.suppliers = suppliers;
  }

  /** The module's parsed symbols, or null; concurrent callers share one load. */
  symbolsFor(module: ModuleIdentity): Promise<SymbolFile | null> {
    const key = keyOf(module);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.load(module, key);
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** What happened when this module's symbols were looked up; undefined if never asked. */
  status(module: ModuleIdentity): SymbolStatus | undefined {
    return this.statuses.get(keyOf(module));
  }

  private async load(module: ModuleIdentity, key: string): Promise<SymbolFile | null> {
    const status: SymbolStatus = { loaded: false, missing: true, corrupt: false, url: null, errors: [] };
    this.statuses.set(key, status);
    if (!module.debugId || !(module.debugFile || module.codeFile)) return null;
    for (const supplier of this.suppliers) {
      let source;
      try {
        source = await supplier.locate(module);
      } catch (err) {
        if (!(err instanceof PipelineError)) throw err;
        status.errors.push(err.message);
        continue;
      }
      if (!source) continue;
      try {
        const symbols = parseSymbolFile(source.bytes);
        status.loaded = true;
        status.missing = false;
        status.url = source.remote ? source.origin : null;
        return symbols;
      } catch (err) {
        if (!(err instanceof SymbolError)) throw err;
        // A corrupt file stops the search, as in rust-minidump: a later supplier
        // would most likely hand out the same bytes.
        status.corrupt = true;
        status.missing = false;
        status.errors.push(`${source.origin}: ${err.message}`);
        return null;
      }
    }
    return null;
  }
}

function keyOf(m: ModuleIdentity): string {
  return `${m.debugFile ?? ''}\u0000${m.debugId ?? ''}\u0000${m.codeFile}`;
}
