// A fast path for the most common shapes of mangled name: functions (function
// templates included) and variables whose names are plain, nested or `std::`
// source names (constructors and destructors too), whose parameters are builtin,
// class and template types under const, pointers and references, and whose
// template arguments are such types or integral/bool/enum literals, e.g.
// `_ZN2v88internal4Heap7CollectENS0_15GarbageCollectorEPKc`. 87% of node's C++
// function names have such a shape. It builds the output as strings straight from
// the input, with the substitution candidates as strings (and a kind each), so it
// does far less work per name than the full parser + printer: on libLLVM's 45k
// names it saves ~10% of dump-syms' CPU.
//
// It follows the full parser's rules (which follow libiberty's) for this subset
// exactly: the same substitution candidates in the same order, the same text. A
// function template's return type is read and left out, so with returnTypes
// (c++filt style) those names go to the full parser. It returns undefined for
// anything outside the subset (operators, function or array types, packs, ABI
// tags, special and local names, other qualifiers, non-ASCII bytes, ...) and the
// full demangler takes the name. Tests compare both paths on every real name the
// fast path takes and on mutated ones; the full path is checked against c++filt.

import { BP } from './ast.js';
import { BUILTINS, D_BUILTINS, INT_SUFFIX, STD_SUBS } from './tables.js';

const ANON_NS = '(anonymous namespace)';

// Parse state for one name (one demangling runs at a time).
let s = '';
let pos = 0;
let end = 0;
// What a candidate is, as far as the subset's rules care.
const NAME = 0; // a class or namespace name (template instances included)
const CONST = 1; // a const-qualified type
const POINTER = 2;
const REF = 3; // an lvalue or rvalue reference
const LITERAL = 4; // a template argument that is a value

/** Substitution candidates, as printed, and their kinds. */
const subs: string[] = [];
const subKind: number[] = [];
let lastName: string | undefined;

function addSub(text: string, kind: number): void {
  subs.push(text);
  subKind.push(kind);
}

/** <number> of a source name's length; -1 when there is none. */
function length(): number {
  let c = s.charCodeAt(pos);
  if (!(c >= 48 && c <= 57)) return -1;
  let v = 0;
  do {
    v = v * 10 + (c - 48);
    if (v > end) return -1;
    c = s.charCodeAt(++pos);
  } while (c >= 48 && c <= 57);
  return v;
}

/** <source-name>; sets lastName as the parser does. */
function sourceName(): string | undefined {
  const len = length();
  if (len <= 0 || end - pos < len) return undefined;
  const start = pos;
  pos += len;
  let text: string;
  const c = s.charCodeAt(start + 8);
  if (len >= 10 && s.startsWith('_GLOBAL_', start) && (c === 46 || c === 95 || c === 36) && s.charCodeAt(start + 9) === 78) text = ANON_NS;
  else text = s.slice(start, pos);
  lastName = text;
  return text;
}

/** S_ / S<seq-id>_ (not the standard abbreviations, except St handled by callers): candidate index or -1. */
function substitutionIndex(): number {
  // at 'S'
  let c = s.charCodeAt(++pos);
  if (c === 95) {
    pos++;
    return subs.length > 0 ? 0 : -1;
  }
  let id = 0;
  for (;;) {
    if (c >= 48 && c <= 57) id = id * 36 + c - 48;
    else if (c >= 65 && c <= 90) id = id * 36 + c - 55;
    else if (c === 95) break;
    else return -1;
    if (id > 0xffff) return -1;
    c = s.charCodeAt(++pos);
  }
  pos++;
  id++;
  return id < subs.length ? id : -1;
}

/** I <type>+ E, printed as libiberty does ("<a, b<c> >"); the last name is kept across it. */
/** The arguments of the template args read last (texts and kinds), for a function template's T_. */
let argTexts: string[] = [];
let argKinds: number[] = [];

