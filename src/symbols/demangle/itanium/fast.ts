// A fast path for the common shapes of mangled name: functions (function
// templates included) and variables whose names are plain, nested, `std::`,
// internal-linkage (L) or local (Z…E) names, with constructors, destructors,
// operators, lambdas, ABI tags and member function qualifiers (const, &, &&);
// vtables, VTTs, typeinfo, thunks and guard variables; parameters and template
// arguments that are builtin, class and template types under const, pointers
// and references (collapsed as the printer does), local classes and lambdas,
// function, array and member pointer types, packs and their expansions,
// integral/bool/enum/pointer literals, T_ and the addresses of functions and
// variables. All but 151 of node's 77.35k C++ names have such a shape, e.g.
// `_ZN2v88internal4Heap7CollectENS0_15GarbageCollectorEPKc`.
//
// It works on bytes: it reads the name's bytes and writes the demangled text as
// bytes into one reused buffer, left to right, and keeps each substitution
// candidate as a range of that buffer. So a name costs no string and no object,
// which matters when a batch of 10^5 names goes through a worker that starts
// cold: demangleFastBytes() is what the batch demangler (core.ts) calls;
// demangleFast() is the same for a string.
//
// It follows the full parser's rules (which follow libiberty's) for this subset
// exactly: the same substitution candidates in the same order, the same text. A
// function template's return type is read and left out, so with returnTypes
// (c++filt style) those names go to the full parser. It fails (-1, undefined) for
// anything outside the subset (conversion operators, other expressions and
// qualifiers, template heads, construction vtables, non-ASCII bytes, deep
// nesting, a T_ printed again where the printer would take another argument
// for it, ...) and the full demangler takes the name. Tests compare both paths
// on every real name the fast path takes and on mutated ones; the full path is
// checked against c++filt. Text that prints in another order than it is mangled
// is written again where it prints, and the first copy is cut at the end (a
// return type, a member pointer's class: see addCut); a candidate that is not
// in the output goes to a side buffer.

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
/** `D?` builtin types by the second letter's code, with Da and Dc (the parser's names, not candidates either). */
const D_TEXT = D_BUILTINS.map((b) => (b ? ascii(b.name) : undefined));
D_TEXT[97] = ascii('auto');
D_TEXT[99] = ascii('decltype(auto)');
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
const FUNCTION_REF = 7; // a pointer or reference to one, "ret (*)(params)", and member pointers
const ARRAY = 8; // A…: "char [28]", and a pointer or rvalue reference to one: "char (*) [28]"
const PACK = 9; // a template argument J…E (its elements in `packs`)
// A reference over a reference, printed as one: under another, the printer does
// not collapse again ("int&&&").
const COLLAPSED = 10;
const ARRAY_REF = 11; // an lvalue reference to an array, "char (&) [3]": collapses like REF
const EXPANSION = 12; // the candidate of an expansion over n elements: EXPANSION + PACKED * (n + 1)
// A candidate whose text depends on the printer's pack index (it holds elements
// of packs): printed again, it may differ. SENS + PACKED * (i + 1): its elements
// are all the i-th, and it prints the same where the pack index is i; SENS alone:
// it cannot be printed again here.
const SENS = 16;
const PACKED = 32;

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
  addSubRange(start, op, sens(start, kind));
}

/** `kind`, marked SENS when a pack's element was written since out[start] (see packed()). */
function sens(start: number, kind: number): number {
  if (packAt < start) return kind;
  return packMixed >= start ? kind | SENS : kind | SENS | (PACKED * (packUsed + 1));
}

function addSubRange(start: number, end: number, kind: number): void {
  subStart[subCount] = start;
  subEnd[subCount] = end;
  subKind[subCount] = kind;
  subCount++;
}

/** Whether a modifier (const, pointer, reference) may apply to a type of this kind. */
const modifiable = (kind: number): boolean => kind <= POINTER;

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
  if (from < 0) putBytes(side, -1 - from, -1 - subEnd[i]!);
  else putCut(from, subEnd[i]!);
}

/**
 * Writes out[from..to) again without the texts in it that are cut (a local
 * function's return type, a member pointer's class): a cut that is all of it
 * is not one (a return type printed again prints).
 */
