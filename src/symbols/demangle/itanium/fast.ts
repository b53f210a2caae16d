// A fast path for the most common shapes of mangled name: functions (or
// variables), function templates and their thunks, whose names are plain or
// nested source names, operators, internal (`L`) names and ABI tags, and whose
// parameters are builtin, class, `std::` and function types under const,
// pointers and references (with template argument packs and `Args&&...`
// expansions), e.g. `_ZN2v88internal4Heap7CollectENS0_15GarbageCollectorEPKc`.
// Most names of a big C++ binary have that shape. It builds the output as
// strings straight from the input, with the substitution candidates as
// strings, so it runs several times faster than the full parser + printer and,
// being small, gets optimised quickly: dump-syms demangles ~10^5 names per
// binary in a process that starts cold.
//
// It follows the full parser's rules (which follow libiberty's) for this subset
// exactly: the same substitution candidates in the same order, the same text. It
// returns undefined for anything outside the subset (conversion operators,
// array types, local names, special names other than thunks, other qualifiers,
// non-ASCII bytes, ...) and the full demangler takes the name; tests compare
// both paths with c++filt on a few hundred thousand names.

import { BP } from './ast.js';
import { BUILTINS, D_BUILTINS, INT_SUFFIX, OPS, STD_SUBS } from './tables.js';

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
// Function types print their modifiers inside parentheses before the
// parameters (`void (* const&)(int)`), so these keep where the next one goes.
const FUNC = 5; // a function type, `void (int)`
const FN_PTR = 6; // a pointer to one, `void (*)(int)`
const FN_CONST = 7; // a const pointer to one, `void (* const)(int)`
const FN_REF = 8; // a reference to one, `void (&)(int)`
const PACK = 9; // a template argument pack
const RREF = 10; // an rvalue reference (REF: an lvalue one)
const EXPANSION = 11; // a pack expansion or part of its pattern: not to be used again

/** Substitution candidates, as printed, and their kinds. */
const subs: string[] = [];
const subKind: number[] = [];
/** For function types, where in the text a modifier goes (see declarator()). */
const subSplit: number[] = [];
let lastName: string | undefined;