function templateArgs(depth: number): string | undefined {
  pos++; // I
  const saved = lastName;
  const texts: string[] = [];
  const kinds: number[] = [];
  let out = '';
  for (;;) {
    const c = s.charCodeAt(pos);
    if (c === 69 /* E */) break;
    let t: string | undefined;
    if (c === 76 /* L */) {
      t = literal(depth);
      typeKind = LITERAL;
    } else if (c === 88 || c === 74) {
      return undefined; // expressions, packs: the full parser's job
    } else t = type(depth + 1);
    if (t === undefined) return undefined;
    texts.push(t);
    kinds.push(typeKind);
    out = out === '' ? t : out + ', ' + t;
  }
  if (out === '') return undefined;
  pos++; // E
  lastName = saved;
  argTexts = texts;
  argKinds = kinds;
  return out.charCodeAt(out.length - 1) === 62 /* > */ ? '<' + out + ' >' : '<' + out + '>';
}

/** L <type> [n] <digits> E: an integral or enum value (others are the full parser's). */
function literal(depth: number): string | undefined {
  pos++; // L
  const c = s.charCodeAt(pos);
  let typeText: string | undefined;
  let suffix: string | undefined;
  let bool = false;
  if (c >= 97 && c <= 122) {
    const bi = BUILTINS[c - 97];
    // Floating point (bracketed), void, ellipsis: the full parser's.
    if (bi === undefined || bi.print === BP.Float || bi.print === BP.Void || c === 122) return undefined;
    typeText = bi.name;
    suffix = INT_SUFFIX[bi.print];
    bool = bi.print === BP.Bool;
    pos++;
  } else if (c === 78 /* N */ || (c >= 48 && c <= 57)) {
    // An enum (or class) type: a candidate like any type.
    typeText = type(depth + 1);
    if (typeText === undefined || typeKind !== NAME) return undefined;
  } else return undefined;
  const neg = s.charCodeAt(pos) === 110; /* n */
  if (neg) pos++;
  const start = pos;
  while (s.charCodeAt(pos) >= 48 && s.charCodeAt(pos) <= 57) pos++;
  if (pos === start || s.charCodeAt(pos) !== 69 /* E */) return undefined;
  const value = s.slice(start, pos);
  pos++; // E
  if (suffix !== undefined) return (neg ? '-' : '') + value + suffix;
  if (bool && !neg && (value === '0' || value === '1')) return value === '1' ? 'true' : 'false';
  return '(' + typeText + ')' + (neg ? '-' : '') + value;
}

/**
 * At 'S': `St` ("std"), a standard abbreviation, or a candidate that names a
 * class or namespace; undefined for anything else. None becomes a candidate here.
 */
function substitutionName(): string | undefined {
  const c = s.charCodeAt(pos + 1);
  if (c === 116 /* t */) {
    pos += 2;
    return 'std';
  }
  const abbrev = STD_SUBS[c];
  if (abbrev !== undefined) {
    pos += 2;
    // ABI tags on an abbreviation make it a candidate: the full parser's job.
    if (s.charCodeAt(pos) === 66 /* B */) return undefined;
    lastName = abbrev.lastName!;
    return abbrev.text;
  }
  const id = substitutionIndex();
  if (id < 0 || subKind[id] !== NAME) return undefined;
  return subs[id];
}

/** The function template's args (undefined: not a template) and whether it has a return type. */
let fnArgTexts: string[] | undefined;
let fnArgKinds: number[] = [];
let fnHasReturn = false;

/** Whether the last nested name read had K (a const member function). */
let methodConst = false;