function putCut(from: number, to: number): void {
  let r = from;
  for (let k = 0; k < cutCount; k++) {
    const a = cuts[2 * k]!;
    const b = cuts[2 * k + 1]!;
    if (a < r || b > to || (a === from && b === to)) continue;
    putBytes(out, r, a);
    r = b;
  }
  putBytes(out, r, to);
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
const AUTO = ascii('auto:');
/** In a lambda's parameters (not in an encoding inside them). */
let inLambda = false;
const LAMBDA_END = ascii(')#');

/**
 * Ul <type>+ E [<number>] _: "{lambda(params)#n}", a T_ in the parameters
 * "auto:1" (a generic lambda's). Template heads are the full parser's.
 */
function lambda(): boolean {
  pos += 2; // Ul
  if (at(pos) === 84 /* T */ && at(pos + 1) >= 97) return false; // Ty, Tn, Tt, Tp…
  putText(LAMBDA);
  const savedBase = fnBase;
  const outerSubs = scopeSubs;
  const outerParams = scopeParams;
  const outerLambda = inLambda;
  // A scope of its own (see innerEncoding).
  const subs = subCount;
  const params = paramCount;
  scopeSubs = subs;
  scopeParams = params;
  inLambda = true;
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
        // The modifiers on the lambda's type reach its parameters in the printer:
        // function and array types print them, a const one drops its const.
        // Those are the full parser's.
        ok = type() && typeKind <= REF && typeKind !== CONSTQ;
        first = false;
      }
    }
  }
  fnBase = savedBase;
  endScope(subs, params, outerSubs, outerParams);
  inLambda = outerLambda;
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
  let id = 0;
  if (c !== 95) {
    for (;;) {
      if (c >= 48 && c <= 57) id = id * 36 + c - 48;
      else if (c >= 65 && c <= 90) id = id * 36 + c - 55;
      else if (c === 95) break;
      else return -1;
      if (id > 0xffff) return -1;
      c = at(++pos);
    }
    id++;
  }
  pos++;
  // One holding a T_ of an enclosing scope (see innerEncoding): the full parser's.
  if (id >= subCount || (id < scopeSubs && holdsParam(id, 0, scopeParams))) return -1;
  // Its copy (written next) holds the T_ of this scope it holds.
  if (paramCount > scopeParams && holdsParam(id, scopeParams, paramCount)) paramAt[paramCount++] = op;
  return id;
}

// Template arguments: (start, end, kind) triples on a stack. The args read last
// are args[argBase .. argBase + 3 * argCount); a function template's, which T_
// refers to, are fnBase/fnCount (-1: not a template). Frames of args nested in
// an argument are dropped once it is read.
let args: Int32Array = new Int32Array(96);
let argTop = 0;
let argBase = 0;
let argCount = 0;
let fnBase = -1;
let fnCount = 0;
let fnHasReturn = false;
// The elements of packs (J…E), (start, end, kind) triples; an argument that is
// a pack is (its first element's index here, its length, PACK). Frames of packs
// nested in an element are dropped once it is read.
let packs: Int32Array = new Int32Array(48);
let packTop = 0;
/** The printer's pack index: the element of a pack that T_ prints outside an expansion (the last expansion's last). */
let packIndex = 0;
/** In a Dp pattern, the element written now, else -1; and the length of the pack expanded (-1 until the pattern names one). */
let expIdx = -1;
let expLen = -1;
// Where an element of a pack was last written (see SENS), -1 for none, and its
// index; text from packMixed on holds elements of more than one index.
let packAt = -1;
let packUsed = 0;
let packMixed = -1;

/** An element of index i is written now (see sens()). */
function packed(i: number): void {
  if (packAt >= 0 && i !== packUsed) packMixed = packAt;
  packAt = op;
  packUsed = i;
}

/** Where a list last took back the commas of its trailing empty items: the printer's last character there is the space. */
let trimAt = -1;

/** `x`, or a copy twice as big when a triple does not fit at `top`. */
function roomFor(x: Int32Array, top: number): Int32Array {
  if (top + 3 <= x.length) return x;
  const bigger = new Int32Array(x.length * 2);
  bigger.set(x);
  return bigger;
}

/** Ends a list at out[keep]: the items after it printed nothing, and the printer takes their commas back. */
function trim(keep: number): void {
  if (op > keep) {
    op = keep;
    trimAt = op;
  }
}

/**
 * One template argument, written out: its kind, or -1. Expressions other than
 * X T_ E and an address (X ad L _Z … E E) are the full parser's; packs do not nest.
 */
