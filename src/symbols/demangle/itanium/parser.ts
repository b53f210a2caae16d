// Parses an Itanium-mangled name into a tree of Nodes. The grammar is the
// Itanium C++ ABI's; where the ABI leaves room (substitution candidates, GNU
// extensions, old-ABI workarounds) we follow what libiberty accepts, because
// c++filt is the reference for the printed result.
import { BP, K, Node, isFnQual } from './ast.js';
import { MAX_DEPTH, isDigit, isLower, isUpper } from './cursor.js';
import { ExprParser } from './expressions.js';
import { BFLOAT16, BUILTINS, D_BUILTINS, OPS, STD_SUBS } from './tables.js';

const ANON_NS = '(anonymous namespace)';

/** Names, types, template arguments and special names; see ExprParser for expressions. */
export class Parser extends ExprParser {
  constructor(str: string, bytes = false) {
    super(str, bytes);
  }

  // --- top level -------------------------------------------------------------

  /** <mangled-name> ::= _Z <encoding> [<clone-suffix>]* */
  mangledName(topLevel: boolean): Node | null {
    if (!this.check(95 /* _ */) && topLevel) return null;
    if (!this.check(90 /* Z */)) return null;
    let p = this.encoding(topLevel);
    if (topLevel && this.params) {
      while (p !== null && this.peek() === 46 /* . */) {
        const c = this.peekNext();
        if (!(isLower(c) || c === 95 || isDigit(c))) break;
        p = this.cloneSuffix(p);
      }
    }
    return p;
  }

  /** The name after `_GLOBAL__I_`: a mangled name, or else the text as is. */
  globalTarget(): Node | null {
    if (this.peek() === 95 && this.peekNext() === 90) {
      this.pos += 2;
      return this.encoding(false);
    }
    const s = this.str.slice(this.pos);
    this.pos = this.end;
    return s.length > 0 ? this.name(s) : null;
  }

  protected cloneSuffix(enc: Node): Node | null {
    const s = this.str;
    const start = this.pos;
    let p = start;
    const at = (i: number): number => (i < this.end ? s.charCodeAt(i) : 0);
    if (at(p) === 46 && (isLower(at(p + 1)) || isDigit(at(p + 1)) || at(p + 1) === 95)) {
      p += 2;
      while (isLower(at(p)) || isDigit(at(p)) || at(p) === 95) p++;
    }
    while (at(p) === 46 && isDigit(at(p + 1))) {
      p += 2;
      while (isDigit(at(p))) p++;
    }
    this.pos = p;
    return this.comp(K.Clone, enc, this.name(s.slice(start, p)));
  }

  protected hasReturnType(dc: Node | null): boolean {
    if (dc === null) return false;
    switch (dc.k) {
      case K.LocalName:
        return this.hasReturnType(dc.r);
      case K.Template:
        return !isCtorDtorConv(dc.l);
      default:
        return isFnQual(dc.k) ? this.hasReturnType(dc.l) : false;
    }
  }

  /** <encoding> ::= <name> <bare-function-type> | <name> | <special-name> */
  encoding(topLevel: boolean): Node | null {
    if (++this.depth > MAX_DEPTH) return null;
    const r = this.encodingInner(topLevel);
    this.depth--;
    return r;
  }

  protected encodingInner(topLevel: boolean): Node | null {
    {
      const peek = this.peek();
      if (peek === 71 /* G */ || peek === 84 /* T */) return this.specialName();
      let dc = this.nameProd(false);
      if (dc === null) return null;
      if (topLevel && !this.params) {
        while (isFnQual(dc.k)) {
          dc = dc.l;
          if (dc === null) return null;
        }
        if (dc.k === K.LocalName) {
          while (dc.r !== null && isFnQual(dc.r.k)) dc.r = dc.r.l;
          if (dc.r === null) return null;
        }
        return dc;
      }
      const c = this.peek();
      if (c !== 0 && c !== 69 /* E */) {
        const ftype = this.bareFunctionType(this.hasReturnType(dc));
        if (ftype === null) return null;
        // A nested local function's return type would read as the outer one's.
        if (!topLevel && dc.k === K.LocalName && ftype.k === K.FunctionType) ftype.l = null;
        dc = this.comp(K.TypedName, dc, ftype);
      }
      return dc;
    }
  }