function addSub(text: string, kind: number, split = 0): void {
  subs.push(text);
  subKind.push(kind);
  subSplit.push(split);
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

/** The arguments of the template args read last (texts and kinds), for a function template's T_. */
let argTexts: string[] = [];
let argKinds: number[] = [];
let argSplits: number[] = [];
let argPacks: Array<Pack | undefined> = [];

interface Pack {
  texts: string[];
  kinds: number[];
}

/** I <template-arg>+ E, printed as libiberty does ("<a, b<c> >"); the last name is kept across it. */
function templateArgs(depth: number): string | undefined {
  pos++; // I
  const saved = lastName;
  const texts: string[] = [];
  const kinds: number[] = [];
  const splits: number[] = [];
  const packs: Array<Pack | undefined> = [];
  while (s.charCodeAt(pos) !== 69 /* E */) {
    const isPack = s.charCodeAt(pos) === 74; /* J */
    const t = isPack ? argPack(depth) : templateArg(depth);
    if (t === undefined) return undefined;
    texts.push(t);
    kinds.push(typeKind);
    splits.push(typeSplit);
    packs.push(isPack ? { texts: packTexts, kinds: packKinds } : undefined);
  }
  if (texts.length === 0) return undefined;
  pos++; // E
  lastName = saved;
  argTexts = texts;
  argKinds = kinds;
  argSplits = splits;
  argPacks = packs;
  const out = joinList(texts);
  return listGt ? '<' + out + ' >' : '<' + out + '>';
}

/** One <template-arg> in the subset: a type or a literal (expressions and nested packs are the full parser's). */
function templateArg(depth: number): string | undefined {
  const c = s.charCodeAt(pos);
  if (c === 76 /* L */) {
    const t = literal(depth);
    typeKind = LITERAL;
    return t;
  }
  if (c === 88 || c === 74 || c === 73 /* X J I */) return undefined;
  return type(depth + 1);
}

/** J <template-arg>* E: an argument pack, printed as its elements (nothing when it is empty). */
function argPack(depth: number): string | undefined {
  pos++; // J
  const texts: string[] = [];
  const kinds: number[] = [];
  while (s.charCodeAt(pos) !== 69 /* E */) {
    const t = templateArg(depth);
    if (t === undefined) return undefined;
    texts.push(t);
    kinds.push(typeKind);
  }
  pos++; // E
  typeKind = PACK;
  packTexts = texts;
  packKinds = kinds;
  return texts.join(', ');
}

/** The elements of the pack argPack() read last. */
let packTexts: string[] = [];
let packKinds: number[] = [];

/** Whether the list joinList() joined last ends, for the printer, in '>' (a closing '>' then takes a space). */
let listGt = false;

/**
 * Joins printed list elements as libiberty's list printing does: the ", "
 * before elements that print nothing (empty packs) is taken back, but the
 * printer still remembers its space, so `A<B<int>, J E>` prints `A<B<int>>`.
 */
function joinList(texts: string[]): string {
  let i = texts.length - 1;
  let out = texts[i]!;
  listGt = out.charCodeAt(out.length - 1) === 62 /* > */;
  while (--i >= 0) {
    if (out !== '') out = texts[i] + ', ' + out;
    else {
      out = texts[i]!;
      listGt = false;
    }
  }
  return out;
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
let fnArgSplits: number[] = [];
let fnArgPacks: Array<Pack | undefined> = [];
let fnHasReturn = false;

/** Whether the last nested name read had K (a const member function). */
let methodConst = false;

/** Whether the name unqualifiedName() read last is a constructor or destructor (without ABI tags). */
let partIsCtorDtor = false;

/**
 * <unqualified-name> in the subset: a source name, an operator, an internal
 * (`L`) name, or (not in types) a constructor or destructor, each with any ABI
 * tags. lastName changes only with a source name, as in the parser.
 */
function unqualifiedName(isType: boolean): string | undefined {
  const c = s.charCodeAt(pos);
  let part: string | undefined;
  partIsCtorDtor = false;
  if (c >= 48 && c <= 57) part = sourceName();
  else if (c >= 97 && c <= 122) part = operatorName();
  else if (c === 76 /* L */) {
    pos++;
    part = sourceName();
    if (s.charCodeAt(pos) === 95 /* _ */) return undefined; // a discriminator: the full parser's
  } else if (isType || lastName === undefined) return undefined;
  else if (c === 67 /* C */) {
    const k = s.charCodeAt(pos + 1);
    if (k < 49 || k > 51) return undefined; // C1-C3
    pos += 2;
    part = lastName;
    partIsCtorDtor = true;
  } else if (c === 68 /* D */) {
    const k = s.charCodeAt(pos + 1);
    if (k < 48 || k > 50) return undefined; // D0-D2
    pos += 2;
    part = '~' + lastName;
    partIsCtorDtor = true;
  } else return undefined;
  if (part === undefined || s.charCodeAt(pos) !== 66 /* B */) return part;
  // A tagged constructor is no longer one for the return-type rule (isCtorDtorConv).
  partIsCtorDtor = false;
  return abiTags(part);
}

/** B <source-name>, repeated: `name[abi:tag]`; the tags do not change lastName. */
function abiTags(name: string): string | undefined {
  const hold = lastName;
  let out = name;
  while (s.charCodeAt(pos) === 66 /* B */) {
    pos++;
    const tag = sourceName();
    if (tag === undefined) return undefined;
    out += '[abi:' + tag + ']';
  }
  lastName = hold;
  return out;
}

/** How the printer names each operator: `operator+`, `operator new`, `operator delete[]`. */
const OP_TEXT: ReadonlyArray<string | undefined> = OPS.map((op) => {
  if (op === undefined) return undefined;
  const c = op.name.charCodeAt(0);
  return 'operator' + (c >= 97 && c <= 122 ? ' ' : '') + op.name.trimEnd();
});

/** <operator-name> from the table; conversions (`cv`), literal (`li`) and vendor operators are the full parser's. */
function operatorName(): string | undefined {
  const c2 = s.charCodeAt(pos + 1);
  if (!(c2 < 128)) return undefined;
  const code = (s.charCodeAt(pos) << 7) | c2;
  const text = OP_TEXT[code];
  if (text === undefined || OPS[code]!.code === 'li') return undefined;
  pos += 2;
  return text;
}

/** A source name with any ABI tags (a type's name). */
function taggedSourceName(): string | undefined {
  const n = sourceName();
  return n === undefined || s.charCodeAt(pos) !== 66 /* B */ ? n : abiTags(n);
}

/** A template name and its args; `operator<` gets a space before them, as libiberty prints it. */
function withArgs(name: string, args: string): string {
  return name.charCodeAt(name.length - 1) === 60 /* < */ ? name + ' ' + args : name + args;
}

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
      ret = withArgs(ret, args);
      template = true;
    } else {
      const part = unqualifiedName(isType);
      if (part === undefined) return undefined;
      ctorDtor = partIsCtorDtor;
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
    fnArgSplits = argSplits;
    fnArgPacks = argPacks;
    fnHasReturn = !ctorDtor;
  }
  pos++; // E
  // Set last: the nested names of template args in between reset it.
  methodConst = isConst;
  return ret;
}

