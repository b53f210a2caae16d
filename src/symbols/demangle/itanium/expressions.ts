// <expression>, <expr-primary> and <unresolved-name>: the expressions of
// template arguments, decltype, array bounds and noexcept specifications.
import { K, type Node } from './ast.js';
import { Cursor, MAX_DEPTH, isDigit, isLower } from './cursor.js';

export abstract class ExprParser extends Cursor {
  protected exprList(terminator: number): Node | null {
    if (this.peek() === terminator) {
      this.pos++;
      return this.comp(K.ArgList, null, null);
    }
    let head: Node | null = null;
    let tail: Node | null = null;
    for (;;) {
      const arg = this.expression();
      if (arg === null) return null;
      const n = this.comp(K.ArgList, arg, null);
      if (n === null) return null;
      if (tail === null) head = n;
      else tail.r = n;
      tail = n;
      if (this.peek() === terminator) {
        this.pos++;
        break;
      }
      if (this.peek() === 0) return null;
    }
    return head;
  }

  protected unresolvedName(): Node | null {
    this.pos += 2;
    const peek = this.peek();
    let type: Node | null;
    if (this.unresolvedState !== 0 && (isDigit(peek) || isLower(peek) || peek === 67 || peek === 85 || peek === 76)) {
      // sr <qualifier>+ E <name> (new) is ambiguous with sr <type> <name>
      // (old); try the new reading first, the caller retries with the old.
      this.unresolvedState = -1;
      type = this.prefix(false);
      if (this.peek() === 69) this.pos++;
    } else type = this.type();
    let name = this.unqualifiedName(type, null);
    if (this.peek() === 73) name = this.comp(K.Template, name, this.templateArgs());
    return name;
  }

  expression(): Node | null {
    const was = this.isExpression;
    this.isExpression = true;
    const ret = this.expression1();
    this.isExpression = was;
    return ret;
  }

  protected expression1(): Node | null {
    if (++this.depth > MAX_DEPTH) return null;
    const r = this.expressionInner();
    this.depth--;
    return r;
  }