function templateArg(inPack: boolean): number {
  const c = at(pos);
  if (c === 76 /* L */) {
    if (at(pos + 1) === 95 && at(pos + 2) === 90) return scoped(1) ? LITERAL : -1;
    return literal() ? LITERAL : -1;
  }
  if (c === 88 /* X */) {
    // X T_ E: the argument (no candidate); X ad L _Z … E E.
    pos++;
    if (at(pos) === 84 /* T */) {
      if (param() < 0) return -1;
    } else {
      if (at(pos) !== 97 || at(pos + 1) !== 100 || at(pos + 2) !== 76 || at(pos + 3) !== 95 || at(pos + 4) !== 90) return -1;
      pos += 2;
      put(38); // &
      if (!scoped(2)) return -1;
    }
    if (at(pos) !== 69) return -1;
    pos++;
    return LITERAL;
  }
  if (c === 74 /* J */) return inPack ? -1 : argumentPack();
  return type() ? typeKind : -1;
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
  let keep = op;
  while (at(pos) !== 69 /* E */) {
    if (count > 0) putText(COMMA);
    const start = op;
    const elements = packTop;
    const kind = templateArg(false);
    if (kind < 0) return false;
    if (op > start) keep = op;
    argTop = base + 3 * count;
    args = roomFor(args, argTop);
    args[argTop++] = kind === PACK ? elements : start;
    args[argTop++] = kind === PACK ? (packTop - elements) / 3 : op;
    args[argTop++] = kind;
    count++;
  }
  if (count === 0) return false;
  pos++; // E
  trim(keep);
  lastSrc = savedSrc;
  lastStart = savedStart;
  lastEnd = savedEnd;
  argBase = base;
  argCount = count;
  if (out[op - 1] === 62 /* > */ && trimAt !== op) put(32);
  put(62);
  return true;
}

/**
 * J <arg>* E inside template args: its arguments are printed in the enclosing
 * list, and kept in `packs` (it is one argument to T_). Returns PACK or -1.
 */
