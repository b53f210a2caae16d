// A fast path for the common shapes of mangled name: functions (function
// templates included) and variables whose names are plain, nested, `std::`,
// internal-linkage (L) or local (Z…E) names, with constructors, destructors,
// operators and lambdas; vtables, VTTs, typeinfo, thunks and guard variables;
// parameters and template arguments that are builtin, class and template types
// under const, pointers and references, function types and pointers to them,
// integral/bool/enum literals, and packs of one argument. 92% of node's C++ names
// (72k of 79k) have such a shape, e.g.
// `_ZN2v88internal4Heap7CollectENS0_15GarbageCollectorEPKc`.
//
// It works on bytes: it reads the name's bytes and writes the demangled text as
// bytes into one reused buffer, left to right (every type of the subset prints in
// the order it is mangled), and keeps each substitution candidate as a range of
// that buffer. So a name costs no string and no object, which matters when a
// batch of 10^5 names goes through a worker that starts cold: demangleFastBytes()
// is what the batch demangler (core.ts) calls; demangleFast() is the same for a
// string.
//
// It follows the full parser's rules (which follow libiberty's) for this subset
// exactly: the same substitution candidates in the same order, the same text. A
// function template's return type is read and left out, so with returnTypes
// (c++filt style) those names go to the full parser. It fails (-1, undefined) for
// anything outside the subset (conversion operators, array and member pointer
// types, bigger packs, ABI tags, expressions, generic lambdas, other qualifiers,
// non-ASCII bytes, deep nesting, ...) and the full demangler takes the name.
// Tests compare both paths on every real name the fast path takes and on mutated
// ones; the full path is checked against c++filt. A few shapes need more than
// left-to-right text: a function type's own text under a pointer goes to a side
// buffer, and a function template's return type is cut at the end.

import { BP } from './ast.js';
import { MAX_OUTPUT } from './print-state.js';
import { BUILTINS, D_BUILTINS, INT_SUFFIX, OPS, STD_SUBS } from './tables.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const ANON_NS = ascii('(anonymous namespace)');
const STD = ascii('std');
const STD_COLONS = ascii('std::');
const COMMA = ascii(', ');
const CONST = ascii(' const');
const TRUE = ascii('true');
const STRING_LITERAL = ascii('string literal');
const GUARD = ascii('guard variable for ');
const VTABLE = ascii('vtable for ');
const VTT = ascii('VTT for ');
const TYPEINFO = ascii('typeinfo for ');
const TYPEINFO_NAME = ascii('typeinfo name for ');
const THUNK = ascii('non-virtual thunk to ');
const VIRTUAL_THUNK = ascii('virtual thunk to ');
const FALSE = ascii('false');
// The tables' texts as bytes.
const BUILTIN_TEXT = BUILTINS.map((b) => (b ? ascii(b.name) : undefined));
const D_BUILTIN_TEXT = D_BUILTINS.map((b) => (b ? ascii(b.name) : undefined));
const STD_SUB_TEXT = STD_SUBS.map((x) => (x ? ascii(x.text) : undefined));
const STD_SUB_LAST = STD_SUBS.map((x) => (x?.lastName ? ascii(x.lastName) : undefined));
/** Operator names as printed ("operator+", "operator new"), by (c1 << 7) | c2 of their code. */
const OP_TEXT = OPS.map((o) => {
  if (o === undefined || o.code === 'li') return undefined; // operator"": the full parser's
  const lower = o.name.charCodeAt(0) >= 97 && o.name.charCodeAt(0) <= 122;
  return ascii('operator' + (lower ? ' ' : '') + (o.name.endsWith(' ') ? o.name.slice(0, -1) : o.name));
});
const SUFFIX_TEXT: (Uint8Array | undefined)[] = [];
for (const [print, text] of Object.entries(INT_SUFFIX)) SUFFIX_TEXT[Number(print)] = ascii(text);

// Parse state for one name (one demangling runs at a time): s[pos..end) is left.
/**
 * Types and encodings open now. Every recursion (template args, function types,
 * local names, thunks, lambdas) goes through one of them, so this one bound keeps
 * hostile nesting from exhausting the stack: deeper names go to the full parser.
 */
let depth = 0;
const MAX_DEPTH = 64;
let s: Uint8Array = new Uint8Array(0);
let pos = 0;
let end = 0;
/** The output so far: out[0..op). */
// A plain Uint8Array, like the names it reads: one map for every byte access.
let out = new Uint8Array(1024);
let op = 0;

