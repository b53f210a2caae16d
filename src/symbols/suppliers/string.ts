import type { ModuleIdentity, SymbolSource, SymbolSupplier } from '../types.js';
import { debugFileOf, leafName, symbolPath } from './path.js';

/**
 * In-memory symbols for tests and tools. Keys are tried in this order: the store path
 * (`xul.pdb/<ID>/xul.sym`), `<debugFile leaf>/<debugId>`, the debug file leaf, the code
 * file leaf.
 */
export class StringSymbolSupplier implements SymbolSupplier {
  private readonly map: Map<string, string | Uint8Array>;
  constructor(map: Map<string, string | Uint8Array> | Record<string, string | Uint8Array>) {
    this.map = map instanceof Map ? new Map(map) : new Map(Object.entries(map));
  }

  async locate(module: ModuleIdentity): Promise<SymbolSource | null> {
    const sp = symbolPath(module);
    const debugLeaf = leafName(debugFileOf(module) ?? '');
    const keys = [sp?.rel, debugLeaf && module.debugId ? `${debugLeaf}/${module.debugId}` : undefined, debugLeaf, leafName(module.codeFile ?? '')];
    for (const k of keys) {
      if (!k) continue;
      const v = this.map.get(k);
      if (v !== undefined) return { bytes: typeof v === 'string' ? new TextEncoder().encode(v) : v, origin: `memory:${k}`, remote: false };
    }
    return null;
  }
}
