// The call frame instruction interpreter (DWARF 5 §6.4.2). It follows Breakpad's
// CallFrameInfo::State: every instruction that sets a rule reports it at the
// current address right away (so a rule set twice at one address, or re-set to
// the same value later, is written like Breakpad writes it), restore_state
// reports only the differences, and a rule Breakpad cannot express is left out,
// which leaves the previous rule for that register in force, as in Breakpad.
import { ObjectFileError } from '../../../errors.js';
import type { Cie } from './cie.js';
import { Cursor } from './cursor.js';
import { translateExpression } from './expression.js';
import { readEncodedPointer, type PointerBases } from './pointer-encoding.js';
import { unnamedRegister } from './registers.js';
import { CFA, copyRuleSet, offsetRule, Recorder, registerRule, RegRules, ruleEquals, SAME, UNDEFINED, valOffsetRule, type Rule, type RuleSet } from './rules.js';
import type { CfiArch } from './types.js';

// DW_CFA_* opcodes.
const DW_CFA_advance_loc = 0x40;
const DW_CFA_offset = 0x80;
const DW_CFA_restore = 0xc0;
const DW_CFA_nop = 0x00;
const DW_CFA_set_loc = 0x01;
const DW_CFA_advance_loc1 = 0x02;
const DW_CFA_advance_loc2 = 0x03;
const DW_CFA_advance_loc4 = 0x04;
const DW_CFA_offset_extended = 0x05;
const DW_CFA_restore_extended = 0x06;
const DW_CFA_undefined = 0x07;
const DW_CFA_same_value = 0x08;
const DW_CFA_register = 0x09;
const DW_CFA_remember_state = 0x0a;
const DW_CFA_restore_state = 0x0b;
const DW_CFA_def_cfa = 0x0c;
const DW_CFA_def_cfa_register = 0x0d;
const DW_CFA_def_cfa_offset = 0x0e;
const DW_CFA_def_cfa_expression = 0x0f;
const DW_CFA_expression = 0x10;
const DW_CFA_offset_extended_sf = 0x11;
const DW_CFA_def_cfa_sf = 0x12;
const DW_CFA_def_cfa_offset_sf = 0x13;
const DW_CFA_val_offset = 0x14;
const DW_CFA_val_offset_sf = 0x15;
const DW_CFA_val_expression = 0x16;
const DW_CFA_MIPS_advance_loc8 = 0x1d;
const DW_CFA_AARCH64_negate_ra_state_with_pc = 0x2c;
const DW_CFA_GNU_window_save = 0x2d; // also DW_CFA_AARCH64_negate_ra_state
const DW_CFA_GNU_args_size = 0x2e;
const DW_CFA_GNU_negative_offset_extended = 0x2f;

/** remember_state nesting beyond this is garbage (gcc never nests more than a few). */
export const MAX_STATE_DEPTH = 128;
/** Instructions per entry; each consumes at least one byte, this only bounds pathological inputs. */
export const MAX_INSTRUCTIONS = 1 << 20;
/** Distinct registers with rules in one entry; real CFI names a few dozen at most. */
export const MAX_REGISTERS = 1024;

export interface InterpretContext {
  bytes: Uint8Array;
  littleEndian: boolean;
  arch: CfiArch;
  names: readonly string[];
  cie: Cie;
  /** FDE initial location and its instruction range. */
  address: number;
  instructionsStart: number;
  instructionsEnd: number;
  bases: PointerBases;
  expressions: 'translate' | 'skip';
  sink: InterpretSink;
  /** Shared across the FDEs of one readCfi run (same architecture): register -> offset -> text. */
  textCache: Map<number, Map<number, string>>;
  /** Shared across FDEs: the state each CIE's initial instructions leave (null: not reusable). */
  cieStates: Map<Cie, CieState | null>;
}

/** What a CIE's initial instructions produce, reused by every FDE of that CIE. */
export interface CieState {
  cfa: Rule | null;
  regs: RegRules;
  initialNames: string[];
  initialTexts: string[];
}

const offsetTexts = new Map<number, string>();
/** ".cfa -16 + ^", cached: the same few offsets make up most rules. */
function cfaOffsetText(offset: number): string {
  let t = offsetTexts.get(offset);
  if (t === undefined) {
    t = `.cfa ${offset} + ^`;
    if (offsetTexts.size < 4096) offsetTexts.set(offset, t);
  }
  return t;
}