// What a candidate is, as far as the subset's rules care.
const NAME = 0; // a class or namespace name (template instances included)
const CONSTQ = 1; // a const-qualified type
const POINTER = 2;
const REF = 3; // an lvalue or rvalue reference
const LITERAL = 4; // a template argument that is a value
const PACK_EXPANSION = 5; // Dp <type>
const FUNCTION = 6; // F…E: "ret (params)"
const FUNCTION_REF = 7; // a pointer or reference to one: "ret (*)(params)"
// Template arguments only: a pack (J…E) of one argument is that argument's kind + PACK1
// (T_ prints it, as the printer prints a pack's first element outside an
// expansion); a pack of more than one is PACKN, which T_ leaves to the full parser.
const PACK1 = 8;
const PACKN = 16;

/** Substitution candidates: out[subStart[i) .. subEnd[i]), and their kinds. */
const subStart: number[] = [];
const subEnd: number[] = [];
const subKind: number[] = [];
let subCount = 0;

/** The name a constructor or destructor is named after: src[lastStart..lastEnd), null for none yet. */
let lastSrc: Uint8Array | null = null;
let lastStart = 0;
let lastEnd = 0;

function addSub(start: number, kind: number): void {
  addSubRange(start, op, kind);
}

function addSubRange(start: number, end: number, kind: number): void {
  subStart[subCount] = start;
  subEnd[subCount] = end;
  subKind[subCount] = kind;
  subCount++;
}

/** Whether a modifier (const, pointer, reference) may apply to a type of this kind. */
const modifiable = (kind: number): boolean => kind !== REF && kind !== PACK_EXPANSION && kind !== FUNCTION && kind !== FUNCTION_REF;

function room(n: number): void {
  if (op + n <= out.length) return;
  const bigger = new Uint8Array(Math.max(out.length * 2, op + n));
  bigger.set(out.subarray(0, op));
  out = bigger;
}

function put(c: number): void {
  room(1);
  out[op++] = c;
}

function putBytes(src: Uint8Array, from: number, to: number): void {
  room(to - from);
  const o = out;
  let at = op;
  for (let i = from; i < to; i++) o[at++] = src[i]!;
  op = at;
}

function putText(t: Uint8Array): void {
  putBytes(t, 0, t.length);
}

/** Writes candidate i again, from the output or the side buffer. */
function putSub(i: number): void {
  const from = subStart[i]!;
  const to = subEnd[i]!;
  if (from < 0) putBytes(side, -1 - from, -1 - to);
  else putBytes(out, from, to);
}

