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

// Rules are immutable values, and a big .eh_frame sets 10^5 of them from a few
// dozen distinct ones: those are made once (fewer objects for the GC to move).
const MAX_INTERNED = 4096;
const offsetRules = new Map<number, Rule>();
const valOffsetRules = new Map<number, Map<number, Rule>>();
const registerRules = new Map<number, Rule>();

/** Saved at CFA + offset. */
export function offsetRule(offset: number): Rule {
  let r = offsetRules.get(offset);
  if (r === undefined) {
    r = { kind: 'offset', base: CFA, offset };
    if (offsetRules.size < MAX_INTERNED) offsetRules.set(offset, r);
  }
  return r;
}

/** Value is base + offset (base: a register, or CFA). */
export function valOffsetRule(base: number, offset: number): Rule {
  let byOffset = valOffsetRules.get(base);
  if (byOffset === undefined) {
    byOffset = new Map();
    if (valOffsetRules.size < MAX_INTERNED) valOffsetRules.set(base, byOffset);
  }
  let r = byOffset.get(offset);
  if (r === undefined) {
    r = { kind: 'valOffset', base, offset };
    if (byOffset.size < MAX_INTERNED) byOffset.set(offset, r);
  }
  return r;
}

/** Saved in register `reg`. */
export function registerRule(reg: number): Rule {
  let r = registerRules.get(reg);
  if (r === undefined) {
    r = { kind: 'register', reg };
    if (registerRules.size < MAX_INTERNED) registerRules.set(reg, r);
  }
  return r;
}

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
  /** Entries in use (the arrays may be longer: they are reused, not shrunk). */
  n: number;

  constructor(nums: number[] = [], rules: Rule[] = []) {
    this.nums = nums;
    this.rules = rules;
    this.n = nums.length;
  }

  get size(): number {
    return this.n;
  }

  get(reg: number): Rule | undefined {
    const nums = this.nums;
    for (let i = 0; i < this.n; i++) {
      const n = nums[i]!;
      if (n === reg) return this.rules[i];
      if (n > reg) break;
    }
    return undefined;
  }

  set(reg: number, rule: Rule): void {
    const nums = this.nums;
    const n = this.n;
    let i = 0;
    while (i < n && nums[i]! < reg) i++;
    if (i < n && nums[i] === reg) {
      this.rules[i] = rule;
      return;
    }
    // Insert at i by shifting the tail (cheaper than splice for these short arrays).
    const rules = this.rules;
    for (let j = n; j > i; j--) {
      nums[j] = nums[j - 1]!;
      rules[j] = rules[j - 1]!;
    }
    nums[i] = reg;
    rules[i] = rule;
    this.n = n + 1;
  }

  clone(): RegRules {
    return new RegRules(this.nums.slice(0, this.n), this.rules.slice(0, this.n));
  }

  /** Makes this a copy of `other` in place (nothing allocated once the arrays have grown). */
  assign(other: RegRules): this {
    const n = other.n;
    for (let i = 0; i < n; i++) {
      this.nums[i] = other.nums[i]!;
      this.rules[i] = other.rules[i]!;
    }
    this.n = n;
    return this;
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
 * Rule texts by name for one row, in the order set. A row has a handful: two
 * arrays beat a Map, and clear() makes nothing new (one is cleared per FDE).
 */
export class RuleMap {
  readonly names: string[] = [];
  readonly texts: string[] = [];
  size = 0;

  get(name: string): string | undefined {
    for (let i = 0; i < this.size; i++) if (this.names[i] === name) return this.texts[i];
    return undefined;
  }

  set(name: string, text: string): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      if (this.names[i] === name) {
        this.texts[i] = text;
        return;
      }
    }
    this.names[n] = name;
    this.texts[n] = text;
    this.size = n + 1;
  }

  delete(name: string): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      if (this.names[i] !== name) continue;
      for (let j = i + 1; j < n; j++) {
        this.names[j - 1] = this.names[j]!;
        this.texts[j - 1] = this.texts[j]!;
      }
      this.size = n - 1;
      return;
    }
  }

  clear(): void {
    this.size = 0;
  }
}

/**
 * Collects the INIT rules and per-address deltas of one entry. Deltas are kept
 * as flat arrays (most FDEs set one or two rules per address) and grouped at the end.
 */
export class Recorder {
  start: number;
  readonly initial = new RuleMap();
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
    const m = groupRules;
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
          m.clear();
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

/** The rules of one delta address (emitDeltas is not re-entered). */
const groupRules = new RuleMap();
/** Positions in name order (emitRuleMap is not re-entered either). */
const sorted: number[] = [];

/** Calls out.rule() for each rule in byte order of the names, as Breakpad's std::map writes them. */
export function emitRuleMap(m: RuleMap, out: Pick<CfiRuleWriter, 'rule'>): void {
  const n = m.size;
  const names = m.names;
  // An insertion sort of positions: rows have a handful of rules.
  for (let i = 0; i < n; i++) {
    const name = names[i]!;
    let j = i;
    while (j > 0 && names[sorted[j - 1]!]! > name) {
      sorted[j] = sorted[j - 1]!;
      j--;
    }
    sorted[j] = i;
  }
  for (let i = 0; i < n; i++) out.rule(names[sorted[i]!]!, m.texts[sorted[i]!]!);
}

/** "name: rule name: rule" in byte order of the names, as Breakpad's std::map writes them. */
export function formatRuleMap(m: RuleMap): string {
  const t = new RuleText();
  emitRuleMap(m, t);
  return t.take();
}