function argumentPack(): number {
  pos++; // J
  const base = packTop;
  let n = 0;
  let keep = op;
  while (at(pos) !== 69 /* E */) {
    if (n > 0) putText(COMMA);
    const start = op;
    const kind = templateArg(true);
    if (kind < 0) return -1;
    if (op > start) keep = op;
    packTop = base + 3 * n;
    packs = roomFor(packs, packTop);
    packs[packTop++] = start;
    packs[packTop++] = op;
    packs[packTop++] = kind;
    n++;
  }
  pos++; // E
  trim(keep);
  return PACK;
}

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
  } else if (c === 78 /* N */ || c === 83 /* S */ || c === 80 /* P */ || isDigit(c)) {
    // An enum (or class) or pointer type: a candidate like any type, printed as a cast.
    put(40);
    if (!type() || !modifiable(typeKind)) return false;
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

/** The qualifiers of the last nested name read (a member function's): 1 K (const), 2 R (&), 4 O (&&). */
let methodQuals = 0;
/** Whether the last nested name read has more than one part ("a::b", not "a"). */
let nameQualified = false;

/** N [K] [R | O] <prefix> E in the subset, written out as the qualified name. Sets `methodQuals`. */
function nestedName(substable: boolean, isType: boolean): boolean {
  pos++; // N
  let quals = 0;
  if (at(pos) === 75 /* K */) {
    quals = 1;
    pos++;
  }
  const r = at(pos);
  if (r === 82 /* R */ || r === 79 /* O */) {
    quals |= r === 82 ? 2 : 4;
    pos++;
  }
  if (isType && quals !== 0) return false;
  const start = op;
  let some = false;
  let qualified = false;
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
      if (some) {
        put(58);
        put(58);
        qualified = true;
      }
      if (isDigit(c)) {
        if (!sourceName()) return false;
        ctorDtor = false;
      } else {
        const k = unqualified(c, isType);
        if (k === 0) return false;
        ctorDtor = k === 2;
      }
      if (at(pos) === 66 /* B */) {
        // A tagged constructor has a return type (the parser's isCtorDtorConv).
        ctorDtor = false;
        if (!abiTags()) return false;
      }
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
  methodQuals = quals;
  nameQualified = qualified;
  return true;
}

const ABI = ascii('[abi:');

/** B <source-name>+ after a name: "[abi:cxx11]"; the last name stays the name's. */
function abiTags(): boolean {
  const src = lastSrc;
  const a = lastStart;
  const b = lastEnd;
  while (at(pos) === 66 /* B */) {
    pos++;
    putText(ABI);
    if (!sourceName()) return false;
    put(93); // ]
  }
  lastSrc = src;
  lastStart = a;
  lastEnd = b;
  return true;
}

/**
 * T_, T<n>_ of the function template: its argument written again (an element
 * of a pack: the one the expansion is at, else the printer's pack index). Returns
 * its kind, or -1.
 */
function param(): number {
  pos++; // T
  let idx = 0;
  if (at(pos) !== 95) {
    const n = length();
    if (n < 0 || at(pos) !== 95) return -1;
    idx = n + 1;
  }
  pos++; // _
  if (at(pos) === 73 /* I */) return -1;
  if (fnBase < 0) {
    // In a lambda's parameters (a generic lambda): "auto:1".
    if (!inLambda) return -1;
    paramAt[paramCount++] = op;
    putText(AUTO);
    putDecimal(idx + 1);
    return NAME;
  }
  if (idx >= fnCount) return -1;
  const arg = fnBase + 3 * idx;
  let from = args[arg]!;
  let to = args[arg + 1]!;
  let kind = args[arg + 2]!;
  if (kind === PACK) {
    if (expIdx >= 0 && expLen < 0) expLen = to;
    const i = expIdx >= 0 ? expIdx : packIndex;
    packed(i);
    if (i < to) {
      const e = from + 3 * i;
      from = packs[e]!;
      to = packs[e + 1]!;
      kind = packs[e + 2]!;
    } else if (expIdx >= 0 && expLen === 0) {
      // Expanding an empty pack: read, not printed.
      to = from;
      kind = NAME;
    } else return -1;
  }
  paramAt[paramCount++] = op;
  putCut(from, to);
  return kind;
}

/**
 * An unqualified name other than a source name in a nested name, written out:
 * an operator, lambda, internal (L) name, constructor or destructor. Returns 0
 * for none, 2 for a constructor or destructor, else 1.
 */
function unqualified(c: number, isType: boolean): number {
  if (c >= 97 && c <= 122 && !isType) return operatorName() ? 1 : 0;
  if (c === 85 /* U */ && at(pos + 1) === 108 /* l */) return lambda() ? 1 : 0;
  if (c === 76 /* L */) {
    // Internal linkage: printed like the plain name.
    pos++;
    return sourceName() && discriminator() ? 1 : 0;
  }
  if (isType || lastSrc === null) return 0;
  const k = at(pos + 1);
  if (c === 67 /* C */) {
    if (k < 49 || k > 53) return 0; // C1-C5 (inheriting CI…: the full parser's)
  } else if (c !== 68 /* D */ || !(k === 48 || k === 49 || k === 50 || k === 52 || k === 53)) return 0; // D0-D2, D4, D5
  else put(126); // ~
  pos += 2;
  putBytes(lastSrc, lastStart, lastEnd);
  return 2;
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
      const kind = param();
      if (kind < 0 || kind === LITERAL) return false;
      addSub(start, kind);
      typeKind = kind;
      return true;
    }
    case 68 /* D */: {
      const d = at(pos + 1);
      if (d === 112 /* p */) return expansion(start);
      const t = d < 128 ? D_TEXT[d] : undefined;
      if (t === undefined) return false;
      pos += 2;
      putText(t);
      typeKind = NAME;
      return true;
    }
    case 75 /* K */:
      return constType(start);
    case 80 /* P */:
    case 82 /* R */:
    case 79 /* O */:
      return modified(start, c);
    case 70 /* F */:
      return functionType(start, 0, 0);
    case 78 /* N */: {
      if (!nestedName(true, true)) return false;
      addSub(start, NAME);
      typeKind = NAME;
      return true;
    }
    case 83 /* S */:
      return substituted(start);
    default:
      if (isDigit(c)) return sourceName() && tagged(start);
      return otherType(start, c);
  }
}

/** K <type>: "type const". */
function constType(start: number): boolean {
  pos++;
  // Only const: other qualifiers (Dx, Do… fail as types), repeats and function types print differently.
  const c2 = at(pos);
  if (c2 === 75 || c2 === 86 || c2 === 114 || c2 === 70 /* K V r F */) return false;
  // const on a const type is printed once; on a reference it is not valid.
  if (!type() || !modifiable(typeKind)) return false;
  if (typeKind !== CONSTQ) putText(CONST);
  addSub(start, CONSTQ);
  typeKind = CONSTQ;
  return true;
}