export interface InterpretSink {
  /** A rule was left out (undefined, untranslatable expression). */
  unsupported(what: string): void;
  translated(): void;
}

export interface InterpretResult {
  recorder: Recorder;
  /** Set when the instructions stopped early; the recorder holds what came before. */
  error?: ObjectFileError;
}

class Interpreter {
  private readonly ctx: InterpretContext;
  private ra = 0;
  readonly recorder = new Recorder(0);
  private address = 0;
  private rules: RuleSet = { cfa: null, regs: new RegRules() };
  /** rules.regs is the CIE's cached map: copy it before the first change. */
  private regsShared = false;
  // Reused per FDE (an FDE starting from its CIE's state copies it only when it
  // changes a register rule, into `ownRegs`); remember_state still copies.
  private readonly ownRegs = new RegRules();
  private readonly ownRules: RuleSet = { cfa: null, regs: this.ownRegs };
  private readonly cieOwn: RuleSet = { cfa: null, regs: this.ownRegs };
  private cieRules: RuleSet | null = null;
  private readonly saved: RuleSet[] = [];
  /** remember_state copies no longer in use, and whether `rules` is one (it then goes back there). */
  private readonly pool: RuleSet[] = [];
  private rulesSaved = false;
  private inCie = true;
  /** The result of a run without error (one object for all of them). */
  ok: InterpretResult | undefined;
  /** Warnings or translations during the CIE make its state unshareable (they must repeat per FDE). */
  cieEvents = 0;

  constructor(ctx: InterpretContext) {
    this.ctx = ctx;
  }

  /** Start the FDE the context now describes (one interpreter serves all FDEs of a run). */
  reset(): void {
    const ctx = this.ctx;
    this.ra = ctx.cie.raRegister;
    this.address = ctx.address;
    this.recorder.reset(ctx.address);
    // Rules are set by fresh() or startFromCie(), whichever the FDE starts from.
    this.regsShared = false;
    this.cieRules = null;
    if (this.rulesSaved) this.recycle(this.rules);
    this.rulesSaved = false;
    for (const r of this.saved) this.recycle(r);
    this.saved.length = 0;
    this.inCie = true;
    this.cieEvents = 0;
    // Breakpad needs a .ra rule; when the CIE sets none, the RA column's register holds it.
    const raName = ctx.names[this.ra];
    if (raName) this.recorder.initial.set('.ra', raName);
  }

  /** "$rsp 16 +": the CFA rule text, cached since a few (register, offset) pairs recur constantly. */
  private baseOffsetText(reg: number, offset: number): string {
    let byOffset = this.ctx.textCache.get(reg);
    if (!byOffset) {
      byOffset = new Map();
      this.ctx.textCache.set(reg, byOffset);
    }
    let t = byOffset.get(offset);
    if (t === undefined) {
      t = `${this.valueName(reg)} ${offset} +`;
      if (byOffset.size < 4096) byOffset.set(offset, t);
    }
    return t;
  }

  private valueName(reg: number): string {
    const n = this.ctx.names[reg];
    return n ? n : unnamedRegister(reg);
  }

  private targetName(reg: number): string {
    if (reg === CFA) return '.cfa';
    if (reg === this.ra) return '.ra';
    return this.valueName(reg);
  }

  private translate(expr: Uint8Array, forCfa: boolean): string | undefined {
    if (this.ctx.expressions === 'skip') return undefined;
    const names = this.ctx.names;
    const text = translateExpression(expr, this.ctx.littleEndian, this.ctx.bases.addressSize, (r) => names[r] || undefined, forCfa ? [] : ['.cfa']);
    if (text !== undefined) {
      this.cieEvents++;
      this.ctx.sink.translated();
    }
    return text;
  }

  private ruleText(reg: number, rule: Rule): string | undefined {
    switch (rule.kind) {
      case 'undefined':
        return undefined;
      case 'same':
        return this.valueName(reg);
      case 'offset':
        return rule.base === CFA ? cfaOffsetText(rule.offset) : `${this.valueName(rule.base)} ${rule.offset} + ^`;
      case 'valOffset':
        return rule.base === CFA ? `.cfa ${rule.offset} +` : this.baseOffsetText(rule.base, rule.offset);
      case 'register':
        return this.valueName(rule.reg);
      case 'expression': {
        const t = this.translate(rule.expr, false);
        return t === undefined ? undefined : `${t} ^`;
      }
      case 'valExpression':
        return this.translate(rule.expr, reg === CFA);
    }
  }

