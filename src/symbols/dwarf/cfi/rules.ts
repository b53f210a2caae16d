// Register rules as the CFA interpreter tracks them, and the recorder that turns
// each reported rule into Breakpad text the way Breakpad's DwarfCFIToModule does:
// a rule reported at the FDE's start goes into the INIT record, later ones into
// the delta at the current address; the last report for a name at an address wins.

export const CFA = -1;

export type Rule =
  | { kind: 'undefined' }
  | { kind: 'same' }
  /** Saved at base + offset (base is always the CFA here). */
  | { kind: 'offset'; base: number; offset: number }
  /** Value is base + offset (for the CFA rule, base is a register). */
  | { kind: 'valOffset'; base: number; offset: number }
  | { kind: 'register'; reg: number }
  | { kind: 'expression'; expr: Uint8Array }
  | { kind: 'valExpression'; expr: Uint8Array };

export const UNDEFINED: Rule = { kind: 'undefined' };
export const SAME: Rule = { kind: 'same' };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function ruleEquals(a: Rule, b: Rule): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'undefined':
    case 'same':
      return b.kind === a.kind;
    case 'offset':
    case 'valOffset':
      return b.kind === a.kind && a.base === b.base && a.offset === b.offset;
    case 'register':
      return b.kind === 'register' && a.reg === b.reg;
    case 'expression':
    case 'valExpression':
      return b.kind === a.kind && sameBytes(a.expr, b.expr);
  }
}

/**
 * Register rules sorted by register number. Frames mention a handful of
 * registers and remember_state copies them often, so two small arrays beat a Map.
 */
export class RegRules {
  readonly nums: number[];
  readonly rules: Rule[];

  constructor(nums: number[] = [], rules: Rule[] = []) {
    this.nums = nums;
    this.rules = rules;
  }

  get size(): number {
    return this.nums.length;
  }

  get(reg: number): Rule | undefined {
    const nums = this.nums;
    for (let i = 0; i < nums.length; i++) {
      const n = nums[i]!;
      if (n === reg) return this.rules[i];
      if (n > reg) break;
    }
    return undefined;
  }

  set(reg: number, rule: Rule): void {
    const nums = this.nums;
    let i = 0;
    while (i < nums.length && nums[i]! < reg) i++;
    if (nums[i] === reg) {
      this.rules[i] = rule;
      return;
    }
    // Insert at i by shifting the tail (cheaper than splice for these short arrays).
    const rules = this.rules;
    for (let j = nums.length; j > i; j--) {
      nums[j] = nums[j - 1]!;
      rules[j] = rules[j - 1]!;
    }
    nums[i] = reg;
    rules[i] = rule;
  }

  clone(): RegRules {
    return new RegRules(this.nums.slice(), this.rules.slice());
  }
}

/** Rule set of one row: the CFA rule (or null before one is defined) and register rules. */
export interface RuleSet {
  cfa: Rule | null;
  regs: RegRules;
}

export function copyRuleSet(r: RuleSet): RuleSet {
  // Rules are immutable values, so copying the arrays is a real copy.
  return { cfa: r.cfa, regs: r.regs.clone() };
}

/**
 * Collects the INIT rules and per-address deltas of one entry. Deltas are kept
 * as flat arrays (most FDEs set one or two rules per address) and grouped at the end.
 */
export class Recorder {
  start: number;
  readonly initial = new Map<string, string>();
  // Parallel arrays reused across entries; only the first `count` slots are live.
  private readonly addrs: number[] = [];
  private readonly names: string[] = [];
  private readonly texts: string[] = [];
  private count = 0;
  private monotonic = true;

  constructor(start: number) {
    this.start = start;
  }

  /** Reuse for the next entry (the previous one's output must have been taken). */
  reset(start: number): void {
    this.start = start;
    this.initial.clear();
    this.count = 0;
    this.monotonic = true;
  }

  record(address: number, name: string, text: string): void {
    if (address === this.start) {
      this.initial.set(name, text);
      return;
    }
    const n = this.count;
    if (n > 0 && address < this.addrs[n - 1]!) this.monotonic = false;
    this.addrs[n] = address;
    this.names[n] = name;
    this.texts[n] = text;
    this.count = n + 1;
  }

  /** Deltas inside (start, end), by address; per address the last rule for a name wins. */
  deltas(end: number): { address: number; rules: string }[] {
    const out: { address: number; rules: string }[] = [];
    const text = new RuleText();
    this.emitDeltas(end, {
      init() {},
      delta(address) {
        out.push({ address, rules: '' });
      },
      rule: (name, t) => text.rule(name, t),
      end() {
        out[out.length - 1]!.rules = text.take();
      },
    });
    return out;
  }

  /** Writes the deltas (see deltas()) as delta(), rule()..., end() calls. */
  emitDeltas(end: number, out: CfiRuleWriter): void {
    const n = this.count;
    if (n === 0) return;
    let idx: number[] | undefined;
    if (!this.monotonic) {
      idx = Array.from({ length: n }, (_, i) => i);
      idx.sort((a, b) => this.addrs[a]! - this.addrs[b]! || a - b); // stable: last write stays last
    }
    let i = 0;
    while (i < n) {
      const first = idx ? idx[i]! : i;
      const address = this.addrs[first]!;
      let j = i + 1;
      while (j < n && this.addrs[idx ? idx[j]! : j] === address) j++;
      if (address > this.start && address < end) {
        out.delta(address);
        if (j === i + 1) out.rule(this.names[first]!, this.texts[first]!);
        else {
          const m = new Map<string, string>();
          for (let k = i; k < j; k++) {
            const r = idx ? idx[k]! : k;
            m.set(this.names[r]!, this.texts[r]!);
          }
          emitRuleMap(m, out);
        }
        out.end();
      }
      i = j;
    }
  }
}

/** Receives records rule by rule: init() or delta(), then rule() per rule, then end(). */
export interface CfiRuleWriter {
  init(address: number, size: number): void;
  delta(address: number): void;
  rule(name: string, text: string): void;
  end(): void;
}

/** Joins rule() calls into "name: rule name: rule". */
class RuleText {
  private s = '';
  rule(name: string, text: string): void {
    this.s = this.s === '' ? name + ': ' + text : this.s + ' ' + name + ': ' + text;
  }
  take(): string {
    const s = this.s;
    this.s = '';
    return s;
  }
}

/** Calls out.rule() for each rule in byte order of the names, as Breakpad's std::map writes them. */
export function emitRuleMap(m: Map<string, string>, out: Pick<CfiRuleWriter, 'rule'>): void {
  // Nearly every map has one to three rules: avoid the generic sort for those.
  if (m.size <= 3) {
    let a = '';
    let b = '';
    let c = '';
    for (const k of m.keys()) {
      if (a === '' || k < a) {
        c = b;
        b = a;
        a = k;
      } else if (b === '' || k < b) {
        c = b;
        b = k;
      } else c = k;
    }
    out.rule(a, m.get(a)!);
    if (b !== '') out.rule(b, m.get(b)!);
    if (c !== '') out.rule(c, m.get(c)!);
    return;
  }
  const names = [...m.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  for (const n of names) out.rule(n, m.get(n)!);
}

/** "name: rule name: rule" in byte order of the names, as Breakpad's std::map writes them. */
export function formatRuleMap(m: Map<string, string>): string {
  const t = new RuleText();
  emitRuleMap(m, t);
  return t.take();
}
