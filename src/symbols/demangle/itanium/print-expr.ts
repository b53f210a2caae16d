// Printing of expressions (template arguments, decltype, array bounds):
// operators with libiberty's parenthesisation, casts, folds, designated
// initialisers, new-expressions and literals.
import { BP, K, type Node } from './ast.js';
import { PrintState } from './print-state.js';
import { INT_SUFFIX } from './tables.js';

export abstract class ExprPrinter extends PrintState {
  protected printUnary(dc: Node): void {
    const op = dc.l!;
    let operand = dc.r;
    if (operand === null) {
      this.failed = true;
      return;
    }
    let code: string | null = null;
    if (op.k === K.Operator) {
      code = op.op!.code;
      // Taking a function's address: no parameter list.
      if (code === 'ad' && operand.k === K.TypedName && operand.l!.k === K.QualName && operand.r!.k === K.FunctionType) {
        operand = operand.l!;
      }
      if (operand.k === K.BinaryArgs) {
        // Postfix ++/--.
        this.subexpr(operand.l);
        this.exprOp(op);
        return;
      }
    }
    if (code === 'sZ') {
      this.add(String(this.packLength(this.findPack(operand))));
      return;
    }
    if (code === 'sP') {
      this.add(String(this.argsLength(operand)));
      return;
    }
    if (op.k !== K.Cast) this.exprOp(op);
    else {
      this.addChar('(');
      this.print(op.l);
      this.addChar(')');
    }
    if (code === 'gs') this.print(operand);
    else if (code === 'st') {
      this.addChar('(');
      this.print(operand);
      this.addChar(')');
    } else this.subexpr(operand);
  }

  protected printBinary(dc: Node): void {
    const op = dc.l!;
    const args = dc.r;
    if (args === null || args.k !== K.BinaryArgs || op.k !== K.Operator) {
      this.failed = true;
      return;
    }
    const code = op.op!.code;
    if (code === 'sc' || code === 'dc' || code === 'cc' || code === 'rc') {
      this.exprOp(op);
      this.addChar('<');
      this.print(args.l);
      this.add('>(');
      this.print(args.r);
      this.addChar(')');
      return;
    }
    if (this.maybeFold(dc) || this.maybeDesignatedInit(dc)) return;
    const gt = op.op!.name === '>';
    if (gt) this.addChar('(');
    const left = args.l;
    if (code === 'cl' && left !== null && left.k === K.TypedName) {
      // A call in an expression prints the callee without parameter types.
      if (left.r === null || left.r.k !== K.FunctionType) this.failed = true;
      this.subexpr(left.l);
    } else this.subexpr(left);
    if (code === 'ix') {
      this.addChar('[');
      this.print(args.r);
      this.addChar(']');
    } else {
      if (code !== 'cl') this.exprOp(op);
      this.subexpr(args.r);
    }
    if (gt) this.addChar(')');
  }

  protected printTrinary(dc: Node): void {
    const op = dc.l!;
    const a1 = dc.r;
    if (a1 === null || a1.k !== K.TrinaryArg1 || a1.r === null || a1.r.k !== K.TrinaryArg2 || op.k !== K.Operator) {
      this.failed = true;
      return;
    }
    if (this.maybeFold(dc) || this.maybeDesignatedInit(dc)) return;
    const first = a1.l;
    const second = a1.r.l;
    const third = a1.r.r;
    if (op.op!.code === 'qu') {
      this.subexpr(first);
      this.exprOp(op);
      this.subexpr(second);
      this.add(' : ');
      this.subexpr(third);
      return;
    }
    this.add('new ');
    if (first !== null && first.l !== null) {
      this.subexpr(first);
      this.addChar(' ');
    }
    this.print(second);
    if (third !== null) this.subexpr(third);
  }

  protected maybeFold(dc: Node): boolean {
    const code = dc.l!.op!.code;
    if (code.charCodeAt(0) !== 102 /* f */) return false;
    const ops = dc.r!;
    const operator = ops.l;
    let op1 = ops.r;
    let op2: Node | null = null;
    if (operator === null || op1 === null) {
      this.failed = true;
      return true;
    }
    if (op1.k === K.TrinaryArg2) {
      op2 = op1.r;
      op1 = op1.l;
    }
    const save = this.packIndex;
    this.packIndex = -1;
    switch (code.charAt(1)) {
      case 'l':
        this.add('(...');
        this.exprOp(operator);
        this.subexpr(op1);
        this.addChar(')');
        break;
      case 'r':
        this.addChar('(');
        this.subexpr(op1);
        this.exprOp(operator);
        this.add('...)');
        break;
      default:
        this.addChar('(');
        this.subexpr(op1);
        this.exprOp(operator);
        this.add('...');
        this.exprOp(operator);
        this.subexpr(op2);
        this.addChar(')');
    }
    this.packIndex = save;
    return true;
  }

  protected isDesignatedInit(dc: Node | null): boolean {
    if (dc === null || (dc.k !== K.Binary && dc.k !== K.Trinary)) return false;
    const op = dc.l;
    if (op === null || op.k !== K.Operator) return false;
    const code = op.op!.code;
    return code === 'di' || code === 'dx' || code === 'dX';
  }

  protected maybeDesignatedInit(dc: Node): boolean {
    if (!this.isDesignatedInit(dc)) return false;
    const code = dc.l!.op!.code;
    const operands = dc.r!;
    const op1 = operands.l;
    let op2 = operands.r;
    this.addChar(code === 'di' ? '.' : '[');
    this.print(op1);
    if (code === 'dX') {
      this.add(' ... ');
      this.print(op2 === null ? null : op2.l);
      op2 = op2 === null ? null : op2.r;
    }
    if (code !== 'di') this.addChar(']');
    if (this.isDesignatedInit(op2)) this.print(op2);
    else {
      this.addChar('=');
      this.subexpr(op2);
    }
    return true;
  }

  protected printLiteral(dc: Node): void {
    const type = dc.l!;
    const value = dc.r!;
    let tp = BP.Default;
    if (type.k === K.Builtin) {
      tp = type.n as BP;
      switch (tp) {
        case BP.Int: case BP.Unsigned: case BP.Long: case BP.UnsignedLong: case BP.LongLong:
        case BP.UnsignedLongLong:
          if (value.k === K.Name) {
            if (dc.k === K.LiteralNeg) this.addChar('-');
            this.print(value);
            this.add(INT_SUFFIX[tp]!);
            return;
          }
          break;
        case BP.Bool:
          if (value.k === K.Name && value.s.length === 1 && dc.k === K.Literal) {
            if (value.s === '0') {
              this.add('false');
              return;
            }
            if (value.s === '1') {
              this.add('true');
              return;
            }
          }
          break;
        default:
          break;
      }
    }
    this.addChar('(');
    this.print(type);
    this.addChar(')');
    if (dc.k === K.LiteralNeg) this.addChar('-');
    if (tp === BP.Float) this.addChar('[');
    this.print(value);
    if (tp === BP.Float) this.addChar(']');
  }
}

