// Prints a parsed tree the way GNU c++filt does. Declarator syntax needs
// "modifiers" (pointers, references, cv, function and array types) to be
// printed around the name, so they are passed down a linked list and printed
// by whoever reaches the innermost position, as in libiberty.
import { K, Node, isFnQual } from './ast.js';
import { ExprPrinter } from './print-expr.js';
import { MAX_OUTPUT, MAX_PRINT_DEPTH, MAX_STEPS, type Mod, type Tpl } from './print-state.js';

export { MAX_OUTPUT } from './print-state.js';

export class Printer extends ExprPrinter {
  // --- the walk --------------------------------------------------------------

  print(dc: Node | null): void {
    if (dc === null || dc.p > 1 || this.depth > MAX_PRINT_DEPTH || ++this.steps > MAX_STEPS) {
      this.failed = true;
      return;
    }
    if (this.failed) return;
    const k = dc.k;
    // Leaves need no guard bookkeeping: they cannot contain themselves.
    if (k === K.Name) {
      this.out += dc.s;
      this.last = dc.n;
      if (this.out.length > MAX_OUTPUT) this.failed = true;
      return;
    }
    if (k === K.Builtin || k === K.SubStd) {
      this.add(dc.s);
      return;
    }
    dc.p++;
    this.depth++;
    // The commonest composites are handled here, sparing a dispatch through
    // the large switch; they match the cases in printInner.
    if (k === K.TemplateArgList || k === K.ArgList) this.printList(dc);
    else if (k === K.QualName && dc.r !== null && dc.r.k !== K.DefaultArg) {
      this.print(dc.l);
      this.out += '::';
      this.last = 58;
      this.print(dc.r);
    } else this.printInner(dc);
    this.depth--;
    dc.p--;
  }

  private printList(dc: Node): void {
    if (dc.l !== null) this.print(dc.l);
    if (dc.r !== null) {
      this.add(', ');
      const len = this.out.length;
      this.print(dc.r);
      // Nothing printed (an empty pack): take the comma back. Like
      // libiberty, the remembered last character stays the space, so a
      // following '>' is not separated: `Local<Value>>`.
      if (this.out.length === len) this.out = this.out.slice(0, -2);
    }
  }

