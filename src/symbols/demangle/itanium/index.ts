// Itanium C++ ABI demangler whose output matches GNU c++filt (binutils 2.40,
// i.e. libiberty with DMGL_PARAMS | DMGL_VERBOSE: `Ss` prints in full as
// std::basic_string<char, …>), optionally without the leading return type the
// way mozilla's dump_syms names functions. Beyond c++filt it accepts Mach-O's
// extra underscore (`__Z…`), `_GLOBAL__sub_I_<mangled>`, and names longer than
// the 1024 characters libiberty refuses; source-name lengths count UTF-8 bytes.
//
// Layout: fast.ts (a fast path for the commonest shape of name), ast.ts (node kinds), tables.ts (operators, builtin types, standard
// substitutions), cursor.ts → expressions.ts → parser.ts (the grammar), and
// print-state.ts → print-expr.ts → printer.ts (libiberty's printing rules).
import { K, Node } from './ast.js';
import { demangleFast } from './fast.js';

// The batch demangler (and its worker, which loads this module's build) calls the
// fast path on bytes directly.
export { demangleFastBytes, fastOutput } from './fast.js';
import { Parser } from './parser.js';
import { MAX_OUTPUT, Printer } from './printer.js';

export interface ItaniumDemangleOptions {
  /** Print the return type of template functions, as c++filt does (default false: mozilla style). */
  returnTypes?: boolean;
  /** Print parameter lists and clone suffixes (default true). */
  params?: boolean;
  /** @internal Try the fast path first (default true; tests turn it off to compare). */
  fastPath?: boolean;
}

/** Inputs longer than this are not demangled (the output cap would refuse them anyway). */
const MAX_INPUT = MAX_OUTPUT;

/**
 * Demangles an Itanium name (`_Z…`, also `__Z…` Mach-O style and
 * `_GLOBAL__sub_I_…`), or returns null when it is not a valid mangled name.
 * Never throws.
 */
export function demangleItanium(name: string, options?: ItaniumDemangleOptions): string | null {
  try {
    return demangleItaniumUnguarded(name, options);
  } catch {
    // Stack exhaustion on hostile input, or a bug: report "not demangled".
    return null;
  }
}

/** @internal Same as demangleItanium without the exception guard, so tests see bugs. */
export function demangleItaniumUnguarded(name: string, options?: ItaniumDemangleOptions): string | null {
  const returnTypes = options?.returnTypes === true;
  const params = options?.params !== false;
  sawNonAscii = false;
  fastPath = options?.fastPath !== false;
  const out = demangleInner(name, returnTypes, params, false);
  if (!sawNonAscii) return out;
  // Source-name lengths count UTF-8 bytes (GCC and clang mangle non-ASCII
  // identifiers as UTF-8): demangle the bytes, one char each, and decode back.
  const bytes = Buffer.from(name, 'utf8').toString('latin1');
  const raw = demangleInner(bytes, returnTypes, params, true);
  return raw === null ? null : Buffer.from(raw, 'latin1').toString('utf8');
}

/** Set by run() when the input has non-ASCII chars and must be redone as bytes. */
let sawNonAscii = false;
let fastPath = true;

function demangleInner(name: string, returnTypes: boolean, params: boolean, bytes: boolean): string | null {
  if (name.length < 2 || name.length > MAX_INPUT) return null;
  const c0 = name.charCodeAt(0);
  const c1 = name.charCodeAt(1);
  if (c0 === 95 && c1 === 90 /* _Z */) return runOrFast(name, returnTypes, params, bytes);
  if (c0 === 95 && c1 === 95 && name.charCodeAt(2) === 90 /* __Z */) return runOrFast(name.slice(1), returnTypes, params, bytes);
  if (name.startsWith('_GLOBAL_') && name.length > 10) {
    const sep = name.charCodeAt(8);
    const kind = name.charCodeAt(9);
    if ((sep === 46 || sep === 95 || sep === 36) && (kind === 73 || kind === 68) && name.charCodeAt(10) === 95) {
      return run(name, kind === 73 ? K.GlobalCtors : K.GlobalDtors, returnTypes, params, bytes);
    }
    // GCC's per-file initialisers: `_GLOBAL__sub_I_<mangled or file name>`.
    if (name.startsWith('_GLOBAL__sub_I__Z') || name.startsWith('_GLOBAL__sub_D__Z')) {
      const inner = demangleInner(name.slice(15), returnTypes, params, bytes);
      if (inner === null) return null;
      return (name.charCodeAt(13) === 73 ? 'global constructors keyed to ' : 'global destructors keyed to ') + inner;
    }
  }
  return null;
}

/** `_Z…`: the fast path when the name is in its subset. */
function runOrFast(s: string, returnTypes: boolean, params: boolean, bytes: boolean): string | null {
  if (params && !bytes && fastPath) {
    const fast = demangleFast(s, returnTypes);
    if (fast !== undefined) return fast;
  }
  return run(s, 0, returnTypes, params, bytes);
}

function run(s: string, global: number, returnTypes: boolean, params: boolean, bytes: boolean): string | null {
  let state = 1;
  for (;;) {
    const p = new Parser(s, bytes);
    if (!p.ascii) {
      sawNonAscii = true;
      return null;
    }
    p.params = params;
    p.unresolvedState = state;
    let dc: Node | null;
    if (global !== 0) {
      p.pos = 11;
      const target = p.globalTarget();
      dc = target === null ? null : new Node(global, target, null, '', 0, null);
    } else {
      dc = p.mangledName(true);
    }
    if (params && !p.atEnd()) dc = null;
    // `sr` names are ambiguous between two ABI versions; retry with the older reading.
    if (dc === null && p.unresolvedState === -1) {
      state = 0;
      continue;
    }
    if (dc === null) return null;
    const printer = new Printer(returnTypes ? null : topFunctionType(dc));
    printer.print(dc);
    if (printer.failed || printer.out.length > MAX_OUTPUT) return null;
    return printer.out;
  }
}

/** The function type whose return type c++filt prints at the front of the whole name. */
function topFunctionType(dc: Node): Node | null {
  let d: Node | null = dc;
  while (d !== null) {
    switch (d.k) {
      case K.Clone:
      case K.Thunk:
      case K.VirtualThunk:
      case K.CovariantThunk:
      case K.HiddenAlias:
      case K.TransactionClone:
      case K.NonTransactionClone:
      case K.GlobalCtors:
      case K.GlobalDtors:
        d = d.l;
        continue;
      case K.TypedName:
        return d.r !== null && d.r.k === K.FunctionType ? d.r : null;
      default:
        return null;
    }
  }
  return null;
}
