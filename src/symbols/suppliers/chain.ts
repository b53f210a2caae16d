import { SymbolError } from '../../errors.js';
import type { ModuleIdentity, SymbolSource, SymbolSupplier } from '../types.js';

/**
 * Tries each supplier in order; the first hit wins. A supplier that throws does not stop
 * the search; when nothing is found and some supplier failed, the failures are reported
 * together as one SymbolError (cause: AggregateError).
 */
export class ChainSymbolSupplier implements SymbolSupplier {
  constructor(private readonly suppliers: SymbolSupplier[]) {}

  async locate(module: ModuleIdentity): Promise<SymbolSource | null> {
    const errors: unknown[] = [];
    for (const s of this.suppliers) {
      try {
        const found = await s.locate(module);
        if (found) return found;
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) {
      const msg = errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
      const code = errors.length === 1 && errors[0] instanceof SymbolError ? errors[0].code : 'IO';
      throw new SymbolError(code, msg, { cause: new AggregateError(errors, msg) });
    }
    return null;
  }
}