/** The kind of the type type() returned last, and for a function type where a modifier goes. */
let typeKind = NAME;
let typeSplit = 0;
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
      if (kind === LITERAL || kind === PACK) return undefined;
      const t = fnArgTexts[idx]!;
      typeKind = kind;
      typeSplit = fnArgSplits[idx]!;
      addSub(t, kind, typeSplit);
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
      if (c2 === 75 || c2 === 86 || c2 === 114 || c2 === 70 /* K V r F */) return undefined;
      if (c2 === 68 /* D */ && D_BUILTINS[s.charCodeAt(pos + 1)] === undefined) return undefined; // Dx, Do, ...
      const inner = type(depth + 1);
      // const on a const type is printed once; on a reference it is not valid;
      // on a function type it is odd (`void ( const)()`).
      if (inner === undefined || (typeKind !== NAME && typeKind !== POINTER && typeKind !== FN_PTR)) return undefined;
      const fn = typeKind === FN_PTR;
      const t = fn ? declarator(inner, ' const') : inner + ' const';
      typeKind = fn ? FN_CONST : CONST;
      addSub(t, typeKind, typeSplit);
      return t;
    }
    case 80 /* P */:
    case 82 /* R */:
    case 79 /* O */: {
      pos++;
      const c2 = s.charCodeAt(pos);
      if (c2 === 65 || c2 === 77 /* A M */) return undefined;
      const inner = type(depth + 1);
      if (inner === undefined || typeKind === REF || typeKind === RREF || typeKind >= FN_REF) return undefined;
      const mod = c === 80 ? '*' : c === 82 ? '&' : '&&';
      const fn = typeKind >= FUNC;
      const t = fn ? declarator(inner, mod) : inner + mod;
      typeKind = c === 80 ? (fn ? FN_PTR : POINTER) : fn ? FN_REF : c === 82 ? REF : RREF;
      addSub(t, typeKind, typeSplit);
      return t;
    }
    case 70 /* F */:
      return functionType(depth);
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
        const n = taggedSourceName();
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
      if (typeKind === EXPANSION) return undefined;
      typeSplit = subSplit[id]!;
      return subs[id]!;
    }
    default: {
      if (!(c >= 48 && c <= 57)) return undefined;
      const n = taggedSourceName();
      if (n === undefined) return undefined;
      return templated(n, depth, true);
    }
  }
}