  protected printInner(dc: Node): void {
    switch (dc.k) {
      case K.Name:
        this.add(dc.s);
        return;
      case K.Tagged:
        this.print(dc.l);
        this.add('[abi:');
        this.print(dc.r);
        this.addChar(']');
        return;
      case K.StructuredBinding: {
        this.addChar('[');
        let d: Node | null = dc;
        for (;;) {
          this.print(d.l);
          d = d.r;
          if (d === null) break;
          this.add(', ');
        }
        this.addChar(']');
        return;
      }
      case K.ModuleEntity:
        this.print(dc.l);
        this.addChar('@');
        this.print(dc.r);
        return;
      case K.ModuleName:
      case K.ModulePartition:
        if (dc.l !== null) this.print(dc.l);
        if (dc.k === K.ModulePartition) this.addChar(':');
        else if (dc.l !== null) this.addChar('.');
        this.print(dc.r);
        return;
      case K.QualName:
      case K.LocalName: {
        this.print(dc.l);
        this.add('::');
        let local = dc.r;
        if (local !== null && local.k === K.DefaultArg) {
          this.add('{default arg#' + (local.n + 1) + '}::');
          local = local.l;
        }
        this.print(local);
        return;
      }
      case K.TypedName:
        this.printTypedName(dc);
        return;
      case K.Template: {
        const holdCurrent = this.currentTemplate;
        this.currentTemplate = dc;
        // Modifiers must not leak into template arguments.
        const holdMods = this.modifiers;
        this.modifiers = null;
        this.print(dc.l);
        if (this.last === 60 /* < */) this.addChar(' ');
        this.addChar('<');
        this.print(dc.r);
        if (this.last === 62 /* > */) this.addChar(' ');
        this.addChar('>');
        this.modifiers = holdMods;
        this.currentTemplate = holdCurrent;
        return;
      }
      case K.TemplateParam:
        this.printTemplateParam(dc);
        return;
      case K.TParmObj:
        this.add('template parameter object for ');
        this.print(dc.l);
        return;
      case K.Ctor:
        this.print(dc.l);
        return;
      case K.Dtor:
        this.addChar('~');
        this.print(dc.l);
        return;
      case K.ModuleInit: this.prefixed('initializer for module ', dc.l); return;
      case K.VTable: this.prefixed('vtable for ', dc.l); return;
      case K.VTT: this.prefixed('VTT for ', dc.l); return;
      case K.ConstructionVTable:
        this.add('construction vtable for ');
        this.print(dc.l);
        this.add('-in-');
        this.print(dc.r);
        return;
      case K.TypeInfo: this.prefixed('typeinfo for ', dc.l); return;
      case K.TypeInfoName: this.prefixed('typeinfo name for ', dc.l); return;
      case K.TypeInfoFn: this.prefixed('typeinfo fn for ', dc.l); return;
      case K.Thunk: this.prefixed('non-virtual thunk to ', dc.l); return;
      case K.VirtualThunk: this.prefixed('virtual thunk to ', dc.l); return;
      case K.CovariantThunk: this.prefixed('covariant return thunk to ', dc.l); return;
      case K.JavaClass: this.prefixed('java Class for ', dc.l); return;
      case K.Guard: this.prefixed('guard variable for ', dc.l); return;
      case K.TlsInit: this.prefixed('TLS init function for ', dc.l); return;
      case K.TlsWrapper: this.prefixed('TLS wrapper function for ', dc.l); return;
      case K.RefTemp:
        this.add('reference temporary #');
        this.print(dc.r);
        this.add(' for ');
        this.print(dc.l);
        return;
      case K.HiddenAlias: this.prefixed('hidden alias for ', dc.l); return;
      case K.TransactionClone: this.prefixed('transaction clone for ', dc.l); return;
      case K.NonTransactionClone: this.prefixed('non-transaction clone for ', dc.l); return;
      case K.SubStd:
        this.add(dc.s);
        return;
      case K.Restrict:
      case K.Volatile:
      case K.Const: {
        // Arrays can push the same qualifier twice; print it once.
        for (let m = this.modifiers; m !== null; m = m.next) {
          if (!m.printed) {
            const mk = m.mod.k;
            if (mk !== K.Restrict && mk !== K.Volatile && mk !== K.Const) break;
            if (mk === dc.k) {
              this.print(dc.l);
              return;
            }
          }
        }
        this.printModifier(dc, null, false, null);
        return;
      }
      case K.Reference:
      case K.RvalueReference:
        this.printReference(dc);
        return;
      case K.VendorTypeQual: case K.Pointer: case K.Complex: case K.Imaginary:
      case K.RestrictThis: case K.VolatileThis: case K.ConstThis: case K.ReferenceThis:
      case K.RvalueReferenceThis: case K.TransactionSafe: case K.Noexcept: case K.ThrowSpec:
        this.printModifier(dc, null, false, null);
        return;
      case K.Builtin:
      case K.ExtBuiltin:
        this.add(dc.s);
        return;
      case K.VendorType:
        this.print(dc.l);
        return;
      case K.FunctionType:
        this.printFunctionTypeNode(dc);
        return;
      case K.ArrayType:
        this.printArrayNode(dc);
        return;
      case K.PtrMemType:
      case K.VectorType: {
        const m: Mod = { next: this.modifiers, mod: dc, printed: false, templates: this.templates };
        this.modifiers = m;
        this.print(dc.r);
        if (!m.printed) this.printMod(dc);
        this.modifiers = m.next;
        return;
      }
      case K.FixedType:
        // Not produced by this parser (DF<n>_ is _FloatN); kept for completeness.
        this.failed = true;
        return;
      case K.ArgList:
      case K.TemplateArgList:
        this.printList(dc);
        return;
      case K.InitializerList:
        if (dc.l !== null) this.print(dc.l);
        this.addChar('{');
        this.print(dc.r);
        this.addChar('}');
        return;
      case K.Operator: {
        const name = dc.op!.name;
        this.add('operator');
        const c = name.charCodeAt(0);
        if (c >= 97 && c <= 122) this.addChar(' ');
        this.add(name.endsWith(' ') ? name.slice(0, -1) : name);
        return;
      }
      case K.ExtendedOperator:
        this.add('operator ');
        this.print(dc.l);
        return;
      case K.Conversion:
        this.add('operator ');
        this.printConversion(dc);
        return;
      case K.Nullary:
        this.exprOp(dc.l!);
        return;
      case K.Unary:
        this.printUnary(dc);
        return;
      case K.Binary:
        this.printBinary(dc);
        return;
      case K.Trinary:
        this.printTrinary(dc);
        return;
      case K.Literal:
      case K.LiteralNeg:
        this.printLiteral(dc);
        return;
      case K.VendorExpr:
        this.print(dc.l);
        this.addChar('(');
        this.print(dc.r);
        this.addChar(')');
        return;
      case K.Number:
        this.add(String(dc.n));
        return;
      case K.JavaResource:
        this.prefixed('java resource ', dc.l);
        return;
      case K.CompoundName:
        this.print(dc.l);
        this.print(dc.r);
        return;
      case K.Character:
        this.add(dc.s);
        return;
      case K.Decltype:
        this.add('decltype (');
        this.print(dc.l);
        this.addChar(')');
        return;
      case K.PackExpansion: {
        const a = this.lambdaTplParms === 0 ? this.findPack(dc.l) : null;
        if (a === null) {
          // Only function parameter packs involved: print the pattern and "...".
          this.subexpr(dc.l);
          this.add('...');
          return;
        }
        const len = this.packLength(a);
        for (let i = 0; i < len; i++) {
          if (i > 0) this.add(', ');
          this.packIndex = i;
          this.print(dc.l);
        }
        return;
      }
      case K.FunctionParam:
        this.add(dc.n === 0 ? 'this' : '{parm#' + dc.n + '}');
        return;
      case K.GlobalCtors: this.prefixed('global constructors keyed to ', dc.l); return;
      case K.GlobalDtors: this.prefixed('global destructors keyed to ', dc.l); return;
      case K.Lambda:
        this.printLambda(dc);
        return;
      case K.UnnamedType:
        this.add('{unnamed type#' + (dc.n + 1) + '}');
        return;
      case K.Clone:
        this.print(dc.l);
        this.add(' [clone ');
        this.print(dc.r);
        this.addChar(']');
        return;
      case K.TemplateHead: {
        this.addChar('<');
        let count = 0;
        for (let p = dc.l; p !== null; p = p.r) {
          if (count++) this.add(', ');
          this.print(p);
        }
        this.addChar('>');
        return;
      }
      case K.TemplateTypeParm:
        this.add('typename');
        return;
      case K.TemplateNonTypeParm:
        this.print(dc.l);
        return;
      case K.TemplateTemplateParm:
        this.add('template');
        this.print(dc.l);
        this.add(' class');
        return;
      case K.TemplatePackParm:
        this.print(dc.l);
        this.add('...');
        return;
      default:
        this.failed = true;
    }
  }

