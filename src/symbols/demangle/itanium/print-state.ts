// Printer state shared by the printing layers: the output with its last
// character (libiberty's spacing rules look at it), the template and modifier
// stacks, and the template-argument lookups. See printer.ts for the walk.
import { K, type Node } from './ast.js';

/** Same as libiberty: deeper printing is an error. */
export const MAX_PRINT_DEPTH = 1024;
/** Output longer than this is refused (and stops runaway expansions). */
export const MAX_OUTPUT = 64 * 1024;
/** Total print steps; bounds work on adversarial substitution graphs. */
export const MAX_STEPS = 1 << 20;

export interface Mod {
  next: Mod | null;
  mod: Node;
  printed: boolean;
  templates: Tpl | null;
}

export interface Tpl {
  next: Tpl | null;
  decl: Node | null;
}

export interface SavedScope {
  container: Node;
  templates: Tpl | null;
}

export abstract class PrintState {
  out = '';
  protected last = 0;
  failed = false;
  protected templates: Tpl | null = null;
  protected modifiers: Mod | null = null;
  protected depth = 0;
  protected steps = 0;
  protected lambdaTplParms = 0;
  protected packIndex = 0;
  protected readonly scopes: SavedScope[] = [];
  protected currentTemplate: Node | null = null;

  /** @param dropRetFor the top-level function type whose return type is left out. */
  constructor(protected readonly dropRetFor: Node | null) {}

  // --- output ----------------------------------------------------------------

  protected add(s: string): void {
    if (s.length === 0) return;
    this.out += s;
    this.last = s.charCodeAt(s.length - 1);
    if (this.out.length > MAX_OUTPUT) this.failed = true;
  }

  protected addChar(c: string): void {
    this.out += c;
    this.last = c.charCodeAt(0);
  }

  // --- helpers ---------------------------------------------------------------

  protected indexArg(args: Node | null, i: number): Node | null {
    if (i < 0) return args;
    let a = args;
    while (a !== null) {
      if (a.k !== K.TemplateArgList) return null;
      if (i <= 0) break;
      i--;
      a = a.r;
    }
    if (i !== 0 || a === null) return null;
    return a.l;
  }

  protected lookupArg(dc: Node): Node | null {
    if (this.templates === null) {
      this.failed = true;
      return null;
    }
    const decl = this.templates.decl;
    return this.indexArg(decl === null ? null : decl.r, dc.n);
  }

  protected findPack(dc: Node | null, depth = 0): Node | null {
    if (dc === null || depth > MAX_PRINT_DEPTH || ++this.steps > MAX_STEPS) return null;
    switch (dc.k) {
      case K.TemplateParam: {
        const a = this.lookupArg(dc);
        return a !== null && a.k === K.TemplateArgList ? a : null;
      }
      case K.PackExpansion: case K.Lambda: case K.Name: case K.Tagged: case K.Operator:
      case K.Builtin: case K.ExtBuiltin: case K.SubStd: case K.Character: case K.FunctionParam:
      case K.UnnamedType: case K.FixedType: case K.DefaultArg: case K.Number:
        return null;
      case K.ExtendedOperator: case K.Ctor: case K.Dtor:
        return this.findPack(dc.l, depth + 1);
      default:
        return this.findPack(dc.l, depth + 1) ?? this.findPack(dc.r, depth + 1);
    }
  }

  protected packLength(dc: Node | null): number {
    let n = 0;
    while (dc !== null && dc.k === K.TemplateArgList && dc.l !== null) {
      n++;
      dc = dc.r;
    }
    return n;
  }

  protected argsLength(dc: Node | null): number {
    let n = 0;
    for (; dc !== null && dc.k === K.TemplateArgList; dc = dc.r) {
      const e = dc.l;
      if (e === null) break;
      if (e.k === K.PackExpansion) n += this.packLength(this.findPack(e.l));
      else n++;
    }
    return n;
  }

  protected subexpr(dc: Node | null): void {
    if (dc === null) {
      this.failed = true;
      return;
    }
    const simple = dc.k === K.Name || dc.k === K.QualName || dc.k === K.InitializerList || dc.k === K.FunctionParam;
    if (!simple) this.addChar('(');
    this.print(dc);
    if (!simple) this.addChar(')');
  }

  protected exprOp(dc: Node): void {
    if (dc.k === K.Operator) this.add(dc.op!.name);
    else this.print(dc);
  }

  /** Prints one node (defined by the Printer). */
  abstract print(dc: Node | null): void;
}