  protected abiTags(dc: Node | null): Node | null {
    const hold = this.lastName;
    // Tags are consumed even after a failed name, as libiberty does; that
    // decides where an `sr` unresolved name resumes.
    while (this.peek() === 66 /* B */) {
      this.pos++;
      dc = this.comp(K.Tagged, dc, this.sourceName());
    }
    this.lastName = hold;
    return dc;
  }

  /** <name>; `substable` adds the result as a substitution candidate. */
  protected nameProd(substable: boolean): Node | null {
    if (++this.depth > MAX_DEPTH) return null;
    const r = this.nameInner(substable);
    this.depth--;
    return r;
  }

  protected nameInner(substable: boolean): Node | null {
    {
      const peek = this.peek();
      let dc: Node | null = null;
      let subst = false;
      switch (peek) {
        case 78 /* N */:
          dc = this.nestedName();
          break;
        case 90 /* Z */:
          dc = this.localName();
          break;
        case 85 /* U */:
          dc = this.unqualifiedName(null, null);
          break;
        default: {
          let module: Node | null = null;
          if (peek === 83 /* S */) {
            if (this.peekNext() === 116 /* t */) {
              this.pos += 2;
              dc = this.name('std');
            }
            if (this.peek() === 83) {
              module = this.substitution();
              if (module === null) return null;
              if (module.k !== K.ModuleName && module.k !== K.ModulePartition) {
                if (dc !== null) return null;
                subst = true;
                dc = module;
                module = null;
              }
            }
          }
          if (!subst) dc = this.unqualifiedName(dc, module);
          if (this.peek() === 73 /* I */) {
            // <unscoped-template-name> <template-args>: the name is a candidate.
            if (!subst && !this.addSub(dc)) return null;
            dc = this.comp(K.Template, dc, this.templateArgs());
            subst = false;
          }
        }
      }
      if (substable && !subst && !this.addSub(dc)) return null;
      return dc;
    }
  }

  /** N [<CV-qualifiers>] [<ref-qualifier>] <prefix> E */
  protected nestedName(): Node | null {
    if (!this.check(78 /* N */)) return null;
    const q = this.cvQualifiers(true);
    if (q === null) return null;
    const rqual = this.refQualifier(null);
    const p = this.prefix(true);
    if (p === null) return null;
    let ret: Node;
    if (q.tail !== null) {
      q.tail.l = p;
      ret = q.head!;
    } else ret = p;
    if (rqual !== null) {
      rqual.l = ret;
      ret = rqual;
    }
    if (!this.check(69 /* E */)) return null;
    return ret;
  }

  protected prefix(substable: boolean): Node | null {
    let ret: Node | null = null;
    for (;;) {
      const peek = this.peek();
      if (peek === 68 /* D */ && (this.peekNext() === 84 || this.peekNext() === 116)) {
        if (ret !== null) return null;
        ret = this.type();
      } else if (peek === 73 /* I */) {
        if (ret === null) return null;
        const args = this.templateArgs();
        if (args === null) return null;
        ret = this.comp(K.Template, ret, args);
      } else if (peek === 84 /* T */) {
        if (ret !== null) return null;
        ret = this.templateParam();
      } else if (peek === 77 /* M */) {
        // Initializer scope of a lambda: already a candidate, nothing to print.
        this.pos++;
        continue;
      } else {
        let module: Node | null = null;
        if (peek === 83 /* S */) {
          module = this.substitution();
          if (module === null) return null;
          if (module.k !== K.ModuleName && module.k !== K.ModulePartition) {
            if (ret !== null) return null;
            ret = module;
            continue;
          }
        }
        ret = this.unqualifiedName(ret, module);
      }
      if (ret === null) break;
      if (this.peek() === 69 /* E */) break;
      if (substable && !this.addSub(ret)) return null;
    }
    return ret;
  }

  protected maybeModuleName(module: Node | null): { ok: boolean; module: Node | null } {
    while (this.peek() === 87 /* W */) {
      this.pos++;
      let code = K.ModuleName;
      if (this.peek() === 80 /* P */) {
        code = K.ModulePartition;
        this.pos++;
      }
      module = this.comp(code, module, this.sourceName());
      if (module === null || !this.addSub(module)) return { ok: false, module: null };
    }
    return { ok: true, module };
  }