  protected prefixed(text: string, dc: Node | null): void {
    this.add(text);
    this.print(dc);
  }

  protected printTypedName(dc: Node): void {
    // The name goes where the declarator is, so it travels down as a
    // modifier, with any cv-qualifiers (which apply to `this`).
    const holdMods = this.modifiers;
    this.modifiers = null;
    const adpm: Mod[] = [];
    let typed: Node | null = dc.l;
    while (typed !== null) {
      if (adpm.length >= 4) {
        this.failed = true;
        return;
      }
      const m: Mod = { next: this.modifiers, mod: typed, printed: false, templates: this.templates };
      adpm.push(m);
      this.modifiers = m;
      if (!isFnQual(typed.k)) break;
      typed = typed.l;
    }
    if (typed === null) {
      this.failed = true;
      return;
    }
    // A class local to a function may carry qualifiers that apply here.
    if (typed.k === K.LocalName) {
      typed = typed.r;
      if (typed !== null && typed.k === K.DefaultArg) typed = typed.l;
      while (typed !== null && isFnQual(typed.k)) {
        if (adpm.length >= 4) {
          this.failed = true;
          return;
        }
        const i = adpm.length;
        const prev = adpm[i - 1]!;
        const copy: Mod = { next: prev, mod: prev.mod, printed: prev.printed, templates: prev.templates };
        adpm.push(copy);
        this.modifiers = copy;
        prev.mod = typed;
        prev.printed = false;
        prev.templates = this.templates;
        typed = typed.l;
      }
      if (typed === null) {
        this.failed = true;
        return;
      }
    }
    const isTemplate = typed.k === K.Template;
    if (isTemplate) this.templates = { next: this.templates, decl: typed };
    this.print(dc.r);
    if (isTemplate) this.templates = this.templates!.next;
    for (let i = adpm.length - 1; i >= 0; i--) {
      const m = adpm[i]!;
      if (!m.printed) {
        this.addChar(' ');
        this.printMod(m.mod);
      }
    }
    this.modifiers = holdMods;
  }