/** P, R, O <type> (c): "type*", "type&", "type&&". */
function modified(start: number, c: number): boolean {
  pos++;
  const c2 = at(pos);
  if (c2 === 70 /* F */) return functionType(start, c, 0);
  if (c2 === 65 /* A */) return arrayType(start, c);
  if (!type()) return false;
  if ((typeKind === REF || typeKind === ARRAY_REF) && c !== 80) {
    // Reference collapsing: a reference under & is &, under && itself. Printed
    // as it is, except && under & ("int&" of "int&&"): the full parser's.
    if (c === 82 && out[op - 2] === 38) return false;
    typeKind = COLLAPSED;
  } else if (typeKind === FUNCTION) {
    if (!functionModified(start, c)) return false;
  } else if (!modifiable(typeKind)) return false;
  else {
    putMod(c);
    typeKind = c === 80 ? POINTER : REF;
  }
  addSub(start, typeKind);
  return true;
}

/** At S: `St` <name>, an abbreviation or a candidate, then template args if they follow. */
function substituted(start: number): boolean {
  const c2 = at(pos + 1);
  if (c2 === 116 /* t */) {
    pos += 2;
    putText(STD_COLONS);
    return sourceName() && tagged(start);
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
  if (typeKind >= SENS) {
    // Printed again where the pack index is the same (not in an expansion: its pack could be in it).
    const n = (typeKind >> 5) - 1;
    if (expIdx >= 0 || n < 0) return false;
    if ((typeKind & 15) === EXPANSION) {
      // An expansion again: the same text, and the pack index goes to its last again.
      if (n > 0) packIndex = n - 1;
      packMixed = op;
      typeKind = PACK_EXPANSION;
    } else {
      if (n !== packIndex) return false;
      packed(n);
      typeKind &= 15;
    }
  }
  putSub(id);
  return true;
}

/** The rarer types: arrays, member pointers, local names ("f(int)::{lambda()#1}", a candidate). */
function otherType(start: number, c: number): boolean {
  if (c === 65 /* A */) return arrayType(start, 0);
  if (c === 77 /* M */) return memberPointer(start);
  if (c !== 90 /* Z */ || !scoped(0)) return false;
  addSub(start, NAME);
  typeKind = NAME;
  return true;
}

/**
 * Dp <pattern>: the pattern once for each element of the first pack it names, as
 * the printer prints it ("int&&, char&&"), read again each time. The candidates
 * read the last time stay (printed again, the T_ in them print the last
 * element, where the printer's pack index stays). Nested expansions: the full
 * parser's.
 */
function expansion(start: number): boolean {
  if (expIdx >= 0) return false;
  pos += 2; // Dp
  const from = pos;
  const subs = subCount;
  const cuts = cutCount;
  expLen = -1;
  for (let i = 0; ; i++) {
    expIdx = i;
    subCount = subs;
    if (!type() || expLen < 0 || cutCount !== cuts) return false;
    if (i + 1 >= expLen) break;
    putText(COMMA);
    pos = from;
  }
  expIdx = -1;
  if (expLen === 0) {
    // Over an empty pack, nothing: what was read cannot be printed again.
    op = start;
    if (trimAt > op) trimAt = -1;
    for (let k = subs; k < subCount; k++) subKind[k] = (subKind[k]! & 15) | SENS;
  } else packIndex = expLen - 1;
  // The expansion is a candidate (text and length).
  addSubRange(start, op, EXPANSION + PACKED * (expLen + 1));
  typeKind = PACK_EXPANSION;
  return true;
}

/**
 * F <return type> <params> E at out[start..], plain ("void (int)") or under a
 * pointer or reference `mod` (P, R, O: "void (*)(int)"), or a member pointer (M
 * [K]: "void (A::*)(int) const", the class at out[start..cls)). The function type
 * is a candidate before the pointer; under a modifier its own text is written
 * after and cut at the end. `extern "C"`, ref-qualifiers and modified function
 * returns are the full parser's.
 */
function functionType(start: number, mod: number, cls: number): boolean {
  const konst = mod === 77 && at(pos) === 75; /* K */
  if (konst) pos++;
  pos++; // F
  if (at(pos) === 89 /* Y */) return false;
  const retStart = op;
  if (!type() || typeKind > REF) return false;
  const retEnd = op;
  put(32);
  put(40);
  if (mod !== 0) {
    if (mod === 77) {
      putCut(start, cls);
      putText(MEMBER);
    } else putMod(mod);
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
  pos++; // E
  put(41);
  if (konst) putText(CONST);
  if (mod === 0) {
    addSub(start, FUNCTION);
    typeKind = FUNCTION;
    return true;
  }
  // The function type alone ("ret (params)") is a candidate too, before the
  // pointer: its text goes to the side buffer (a candidate range there is negative).
  const fnStart = sp;
  toSide(retStart, retEnd);
  toSide(-1, 0); // " ("
  toSide(paramsStart, op); // "params)", "params) const"
  addSubRange(-1 - fnStart, -1 - sp, sens(start, FUNCTION));
  addSub(start, FUNCTION_REF);
  typeKind = FUNCTION_REF;
  return true;
}

const MEMBER = ascii('::*');

/** *, &, && for P, R, O. */
function putMod(mod: number): void {
  if (mod === 80) put(42);
  else {
    put(38);
    if (mod === 79) put(38);
  }
}

/**
 * A [<digits>] _ <element>: "char [28]", or under a pointer or reference `mod`
 * "char (*) [28]" (the array type a candidate before it, its text in the side
 * buffer). Other dimensions, and elements that are not plain, const or pointer
 * types (arrays, functions and pointers to them print around): the full parser's.
 */
function arrayType(start: number, mod: number): boolean {
  pos++; // A
  const dim = pos;
  while (isDigit(at(pos))) pos++;
  const dimEnd = pos;
  if (at(pos) !== 95) return false;
  pos++;
  if (!type() || !modifiable(typeKind)) return false;
  const open = op;
  put(32);
  put(91);
  putBytes(s, dim, dimEnd);
  put(93);
  if (mod !== 0) {
    // "element [n]" to the side buffer, " (*) [n]" here.
    const a = sp;
    toSide(start, op);
    addSubRange(-1 - a, -1 - sp, sens(start, ARRAY));
    const n = op;
    put(32);
    put(40);
    putMod(mod);
    put(41);
    putBytes(out, open, n);
    addCut(open, n);
  }
  typeKind = mod === 82 ? ARRAY_REF : ARRAY;
  addSub(start, typeKind);
  return true;
}

/**
 * A pointer or reference `mod` to the function type just written at out[start..]
 * by T_ or S_: "ret (*)(params)", the text again with the modifier in it (the
 * parameters are the last parenthesized text), and the first cut.
 */
function functionModified(start: number, mod: number): boolean {
  const n = op;
  let k = n;
  let d = 0;
  do {
    const ch = out[--k];
    if (ch === 41) d++;
    else if (ch === 40) d--;
  } while (d > 0 && k > start);
  if (out[k] !== 40 || out[k - 1] !== 32) return false; // "ret (params) const": the full parser's
  putBytes(out, start, k);
  put(40);
  putMod(mod);
  put(41);
  putBytes(out, k, n);
  addCut(start, n);
  typeKind = FUNCTION_REF;
  return true;
}

/**
 * M <class> <member type>: "int A::*", or for a member function as functionType()
 * prints it ("void (A::*)(int)"). The class is written first (its candidates
 * read there) and cut. Like function pointers, these take no modifiers here.
 */
function memberPointer(start: number): boolean {
  pos++; // M
  if (!type() || typeKind !== NAME) return false;
  const cls = op;
  const c = at(pos);
  if (c === 70 /* F */ || (c === 75 /* K */ && at(pos + 1) === 70)) {
    if (!functionType(start, 77, cls)) return false;
  } else {
    if (!type() || !modifiable(typeKind)) return false;
    put(32);
    putCut(start, cls);
    putText(MEMBER);
    addSub(start, FUNCTION_REF);
    typeKind = FUNCTION_REF;
  }
  addCut(start, cls);
  return true;
}

/** Text of candidates that are not in the output (see functionType). */
let side = new Uint8Array(256);
let sp = 0;
const SPACE_PAREN = ascii(' (');

/** Appends out[from..to) without its cuts (see putCut) to the side buffer; " (" for from -1. */
function toSide(from: number, to: number): void {
  const m = op;
  if (from < 0) putText(SPACE_PAREN);
  else putCut(from, to);
  const n = op - m;
  if (sp + n > side.length) {
    const bigger = new Uint8Array(Math.max(side.length * 2, sp + n));
    bigger.set(side.subarray(0, sp));
    side = bigger;
  }
  side.set(out.subarray(m, op), sp);
  sp += n;
  op = m;
}

/**
 * Marks out[a..b) to be cut at the end. Cuts are kept in output order, one
 * holding others before them (it is marked after them: they were read in it).
 */
function addCut(a: number, b: number): void {
  let j = cutCount++;
  for (; j > 0 && cuts[2 * (j - 1)]! >= a; j--) {
    cuts[2 * j] = cuts[2 * (j - 1)]!;
    cuts[2 * j + 1] = cuts[2 * (j - 1) + 1]!;
  }
  cuts[2 * j] = a;
  cuts[2 * j + 1] = b;
}

/** A class type by name, after its ABI tags if any (templated()). */
function tagged(start: number): boolean {
  return (at(pos) !== 66 /* B */ || abiTags()) && templated(start, true);
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
 * unscoped function templates. Sets fnBase/fnCount/fnHasReturn and methodQuals.
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
  if (at(pos) === 66 /* B */ && !abiTags()) return false;
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
 * string literal, a lambda or a name that is not a template; the function's
 * return type is never printed here (the full printer drops it too).
 */
function localName(): boolean {
  pos++; // Z
  if (!innerEncoding() || at(pos) !== 69 /* E */) return false;
  pos++;
  put(58);
  put(58);
  fnBase = -1;
  fnHasReturn = false;
  methodQuals = 0;
  const c = at(pos);
  if (c === 115 /* s */) {
    pos++;
    putText(STRING_LITERAL);
    return discriminator();
  }
  if (c === 78 /* N */) {
    if (!nestedName(true, false) || fnBase >= 0) return false;
  } else if (c === 85 /* U */ && at(pos + 1) === 108 /* l */) {
    // A lambda carries its own number, and no discriminator.
    return lambda() && at(pos) !== 66 /* B */;
  } else {
    const internal = c === 76; /* L */
    if (internal) pos++;
    if (!isDigit(at(pos)) || !sourceName()) return false;
    if (internal && !discriminator()) return false;
    if (at(pos) === 66 /* B */ && !abiTags()) return false;
    if (at(pos) === 73 /* I */) return false;
  }
  return discriminator();
}

/**
 * In a type or template argument: a local name (`what` 0), or an external name
 * (L _Z <encoding> E) plain (1) or under `ad` (2). Their encodings have function
 * template state of their own; the enclosing one's is kept. Inside a pack
 * expansion: the full parser's (the printer's pack search goes into them).
 */
function scoped(what: number): boolean {
  if (expIdx >= 0) return false;
  const b = fnBase;
  const n = fnCount;
  const r = fnHasReturn;
  const q = methodQuals;
  const ok = what === 0 ? localName() && methodQuals === 0 : external(what === 2);
  fnBase = b;
  fnCount = n;
  fnHasReturn = r;
  methodQuals = q;
  return ok;
}

/**
 * L _Z <encoding> E as a template argument: the function or variable as the
 * encoding prints ("a::f(int)"), or its address under ad: "&a::f", "&f", the
 * parameters read and cut. Templates (a return type prints here) and what prints
 * in parentheses ("&(f(int))", "&(a::f() const)") are the full parser's.
 */
function external(addr: boolean): boolean {
  pos += 3; // L_Z
  const c = at(pos);
  const std = c === 83 && at(pos + 1) === 116; /* St */
  if (addr && c !== 78 && !std && !isDigit(c) && c !== 76 /* N, St, digit, L */) return false;
  if (!innerEncoding() || fnBase >= 0 || at(pos) !== 69 /* E */) return false;
  pos++;
  if (!addr || paramsAt < 0) return true;
  // The parameters, and any qualifiers after them, are not printed (a::f, not a plain f).
  if (!(std || (c === 78 && nameQualified)) || out[op - 1] !== 41 || out[paramsAt - 1] === 62) return false;
  addCut(paramsAt, op);
  return true;
}

// Where T_ wrote their arguments: paramAt[0..paramCount), the scopes' in turn.
const paramAt: number[] = [];
let paramCount = 0;
// The scope of T_ read now (an encoding inside another's, or a lambda's
// parameters) began at candidate scopeSubs and T_ scopeParams.
let scopeSubs = 0;
let scopeParams = 0;

/**
 * Whether candidate k holds a T_ written as the i-th, from <= i < to (one in the
 * side buffer is taken to; an empty one, an expansion of an empty pack, holds
 * the T_ written where it is).
 */
function holdsParam(k: number, from: number, to: number): boolean {
  const a = subStart[k]!;
  for (let i = from; i < to; i++) {
    const p = paramAt[i]!;
    if (a < 0 || p === a || (a < p && p < subEnd[k]!)) return true;
  }
  return false;
}

/**
 * The encoding of a local or external name (inner: its parameters end at E), a
 * scope of its own. The printer takes a T_ for the arguments of where it prints
 * it: a candidate holding one cannot be printed again out of its scope (read
 * in one, it is made SENS at the end; read before, it is refused in it).
 */
function innerEncoding(): boolean {
  // A T_ of it in a lambda's parameters prints "auto:1" too: the full parser's.
  if (inLambda) return false;
  const subs = subCount;
  const params = paramCount;
  const outerSubs = scopeSubs;
  const outerParams = scopeParams;
  scopeSubs = subs;
  scopeParams = params;
  const start = op;
  const ok = encoding(true, false);
  const some = paramCount > params;
  endScope(subs, params, outerSubs, outerParams);
  // Printed in a lambda's parameters, its T_ print "auto:1": it holds one.
  if (some) paramAt[paramCount++] = start;
  return ok;
}

/** Ends a scope begun at candidate subs and T_ params (see innerEncoding). */
function endScope(subs: number, params: number, outerSubs: number, outerParams: number): void {
  for (let k = subs; k < subCount; k++) if (holdsParam(k, params, paramCount)) subKind[k] = (subKind[k]! & 15) | SENS;
  paramCount = params;
  scopeSubs = outerSubs;
  scopeParams = outerParams;
}

/** T… and GV names (vtables, typeinfo, thunks, guard variables), at the top level. */
function specialName(returnTypes: boolean): boolean {
  const c = at(pos);
  const k = at(pos + 1);
  pos += 2;
  if (c === 71 /* G */) {
    if (k !== 86 /* V */) return false;
    putText(GUARD);
    methodQuals = 0;
    return name() && methodQuals === 0 && pos === end;
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
  methodQuals = 0;
  if (!name()) return false;
  const quals = methodQuals;
  if (paramsEnd(inner)) {
    paramsAt = -1;
    return quals === 0;
  }
  // c++filt prints a function template's return type first; mozilla's names
  // leave it out, and the printer's pack index stays as it was.
  const returnStart = op;
  if (fnHasReturn) {
    if (returnTypes && !inner) return false;
    const index = packIndex;
    if (!type() || paramsEnd(inner) || typeKind === FUNCTION || typeKind === FUNCTION_REF) return false;
    packIndex = index;
  }
  const returnEnd = op;
  // <bare-function-type>: one `v` alone is the empty list.
  const open = op;
  put(40);
  if (at(pos) === 118 /* v */ && (pos + 1 >= end || (inner && at(pos + 1) === 69))) pos++;
  else {
    let keep = op;
    let first = true;
    while (!paramsEnd(inner)) {
      if (at(pos) === 118 /* v */) return false;
      if (!first) putText(COMMA);
      const item = op;
      if (!type()) return false;
      if (op > item) keep = op;
      first = false;
    }
    trim(keep);
  }
  put(41);
  if (quals !== 0) putQuals(quals);
  if (returnEnd > returnStart) addCut(returnStart, returnEnd);
  paramsAt = open;
  return true;
}

/** A member function's qualifiers after its parameters: " const", " &", " &&". */
function putQuals(quals: number): void {
  if ((quals & 1) !== 0) putText(CONST);
  if (quals > 1) {
    put(32);
    putMod(quals & 2 ? 82 : 79);
  }
}

/** Where the parameter list of the encoding read last starts ("("), -1 for none. */
let paramsAt = -1;

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
  packTop = 0;
  packIndex = 0;
  expIdx = -1;
  packAt = -1;
  packMixed = -1;
  trimAt = -1;
  paramCount = 0;
  scopeSubs = 0;
  scopeParams = 0;
  inLambda = false;
  if (!encoding(false, returnTypes) || pos !== end || !isAscii(src, from, to)) return -1;
  // The cuts, in place from the first (one inside another goes with it).
  let w = 0;
  let r = 0;
  for (let k = 0; k < cutCount; k++) {
    const a = cuts[2 * k]!;
    if (a < r) continue;
    out.copyWithin(w, r, a);
    w += a - r;
    r = cuts[2 * k + 1]!;
  }
  if (r > 0) {
    out.copyWithin(w, r, op);
    op -= r - w;
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
