// The parser's state and low-level reading: the cursor over the mangled
// string, node construction with libiberty's null propagation, substitution
// candidates, numbers. The grammar lives in the subclasses (expressions.ts,
// parser.ts); the abstract methods are the productions each layer needs from
// the other.
import { K, Node } from './ast.js';

/** Nesting cap for recursive productions (types, names, expressions). */
export const MAX_DEPTH = 512;

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isUpper = (c: number): boolean => c >= 65 && c <= 90;
export const isLower = (c: number): boolean => c >= 97 && c <= 122;

/** Which children a node kind needs (1 left, 2 right), as in libiberty's d_make_comp. */
const REQUIRED: Uint8Array = (() => {
  const t = new Uint8Array(K.TemplatePackParm + 1).fill(1);
  for (const k of [K.QualName, K.LocalName, K.TypedName, K.Tagged, K.Template, K.ConstructionVTable,
    K.VendorTypeQual, K.PtrMemType, K.Unary, K.Binary, K.BinaryArgs, K.Trinary, K.TrinaryArg1, K.Literal,
    K.LiteralNeg, K.VendorExpr, K.CompoundName, K.VectorType, K.Clone, K.ModuleEntity]) t[k] = 3;
  for (const k of [K.ArrayType, K.InitializerList, K.ModuleName, K.ModulePartition]) t[k] = 2;
  for (const k of [K.FunctionType, K.Restrict, K.Volatile, K.Const, K.ArgList, K.TemplateArgList,
    K.TemplateTypeParm, K.RestrictThis, K.VolatileThis, K.ConstThis, K.ReferenceThis, K.RvalueReferenceThis,
    K.TransactionSafe, K.Noexcept, K.ThrowSpec]) t[k] = 0;
  return t;
})();

/**
 * The input as bytes, shared by all parsers (one parse runs at a time): a
 * typed-array load is cheaper than charCodeAt on the sliced or cons strings
 * names usually are. Two zero bytes follow the input, so peeking one past the
 * end reads the terminator.
 */
let scratch = new Uint8Array(1024);
const encoder = new TextEncoder();

export abstract class Cursor {
  pos = 0;
  protected readonly end: number;
  protected readonly subs: Node[] = [];
  protected comps = 0;
  protected readonly maxComps: number;
  protected readonly maxSubs: number;
  protected lastName: Node | null = null;
  protected isExpression = false;
  protected isConversion = false;
  protected depth = 0;
  /** libiberty's unresolved_name_state: 1 try the new `sr` syntax, -1 tried it, 0 don't. */
  unresolvedState = 1;
  params = true;

  protected readonly buf: Uint8Array;
  /** False when a non-ASCII char was seen in a text input (callers redo it as bytes). */
  readonly ascii: boolean;

  /** @param bytes the input is a byte string (every char one byte, some above 0x7f). */
  constructor(protected readonly str: string, bytes: boolean) {
    const n = str.length;
    if (scratch.length < n + 2) scratch = new Uint8Array(Math.max(n + 2, scratch.length * 2));
    const buf = scratch;
    // One native call; UTF-8 needs more bytes than chars exactly when a char
    // is not ASCII.
    const r = encoder.encodeInto(str, buf);
    let ascii = r.read === n && r.written === n;
    if (!ascii && bytes) {
      // A byte string (chars 0-0xff) from the caller's UTF-8 re-encoding.
      for (let i = 0; i < n; i++) buf[i] = str.charCodeAt(i);
      ascii = true;
    }
    buf[n] = 0;
    buf[n + 1] = 0;
    this.buf = buf;
    this.ascii = ascii;
    this.end = n;
    // Same bounds as libiberty: no more nodes than twice the input, no more
    // substitutions than input characters; together they bound the work.
    this.maxComps = 2 * str.length + 16;
    this.maxSubs = str.length;
  }

  // --- low-level helpers ---------------------------------------------------

  // pos never passes end, so these read the input or its zero terminator.
  protected peek(): number {
    return this.buf[this.pos]!;
  }
  protected peekNext(): number {
    return this.buf[this.pos + 1]!;
  }
  protected next(): number {
    if (this.pos >= this.end) return 0;
    return this.buf[this.pos++]!;
  }
  protected check(c: number): boolean {
    if (this.peek() === c) {
      this.pos++;
      return true;
    }
    return false;
  }
  atEnd(): boolean {
    return this.pos >= this.end;
  }

  protected make(k: K, l: Node | null, r: Node | null, s = '', n = 0): Node | null {
    if (this.comps >= this.maxComps) return null;
    this.comps++;
    return new Node(k, l, r, s, n, null);
  }

  /** d_make_comp: builds a node, failing when a required child is missing. */
  protected comp(k: K, l: Node | null, r: Node | null): Node | null {
    const req = REQUIRED[k]!;
    if (((req & 1) !== 0 && l === null) || ((req & 2) !== 0 && r === null)) return null;
    return this.make(k, l, r);
  }

  /** A Name node; `n` keeps its last char code, the printer's spacing needs it. */
  protected name(s: string, last = s.charCodeAt(s.length - 1)): Node | null {
    return this.make(K.Name, null, null, s, last);
  }

  protected addSub(n: Node | null): boolean {
    if (n === null || this.subs.length >= this.maxSubs) return false;
    this.subs.push(n);
    return true;
  }

  /** number ::= [n] <decimal>; -1 on overflow like libiberty's int. */
  protected number(): number {
    let neg = false;
    let c = this.peek();
    if (c === 110 /* n */) {
      neg = true;
      this.pos++;
      c = this.peek();
    }
    let v = 0;
    while (isDigit(c)) {
      // int overflow as in libiberty (which then reports an error).
      if (v >= 214748364 && (v > 214748364 || c > 55)) return -1;
      v = v * 10 + (c - 48);
      this.pos++;
      c = this.peek();
    }
    return neg ? -v : v;
  }

  /** <non-negative number> _ , returning value + 1 (or 0 for a bare `_`); -1 on error. */
  protected compactNumber(): number {
    let num: number;
    const c = this.peek();
    if (c === 95 /* _ */) num = 0;
    else if (c === 110 /* n */) return -1;
    else num = this.number() + 1;
    if (num < 0 || !this.check(95)) return -1;
    return num;
  }

  // Productions defined by the subclasses.
  abstract mangledName(topLevel: boolean): Node | null;
  abstract type(): Node | null;
  abstract templateArgs(): Node | null;
  protected abstract templateArgs1(): Node | null;
  protected abstract templateParam(): Node | null;
  protected abstract prefix(substable: boolean): Node | null;
  protected abstract unqualifiedName(scope: Node | null, module: Node | null): Node | null;
  protected abstract sourceName(): Node | null;
  protected abstract operatorName(): Node | null;
}