/** N [K] <prefix> E, in the subset: returns the qualified name, or undefined. Sets `methodConst`. */
function nestedName(substable: boolean, isType: boolean): string | undefined {
  pos++; // N
  let isConst = false;
  if (s.charCodeAt(pos) === 75 /* K */) {
    if (isType) return undefined;
    isConst = true;
    pos++;
  }
  let ret: string | undefined;
  let template = false;
  let ctorDtor = false;
  // The parser's prefix loop: a substitution only starts a name and is not a
  // candidate again; every prefix but the whole name is a candidate.
  for (;;) {
    const c = s.charCodeAt(pos);
    if (c === 83 /* S */) {
      if (ret !== undefined) return undefined;
      ret = substitutionName();
      if (ret === undefined) return undefined;
      continue;
    }
    if (c === 73 /* I */) {
      if (ret === undefined) return undefined;
      const args = templateArgs(0);
      if (args === undefined) return undefined;
      ret += args;
      template = true;
    } else {
      ctorDtor = c === 67 || c === 68;
      let part: string | undefined;
      if (c >= 48 && c <= 57) part = sourceName();
      else if (c === 67 /* C */ && !isType) {
        const k = s.charCodeAt(pos + 1);
        if (k < 49 || k > 51 || lastName === undefined) return undefined; // C1-C3
        pos += 2;
        part = lastName;
      } else if (c === 68 /* D */ && !isType) {
        const k = s.charCodeAt(pos + 1);
        if (k < 48 || k > 50 || lastName === undefined) return undefined; // D0-D2
        pos += 2;
        part = '~' + lastName;
      } else return undefined;
      if (part === undefined) return undefined;
      ret = ret === undefined ? part : ret + '::' + part;
      template = false;
    }
    if (s.charCodeAt(pos) === 69 /* E */) break;
    if (substable) addSub(ret, NAME);
  }
  if (!isType && template) {
    // A function template: its args are what T_ means, and it has a return type
    // unless it is a constructor or destructor.
    fnArgTexts = argTexts;
    fnArgKinds = argKinds;
    fnHasReturn = !ctorDtor;
  }
  pos++; // E
  // Set last: the nested names of template args in between reset it.
  methodConst = isConst;
  return ret;
}

/** The kind of the type type() returned last. */
let typeKind = NAME;
function type(depth: number): string | undefined {
  if (depth > 64 || pos >= end) return undefined;
  const c = s.charCodeAt(pos);
  if (c >= 97 && c <= 122) {
    const b = BUILTINS[c - 97]?.name;
    if (b === undefined) return undefined;
    pos++;
    typeKind = NAME;
    return b;
  }
  switch (c) {
    case 84 /* T */: {
      // A template parameter of the function template: its argument, a candidate again.
      if (fnArgTexts === undefined) return undefined;
      pos++;
      let idx = 0;
      if (s.charCodeAt(pos) !== 95) {
        const n = length();
        if (n < 0 || s.charCodeAt(pos) !== 95) return undefined;
        idx = n + 1;
      }
      pos++; // _
      if (idx >= fnArgTexts.length || s.charCodeAt(pos) === 73 /* I */) return undefined;
      const kind = fnArgKinds[idx]!;
      if (kind === LITERAL) return undefined;
      const t = fnArgTexts[idx]!;
      addSub(t, kind);
      typeKind = kind;
      return t;
    }
    case 68 /* D */: {
      const d = D_BUILTINS[s.charCodeAt(pos + 1)]?.name;
      if (d === undefined) return undefined;
      pos += 2;
      typeKind = NAME;
      return d;
    }
    case 75 /* K */: {
      pos++;
      // Only const: other qualifiers, repeats and function types print differently.
      const c2 = s.charCodeAt(pos);
      if (c2 === 75 || c2 === 86 || c2 === 114 || c2 === 70 || c2 === 68 /* K V r F D */) return undefined;
      const inner = type(depth + 1);
      // const on a const type is printed once; on a reference it is not valid.
      if (inner === undefined || typeKind === REF || typeKind === CONST) return undefined;
      const t = inner + ' const';
      addSub(t, CONST);
      typeKind = CONST;
      return t;
    }
    case 80 /* P */:
    case 82 /* R */:
    case 79 /* O */: {
      pos++;
      const c2 = s.charCodeAt(pos);
      if (c2 === 70 || c2 === 65 || c2 === 77 /* F A M */) return undefined;
      const inner = type(depth + 1);
      if (inner === undefined || typeKind === REF) return undefined;
      const t = inner + (c === 80 ? '*' : c === 82 ? '&' : '&&');
      typeKind = c === 80 ? POINTER : REF;
      addSub(t, typeKind);
      return t;
    }
    case 78 /* N */: {
      const t = nestedName(true, true);
      if (t === undefined) return undefined;
      addSub(t, NAME);
      typeKind = NAME;
      return t;
    }
    case 83 /* S */: {
      if (s.charCodeAt(pos + 1) === 116 /* t */) {
        pos += 2;
        const n = sourceName();
        if (n === undefined) return undefined;
        return templated('std::' + n, depth, true);
      }
      if (STD_SUBS[s.charCodeAt(pos + 1)] !== undefined) {
        const n = substitutionName();
        if (n === undefined) return undefined;
        typeKind = NAME;
        return s.charCodeAt(pos) === 73 /* I */ ? templated(n, depth, false) : n;
      }
      const id = substitutionIndex();
      if (id < 0) return undefined;
      if (s.charCodeAt(pos) === 73 /* I */) {
        if (subKind[id] !== NAME) return undefined;
        return templated(subs[id]!, depth, false);
      }
      typeKind = subKind[id]!;
      return subs[id]!;
    }
    default: {
      if (!(c >= 48 && c <= 57)) return undefined;
      const n = sourceName();
      if (n === undefined) return undefined;
      return templated(n, depth, true);
    }
  }
}