  protected printTemplateParam(dc: Node): void {
    if (this.lambdaTplParms > dc.n + 1) {
      let a: Node | null = this.templates !== null && this.templates.decl !== null ? this.templates.decl.l : null;
      for (let c = dc.n; a !== null && c > 0; c--) a = a.r;
      if (a !== null && a.k === K.TemplatePackParm) a = a.l;
      if (a === null) this.failed = true;
      else this.lambdaParmName(a.k, dc.n);
      return;
    }
    if (this.lambdaTplParms !== 0) {
      this.add('auto:' + (dc.n + 1));
      return;
    }
    let a = this.lookupArg(dc);
    if (a !== null && a.k === K.TemplateArgList) a = this.indexArg(a, this.packIndex);
    if (a === null) {
      this.failed = true;
      return;
    }
    // The argument may itself refer to an outer template's parameters.
    const hold = this.templates!;
    this.templates = hold.next;
    this.print(a);
    this.templates = hold;
  }

  protected lambdaParmName(k: K, index: number): void {
    let s: string;
    if (k === K.TemplateTypeParm) s = '$T';
    else if (k === K.TemplateNonTypeParm) s = '$N';
    else if (k === K.TemplateTemplateParm) s = '$TT';
    else {
      this.failed = true;
      s = '';
    }
    this.add(s + index);
  }

  protected printReference(dc: Node): void {
    let sub = dc.l;
    if (sub === null) {
      this.failed = true;
      return;
    }
    let modInner: Node | null = null;
    let restore = false;
    let savedTemplates: Tpl | null = null;
    if (this.lambdaTplParms === 0 && sub.k === K.TemplateParam) {
      // Reference collapsing needs the argument the parameter stands for.
      const scope = this.scopes.find((s) => s.container === sub);
      if (scope === undefined) {
        this.scopes.push({ container: sub, templates: this.templates });
      } else {
        // Re-entered through a substitution: use the templates of its first
        // appearance unless we are beneath it (or beneath another copy of dc;
        // dc itself is on the print stack once). The `p` counters say which
        // nodes are being printed, like libiberty's component stack.
        if (sub.p === 0 && dc.p <= 1) {
          savedTemplates = this.templates;
          this.templates = scope.templates;
          restore = true;
        }
      }
      let a = this.lookupArg(sub);
      if (a !== null && a.k === K.TemplateArgList) a = this.indexArg(a, this.packIndex);
      if (a === null) {
        if (restore) this.templates = savedTemplates;
        this.failed = true;
        return;
      }
      sub = a;
    }
    if (sub.k === K.Reference || sub.k === dc.k) dc = sub;
    else if (sub.k === K.RvalueReference) modInner = sub.l;
    this.printModifier(dc, modInner, restore, savedTemplates);
  }

  protected printModifier(dc: Node, modInner: Node | null, restore: boolean, saved: Tpl | null): void {
    const m: Mod = { next: this.modifiers, mod: dc, printed: false, templates: this.templates };
    this.modifiers = m;
    this.print(modInner ?? dc.l);
    if (!m.printed) this.printMod(dc);
    this.modifiers = m.next;
    if (restore) this.templates = saved;
  }