  /** Tell the recorder that `reg` follows `rule` from the current address on. */
  private report(reg: number, rule: Rule): void {
    const text = this.ruleText(reg, rule);
    const name = this.targetName(reg);
    if (text === undefined) {
      this.cieEvents++;
      // `undefined` at the entry's start is written as no rule in the INIT, not
      // the CIE's rule: `_start`'s undefined return address means "no caller"
      // (mozilla's dump_syms does the same; Breakpad keeps the CIE's `.ra`).
      // Later, a delta cannot say "no rule", so the previous one stays.
      if (rule.kind === 'undefined' && this.address === this.recorder.start) {
        this.recorder.initial.delete(name);
        return;
      }
      this.ctx.sink.unsupported(rule.kind === 'undefined' ? `'${name}' is undefined` : `'${name}' uses a DWARF expression that postfix cannot express`);
      return;
    }
    this.recorder.record(this.address, name, text);
  }

  private fail(what: string): never {
    throw new ObjectFileError('MALFORMED', `CFI ${this.inCie ? 'CIE' : 'FDE'}: ${what}`);
  }

  private num(v: number, what: string): number {
    if (!Number.isSafeInteger(v)) this.fail(`${what} out of range`);
    return v;
  }

  private setRule(reg: number, rule: Rule): void {
    if (this.regsShared) {
      this.rules.regs = this.ownRegs.assign(this.rules.regs);
      this.regsShared = false;
    }
    const regs = this.rules.regs;
    if (regs.size >= MAX_REGISTERS && regs.get(reg) === undefined) this.fail('rules for too many registers');
    regs.set(reg, rule);
    this.report(reg, rule);
  }

  private defCfa(base: number, offset: number): void {
    this.rules.cfa = valOffsetRule(base, offset);
    this.report(CFA, this.rules.cfa);
  }

  private needCfa(what: string): Rule {
    const cfa = this.rules.cfa;
    if (!cfa) this.fail(`${what} before any CFA rule`);
    return cfa;
  }

  private advance(delta: number): void {
    this.address = this.num(this.address + delta * this.ctx.cie.codeAlign, 'address');
  }

  private block(c: Cursor): Uint8Array {
    const n = c.uleb('expression length');
    const start = c.pos;
    c.skip(n, 'expression');
    return this.ctx.bytes.subarray(start, start + n);
  }