  protected unqualifiedName(scope: Node | null, module: Node | null): Node | null {
    if (this.peek() === 87 /* W */) {
      const m = this.maybeModuleName(module);
      if (!m.ok) return null;
      module = m.module;
    }
    const peek = this.peek();
    let ret: Node | null;
    if (isDigit(peek)) ret = this.sourceName();
    else if (isLower(peek)) {
      const wasExpr = this.isExpression;
      if (peek === 111 /* o */ && this.peekNext() === 110 /* n */) {
        this.pos += 2;
        // `on cv…` names a conversion operator, not a cast.
        this.isExpression = false;
      }
      ret = this.operatorName();
      this.isExpression = wasExpr;
      if (ret !== null && ret.k === K.Operator && ret.op!.code === 'li') {
        ret = this.comp(K.Unary, ret, this.sourceName());
      }
    } else if (peek === 68 /* D */ && this.peekNext() === 67 /* C */) {
      // Structured binding: DC <source-name>+ E
      this.pos += 2;
      let first: Node | null = null;
      let prev: Node | null = null;
      do {
        const nx = this.comp(K.StructuredBinding, this.sourceName(), null);
        if (nx === null) return null;
        if (prev !== null) prev.r = nx;
        else first = nx;
        prev = nx;
      } while (this.peek() !== 69 && this.peek() !== 0);
      if (!this.check(69)) return null;
      ret = first;
    } else if (peek === 67 /* C */ || peek === 68 /* D */) ret = this.ctorDtorName();
    else if (peek === 76 /* L */) {
      this.pos++;
      ret = this.sourceName();
      if (ret === null || !this.discriminator()) return null;
    } else if (peek === 85 /* U */) {
      const n = this.peekNext();
      if (n === 108 /* l */) ret = this.lambda();
      else if (n === 116 /* t */) ret = this.unnamedType();
      else return null;
    } else return null;

    if (module !== null) ret = this.comp(K.ModuleEntity, ret, module);
    if (this.peek() === 66 /* B */) ret = this.abiTags(ret);
    if (scope !== null) ret = this.comp(K.QualName, scope, ret);
    return ret;
  }

  protected sourceName(): Node | null {
    const len = this.number();
    if (len <= 0) return null;
    const ret = this.identifier(len);
    this.lastName = ret;
    return ret;
  }

  protected identifier(len: number): Node | null {
    const start = this.pos;
    if (this.end - start < len) return null;
    this.pos += len;
    const s = this.str;
    const b = this.buf;
    // GCC names the anonymous namespace _GLOBAL_[._$]N…
    if (len >= 10 && b[start] === 95 && b[start + 1] === 71 && s.startsWith('_GLOBAL_', start)) {
      const c = b[start + 8];
      if ((c === 46 || c === 95 || c === 36) && b[start + 9] === 78 /* N */) {
        return this.name(ANON_NS);
      }
    }
    return this.name(s.slice(start, start + len), b[start + len - 1]);
  }

  protected operatorName(): Node | null {
    const c1 = this.next();
    const c2 = this.next();
    if (c1 === 118 /* v */ && isDigit(c2)) {
      const nm = this.sourceName();
      if (nm === null) return null;
      return this.make(K.ExtendedOperator, nm, null, '', c2 - 48);
    }
    if (c1 === 99 /* c */ && c2 === 118 /* v */) {
      const wasConv = this.isConversion;
      this.isConversion = !this.isExpression;
      const t = this.type();
      const res = this.isConversion ? this.comp(K.Conversion, t, null) : this.comp(K.Cast, t, null);
      this.isConversion = wasConv;
      return res;
    }
    if (c1 >= 128 || c2 >= 128) return null;
    const op = OPS[(c1 << 7) | c2];
    if (op === undefined) return null;
    const n = this.make(K.Operator, null, null);
    if (n !== null) n.op = op;
    return n;
  }

