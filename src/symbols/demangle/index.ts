// Symbol-name demangling the way mozilla's dump_syms does it
// (`DemangleOptions::complete().return_type(false)`): Itanium C++ with parameter
// lists but no return types, Rust legacy and v0 without the hash; C names and
// anything that fails to demangle stay as they are.
import { geckoDemangler } from './gecko.js';
import { demangleItanium } from './itanium/index.js';

/** Rust's legacy mangling is Itanium-shaped with a hash suffix: rustc-demangle's job. */
const RUST_LEGACY = /17h[0-9a-f]{16}E$/;

// symbolic's fix_symbol_name: compiler clone suffixes go before demangling.
export const SUFFIX = /((\.(cold|constprop|llvm|localalias|lto_priv|isra|part|str)(\.[0-9]+)?)|( ?\[clone[^\]]*\] ?))+$/;

/** True when the name looks mangled (Itanium `_Z`/`__Z`, Rust v0 `_R`). */
export function isMangled(name: string): boolean {
  // Keep in step with the copy in pool.ts's worker source.
  return name.startsWith('_Z') || name.startsWith('__Z') || name.startsWith('_R') || name.startsWith('___Z');
}

/** Strips compiler clone suffixes (`.cold`, `.isra.0`, `[clone .constprop.1]`…). */
export function fixSymbolName(name: string): string {
  return name.replace(SUFFIX, '').replace(/`anonymous namespace'/g, '(anonymous namespace)');
}

/**
 * Demangles a function name (DWARF linkage or symbol-table name), as mozilla's
 * dump_syms names FUNCs: clone suffixes are stripped from every name (so a cold
 * part `main.cold` is `main`), then mangled names are demangled; names that
 * fail to demangle stay as they are.
 */
export function demangle(name: string): string {
  const fixed = fixSymbolName(name);
  if (!isMangled(fixed)) return fixed;
  return demangleMangled(fixed);
}

/**
 * Demangles a symbol-table name for a PUBLIC record: only names that look mangled
 * are touched (mozilla leaves `main.cold` or `foo.isra.0` of C code as they are,
 * which keeps the parts of a split function apart).
 */
export function demangleSymbol(name: string): string {
  return isMangled(name) ? demangleMangled(fixSymbolName(name)) : name;
}

function demangleMangled(fixed: string): string {
  // C++ first with our Itanium demangler (it agrees with c++filt); Rust and anything
  // it rejects go to the WASM demangler.
  if (fixed[1] !== 'R' && !RUST_LEGACY.test(fixed)) {
    const out = demangleItanium(fixed);
    if (out !== null) return out;
  }
  const d = geckoDemangler();
  if (!d) return fixed;
  try {
    const out = d(fixed);
    // demangle_any's last resort strips one leading underscore (a Mach-O C
    // name); for an undemanglable `_Z…` name we keep the raw name instead.
    return out === fixed.slice(1) ? fixed : out;
  } catch {
    return fixed;
  }
}

/** True if the WASM demangler loaded (otherwise demangle() returns names unchanged). */
export function demanglerAvailable(): boolean {
  return geckoDemangler() !== null;
}