  run(c: Cursor, start: number, end: number): void {
    const cie = this.ctx.cie;
    const daf = cie.dataAlign;
    c.pos = start;
    c.end = end;
    let count = 0;
    while (c.pos < end) {
      if (++count > MAX_INSTRUCTIONS) this.fail('too many instructions');
      const op = c.u8();
      const hi = op & 0xc0;
      if (hi !== 0) {
        const reg = op & 0x3f;
        if (hi === DW_CFA_advance_loc) this.advance(reg);
        else if (hi === DW_CFA_offset) this.offset(reg, this.num(c.uleb() * daf, 'offset'));
        else this.restore(reg);
        continue;
      }
      switch (op) {
        case DW_CFA_nop:
          break;
        case DW_CFA_set_loc:
          this.address = readEncodedPointer(c, cie.fdeEncoding, this.ctx.bases);
          break;
        case DW_CFA_advance_loc1:
          this.advance(c.u8());
          break;
        case DW_CFA_advance_loc2:
          this.advance(c.u16());
          break;
        case DW_CFA_advance_loc4:
          this.advance(c.u32());
          break;
        case DW_CFA_MIPS_advance_loc8:
          this.advance(this.num(c.u64(), 'advance'));
          break;
        case DW_CFA_offset_extended: {
          const reg = this.reg(c);
          this.offset(reg, this.num(c.uleb() * daf, 'offset'));
          break;
        }
        case DW_CFA_offset_extended_sf: {
          const reg = this.reg(c);
          this.offset(reg, this.num(c.sleb() * daf, 'offset'));
          break;
        }
        case DW_CFA_GNU_negative_offset_extended: {
          const reg = this.reg(c);
          this.offset(reg, this.num(-c.uleb() * daf, 'offset'));
          break;
        }
        case DW_CFA_restore_extended:
          this.restore(this.reg(c));
          break;
        case DW_CFA_undefined:
          this.setRule(this.reg(c), UNDEFINED);
          break;
        case DW_CFA_same_value:
          this.setRule(this.reg(c), SAME);
          break;
        case DW_CFA_register: {
          const reg = this.reg(c);
          this.setRule(reg, registerRule(this.reg(c)));
          break;
        }
        case DW_CFA_remember_state:
          if (this.saved.length >= MAX_STATE_DEPTH) this.fail('remember_state nested too deeply');
          this.saved.push(this.remember());
          break;
        case DW_CFA_restore_state:
          this.restoreState();
          break;
        case DW_CFA_def_cfa: {
          const reg = this.reg(c);
          this.defCfa(reg, this.num(c.uleb(), 'CFA offset'));
          break;
        }
        case DW_CFA_def_cfa_sf: {
          const reg = this.reg(c);
          this.defCfa(reg, this.num(c.sleb() * daf, 'CFA offset'));
          break;
        }
        case DW_CFA_def_cfa_register: {
          const reg = this.reg(c);
          const cfa = this.rules.cfa;
          // With no CFA rule yet (LLVM's MIPS CIEs start this way) the offset is 0, as in
          // libgcc; Breakpad uses an uninitialised offset here. On an expression CFA there
          // is no base to change (Breakpad re-reports it unchanged).
          if (!cfa) this.rules.cfa = valOffsetRule(reg, 0);
          else if (cfa.kind === 'valOffset') this.rules.cfa = valOffsetRule(reg, cfa.offset);
          this.report(CFA, this.rules.cfa!);
          break;
        }
        case DW_CFA_def_cfa_offset:
          this.defCfaOffset(this.num(c.uleb(), 'CFA offset'));
          break;
        case DW_CFA_def_cfa_offset_sf:
          this.defCfaOffset(this.num(c.sleb() * daf, 'CFA offset'));
          break;
        case DW_CFA_def_cfa_expression:
          this.rules.cfa = { kind: 'valExpression', expr: this.block(c) };
          this.report(CFA, this.rules.cfa);
          break;
        case DW_CFA_expression: {
          const reg = this.reg(c);
          this.setRule(reg, { kind: 'expression', expr: this.block(c) });
          break;
        }
        case DW_CFA_val_expression: {
          const reg = this.reg(c);
          this.setRule(reg, { kind: 'valExpression', expr: this.block(c) });
          break;
        }
        case DW_CFA_val_offset: {
          const reg = this.reg(c);
          this.valOffset(reg, this.num(c.uleb() * daf, 'offset'));
          break;
        }
        case DW_CFA_val_offset_sf: {
          const reg = this.reg(c);
          this.valOffset(reg, this.num(c.sleb() * daf, 'offset'));
          break;
        }
        case DW_CFA_GNU_args_size:
          this.num(c.uleb(), 'args size');
          break;
        case DW_CFA_GNU_window_save:
          this.windowSave();
          break;
        case DW_CFA_AARCH64_negate_ra_state_with_pc:
          if (this.ctx.arch !== 'arm64') this.fail(`unknown instruction 0x${op.toString(16)}`);
          break;
        default:
          this.fail(`unknown instruction 0x${op.toString(16)} at section offset 0x${(c.pos - 1).toString(16)}`);
      }
    }
  }

  private reg(c: Cursor): number {
    return this.num(c.uleb('register'), 'register number');
  }

  private offset(reg: number, offset: number): void {
    this.needCfa('offset rule');
    this.setRule(reg, offsetRule(offset));
  }

  private valOffset(reg: number, offset: number): void {
    this.needCfa('val_offset rule');
    this.setRule(reg, valOffsetRule(CFA, offset));
  }

  private defCfaOffset(offset: number): void {
    const cfa = this.needCfa('def_cfa_offset');
    if (cfa.kind === 'valOffset') this.rules.cfa = valOffsetRule(cfa.base, offset);
    this.report(CFA, this.rules.cfa!);
  }

  private restore(reg: number): void {
    if (this.inCie || !this.cieRules) this.fail('restore in a CIE');
    // A register the CIE says nothing about is assumed unchanged (callee-saved), as Breakpad does.
    this.setRule(reg, this.cieRules.regs.get(reg) ?? SAME);
  }

