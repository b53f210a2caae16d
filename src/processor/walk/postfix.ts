/**
 * Breakpad's PostfixEvaluator<T> (T = uint32_t or uint64_t) for STACK CFI
 * rules and STACK WIN program strings. Semantics kept from Breakpad:
 * - tokens split on ASCII whitespace; a token "=xyz" is "=" then "xyz";
 * - literals are decimal with an optional leading '-' (negated mod 2^bits);
 *   anything else (hex included) is an identifier looked up when popped;
 * - binary + - * / % @ (align: a & ~(b-1)), unary ^ (read a T from memory),
 *   = (assign to an identifier starting with '$');
 * - Evaluate needs an empty stack at the end, EvaluateForValue exactly one value.
 * Differences, only for inputs on which Breakpad crashes or misbehaves:
 * division/modulus by zero fails; the operand stack is capped.
 * Never throws for any input string.
 */

export type Bits = 32 | 64;

/** Reads one T-sized little-endian word, undefined when unreadable. */
export type WordReader = (address: bigint) => bigint | undefined;

export type Dictionary = Map<string, bigint>;

const MAX_STACK = 4096;
const WHITESPACE = /[ \t\n\v\f\r]+/;
const LITERAL = /^(-?)([+-]?)([0-9]+)$/;

/** Stack entries: computed values are bigints; tokens stay strings until popped (lazy lookup, as in Breakpad). */
type Entry = bigint | string;

export function maskFor(bits: Bits): bigint {
  return bits === 32 ? 0xffffffffn : 0xffffffffffffffffn;
}

/** istringstream >> T with Breakpad's explicit leading '-': a literal value, or undefined for an identifier. */
function parseLiteral(token: string, mask: bigint): bigint | undefined {
  const m = LITERAL.exec(token);
  if (!m) return undefined;
  const digits = m[3] as string;
  // Overflow sets failbit in the stream, so the token becomes an identifier.
  if (digits.length > 40) return undefined;
  let v = BigInt(digits);
  if (v > mask) return undefined;
  if (m[2] === '-') v = -v & mask;
  if (m[1] === '-') v = -v & mask;
  return v;
}

export class PostfixEvaluator {
  private readonly mask: bigint;
  private stack: Entry[] = [];

  constructor(
    private readonly dictionary: Dictionary,
    private readonly bits: Bits,
    private readonly readWord: WordReader | null,
  ) {
    this.mask = maskFor(bits);
  }

  /** STACK WIN program: runs assignments; true only if the stack ends empty. */
  evaluate(program: string, assigned: Set<string> | null): boolean {
    this.stack = [];
    try {
      return this.run(program, assigned) && this.stack.length === 0;
    } finally {
      this.stack = [];
    }
  }

  /** STACK CFI rule: the single value left on the stack, or undefined. */
  evaluateForValue(expression: string): bigint | undefined {
    this.stack = [];
    try {
      if (!this.run(expression, null) || this.stack.length !== 1) return undefined;
      return this.popValue();
    } finally {
      this.stack = [];
    }
  }

  private run(expression: string, assigned: Set<string> | null): boolean {
    for (const token of expression.split(WHITESPACE)) {
      if (token === '') continue;
      if (token.length > 1 && token[0] === '=') {
        if (!this.token('=', assigned)) return false;
        if (!this.token(token.slice(1), assigned)) return false;
      } else if (!this.token(token, assigned)) {
        return false;
      }
    }
    return true;
  }

  private token(token: string, assigned: Set<string> | null): boolean {
    switch (token) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case '@': {
        const b = this.popValue();
        if (b === undefined) return false;
        const a = this.popValue();
        if (a === undefined) return false;
        const r = this.binary(token, a, b);
        if (r === undefined) return false;
        return this.push(r);
      }
      case '^': {
        if (!this.readWord) return false;
        const address = this.popValue();
        if (address === undefined) return false;
        const value = this.readWord(address);
        if (value === undefined) return false;
        return this.push(value & this.mask);
      }
      case '=': {
        const value = this.popValue();
        if (value === undefined) return false;
        const target = this.stack.pop();
        if (target === undefined || typeof target !== 'string') return false;
        if (parseLiteral(target, this.mask) !== undefined) return false;
        if (!target.startsWith('$')) return false;
        this.dictionary.set(target, value);
        assigned?.add(target);
        return true;
      }
      default:
        return this.push(token);
    }
  }

  private binary(op: string, a: bigint, b: bigint): bigint | undefined {
    const m = this.mask;
    switch (op) {
      case '+':
        return (a + b) & m;
      case '-':
        return (a - b) & m;
      case '*':
        return (a * b) & m;
      case '/':
        return b === 0n ? undefined : a / b;
      case '%':
        return b === 0n ? undefined : a % b;
      default: // '@'
        return a & (m ^ ((b - 1n) & m));
    }
  }

  private push(entry: Entry): boolean {
    if (this.stack.length >= MAX_STACK) return false;
    this.stack.push(entry);
    return true;
  }

  private popValue(): bigint | undefined {
    const entry = this.stack.pop();
    if (entry === undefined) return undefined;
    if (typeof entry === 'bigint') return entry;
    const literal = parseLiteral(entry, this.mask);
    if (literal !== undefined) return literal;
    const value = this.dictionary.get(entry);
    return value === undefined ? undefined : value & this.mask;
  }
}

/** Convenience: evaluate one CFI-style expression against a dictionary copy. */
export function evaluateExpression(
  expression: string,
  dictionary: Dictionary,
  bits: Bits,
  readWord: WordReader | null,
): bigint | undefined {
  return new PostfixEvaluator(new Map(dictionary), bits, readWord).evaluateForValue(expression);
}