  protected specialName(): Node | null {
    if (this.check(84 /* T */)) {
      switch (this.next()) {
        case 86 /* V */: return this.comp(K.VTable, this.type(), null);
        case 84 /* T */: return this.comp(K.VTT, this.type(), null);
        case 73 /* I */: return this.comp(K.TypeInfo, this.type(), null);
        case 83 /* S */: return this.comp(K.TypeInfoName, this.type(), null);
        case 104 /* h */:
          if (!this.callOffset(104)) return null;
          return this.comp(K.Thunk, this.encoding(false), null);
        case 118 /* v */:
          if (!this.callOffset(118)) return null;
          return this.comp(K.VirtualThunk, this.encoding(false), null);
        case 99 /* c */:
          if (!this.callOffset(0) || !this.callOffset(0)) return null;
          return this.comp(K.CovariantThunk, this.encoding(false), null);
        case 67 /* C */: {
          const derived = this.type();
          const offset = this.number();
          if (offset < 0 || !this.check(95)) return null;
          const base = this.type();
          return this.comp(K.ConstructionVTable, base, derived);
        }
        case 70 /* F */: return this.comp(K.TypeInfoFn, this.type(), null);
        case 74 /* J */: return this.comp(K.JavaClass, this.type(), null);
        case 72 /* H */: return this.comp(K.TlsInit, this.nameProd(false), null);
        case 87 /* W */: return this.comp(K.TlsWrapper, this.nameProd(false), null);
        case 65 /* A */: return this.comp(K.TParmObj, this.templateArg(), null);
        default: return null;
      }
    }
    if (this.check(71 /* G */)) {
      switch (this.next()) {
        case 86 /* V */: return this.comp(K.Guard, this.nameProd(false), null);
        case 82 /* R */: {
          const nm = this.nameProd(false);
          const num = this.make(K.Number, null, null, '', this.number());
          return this.comp(K.RefTemp, nm, num);
        }
        case 65 /* A */: return this.comp(K.HiddenAlias, this.encoding(false), null);
        case 73 /* I */: {
          const m = this.maybeModuleName(null);
          if (!m.ok || m.module === null) return null;
          return this.comp(K.ModuleInit, m.module, null);
        }
        case 84 /* T */:
          if (this.next() === 110 /* n */) return this.comp(K.NonTransactionClone, this.encoding(false), null);
          return this.comp(K.TransactionClone, this.encoding(false), null);
        case 114 /* r */: return this.javaResource();
        default: return null;
      }
    }
    return null;
  }

  protected javaResource(): Node | null {
    let len = this.number();
    if (len <= 1) return null;
    if (this.next() !== 95) return null;
    len--;
    let p: Node | null = null;
    while (len > 0) {
      let nx: Node | null;
      const c = this.peek();
      if (c === 0) return null;
      if (c === 36 /* $ */) {
        this.pos++;
        const e = this.next();
        const ch = e === 83 ? '/' : e === 95 ? '.' : e === 36 ? '$' : '';
        if (ch === '') return null;
        nx = this.make(K.Character, null, null, ch);
        len -= 2;
      } else {
        const start = this.pos;
        let i = 0;
        while (i < len && this.pos < this.end && this.str.charCodeAt(this.pos) !== 36) {
          this.pos++;
          i++;
        }
        nx = this.name(this.str.slice(start, this.pos));
        len -= i;
      }
      if (nx === null) return null;
      p = p === null ? nx : this.comp(K.CompoundName, p, nx);
      if (p === null) return null;
    }
    return this.comp(K.JavaResource, p, null);
  }

  protected callOffset(c: number): boolean {
    if (c === 0) c = this.next();
    if (c === 104 /* h */) this.number();
    else if (c === 118 /* v */) {
      this.number();
      if (!this.check(95)) return false;
      this.number();
    } else return false;
    return this.check(95);
  }

  protected ctorDtorName(): Node | null {
    const peek = this.peek();
    if (peek === 67 /* C */) {
      let inheriting = false;
      if (this.peekNext() === 73 /* I */) {
        inheriting = true;
        this.pos++;
      }
      const k = this.peekNext();
      if (k < 49 || k > 53) return null;
      this.pos += 2;
      if (inheriting) this.type();
      if (this.lastName === null) return null;
      return this.make(K.Ctor, this.lastName, null, '', k - 48);
    }
    if (peek === 68 /* D */) {
      const k = this.peekNext();
      if (!(k === 48 || k === 49 || k === 50 || k === 52 || k === 53)) return null;
      this.pos += 2;
      if (this.lastName === null) return null;
      return this.make(K.Dtor, this.lastName, null, '', k - 48);
    }
    return null;
  }

  protected nextIsTypeQual(): boolean {
    const peek = this.peek();
    if (peek === 114 /* r */ || peek === 86 /* V */ || peek === 75 /* K */) return true;
    if (peek === 68 /* D */) {
      const n = this.peekNext();
      return n === 120 || n === 111 || n === 79 || n === 119; // x o O w
    }
    return false;
  }