/** The byte at i, 0 past the end (no byte of a mangled name is 0). */
function at(i: number): number {
  return i < end ? s[i]! : 0;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** <number> of a source name's length; -1 when there is none. */
function length(): number {
  let c = at(pos);
  if (!isDigit(c)) return -1;
  let v = 0;
  do {
    v = v * 10 + (c - 48);
    if (v > end) return -1;
    c = at(++pos);
  } while (isDigit(c));
  return v;
}

/** `_GLOBAL_[._$]N` at s[i..]: an anonymous namespace's source name of `len` bytes. */
function anonymous(i: number, len: number): boolean {
  if (len < 10) return false;
  // _GLOBAL_
  if (s[i] !== 95 || s[i + 1] !== 71 || s[i + 2] !== 76 || s[i + 3] !== 79 || s[i + 4] !== 66 || s[i + 5] !== 65 || s[i + 6] !== 76 || s[i + 7] !== 95) return false;
  const c = s[i + 8];
  return (c === 46 || c === 95 || c === 36) && s[i + 9] === 78;
}

/** <source-name>, written out; sets the last name as the parser does. */
function sourceName(): boolean {
  const len = length();
  if (len <= 0 || end - pos < len) return false;
  const start = pos;
  pos += len;
  if (anonymous(start, len)) {
    putText(ANON_NS);
    lastSrc = ANON_NS;
    lastStart = 0;
    lastEnd = ANON_NS.length;
  } else {
    putBytes(s, start, pos);
    lastSrc = s;
    lastStart = start;
    lastEnd = pos;
  }
  return true;
}

const LAMBDA = ascii('{lambda(');
const LAMBDA_END = ascii(')#');

/**
 * Ul <type>+ E [<number>] _: "{lambda(params)#n}". Template heads and template
 * parameters in the parameters (generic lambdas) are the full parser's.
 */
function lambda(): boolean {
  pos += 2; // Ul
  if (at(pos) === 84 /* T */) return false;
  putText(LAMBDA);
  const savedBase = fnBase;
  fnBase = -1;
  // At least one parameter type (`v` for none), as the parser's parmlist requires.
  let ok = at(pos) !== 69;
  if (ok && at(pos) === 118 /* v */ && at(pos + 1) === 69) pos++;
  else {
    let first = true;
    while (ok && at(pos) !== 69 /* E */) {
      if (at(pos) === 0) ok = false;
      else {
        if (!first) putText(COMMA);
        ok = type() && typeKind !== PACK_EXPANSION;
        first = false;
      }
    }
  }
  fnBase = savedBase;
  if (!ok) return false;
  pos++; // E
  // <compact number>: _ is 0, <n>_ is n + 1; the lambda prints as #(that + 1).
  let num = 0;
  if (at(pos) !== 95) {
    if (at(pos) === 110 /* n */) return false;
    const n = number();
    if (Number.isNaN(n) || n < 0) return false;
    num = n + 1;
  }
  if (at(pos) !== 95) return false;
  pos++;
  putText(LAMBDA_END);
  putDecimal(num + 1);
  put(125); // }
  return true;
}

function putDecimal(n: number): void {
  const t = String(n);
  for (let i = 0; i < t.length; i++) put(t.charCodeAt(i));
}

/** An operator name (two lowercase letters), written out; conversions, literal and vendor operators are the full parser's. */
function operatorName(): boolean {
  const c1 = at(pos);
  const c2 = at(pos + 1);
  const t = c1 < 128 && c2 < 128 ? OP_TEXT[(c1 << 7) | c2] : undefined;
  if (t === undefined) return false;
  pos += 2;
  putText(t);
  return true;
}

/** S_ / S<seq-id>_ (not the standard abbreviations, except St handled by callers): candidate index or -1. */
function substitutionIndex(): number {
  // at 'S'
  let c = at(++pos);
  if (c === 95) {
    pos++;
    return subCount > 0 ? 0 : -1;
  }
  let id = 0;
  for (;;) {
    if (c >= 48 && c <= 57) id = id * 36 + c - 48;
    else if (c >= 65 && c <= 90) id = id * 36 + c - 55;
    else if (c === 95) break;
    else return -1;
    if (id > 0xffff) return -1;
    c = at(++pos);
  }
  pos++;
  id++;
  return id < subCount ? id : -1;
}

// Template arguments: (start, end, kind) triples on a stack. The args read last
// are args[argBase .. argBase + 3 * argCount); a function template's, which T_
// refers to, are fnBase/fnCount (-1: not a template). Frames of args nested in
// an argument are dropped once it is read.
let args = new Int32Array(96);
let argTop = 0;
let argBase = 0;
let argCount = 0;
let fnBase = -1;
let fnCount = 0;
let fnHasReturn = false;

function pushArg(start: number, kind: number): void {
  if (argTop + 3 > args.length) {
    const bigger = new Int32Array(args.length * 2);
    bigger.set(args);
    args = bigger;
  }
  args[argTop++] = start;
  args[argTop++] = op;
  args[argTop++] = kind;
}

/** I <arg>+ E, written as libiberty prints it ("<a, b<c> >"); the last name is kept across it. */
function templateArgs(): boolean {
  pos++; // I
  const savedSrc = lastSrc;
  const savedStart = lastStart;
  const savedEnd = lastEnd;
  const base = argTop;
  let count = 0;
  // `operator<` and `operator<<` before their args: "operator< <int>".
  if (op > 0 && out[op - 1] === 60) put(32);
  put(60); // <
  for (;;) {
    const c = at(pos);
    if (c === 69 /* E */) break;
    if (count > 0) putText(COMMA);
    const start = op;
    let kind: number;
    if (c === 76 /* L */) {
      if (!literal()) return false;
      kind = LITERAL;
    } else if (c === 74 /* J */) {
      kind = argumentPack();
      if (kind < 0) return false;
    } else if (c === 88) {
      return false; // expressions: the full parser's job
    } else {
      if (!type()) return false;
      kind = typeKind;
    }
    argTop = base + 3 * count;
    pushArg(start, kind);
    count++;
  }
  if (count === 0) return false;
  pos++; // E
  lastSrc = savedSrc;
  lastStart = savedStart;
  lastEnd = savedEnd;
  argBase = base;
  argCount = count;
  if (out[op - 1] === 62 /* > */) put(32);
  put(62);
  return true;
}

/**
 * J <arg>+ E inside template args: its arguments are printed in the enclosing
 * list (it is one argument to T_). Returns its kind, or -1. An empty pack (whose
 * comma the printer takes back) and nested lists are the full parser's.
 */
function argumentPack(): number {
  pos++; // J
  let n = 0;
  let kind = NAME;
  while (at(pos) !== 69 /* E */) {
    if (n > 0) putText(COMMA);
    const c = at(pos);
    if (c === 76 /* L */) {
      if (!literal()) return -1;
      kind = LITERAL;
    } else if (c === 88 || c === 74 || c === 73 || c === 0) return -1;
    else {
      if (!type()) return -1;
      kind = typeKind;
    }
    n++;
  }
  if (n === 0) return -1;
  pos++; // E
  return n === 1 ? kind + PACK1 : PACKN;
}

/** Set when a T_ names a pack: a Dp pattern must contain one. */
let sawPack = false;

/** L <type> [n] <digits> E: an integral or enum value (others are the full parser's). */
function literal(): boolean {
  pos++; // L
  const c = at(pos);
  let typeText: Uint8Array | undefined;
  let suffix: Uint8Array | undefined;
  let bool = false;
  if (c >= 97 && c <= 122) {
    const bi = BUILTINS[c - 97];
    // Floating point (bracketed), void, ellipsis: the full parser's.
    if (bi === undefined || bi.print === BP.Float || bi.print === BP.Void || c === 122) return false;
    typeText = BUILTIN_TEXT[c - 97];
    suffix = SUFFIX_TEXT[bi.print];
    bool = bi.print === BP.Bool;
    pos++;
  } else if (c === 78 /* N */ || c === 83 /* S */ || isDigit(c)) {
    // An enum (or class) type: a candidate like any type, printed as a cast.
    put(40);
    if (!type() || typeKind !== NAME) return false;
    put(41);
  } else return false;
  const neg = at(pos) === 110; /* n */
  if (neg) pos++;
  const start = pos;
  while (isDigit(at(pos))) pos++;
  if (pos === start || at(pos) !== 69 /* E */) return false;
  const digitsEnd = pos;
  pos++; // E
  if (suffix !== undefined) {
    if (neg) put(45);
    putBytes(s, start, digitsEnd);
    putText(suffix);
    return true;
  }
  if (bool && !neg && digitsEnd === start + 1 && (at(start) === 48 || at(start) === 49)) {
    putText(at(start) === 49 ? TRUE : FALSE);
    return true;
  }
  if (typeText !== undefined) {
    put(40);
    putText(typeText);
    put(41);
  }
  if (neg) put(45);
  putBytes(s, start, digitsEnd);
  return true;
}

/**
 * At 'S': `St` ("std"), a standard abbreviation, or a candidate that names a
 * class or namespace, written out; false for anything else. None becomes a candidate here.
 */
function substitutionName(): boolean {
  const c = at(pos + 1);
  if (c === 116 /* t */) {
    pos += 2;
    putText(STD);
    return true;
  }
  const abbrev = c < 128 ? STD_SUB_TEXT[c] : undefined;
  if (abbrev !== undefined) {
    pos += 2;
    // ABI tags on an abbreviation make it a candidate: the full parser's job.
    if (at(pos) === 66 /* B */) return false;
    lastSrc = STD_SUB_LAST[c]!;
    lastStart = 0;
    lastEnd = lastSrc.length;
    putText(abbrev);
    return true;
  }
  const id = substitutionIndex();
  if (id < 0 || subKind[id] !== NAME) return false;
  putSub(id);
  return true;
}

/** Whether the last nested name read had K (a const member function). */
let methodConst = false;

/** N [K] <prefix> E in the subset, written out as the qualified name. Sets `methodConst`. */
function nestedName(substable: boolean, isType: boolean): boolean {
  pos++; // N
  let isConst = false;
  if (at(pos) === 75 /* K */) {
    if (isType) return false;
    isConst = true;
    pos++;
  }
  const start = op;
  let some = false;
  let template = false;
  let ctorDtor = false;
  // The parser's prefix loop: a substitution only starts a name and is not a
  // candidate again; every prefix but the whole name is a candidate.
  for (;;) {
    const c = at(pos);
    if (c === 83 /* S */) {
      if (some || !substitutionName()) return false;
      some = true;
      continue;
    }
    if (c === 73 /* I */) {
      if (!some || !templateArgs()) return false;
      template = true;
    } else {
      ctorDtor = c === 67 || c === 68;
      if (some) {
        put(58);
        put(58);
      }
      if (isDigit(c)) {
        if (!sourceName()) return false;
      } else if (c >= 97 && c <= 122 && !isType) {
        if (!operatorName()) return false;
      } else if (c === 85 /* U */ && at(pos + 1) === 108 /* l */) {
        if (!lambda()) return false;
      } else if (c === 76 /* L */) {
        // Internal linkage: printed like the plain name.
        pos++;
        if (!sourceName() || !discriminator()) return false;
      } else if (c === 67 /* C */ && !isType) {
        const k = at(pos + 1);
        if (k < 49 || k > 53 || lastSrc === null) return false; // C1-C5 (inheriting CI…: the full parser's)
        pos += 2;
        putBytes(lastSrc, lastStart, lastEnd);
      } else if (c === 68 /* D */ && !isType) {
        const k = at(pos + 1);
        if (!(k === 48 || k === 49 || k === 50 || k === 52 || k === 53) || lastSrc === null) return false; // D0-D2, D4, D5
        pos += 2;
        put(126); // ~
        putBytes(lastSrc, lastStart, lastEnd);
      } else return false;
      some = true;
      template = false;
    }
    if (at(pos) === 69 /* E */) break;
    if (substable) addSub(start, NAME);
  }
  if (!isType && template) {
    // A function template: its args are what T_ means, and it has a return type
    // unless it is a constructor or destructor.
    fnBase = argBase;
    fnCount = argCount;
    fnHasReturn = !ctorDtor;
  }
  pos++; // E
  // Set last: the nested names of template args in between reset it.
  methodConst = isConst;
  return true;
}

/** The kind of the type type() read last. */
let typeKind = NAME;

/** A type of the subset, written out. */
function type(): boolean {
  if (depth >= MAX_DEPTH || pos >= end) return false;
  depth++;
  const ok = typeInner();
  depth--;
  return ok;
}

function typeInner(): boolean {
  const start = op;
  const c = at(pos);
  if (c >= 97 && c <= 122) {
    const b = BUILTIN_TEXT[c - 97];
    if (b === undefined) return false;
    pos++;
    putText(b);
    typeKind = NAME;
    return true;
  }
  switch (c) {
    case 84 /* T */: {
      // A template parameter of the function template: its argument, a candidate again.
      if (fnBase < 0) return false;
      pos++;
      let idx = 0;
      if (at(pos) !== 95) {
        const n = length();
        if (n < 0 || at(pos) !== 95) return false;
        idx = n + 1;
      }
      pos++; // _
      if (idx >= fnCount || at(pos) === 73 /* I */) return false;
      const arg = fnBase + 3 * idx;
      let kind = args[arg + 2]!;
      if (kind === PACKN) return false;
      if (kind >= PACK1) {
        kind -= PACK1;
        sawPack = true;
      }
      if (kind === LITERAL) return false;
      putBytes(out, args[arg]!, args[arg + 1]!);
      addSub(start, kind);
      typeKind = kind;
      return true;
    }
    case 68 /* D */: {
      const d = at(pos + 1);
      if (d === 112 /* p */) {
        // A pack expansion over a pack of one argument: the pattern, printed once.
        pos += 2;
        const outer = sawPack;
        sawPack = false;
        if (!type() || !sawPack || typeKind === PACK_EXPANSION) return false;
        sawPack = outer;
        addSub(start, PACK_EXPANSION);
        typeKind = PACK_EXPANSION;
        return true;
      }
      const t = d < 128 ? D_BUILTIN_TEXT[d] : undefined;
      if (t === undefined) return false;
      pos += 2;
      putText(t);
      typeKind = NAME;
      return true;
    }
    case 75 /* K */: {
      pos++;
      // Only const: other qualifiers, repeats and function types print differently.
      const c2 = at(pos);
      if (c2 === 75 || c2 === 86 || c2 === 114 || c2 === 70 || c2 === 68 /* K V r F D */) return false;
      // const on a const type is printed once; on a reference it is not valid.
      if (!type() || typeKind === CONSTQ || !modifiable(typeKind)) return false;
      putText(CONST);
      addSub(start, CONSTQ);
      typeKind = CONSTQ;
      return true;
    }
    case 80 /* P */:
    case 82 /* R */:
    case 79 /* O */: {
      pos++;
      const c2 = at(pos);
      if (c2 === 70 /* F */) return functionType(start, c);
      if (c2 === 65 || c2 === 77 /* A M */) return false;
      if (!type() || !modifiable(typeKind)) return false;
      if (c === 80) put(42);
      else {
        put(38);
        if (c === 79) put(38);
      }
      typeKind = c === 80 ? POINTER : REF;
      addSub(start, typeKind);
      return true;
    }
    case 70 /* F */:
      return functionType(start, 0);
    case 78 /* N */: {
      if (!nestedName(true, true)) return false;
      addSub(start, NAME);
      typeKind = NAME;
      return true;
    }
    case 83 /* S */: {
      const c2 = at(pos + 1);
      if (c2 === 116 /* t */) {
        pos += 2;
        putText(STD_COLONS);
        if (!sourceName()) return false;
        return templated(start, true);
      }
      if (c2 < 128 && STD_SUB_TEXT[c2] !== undefined) {
        if (!substitutionName()) return false;
        typeKind = NAME;
        return at(pos) === 73 /* I */ ? templated(start, false) : true;
      }
      const id = substitutionIndex();
      if (id < 0) return false;
      if (at(pos) === 73 /* I */) {
        if (subKind[id] !== NAME) return false;
        putSub(id);
        return templated(start, false);
      }
      typeKind = subKind[id]!;
      // Printed again, an expansion expands again: the full parser's.
      if (typeKind === PACK_EXPANSION) return false;
      putSub(id);
      return true;
    }
    default: {
      if (!isDigit(c) || !sourceName()) return false;
      return templated(start, true);
    }
  }
}

/**
 * F <return type> <params> E at out[start..], plain ("void (int)") or under a
 * pointer or reference `mod` (P, R, O: "void (*)(int)"). The function type is a
 * candidate before the pointer; under a modifier its own text is written after
 * and cut at the end. `extern "C"`, ref-qualifiers and modified function
 * returns are the full parser's.
 */
function functionType(start: number, mod: number): boolean {
  pos++; // F
  if (at(pos) === 89 /* Y */) return false;
  const retStart = op;
  if (!type() || typeKind === FUNCTION || typeKind === FUNCTION_REF || typeKind === PACK_EXPANSION) return false;
  const retEnd = op;
  put(32);
  put(40);
  if (mod !== 0) {
    if (mod === 80) put(42);
    else {
      put(38);
      if (mod === 79) put(38);
    }
    put(41);
    put(40);
  }
  const paramsStart = op;
  // At least one parameter type (`v` for none), as the parser's parmlist requires.
  if (at(pos) === 69 /* E */) return false;
  if (at(pos) === 118 /* v */ && at(pos + 1) === 69) pos++;
  else {
    let first = true;
    while (at(pos) !== 69 /* E */) {
      if (at(pos) === 0 || at(pos) === 118) return false;
      if (!first) putText(COMMA);
      if (!type() || typeKind === PACK_EXPANSION) return false;
      first = false;
    }
  }
  const paramsEnd = op;
  pos++; // E
  put(41);
  if (mod === 0) {
    addSub(start, FUNCTION);
    typeKind = FUNCTION;
    return true;
  }
  // The function type alone ("ret (params)") is a candidate too, before the
  // pointer: its text goes to the side buffer (a candidate range there is negative).
  const fnStart = sp;
  toSide(out, retStart, retEnd);
  toSide(SPACE_PAREN, 0, 2);
  toSide(out, paramsStart, paramsEnd);
  toSide(CLOSE_PAREN, 0, 1);
  addSubRange(-1 - fnStart, -1 - sp, FUNCTION);
  addSub(start, FUNCTION_REF);
  typeKind = FUNCTION_REF;
  return true;
}

/** Text of candidates that are not in the output (see functionType). */
let side = new Uint8Array(256);
let sp = 0;
const SPACE_PAREN = ascii(' (');
const CLOSE_PAREN = ascii(')');

function toSide(src: Uint8Array, from: number, to: number): void {
  const n = to - from;
  if (sp + n > side.length) {
    const bigger = new Uint8Array(Math.max(side.length * 2, sp + n));
    bigger.set(side.subarray(0, sp));
    side = bigger;
  }
  for (let i = from; i < to; i++) side[sp++] = src[i]!;
}

/** Marks out[a..b) to be cut at the end; cuts inside it are dropped (they go with it). */
function addCut(a: number, b: number): void {
  let k = 0;
  for (let i = 0; i < cutCount; i++) {
    const ca = cuts[2 * i]!;
    const cb = cuts[2 * i + 1]!;
    if (ca >= a && cb <= b) continue;
    cuts[2 * k] = ca;
    cuts[2 * k + 1] = cb;
    k++;
  }
  cuts[2 * k] = a;
  cuts[2 * k + 1] = b;
  cutCount = k + 1;
}

/**
 * A class type by name (out[start..op)), with its template args if they follow:
 * the name (unless it came from a substitution) and then the whole are
 * candidates, as in the parser.
 */
function templated(start: number, nameIsNew: boolean): boolean {
  typeKind = NAME;
  if (at(pos) !== 73 /* I */) {
    addSub(start, NAME);
    return true;
  }
  if (nameIsNew) addSub(start, NAME);
  if (!templateArgs()) return false;
  addSub(start, NAME);
  typeKind = NAME;
  return true;
}

/** The parser's number(): [n] <digits>; NaN on int overflow (it stops there, as libiberty does). */
function number(): number {
  let neg = false;
  if (at(pos) === 110 /* n */) {
    neg = true;
    pos++;
  }
  let v = 0;
  let c = at(pos);
  while (isDigit(c)) {
    if (v >= 214748364 && (v > 214748364 || c > 55)) return NaN;
    v = v * 10 + (c - 48);
    c = at(++pos);
  }
  return neg ? -v : v;
}

/** [_ <digit> | __ <number> _]: read and dropped, as the parser does. */
function discriminator(): boolean {
  if (at(pos) !== 95) return true;
  pos++;
  let under = 1;
  if (at(pos) === 95) {
    under++;
    pos++;
  }
  const d = number();
  if (Number.isNaN(d) || d < 0) return false;
  if (under > 1 && d >= 10) {
    if (at(pos) !== 95) return false;
    pos++;
  }
  return true;
}

// Texts cut out at the end: [cuts[2k], cuts[2k+1]) for k < cutCount, in output
// order. A function template's return type is read (its candidates count, and
// later ones may be copies of it) and only then cut.
let cuts: number[] = [];
let cutCount = 0;

/**
 * <name>, written out: nested, local, internal (`L`), plain or `std::` names, and
 * unscoped function templates. Sets fnBase/fnCount/fnHasReturn and methodConst.
 */
function name(): boolean {
  const c = at(pos);
  if (c === 78 /* N */) return nestedName(true, false);
  if (c === 90 /* Z */) return localName();
  const start = op;
  let internal = false;
  if (c === 83 /* S */ && at(pos + 1) === 116 /* t */) {
    pos += 2;
    putText(STD_COLONS);
  }
  if (at(pos) === 76 /* L */) {
    internal = true;
    pos++;
  }
  const c1 = at(pos);
  if (c1 >= 97 && c1 <= 122 && !internal) {
    if (!operatorName()) return false;
  } else if (!isDigit(c1) || !sourceName()) return false;
  const n = at(pos);
  if (internal) return n !== 95 && n !== 73; // discriminator, template: the full parser's
  if (n === 73 /* I */) {
    // An unscoped function template: the name is a candidate, then its args.
    addSub(start, NAME);
    if (!templateArgs()) return false;
    fnBase = argBase;
    fnCount = argCount;
    fnHasReturn = true;
  }
  return true;
}

/**
 * Z <encoding> E <entity> [<discriminator>]: "function::entity". The entity is a
 * string literal or a name that is not a template; the function's return type is
 * never printed here (the full printer drops it too).
 */
function localName(): boolean {
  pos++; // Z
  if (!encoding(true, false) || at(pos) !== 69 /* E */) return false;
  pos++;
  put(58);
  put(58);
  fnBase = -1;
  fnHasReturn = false;
  methodConst = false;
  const c = at(pos);
  if (c === 115 /* s */) {
    pos++;
    putText(STRING_LITERAL);
    return discriminator();
  }
  if (c === 78 /* N */) {
    if (!nestedName(true, false) || fnBase >= 0) return false;
  } else {
    const internal = c === 76; /* L */
    if (internal) pos++;
    if (!isDigit(at(pos)) || !sourceName() || at(pos) === 73 /* I */) return false;
    if (internal && !discriminator()) return false;
  }
  return discriminator();
}

/** T… and GV names (vtables, typeinfo, thunks, guard variables), at the top level. */
function specialName(returnTypes: boolean): boolean {
  const c = at(pos);
  const k = at(pos + 1);
  pos += 2;
  if (c === 71 /* G */) {
    if (k !== 86 /* V */) return false;
    putText(GUARD);
    methodConst = false;
    return name() && !methodConst && pos === end;
  }
  let prefix: Uint8Array | undefined;
  switch (k) {
    case 86 /* V */: prefix = VTABLE; break;
    case 84 /* T */: prefix = VTT; break;
    case 73 /* I */: prefix = TYPEINFO; break;
    case 83 /* S */: prefix = TYPEINFO_NAME; break;
    case 104 /* h */:
    case 118 /* v */: {
      // <call-offset>: h <number> _ or v <number> _ <number> _, then the target.
      number();
      if (at(pos) !== 95) return false;
      pos++;
      if (k === 118) {
        number();
        if (at(pos) !== 95) return false;
        pos++;
      }
      putText(k === 104 ? THUNK : VIRTUAL_THUNK);
      return encoding(false, returnTypes);
    }
    default:
      return false;
  }
  putText(prefix);
  return type() && pos === end;
}

/** Whether the parameters end here: at the end, or at the E that closes a local name's function. */
function paramsEnd(inner: boolean): boolean {
  return pos >= end || (inner && at(pos) === 69);
}

/**
 * <encoding>: a name, then its parameters if any (a function template's return
 * type read first and cut). `inner`: the function of a local name (Z…E).
 */
function encoding(inner: boolean, returnTypes: boolean): boolean {
  if (depth >= MAX_DEPTH) return false;
  depth++;
  const ok = encodingInner(inner, returnTypes);
  depth--;
  return ok;
}

function encodingInner(inner: boolean, returnTypes: boolean): boolean {
  const c = at(pos);
  if (c === 84 /* T */ || c === 71 /* G */) return !inner && specialName(returnTypes);
  fnBase = -1;
  fnHasReturn = false;
  methodConst = false;
  if (!name()) return false;
  const isConst = methodConst;
  if (paramsEnd(inner)) return !isConst;
  // c++filt prints a function template's return type first; mozilla's names leave it out.
  const returnStart = op;
  if (fnHasReturn) {
    if (returnTypes && !inner) return false;
    if (!type() || paramsEnd(inner) || typeKind === FUNCTION || typeKind === FUNCTION_REF) return false;
  }
  const returnEnd = op;
  // <bare-function-type>: one `v` alone is the empty list.
  put(40);
  if (at(pos) === 118 /* v */ && (pos + 1 >= end || (inner && at(pos + 1) === 69))) pos++;
  else {
    let first = true;
    while (!paramsEnd(inner)) {
      if (at(pos) === 118 /* v */) return false;
      if (!first) putText(COMMA);
      if (!type()) return false;
      first = false;
    }
  }
  put(41);
  if (isConst) putText(CONST);
  if (returnEnd > returnStart) addCut(returnStart, returnEnd);
  return true;
}

/**
 * Demangles the `_Z` name at src[from..to) when it is in the fast path's subset,
 * as the full demangler would print it (with parameters; no return type unless
 * `returnTypes`, which leaves function templates to the full path). Returns the
 * length of the text, which is in fastOutput()[0..length), or -1.
 */
export function demangleFastBytes(src: Uint8Array, from: number, to: number, returnTypes = false): number {
  // Longer inputs are not demangled at all (demangleItanium's MAX_INPUT).
  if (to - from < 3 || to - from > MAX_OUTPUT || src[from] !== 95 || src[from + 1] !== 90) return -1;
  s = src;
  end = to;
  pos = from + 2;
  op = 0;
  subCount = 0;
  lastSrc = null;
  argTop = 0;
  cutCount = 0;
  sp = 0;
  depth = 0;
  if (!encoding(false, returnTypes) || pos !== end || !isAscii(src, from, to)) return -1;
  // Cut from the last text to the first, so that the earlier ones stay where they
  // are (they were marked in parse order: sort them by place first).
  for (let i = 1; i < cutCount; i++) {
    const a = cuts[2 * i]!;
    const b = cuts[2 * i + 1]!;
    let j = i;
    for (; j > 0 && cuts[2 * (j - 1)]! > a; j--) {
      cuts[2 * j] = cuts[2 * (j - 1)]!;
      cuts[2 * j + 1] = cuts[2 * (j - 1) + 1]!;
    }
    cuts[2 * j] = a;
    cuts[2 * j + 1] = b;
  }
  for (let k = cutCount - 1; k >= 0; k--) {
    const a = cuts[2 * k]!;
    const b = cuts[2 * k + 1]!;
    out.copyWithin(a, b, op);
    op -= b - a;
  }
  return op;
}

function isAscii(src: Uint8Array, from: number, to: number): boolean {
  for (let i = from + 2; i < to; i++) if (src[i]! >= 0x80) return false;
  return true;
}

/** Where demangleFastBytes() writes (valid until its next call). */
export function fastOutput(): Uint8Array {
  return out;
}

let input = new Uint8Array(256);

/** demangleFastBytes() on a string; undefined where it gives -1. */
export function demangleFast(name: string, returnTypes = false): string | undefined {
  const n = name.length;
  if (n > input.length) input = new Uint8Array(Math.max(n, input.length * 2));
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) return undefined;
    input[i] = c;
  }
  const len = demangleFastBytes(input, 0, n, returnTypes);
  return len < 0 ? undefined : Buffer.from(out.buffer, 0, len).toString('latin1');
}
