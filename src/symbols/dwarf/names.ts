// Function names the way mozilla's dump_syms (symbolic) picks them: the DIE's own
// DW_AT_linkage_name / DW_AT_MIPS_linkage_name (mangled, demangled later), else the
// name found through DW_AT_specification / DW_AT_abstract_origin (possibly in another
// unit or in the dwz file), else DW_AT_name — which we qualify with the enclosing
// namespaces and classes (symbolic leaves it bare; a qualified name is never worse).
import * as C from './constants.js';
import type { DwarfFile } from './file.js';
import { VK } from './forms.js';
import type { UnitDies } from './unit.js';

export interface DieName {
  name: string;
  /** True for linkage names (to be demangled). */
  mangled: boolean;
}

/** Longest DW_AT_specification / abstract_origin chain we follow (cycles end here too). */
const MAX_REF_CHAIN = 16;
/** Deepest namespace/class nesting used to qualify a name. */
const MAX_SCOPE_DEPTH = 64;

/** How deep scope lookups may nest (a local class's scope is a function, whose name may need its own scope...). */
const MAX_NESTING = 8;

export function dieName(file: DwarfFile, u: UnitDies, i: number, hops = 0, nesting = 0): DieName | undefined {
  const lk = u.linkKind[i]!;
  if (lk !== 0) {
    const s = file.string(lk, u.linkVal[i]!, u);
    if (s) return { name: s, mangled: true };
  }
  const rk = u.refKind[i]!;
  if (rk !== 0 && hops < MAX_REF_CHAIN) {
    const target = rk === VK.REF ? file : rk === VK.REF_SUP ? file.sup : undefined;
    if (target) {
      const off = u.refVal[i]!;
      // Many inlines share one abstract origin: resolve each target once.
      let r = target.refNames.get(off);
      if (r === undefined) {
        r = null;
        const tu = target.unitAt(off, target === file ? u : undefined);
        const ti = tu ? tu.find(off) : -1;
        if (tu && ti >= 0 && !(tu === u && ti === i)) r = dieName(target, tu, ti, hops + 1, nesting) ?? null;
        target.refNames.set(off, r);
      }
      if (r) return r;
    }
  }
  const nk = u.nameKind[i]!;
  if (nk !== 0) {
    const s = file.string(nk, u.nameVal[i]!, u);
    if (s) {
      const scope = scopeOf(file, u, u.parent[i]!, nesting);
      return { name: scope ? `${scope}::${s}` : s, mangled: false };
    }
  }
  return undefined;
}

const scopeCache = new WeakMap<UnitDies, Map<number, string>>();

/** "ns::Class" for the namespaces/classes enclosing kept DIE `p` (inclusive), or "". */
function scopeOf(file: DwarfFile, u: UnitDies, p: number, nesting: number): string {
  let cache = scopeCache.get(u);
  if (!cache) {
    cache = new Map();
    scopeCache.set(u, cache);
  }
  const parts: string[] = [];
  const visited: number[] = [];
  let prefix = '';
  for (let depth = 0; p >= 0 && depth < MAX_SCOPE_DEPTH; depth++) {
    const cached = cache.get(p);
    if (cached !== undefined) {
      prefix = cached;
      break;
    }
    const tag = u.tag[p]!;
    if (tag === C.DW_TAG_namespace || tag === C.DW_TAG_class_type || tag === C.DW_TAG_structure_type || tag === C.DW_TAG_union_type || tag === C.DW_TAG_interface_type) {
      const nk = u.nameKind[p]!;
      const s = nk !== 0 ? file.string(nk, u.nameVal[p]!, u) : undefined;
      parts.push(s ?? (tag === C.DW_TAG_namespace ? '(anonymous namespace)' : ''));
    } else if (tag === C.DW_TAG_subprogram) {
      // A local class: scope it by the function's own name.
      const f = nesting < MAX_NESTING ? dieName(file, u, p, 0, nesting + 1) : undefined;
      parts.push(f ? f.name : '');
      visited.push(p);
      break;
    } else {
      break;
    }
    visited.push(p);
    p = u.parent[p]!;
  }
  // parts run innermost-first; build each visited scope's full prefix and cache it.
  let acc = prefix;
  const fulls: string[] = new Array(parts.length);
  for (let k = parts.length - 1; k >= 0; k--) {
    const part = parts[k]!;
    acc = part === '' ? acc : acc ? `${acc}::${part}` : part;
    fulls[k] = acc;
  }
  for (let k = 0; k < visited.length && k < fulls.length; k++) cache.set(visited[k]!, fulls[k]!);
  return acc;
}

/** True for C units, whose names are never demangled. */
export function isCLanguage(lang: number): boolean {
  return lang === C.DW_LANG_C89 || lang === C.DW_LANG_C || lang === C.DW_LANG_C99 || lang === C.DW_LANG_C11 || lang === C.DW_LANG_C17;
}