/**
 * F [Y] <return type> <parameter types> E. The return type must be a plain
 * one: a function type there would print around the declarator.
 */
function functionType(depth: number): string | undefined {
  pos++; // F
  if (s.charCodeAt(pos) === 89 /* Y */) pos++; // extern "C": not printed
  const ret = type(depth + 1);
  if (ret === undefined || typeKind >= FUNC) return undefined;
  const params = parameters(depth + 1, 69 /* E */);
  if (params === undefined || s.charCodeAt(pos) !== 69 /* E */) return undefined;
  pos++;
  const t = ret + ' (' + params + ')';
  typeKind = FUNC;
  typeSplit = ret.length + 1;
  addSub(t, FUNC, typeSplit);
  return t;
}

/**
 * A modifier (`*`, `&`, ` const`) on the function type type() returned last:
 * it goes in the declarator's parentheses, `void (*)(int)`, `void (* const)(int)`.
 * Sets typeSplit after it.
 */
function declarator(text: string, mod: string): string {
  const at = typeSplit;
  if (typeKind === FUNC) {
    typeSplit = at + 1 + mod.length;
    return text.slice(0, at) + '(' + mod + ')' + text.slice(at);
  }
  typeSplit = at + mod.length;
  return text.slice(0, at) + mod + text.slice(at);
}

/**
 * <parameter types> up to `stop` (the end of the name, or `E`): one `v` alone
 * is the empty list; `v` among others is the full parser's. At least one type.
 */
function parameters(depth: number, stop: number): string | undefined {
  if (s.charCodeAt(pos) === 118 /* v */ && (stop === 69 ? s.charCodeAt(pos + 1) === 69 : pos + 1 === end)) {
    pos++;
    return '';
  }
  const params: string[] = [];
  do {
    const c = s.charCodeAt(pos);
    if (c === 118 /* v */) return undefined;
    const t = c === 68 /* D */ && s.charCodeAt(pos + 1) === 112 /* p */ ? packExpansion() : type(depth);
    if (t === undefined) return undefined;
    params.push(t);
  } while (pos < end && s.charCodeAt(pos) !== stop);
  return joinList(params);
}

/**
 * Dp [R|O|P] [K] T<n>_ naming a pack of the function template (the common
 * `Args&&...`): its elements under the modifiers, with libiberty's reference
 * collapsing (`int&` under `&&` stays `int&`). Its candidates print in the
 * context of the expansion, so they are marked unusable.
 */
function packExpansion(): string | undefined {
  pos += 2; // Dp
  const mod = s.charCodeAt(pos);
  const hasMod = mod === 82 || mod === 79 || mod === 80; /* R O P */
  if (hasMod) pos++;
  const isConst = s.charCodeAt(pos) === 75; /* K */
  if (isConst) pos++;
  if (s.charCodeAt(pos) !== 84 /* T */ || fnArgTexts === undefined) return undefined;
  pos++;
  let idx = 0;
  if (s.charCodeAt(pos) !== 95) {
    const n = length();
    if (n < 0 || s.charCodeAt(pos) !== 95) return undefined;
    idx = n + 1;
  }
  pos++; // _
  const pack = idx < fnArgPacks.length ? fnArgPacks[idx] : undefined;
  if (pack === undefined || s.charCodeAt(pos) === 73 /* I */) return undefined;
  const texts: string[] = [];
  for (let i = 0; i < pack.texts.length; i++) {
    let t = pack.texts[i]!;
    let kind = pack.kinds[i]!;
    if (kind !== NAME && kind !== POINTER && kind !== CONST && kind !== REF && kind !== RREF) return undefined;
    if (isConst) {
      if (kind !== NAME && kind !== POINTER) return undefined;
      t += ' const';
      kind = CONST;
    }
    if (mod === 80 /* P */) {
      if (kind === REF || kind === RREF) return undefined;
      t += '*';
    } else if (hasMod) {
      // & on a reference is that reference, or & on its referent; && adds nothing.
      if (kind === RREF && mod === 82) t = t.slice(0, -2) + '&';
      else if (kind !== REF && kind !== RREF) t += mod === 82 ? '&' : '&&';
    }
    texts.push(t);
  }
  // The candidates: T_, K T_, the modified type, the expansion.
  const n = 2 + (isConst ? 1 : 0) + (hasMod ? 1 : 0);
  for (let i = 0; i < n; i++) addSub('', EXPANSION);
  typeKind = EXPANSION;
  return texts.join(', ');
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
  const t = withArgs(name, args);
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
  subSplit.length = 0;
  lastName = undefined;
  fnArgTexts = undefined;
  fnHasReturn = false;
  let thunk = '';
  if (name.charCodeAt(2) === 84 /* T */) {
    thunk = thunkPrefix();
    if (thunk === '') return undefined;
  }
  const text = encoding(returnTypes);
  if (text === undefined) return undefined;
  for (let i = 2; i < end; i++) if (name.charCodeAt(i) >= 0x80) return undefined;
  return thunk === '' ? text : thunk + text;
}