  // --- types -----------------------------------------------------------------

  // Depth is counted without try/finally so these wrappers stay small enough
  // to inline; an exception abandons the whole parse anyway.
  type(): Node | null {
    if (++this.depth > MAX_DEPTH) return null;
    const r = this.typeInner();
    this.depth--;
    return r;
  }

  protected typeInner(): Node | null {
    if (this.nextIsTypeQual()) {
      const q = this.cvQualifiers(false);
      if (q === null) return null;
      let inner: Node | null;
      // cv-qualifiers before a function type apply to `this`; the
      // unqualified function type is not a substitution candidate.
      if (this.peek() === 70 /* F */) inner = this.functionType();
      else inner = this.type();
      if (inner === null) return null;
      let ret = q.head!;
      q.tail!.l = inner;
      if (inner.k === K.RvalueReferenceThis || inner.k === K.ReferenceThis) {
        // Print the ref-qualifier after the cv-qualifiers.
        const fn = inner.l;
        inner.l = ret;
        ret = inner;
        q.tail!.l = fn;
      }
      if (!this.addSub(ret)) return null;
      return ret;
    }

    let canSubst = true;
    let ret: Node | null;
    const peek = this.peek();
    switch (peek) {
      case 97: case 98: case 99: case 100: case 101: case 102: case 103: case 104: case 105:
      case 106: case 108: case 109: case 110: case 111: case 115: case 116: case 118: case 119:
      case 120: case 121: case 122: {
        const bi = BUILTINS[peek - 97]!;
        ret = this.make(K.Builtin, null, null, bi.name, bi.print);
        canSubst = false;
        this.pos++;
        break;
      }
      case 117 /* u */:
        this.pos++;
        ret = this.comp(K.VendorType, this.sourceName(), null);
        break;
      case 70 /* F */:
        ret = this.functionType();
        break;
      case 65 /* A */:
        ret = this.arrayType();
        break;
      case 77 /* M */:
        ret = this.ptrMemType();
        break;
      case 84 /* T */:
        ret = this.templateParam();
        if (this.peek() === 73 /* I */) {
          if (!this.isConversion) {
            if (!this.addSub(ret)) return null;
            ret = this.comp(K.Template, ret, this.templateArgs());
          } else {
            // In a conversion operator's type the args may belong to the
            // operator instead; take them only if another arg list follows.
            const savePos = this.pos;
            const saveComps = this.comps;
            const saveSubs = this.subs.length;
            const args = this.templateArgs();
            if (this.peek() === 73) {
              if (!this.addSub(ret)) return null;
              ret = this.comp(K.Template, ret, args);
            } else {
              this.pos = savePos;
              this.comps = saveComps;
              this.subs.length = saveSubs;
            }
          }
        }
        break;
      case 79 /* O */:
        this.pos++;
        ret = this.comp(K.RvalueReference, this.type(), null);
        break;
      case 80 /* P */:
        this.pos++;
        ret = this.comp(K.Pointer, this.type(), null);
        break;
      case 82 /* R */:
        this.pos++;
        ret = this.comp(K.Reference, this.type(), null);
        break;
      case 67 /* C */:
        this.pos++;
        ret = this.comp(K.Complex, this.type(), null);
        break;
      case 71 /* G */:
        this.pos++;
        ret = this.comp(K.Imaginary, this.type(), null);
        break;
      case 85 /* U */: {
        this.pos++;
        let q = this.sourceName();
        if (this.peek() === 73) q = this.comp(K.Template, q, this.templateArgs());
        ret = this.comp(K.VendorTypeQual, this.type(), q);
        break;
      }
      case 68 /* D */: {
        canSubst = false;
        this.pos++;
        const c = this.next();
        switch (c) {
          case 84 /* T */: case 116 /* t */:
            ret = this.comp(K.Decltype, this.expression(), null);
            if (ret !== null && this.next() !== 69) ret = null;
            canSubst = true;
            break;
          case 112 /* p */:
            ret = this.comp(K.PackExpansion, this.type(), null);
            canSubst = true;
            break;
          case 97 /* a */:
            ret = this.name('auto');
            break;
          case 99 /* c */:
            ret = this.name('decltype(auto)');
            break;
          case 70 /* F */: {
            const arg = this.number();
            if (this.peek() === 98 /* b */) {
              if (arg !== 16) return null;
              this.pos++;
              ret = this.make(K.Builtin, null, null, BFLOAT16.name, BFLOAT16.print);
              break;
            }
            const x = this.peek() === 120 /* x */;
            if (!x && this.peek() !== 95) return null;
            this.pos++;
            // libiberty keeps the width in a short.
            ret = this.make(K.ExtBuiltin, null, null, '_Float' + ((arg << 16) >> 16) + (x ? 'x' : ''), BP.Float);
            break;
          }
          case 118 /* v */:
            ret = this.vectorType();
            canSubst = true;
            break;
          default: {
            const bi = c < 128 ? D_BUILTINS[c] : undefined;
            if (bi === undefined) return null;
            ret = this.make(K.Builtin, null, null, bi.name, bi.print);
          }
        }
        break;
      }
      default:
        return this.nameProd(true);
    }
    if (canSubst && !this.addSub(ret)) return null;
    return ret;
  }