  protected expressionInner(): Node | null {
    const peek = this.peek();
    const nx = this.peekNext();
    if (peek === 76 /* L */) return this.exprPrimary();
    if (peek === 84 /* T */) return this.templateParam();
    if (peek === 115 /* s */ && nx === 114 /* r */) return this.unresolvedName();
    if (peek === 115 && nx === 112 /* p */) {
      this.pos += 2;
      return this.comp(K.PackExpansion, this.expression1(), null);
    }
    if (peek === 102 /* f */ && nx === 112 /* p */) {
      this.pos += 2;
      let index: number;
      if (this.peek() === 84) {
        this.pos++;
        index = 0;
      } else {
        index = this.compactNumber();
        if (index === -1 || index === 0x7fffffff) return null;
        index++;
      }
      return this.make(K.FunctionParam, null, null, '', index);
    }
    if (isDigit(peek) || (peek === 111 /* o */ && nx === 110 /* n */)) {
      if (peek === 111) this.pos += 2;
      const name = this.unqualifiedName(null, null);
      if (name === null) return null;
      if (this.peek() === 73) return this.comp(K.Template, name, this.templateArgs());
      return name;
    }
    if ((peek === 105 /* i */ || peek === 116 /* t */) && nx === 108 /* l */) {
      this.pos += 2;
      let type: Node | null = null;
      if (peek === 116) type = this.type();
      if (this.peek() === 0 || this.peekNext() === 0) return null;
      return this.comp(K.InitializerList, type, this.exprList(69));
    }
    if (peek === 117 /* u */) {
      this.pos++;
      const name = this.sourceName();
      const args = this.templateArgs1();
      return this.comp(K.VendorExpr, name, args);
    }

    const op = this.operatorName();
    if (op === null) return null;
    let code: string | null = null;
    let args: number;
    if (op.k === K.Operator) {
      code = op.op!.code;
      if (code === 'st') return this.comp(K.Unary, op, this.type());
      args = op.op!.args;
    } else if (op.k === K.ExtendedOperator) args = op.n;
    else if (op.k === K.Cast) args = 1;
    else return null;

    switch (args) {
      case 0:
        return this.comp(K.Nullary, op, null);
      case 1: {
        let suffix = false;
        if (code !== null && (code === 'pp' || code === 'mm')) suffix = !this.check(95); // pp_/mm_ are prefix
        let operand: Node | null;
        if (op.k === K.Cast && this.check(95)) operand = this.exprList(69);
        else if (code === 'sP') operand = this.templateArgs1();
        else operand = this.expression1();
        if (suffix) operand = this.comp(K.BinaryArgs, operand, operand);
        return this.comp(K.Unary, op, operand);
      }
      case 2: {
        if (code === null) return null;
        let left: Node | null;
        if (isNewCast(code)) left = this.type();
        else if (code.charCodeAt(0) === 102 /* f */) left = this.operatorName(); // fold
        else if (code === 'di') left = this.unqualifiedName(null, null);
        else left = this.expression1();
        let right: Node | null;
        if (code === 'cl') right = this.exprList(69);
        else if (code === 'dt' || code === 'pt') {
          const p = this.peek();
          const q = this.peekNext();
          if ((p === 103 && q === 115) || (p === 115 && q === 114)) right = this.expression1();
          else {
            right = this.unqualifiedName(null, null);
            if (this.peek() === 73) right = this.comp(K.Template, right, this.templateArgs());
          }
        } else right = this.expression1();
        return this.comp(K.Binary, op, this.comp(K.BinaryArgs, left, right));
      }
      case 3: {
        if (code === null) return null;
        let first: Node | null;
        let second: Node | null;
        let third: Node | null;
        if (code === 'qu' || code === 'dX') {
          first = this.expression1();
          second = this.expression1();
          third = this.expression1();
          if (third === null) return null;
        } else if (code.charCodeAt(0) === 102 /* f */) {
          first = this.operatorName();
          second = this.expression1();
          third = this.expression1();
          if (third === null) return null;
        } else if (code === 'nw' || code === 'na') {
          first = this.exprList(95);
          second = this.type();
          if (this.peek() === 69) {
            this.pos++;
            third = null;
          } else if (this.peek() === 112 /* p */ && this.peekNext() === 105 /* i */) {
            this.pos += 2;
            third = this.exprList(69);
          } else if (this.peek() === 105 && this.peekNext() === 108) {
            third = this.expression1();
          } else return null;
        } else return null;
        const arg2 = this.make(K.TrinaryArg2, second, third);
        if (second === null) return null;
        return this.comp(K.Trinary, op, this.comp(K.TrinaryArg1, first, arg2));
      }
      default:
        return null;
    }
  }

  protected exprPrimary(): Node | null {
    if (!this.check(76 /* L */)) return null;
    let ret: Node | null;
    const c = this.peek();
    if (c === 95 || c === 90 /* Z: old g++ bug */) ret = this.mangledName(false);
    else {
      const type = this.type();
      if (type === null) return null;
      if (type.k === K.Builtin && type.s === 'decltype(nullptr)' && this.peek() === 69) {
        this.pos++;
        return type;
      }
      let t = K.Literal;
      if (this.peek() === 110 /* n */) {
        t = K.LiteralNeg;
        this.pos++;
      }
      const start = this.pos;
      while (this.peek() !== 69) {
        if (this.pos >= this.end) return null;
        this.pos++;
      }
      // An empty value is an error (libiberty cannot make an empty name), but
      // the closing E is still consumed, which matters to callers that go on.
      ret = this.pos === start ? null : this.comp(t, type, this.name(this.str.slice(start, this.pos)));
    }
    if (!this.check(69)) return null;
    return ret;
  }
}

function isNewCast(code: string): boolean {
  return code.charCodeAt(1) === 99 /* c */ && (code === 'sc' || code === 'dc' || code === 'cc' || code === 'rc');
}