/**
 * _ZT{h,v,c} <call-offset>... (thunks to the encoding that follows): the
 * printed prefix, or '' when the name is not one (other special names are the
 * full parser's).
 */
function thunkPrefix(): string {
  const kind = s.charCodeAt(3);
  pos = 4;
  if (kind === 104 /* h */) return callOffset(kind) ? 'non-virtual thunk to ' : '';
  if (kind === 118 /* v */) return callOffset(kind) ? 'virtual thunk to ' : '';
  if (kind === 99 /* c */) return callOffset(s.charCodeAt(pos++)) && callOffset(s.charCodeAt(pos++)) ? 'covariant return thunk to ' : '';
  return '';
}

/** The rest of <call-offset> after its `h` or `v`: <number> _ or <number> _ <number> _. */
function callOffset(kind: number): boolean {
  if (kind === 104 /* h */) return offsetNumber();
  return kind === 118 /* v */ && offsetNumber() && offsetNumber();
}

/** [n] <digits> _, as the parser reads it (the value is unused); short, so it cannot overflow. */
function offsetNumber(): boolean {
  if (s.charCodeAt(pos) === 110 /* n */) pos++;
  const start = pos;
  while (s.charCodeAt(pos) >= 48 && s.charCodeAt(pos) <= 57) pos++;
  if (pos - start > 9 || s.charCodeAt(pos) !== 95 /* _ */) return false;
  pos++;
  return true;
}

/** <encoding> without special names: the function or variable name and its parameters. */
function encoding(returnTypes: boolean): string | undefined {
  let fn: string | undefined;
  let isConst = false;
  const c = s.charCodeAt(pos);
  if (c === 78 /* N */) {
    fn = nestedName(true, false);
    isConst = methodConst;
  } else {
    // <unscoped-name>: [St] <unqualified-name>, a function template if args follow.
    let std = false;
    if (c === 83 /* S */) {
      if (s.charCodeAt(pos + 1) !== 116 /* t */) return undefined;
      pos += 2;
      std = true;
    }
    fn = unqualifiedName(false);
    if (fn !== undefined && std) fn = 'std::' + fn;
    if (fn !== undefined && s.charCodeAt(pos) === 73 /* I */) {
      // An unscoped function template: the name is a candidate, then its args.
      addSub(fn, NAME);
      const args = templateArgs(0);
      if (args === undefined) return undefined;
      fn = withArgs(fn, args);
      fnArgTexts = argTexts;
      fnArgKinds = argKinds;
    fnArgSplits = argSplits;
    fnArgPacks = argPacks;
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
  const params = parameters(0, -1);
  if (params === undefined) return undefined;
  return isConst ? fn + '(' + params + ') const' : fn + '(' + params + ')';
}