  /** <CV-qualifiers>: a chain of qualifier nodes linked through `l`. */
  protected cvQualifiers(memberFn: boolean): { head: Node | null; tail: Node | null } | null {
    let head: Node | null = null;
    let tail: Node | null = null;
    let peek = this.peek();
    while (this.nextIsTypeQual()) {
      let right: Node | null = null;
      let t: K;
      this.pos++;
      if (peek === 114) t = memberFn ? K.RestrictThis : K.Restrict;
      else if (peek === 86) t = memberFn ? K.VolatileThis : K.Volatile;
      else if (peek === 75) t = memberFn ? K.ConstThis : K.Const;
      else {
        const c = this.next();
        if (c === 120 /* x */) t = K.TransactionSafe;
        else if (c === 111 || c === 79) {
          t = K.Noexcept;
          if (c === 79) {
            right = this.expression();
            if (right === null || !this.check(69)) return null;
          }
        } else if (c === 119 /* w */) {
          t = K.ThrowSpec;
          right = this.parmlist();
          if (right === null || !this.check(69)) return null;
        } else return null;
      }
      const n = this.comp(t, null, right);
      if (n === null) return null;
      if (tail === null) head = n;
      else tail.l = n;
      tail = n;
      peek = this.peek();
    }
    if (!memberFn && peek === 70 /* F */) {
      for (let q = head; q !== null; q = q === tail ? null : q.l) {
        if (q.k === K.Restrict) q.k = K.RestrictThis;
        else if (q.k === K.Volatile) q.k = K.VolatileThis;
        else if (q.k === K.Const) q.k = K.ConstThis;
      }
    }
    return { head, tail };
  }

  protected refQualifier(sub: Node | null): Node | null {
    const peek = this.peek();
    if (peek === 82 /* R */ || peek === 79 /* O */) {
      this.pos++;
      return this.make(peek === 82 ? K.ReferenceThis : K.RvalueReferenceThis, sub, null);
    }
    return sub;
  }

  protected functionType(): Node | null {
    if (this.depth >= MAX_DEPTH || !this.check(70 /* F */)) return null;
    if (this.peek() === 89 /* Y */) this.pos++;
    this.depth++;
    let ret = this.bareFunctionType(true);
    ret = this.refQualifier(ret);
    this.depth--;
    if (!this.check(69)) return null;
    return ret;
  }

  protected parmlist(): Node | null {
    let head: Node | null = null;
    let tail: Node | null = null;
    for (;;) {
      const peek = this.peek();
      if (peek === 0 || peek === 69 /* E */ || peek === 46 /* . */) break;
      // A function ref-qualifier, not a reference parameter.
      if ((peek === 82 || peek === 79) && this.peekNext() === 69) break;
      const t = this.type();
      if (t === null) return null;
      const n = this.comp(K.ArgList, t, null);
      if (n === null) return null;
      if (tail === null) head = n;
      else tail.r = n;
      tail = n;
    }
    if (head === null) return null;
    // A lone `void` parameter means no parameters.
    if (head.r === null && head.l!.k === K.Builtin && head.l!.n === BP.Void) head.l = null;
    return head;
  }

  protected bareFunctionType(hasReturnType: boolean): Node | null {
    if (this.peek() === 74 /* J */) {
      this.pos++;
      hasReturnType = true;
    }
    let rt: Node | null = null;
    if (hasReturnType) {
      rt = this.type();
      if (rt === null) return null;
    }
    const tl = this.parmlist();
    if (tl === null) return null;
    return this.comp(K.FunctionType, rt, tl);
  }