/**
 * A class type by name, with its template args if they follow: the name (unless
 * it came from a substitution) and then the whole are candidates, as in the parser.
 */
function templated(name: string, depth: number, nameIsNew: boolean): string | undefined {
  typeKind = NAME;
  if (s.charCodeAt(pos) !== 73 /* I */) {
    addSub(name, NAME);
    return name;
  }
  if (nameIsNew) addSub(name, NAME);
  const args = templateArgs(depth);
  if (args === undefined) return undefined;
  const t = name + args;
  addSub(t, NAME);
  typeKind = NAME;
  return t;
}

/**
 * The demangled text of `name` (which starts with `_Z`) when it is in the fast
 * path's subset, as the full demangler would print it (with parameters, no
 * return type: none of these names has one); undefined otherwise.
 */
export function demangleFast(name: string, returnTypes = false): string | undefined {
  s = name;
  end = name.length;
  pos = 2;
  subs.length = 0;
  subKind.length = 0;
  lastName = undefined;
  fnArgTexts = undefined;
  fnHasReturn = false;
  let fn: string | undefined;
  let isConst = false;
  const c = name.charCodeAt(2);
  if (c === 78 /* N */) {
    fn = nestedName(true, false);
    isConst = methodConst;
  } else if (c === 76 /* L */) {
    pos++;
    fn = sourceName();
    const n = s.charCodeAt(pos);
    if (n === 95 || n === 73) return undefined; // discriminator, template
  } else {
    if (c >= 48 && c <= 57) fn = sourceName();
    else if (c === 83 /* S */ && name.charCodeAt(3) === 116 /* t */) {
      pos += 2;
      const n = sourceName();
      fn = n === undefined ? undefined : 'std::' + n;
    } else return undefined;
    if (fn !== undefined && s.charCodeAt(pos) === 73 /* I */) {
      // An unscoped function template: the name is a candidate, then its args.
      addSub(fn, NAME);
      const args = templateArgs(0);
      if (args === undefined) return undefined;
      fn += args;
      fnArgTexts = argTexts;
      fnArgKinds = argKinds;
      fnHasReturn = true;
    }
  }
  if (fn === undefined) return undefined;
  if (pos >= end) return isConst ? undefined : fn;
  if (fnHasReturn) {
    // c++filt prints the return type first; mozilla's names leave it out.
    if (returnTypes) return undefined;
    if (type(0) === undefined) return undefined;
    if (pos >= end) return undefined;
  }
  // <bare-function-type>: one `v` alone is the empty list.
  let params: string;
  if (s.charCodeAt(pos) === 118 /* v */ && pos + 1 === end) {
    pos++;
    params = '';
  } else {
    params = '';
    while (pos < end) {
      if (s.charCodeAt(pos) === 118 /* v */) return undefined;
      const t = type(0);
      if (t === undefined) return undefined;
      params = params === '' ? t : params + ', ' + t;
    }
  }
  for (let i = 2; i < end; i++) if (name.charCodeAt(i) >= 0x80) return undefined;
  return isConst ? fn + '(' + params + ') const' : fn + '(' + params + ')';
}