  protected printFunctionTypeNode(dc: Node): void {
    if (dc.l !== null && dc !== this.dropRetFor) {
      // The return type prints first; the rest of the type goes after the
      // declarator, so this type travels down as a modifier.
      const m: Mod = { next: this.modifiers, mod: dc, printed: false, templates: this.templates };
      this.modifiers = m;
      this.print(dc.l);
      this.modifiers = m.next;
      if (m.printed) return;
      this.addChar(' ');
    }
    this.printFunctionType(dc, this.modifiers);
  }

  protected printArrayNode(dc: Node): void {
    const hold = this.modifiers;
    const first: Mod = { next: hold, mod: dc, printed: false, templates: this.templates };
    this.modifiers = first;
    const copies: Mod[] = [first];
    // cv on the array applies to its elements.
    for (let p = hold; p !== null && (p.mod.k === K.Restrict || p.mod.k === K.Volatile || p.mod.k === K.Const); p = p.next) {
      if (!p.printed) {
        if (copies.length >= 4) {
          this.failed = true;
          return;
        }
        const c: Mod = { next: this.modifiers, mod: p.mod, printed: p.printed, templates: p.templates };
        copies.push(c);
        this.modifiers = c;
        p.printed = true;
      }
    }
    this.print(dc.r);
    this.modifiers = hold;
    if (first.printed) return;
    for (let i = copies.length - 1; i >= 1; i--) this.printMod(copies[i]!.mod);
    this.printArrayType(dc, this.modifiers);
  }

  protected printModList(mods: Mod | null, suffix: boolean): void {
    for (; mods !== null && !this.failed; mods = mods.next) {
      if (mods.printed || (!suffix && isFnQual(mods.mod.k))) continue;
      mods.printed = true;
      const holdTpl = this.templates;
      this.templates = mods.templates;
      const mk = mods.mod.k;
      if (mk === K.FunctionType) {
        this.printFunctionType(mods.mod, mods.next);
        this.templates = holdTpl;
        return;
      }
      if (mk === K.ArrayType) {
        this.printArrayType(mods.mod, mods.next);
        this.templates = holdTpl;
        return;
      }
      if (mk === K.LocalName) {
        // Qualifiers were already pulled off the right side.
        const holdMods = this.modifiers;
        this.modifiers = null;
        this.print(mods.mod.l);
        this.modifiers = holdMods;
        this.add('::');
        let d = mods.mod.r;
        if (d !== null && d.k === K.DefaultArg) {
          this.add('{default arg#' + (d.n + 1) + '}::');
          d = d.l;
        }
        while (d !== null && isFnQual(d.k)) d = d.l;
        this.print(d);
        this.templates = holdTpl;
        return;
      }
      this.printMod(mods.mod);
      this.templates = holdTpl;
    }
  }

  protected printMod(mod: Node): void {
    switch (mod.k) {
      case K.Restrict: case K.RestrictThis: this.add(' restrict'); return;
      case K.Volatile: case K.VolatileThis: this.add(' volatile'); return;
      case K.Const: case K.ConstThis: this.add(' const'); return;
      case K.TransactionSafe: this.add(' transaction_safe'); return;
      case K.Noexcept:
      case K.ThrowSpec:
        this.add(mod.k === K.Noexcept ? ' noexcept' : ' throw');
        if (mod.r !== null) {
          this.addChar('(');
          this.print(mod.r);
          this.addChar(')');
        }
        return;
      case K.VendorTypeQual:
        this.addChar(' ');
        this.print(mod.r);
        return;
      case K.Pointer: this.addChar('*'); return;
      case K.ReferenceThis: this.add(' &'); return;
      case K.Reference: this.addChar('&'); return;
      case K.RvalueReferenceThis: this.add(' &&'); return;
      case K.RvalueReference: this.add('&&'); return;
      case K.Complex: this.add(' _Complex'); return;
      case K.Imaginary: this.add(' _Imaginary'); return;
      case K.PtrMemType:
        if (this.last !== 40 /* ( */) this.addChar(' ');
        this.print(mod.l);
        this.add('::*');
        return;
      case K.TypedName:
        this.print(mod.l);
        return;
      case K.VectorType:
        this.add(' __vector(');
        this.print(mod.l);
        this.addChar(')');
        return;
      default:
        this.print(mod);
    }
  }