  protected arrayType(): Node | null {
    if (!this.check(65 /* A */)) return null;
    const peek = this.peek();
    let dim: Node | null;
    if (peek === 95) dim = null;
    else if (isDigit(peek)) {
      const start = this.pos;
      while (isDigit(this.peek())) this.pos++;
      dim = this.name(this.str.slice(start, this.pos));
      if (dim === null) return null;
    } else {
      dim = this.expression();
      if (dim === null) return null;
    }
    if (!this.check(95)) return null;
    return this.comp(K.ArrayType, dim, this.type());
  }

  protected vectorType(): Node | null {
    let dim: Node | null;
    if (this.peek() === 95) {
      this.pos++;
      dim = this.expression();
    } else dim = this.make(K.Number, null, null, '', this.number());
    if (dim === null || !this.check(95)) return null;
    return this.comp(K.VectorType, dim, this.type());
  }

  protected ptrMemType(): Node | null {
    if (!this.check(77 /* M */)) return null;
    const cl = this.type();
    if (cl === null) return null;
    const mem = this.type();
    if (mem === null) return null;
    return this.comp(K.PtrMemType, cl, mem);
  }

  protected templateParam(): Node | null {
    if (!this.check(84 /* T */)) return null;
    const param = this.compactNumber();
    if (param < 0) return null;
    return this.make(K.TemplateParam, null, null, '', param);
  }

  templateArgs(): Node | null {
    const c = this.peek();
    if (c !== 73 /* I */ && c !== 74 /* J */) return null;
    this.pos++;
    // Argument packs nest (I I I …), so this recursion is counted too.
    if (++this.depth > MAX_DEPTH) return null;
    const r = this.templateArgs1();
    this.depth--;
    return r;
  }

  protected templateArgs1(): Node | null {
    // Template args must not change which name a later ctor/dtor refers to.
    const hold = this.lastName;
    if (this.peek() === 69 /* E */) {
      this.pos++;
      return this.comp(K.TemplateArgList, null, null);
    }
    let head: Node | null = null;
    let tail: Node | null = null;
    for (;;) {
      const a = this.templateArg();
      if (a === null) return null;
      const n = this.comp(K.TemplateArgList, a, null);
      if (n === null) return null;
      if (tail === null) head = n;
      else tail.r = n;
      tail = n;
      if (this.peek() === 69) {
        this.pos++;
        break;
      }
    }
    this.lastName = hold;
    return head;
  }

  protected templateArg(): Node | null {
    switch (this.peek()) {
      case 88 /* X */: {
        this.pos++;
        const ret = this.expression();
        if (!this.check(69)) return null;
        return ret;
      }
      case 76 /* L */:
        return this.exprPrimary();
      case 73: case 74:
        return this.templateArgs();
      default:
        return this.type();
    }
  }

  protected localName(): Node | null {
    if (!this.check(90 /* Z */)) return null;
    const fn = this.encoding(false);
    if (fn === null || !this.check(69)) return null;
    let name: Node | null;
    if (this.peek() === 115 /* s */) {
      this.pos++;
      if (!this.discriminator()) return null;
      name = this.name('string literal');
    } else {
      let num = -1;
      if (this.peek() === 100 /* d */) {
        this.pos++;
        num = this.compactNumber();
        if (num < 0) return null;
      }
      name = this.nameProd(false);
      // Lambdas and unnamed types carry their own discriminators.
      if (name !== null && name.k !== K.Lambda && name.k !== K.UnnamedType && !this.discriminator()) return null;
      if (num >= 0) name = name === null ? null : this.make(K.DefaultArg, name, null, '', num);
    }
    // The enclosing function's return type would read as this entity's.
    if (fn.k === K.TypedName && fn.r !== null && fn.r.k === K.FunctionType) fn.r.l = null;
    return this.comp(K.LocalName, fn, name);
  }

  protected discriminator(): boolean {
    if (this.peek() !== 95) return true;
    this.pos++;
    let under = 1;
    if (this.peek() === 95) {
      under++;
      this.pos++;
    }
    const d = this.number();
    if (d < 0) return false;
    if (under > 1 && d >= 10) return this.check(95);
    return true;
  }