  private restoreState(): void {
    const next = this.saved.pop();
    if (!next) this.fail('restore_state with no remembered state');
    const cur = this.rules;
    if (cur.cfa && !next.cfa) this.fail('restore_state would clear the CFA rule');
    if (cur.cfa && next.cfa && !ruleEquals(cur.cfa, next.cfa)) this.report(CFA, next.cfa);
    const nums = cur.regs.nums;
    const rules = cur.regs.rules;
    for (let i = 0; i < cur.regs.n; i++) {
      const reg = nums[i]!;
      const rule = rules[i]!;
      const want = next.regs.get(reg);
      // A register that had no rule when the state was remembered goes back to "unchanged".
      if (!want) this.report(reg, SAME);
      else if (!ruleEquals(rule, want)) this.report(reg, want);
    }
    if (this.rulesSaved) this.recycle(cur);
    this.rules = next;
    this.rulesSaved = true;
    this.regsShared = false;
  }

  /** A copy of the current rules for remember_state (from the pool when it can). */
  private remember(): RuleSet {
    const copy = this.pool.pop() ?? { cfa: null, regs: new RegRules() };
    copy.cfa = this.rules.cfa;
    copy.regs.assign(this.rules.regs);
    return copy;
  }

  private recycle(r: RuleSet): void {
    if (this.pool.length < 64) this.pool.push(r);
  }

  private windowSave(): void {
    const arch = this.ctx.arch;
    if (arch !== 'sparc' && arch !== 'sparcv9') return; // arm64 negate_ra_state: PAC is stripped by the walker
    // SPARC register window: %o0-%o7 live in %i0-%i7, %l0-%i7 are saved at the CFA.
    for (let i = 8; i < 16; i++) this.setRule(i, registerRule(i + 16));
    for (let i = 16; i < 32; i++) this.setRule(i, offsetRule((i - 16) * this.ctx.bases.addressSize));
  }

  /** Ends the CIE part; returns its state when FDEs of this CIE may reuse it. */
  finishCie(): CieState | null {
    this.cieRules = copyRuleSet(this.rules);
    this.inCie = false;
    if (this.cieEvents > 0 || this.address !== this.ctx.address || this.saved.length > 0) return null;
    const initial = this.recorder.initial;
    return { cfa: this.cieRules.cfa, regs: this.cieRules.regs, initialNames: initial.names.slice(0, initial.size), initialTexts: initial.texts.slice(0, initial.size) };
  }

  /** Start with no rules (before running the CIE's instructions). */
  fresh(): void {
    this.rules = { cfa: null, regs: new RegRules() };
  }

  startFromCie(st: CieState): void {
    this.cieOwn.cfa = st.cfa;
    this.cieOwn.regs = st.regs;
    this.cieRules = this.cieOwn;
    this.ownRules.cfa = st.cfa;
    this.ownRules.regs = st.regs;
    this.rules = this.ownRules;
    this.regsShared = true;
    this.inCie = false;
    const initial = this.recorder.initial;
    initial.clear();
    for (let i = 0; i < st.initialNames.length; i++) initial.set(st.initialNames[i]!, st.initialTexts[i]!);
  }
}

const interpreters = new WeakMap<InterpretContext, Interpreter>();

/**
 * Runs the CIE's initial instructions, then the FDE's. The result's recorder is
 * reused by the next call with the same context: take its output first.
 */
export function interpret(ctx: InterpretContext, c: Cursor): InterpretResult {
  let it = interpreters.get(ctx);
  if (!it) {
    it = new Interpreter(ctx);
    interpreters.set(ctx, it);
  }
  it.reset();
  try {
    const cached = ctx.cieStates.get(ctx.cie);
    if (cached) it.startFromCie(cached);
    else {
      it.fresh();
      it.run(c, ctx.cie.instructionsStart, ctx.cie.instructionsEnd);
      const st = it.finishCie();
      if (cached === undefined) ctx.cieStates.set(ctx.cie, st);
    }
    it.run(c, ctx.instructionsStart, ctx.instructionsEnd);
  } catch (e) {
    if (e instanceof ObjectFileError) return { recorder: it.recorder, error: e };
    throw e;
  }
  return (it.ok ??= { recorder: it.recorder });
}
