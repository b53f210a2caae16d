/**
 * STACK CFI rule evaluation: Breakpad's CFIFrameInfo::FindCallerRegs and
 * SimpleCFIWalker::FindCallerRegisters (used by x86 and amd64).
 */
import { PostfixEvaluator, type Bits, type Dictionary, type WordReader } from './postfix.js';

/**
 * Applies CFI rules to the callee's valid registers (names as the rules use
 * them, e.g. "$rsp" or "sp"). Returns the caller's recovered values,
 * including ".cfa" and ".ra", or null when the CFA or RA cannot be computed.
 * A register rule that fails to evaluate (including ".undef", which is not
 * in the dictionary) is just left out, exactly like Breakpad.
 */
export function findCallerRegs(
  rules: ReadonlyMap<string, string>,
  callee: Dictionary,
  bits: Bits,
  readWord: WordReader | null,
): Dictionary | null {
  const cfaRule = rules.get('.cfa');
  const raRule = rules.get('.ra');
  if (!cfaRule || !raRule) return null;

  // Each rule starts from a fresh copy, so assignments cannot leak between rules.
  const evalWith = (expr: string, cfa: bigint | undefined): bigint | undefined => {
    const working = new Map(callee);
    if (cfa !== undefined) working.set('.cfa', cfa);
    return new PostfixEvaluator(working, bits, readWord).evaluateForValue(expr);
  };

  const cfa = evalWith(cfaRule, undefined);
  if (cfa === undefined) return null;
  const ra = evalWith(raRule, cfa);
  if (ra === undefined) return null;

  const caller: Dictionary = new Map();
  for (const [name, expr] of rules) {
    if (name === '.cfa' || name === '.ra') continue;
    const value = evalWith(expr, cfa);
    if (value !== undefined) caller.set(name, value);
  }
  caller.set('.ra', ra);
  caller.set('.cfa', cfa);
  return caller;
}

export interface CfiRegister {
  /** Walker register name (e.g. "rbx"). */
  name: string;
  /** Name used in the CFI rules (e.g. "$rbx"). */
  cfiName: string;
  /** ".ra" / ".cfa" for the pc / sp. */
  alternate: string | null;
  /** Assumed unchanged by the callee when the CFI does not mention it. */
  calleeSaves: boolean;
}

/**
 * SimpleCFIWalker: registers found by name, then by alternate name, then
 * callee-saves registers valid in the callee are carried over. Returns the
 * caller's values and validity; unrecovered registers get Breakpad's 0xda fill.
 */
export function simpleCfiWalk(
  map: readonly CfiRegister[],
  rules: ReadonlyMap<string, string>,
  calleeRegs: ReadonlyMap<string, bigint>,
  calleeValid: ReadonlySet<string>,
  bits: Bits,
  readWord: WordReader | null,
): { regs: Map<string, bigint>; valid: Set<string> } | null {
  const callee: Dictionary = new Map();
  for (const r of map) {
    const v = calleeRegs.get(r.name);
    if (calleeValid.has(r.name) && v !== undefined) callee.set(r.cfiName, v);
  }
  const caller = findCallerRegs(rules, callee, bits, readWord);
  if (!caller) return null;

  const fill = bits === 32 ? 0xdadadadan : 0xdadadadadadadadan;
  const regs = new Map<string, bigint>();
  const valid = new Set<string>();
  for (const name of calleeRegs.keys()) regs.set(name, fill);
  for (const r of map) {
    regs.set(r.name, fill);
    const byName = caller.get(r.cfiName);
    const byAlt = r.alternate ? caller.get(r.alternate) : undefined;
    const value = byName ?? byAlt;
    if (value !== undefined) {
      regs.set(r.name, value);
      valid.add(r.name);
    } else if (r.calleeSaves && calleeValid.has(r.name)) {
      regs.set(r.name, calleeRegs.get(r.name) ?? 0n);
      valid.add(r.name);
    }
  }
  return { regs, valid };
}