  /** <template-param-decl> of a lambda's template head. */
  protected templateParmDecl(bad: { v: boolean }): Node | null {
    if (this.peek() !== 84 /* T */) return null;
    if (this.depth >= MAX_DEPTH) {
      bad.v = true;
      return null;
    }
    let op: Node | null;
    let kind: K;
    switch (this.peekNext()) {
      case 112 /* p */:
        this.pos += 2;
        this.depth++;
        op = this.templateParmDecl(bad);
        this.depth--;
        kind = K.TemplatePackParm;
        if (op === null) {
          bad.v = true;
          return null;
        }
        break;
      case 121 /* y */:
        this.pos += 2;
        op = null;
        kind = K.TemplateTypeParm;
        break;
      case 110 /* n */:
        this.pos += 2;
        op = this.type();
        kind = K.TemplateNonTypeParm;
        if (op === null) {
          bad.v = true;
          return null;
        }
        break;
      case 116 /* t */:
        this.pos += 2;
        op = this.templateHead(bad);
        kind = K.TemplateTemplateParm;
        if (op === null || !this.check(69)) {
          bad.v = true;
          return null;
        }
        break;
      default:
        return null;
    }
    return this.comp(kind, op, null);
  }

  protected templateHead(bad: { v: boolean }): Node | null {
    if (this.depth >= MAX_DEPTH) {
      bad.v = true;
      return null;
    }
    this.depth++;
    {
      let head: Node | null = null;
      let tail: Node | null = null;
      for (;;) {
        const op = this.templateParmDecl(bad);
        if (op === null) break;
        if (tail === null) head = op;
        else tail.r = op;
        tail = op;
      }
      this.depth--;
      return head === null ? null : this.comp(K.TemplateHead, head, null);
    }
  }

  protected lambda(): Node | null {
    if (!this.check(85) || !this.check(108)) return null;
    const bad = { v: false };
    const head = this.templateHead(bad);
    if (bad.v) return null;
    let tl = this.parmlist();
    if (tl === null) return null;
    if (head !== null) {
      head.r = tl;
      tl = head;
    }
    if (!this.check(69)) return null;
    const num = this.compactNumber();
    if (num < 0) return null;
    return this.make(K.Lambda, tl, null, '', num);
  }

  protected unnamedType(): Node | null {
    if (!this.check(85) || !this.check(116)) return null;
    const num = this.compactNumber();
    if (num < 0) return null;
    const ret = this.make(K.UnnamedType, null, null, '', num);
    if (!this.addSub(ret)) return null;
    return ret;
  }

  /**
   * <substitution>. c++filt runs verbose, so a standard abbreviation prints
   * in full whether or not it prefixes a constructor name.
   */
  protected substitution(): Node | null {
    if (!this.check(83 /* S */)) return null;
    let c = this.next();
    if (c === 95 || isDigit(c) || isUpper(c)) {
      let id = 0;
      if (c !== 95) {
        do {
          let nid: number;
          // 32-bit unsigned arithmetic with libiberty's wrap-around check: where
          // it gives up decides where parsing resumes in contexts that ignore
          // the result (inheriting constructors).
          if (isDigit(c)) nid = (id * 36 + c - 48) >>> 0;
          else if (isUpper(c)) nid = (id * 36 + c - 55) >>> 0;
          else return null;
          if (nid < id) return null;
          id = nid;
          c = this.next();
        } while (c !== 95);
        id++;
      }
      if (id >= this.subs.length) return null;
      return this.subs[id]!;
    }
    const std = c < 128 ? STD_SUBS[c] : undefined;
    if (std === undefined) return null;
    if (std.lastName !== null) this.lastName = this.make(K.SubStd, null, null, std.lastName);
    let dc = this.make(K.SubStd, null, null, std.text);
    if (this.peek() === 66 /* B */) {
      // ABI tags on an abbreviation make it a substitution candidate.
      dc = this.abiTags(dc);
      if (!this.addSub(dc)) return null;
    }
    return dc;
  }
}

export function isCtorDtorConv(dc: Node | null): boolean {
  while (dc !== null) {
    switch (dc.k) {
      case K.QualName:
      case K.LocalName:
        dc = dc.r;
        continue;
      case K.Ctor:
      case K.Dtor:
      case K.Conversion:
        return true;
      default:
        return false;
    }
  }
  return false;
}