  protected printFunctionType(dc: Node, mods: Mod | null): void {
    let needParen = false;
    let needSpace = false;
    for (let p = mods; p !== null; p = p.next) {
      if (p.printed) break;
      switch (p.mod.k) {
        case K.Pointer: case K.Reference: case K.RvalueReference:
          needParen = true;
          break;
        case K.Restrict: case K.Volatile: case K.Const: case K.VendorTypeQual:
        case K.Complex: case K.Imaginary: case K.PtrMemType:
          needSpace = true;
          needParen = true;
          break;
        default:
          break;
      }
      if (needParen) break;
    }
    if (needParen) {
      if (!needSpace && this.last !== 40 /* ( */ && this.last !== 42 /* * */) needSpace = true;
      if (needSpace && this.last !== 32) this.addChar(' ');
      this.addChar('(');
    }
    const holdMods = this.modifiers;
    this.modifiers = null;
    this.printModList(mods, false);
    if (needParen) this.addChar(')');
    this.addChar('(');
    if (dc.r !== null) this.print(dc.r);
    this.addChar(')');
    this.printModList(mods, true);
    this.modifiers = holdMods;
  }

  protected printArrayType(dc: Node, mods: Mod | null): void {
    let needSpace = true;
    if (mods !== null) {
      let needParen = false;
      for (let p: Mod | null = mods; p !== null; p = p.next) {
        if (!p.printed) {
          if (p.mod.k === K.ArrayType) needSpace = false;
          else {
            needParen = true;
            needSpace = true;
          }
          break;
        }
      }
      if (needParen) this.add(' (');
      this.printModList(mods, false);
      if (needParen) this.addChar(')');
    }
    if (needSpace) this.addChar(' ');
    this.addChar('[');
    if (dc.l !== null) this.print(dc.l);
    this.addChar(']');
  }

  protected printConversion(dc: Node): void {
    // The conversion type may use the enclosing template's parameters.
    const cur = this.currentTemplate;
    if (cur !== null) this.templates = { next: this.templates, decl: cur };
    const t = dc.l;
    if (t === null || t.k !== K.Template) {
      this.print(t);
      if (cur !== null) this.templates = this.templates!.next;
      return;
    }
    this.print(t.l);
    if (cur !== null) this.templates = this.templates!.next;
    if (this.last === 60) this.addChar(' ');
    this.addChar('<');
    this.print(t.r);
    if (this.last === 62) this.addChar(' ');
    this.addChar('>');
  }

  protected printLambda(dc: Node): void {
    this.add('{lambda');
    let parms = dc.l;
    const savedTplParms = this.lambdaTplParms;
    this.lambdaTplParms = 0;
    // A lambda's template head acts as the template args for its parameters.
    const dpt: Tpl = { next: this.templates, decl: null };
    this.templates = dpt;
    if (parms !== null && parms.k === K.TemplateHead) {
      dpt.decl = parms;
      this.addChar('<');
      for (let parm: Node | null = parms.l; parm !== null; parm = parm.r) {
        if (this.lambdaTplParms++) this.add(', ');
        this.print(parm);
        this.addChar(' ');
        // As in libiberty, a pack moves the loop onto its inner parameter, so
        // the walk ends after the first pack: c++filt prints only up to it.
        if (parm.k === K.TemplatePackParm) parm = parm.l;
        if (parm === null) {
          this.failed = true;
          break;
        }
        this.lambdaParmName(parm.k, this.lambdaTplParms - 1);
      }
      this.addChar('>');
      parms = parms.r;
    }
    this.lambdaTplParms++;
    this.addChar('(');
    this.print(parms);
    this.lambdaTplParms = savedTplParms;
    this.templates = dpt.next;
    this.add(')#' + (dc.n + 1) + '}');
  }
}
