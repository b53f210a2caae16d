import { describe, expect, it } from 'vitest';
import { PostfixEvaluator, evaluateExpression, findCallerRegs } from '../../../src/processor/walk/index.js';

const mem = new Map<bigint, bigint>([
  [0x1000n, 0xdeadbeefn],
  [0x1004n, 0x12345678n],
  [0x2000n, 0x1122334455667788n],
]);
const read = (a: bigint) => mem.get(a);
const ev32 = (expr: string, dict: Record<string, bigint> = {}) => evaluateExpression(expr, new Map(Object.entries(dict)), 32, read);
const ev64 = (expr: string, dict: Record<string, bigint> = {}) => evaluateExpression(expr, new Map(Object.entries(dict)), 64, read);

describe('postfix evaluator: values', () => {
  it('binary operators', () => {
    expect(ev32('$esp 4 +', { $esp: 0x1000n })).toBe(0x1004n);
    expect(ev32('10 3 -')).toBe(7n);
    expect(ev32('6 7 *')).toBe(42n);
    expect(ev32('17 5 /')).toBe(3n);
    expect(ev32('17 5 %')).toBe(2n);
    expect(ev32('0x1f 8 @', { '0x1f': 0x1fn })).toBe(0x18n); // hex is only an identifier
    expect(ev32('31 8 @')).toBe(24n);
    expect(ev32('$ebp 16 @', { $ebp: 0x12345679n })).toBe(0x12345670n);
  });

  it('wraps at 32 or 64 bits', () => {
    expect(ev32('0 1 -')).toBe(0xffffffffn);
    expect(ev64('0 1 -')).toBe(0xffffffffffffffffn);
    expect(ev32('4294967295 1 +')).toBe(0n);
    expect(ev32('65536 65536 *')).toBe(0n);
  });

  it('negative literals are negated modulo 2^bits', () => {
    expect(ev32('.cfa -8 +', { '.cfa': 0x1010n })).toBe(0x1008n);
    expect(ev64('.cfa -8 +', { '.cfa': 0x1010n })).toBe(0x1008n);
    expect(ev32('-1')).toBe(0xffffffffn);
  });

  it('literals out of range are identifiers, and so fail', () => {
    expect(ev32('4294967296')).toBeUndefined();
    expect(ev64('4294967296')).toBe(4294967296n);
    expect(ev64('18446744073709551616')).toBeUndefined();
  });

  it('dereference reads a word of the evaluator width', () => {
    expect(ev32('$esp ^', { $esp: 0x1000n })).toBe(0xdeadbeefn);
    expect(ev64('4096 4096 + ^')).toBe(0x1122334455667788n);
    expect(ev32('$esp 8 + ^', { $esp: 0x1000n })).toBeUndefined(); // unreadable
    expect(evaluateExpression('4096 ^', new Map(), 32, null)).toBeUndefined(); // no memory
  });

  it('registers with and without $, and .cfa/.ra, are plain dictionary names', () => {
    expect(ev32('sp 8 +', { sp: 8n })).toBe(16n);
    expect(ev32('$sp 8 +', { sp: 8n })).toBeUndefined();
    expect(ev32('.ra', { '.ra': 5n })).toBe(5n);
    expect(ev32('.undef')).toBeUndefined();
  });

  it('exactly one value must remain', () => {
    expect(ev32('1 2')).toBeUndefined();
    expect(ev32('')).toBeUndefined();
    expect(ev32('+')).toBeUndefined();
    expect(ev32('1 +')).toBeUndefined();
  });

  it('division and modulus by zero fail instead of throwing', () => {
    expect(ev32('1 0 /')).toBeUndefined();
    expect(ev64('1 0 %')).toBeUndefined();
  });
});

describe('postfix evaluator: programs (STACK WIN)', () => {
  it('assigns variables and reports them', () => {
    const dict = new Map<string, bigint>([
      ['$ebp', 0x1000n],
      ['$esp', 0x0ff0n],
    ]);
    const assigned = new Set<string>();
    const ok = new PostfixEvaluator(dict, 32, read).evaluate('$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + =', assigned);
    expect(ok).toBe(true);
    expect(dict.get('$eip')).toBe(0x12345678n);
    expect(dict.get('$ebp')).toBe(0xdeadbeefn);
    expect(dict.get('$esp')).toBe(0x1008n);
    expect([...assigned].sort()).toEqual(['$T0', '$ebp', '$eip', '$esp']);
  });

  it('splits "=$x" tokens (MSVC 2010 LTCG)', () => {
    const dict = new Map<string, bigint>([['$ebp', 0x1000n]]);
    const assigned = new Set<string>();
    expect(new PostfixEvaluator(dict, 32, read).evaluate('$T0 $ebp 4 + =$eip $T0 ^ =', assigned)).toBe(true);
    expect(dict.get('$eip')).toBe(0x12345678n);
  });

  it('identifiers are looked up when popped, not when pushed', () => {
    const dict = new Map<string, bigint>([['$a', 1n]]);
    // "$a" is pushed, then $a is reassigned to 7 before the "+" pops it.
    expect(new PostfixEvaluator(dict, 32, read).evaluate('$r $a $a 7 = 1 + =', new Set())).toBe(true);
    expect(dict.get('$r')).toBe(8n);
  });

  it('fails on leftovers, constants as targets, and values as targets', () => {
    const run = (p: string) => new PostfixEvaluator(new Map([['$x', 1n]]), 32, read).evaluate(p, new Set());
    expect(run('$y 1 = 5')).toBe(false);
    expect(run('.cfa 1 =')).toBe(false);
    expect(run('5 1 =')).toBe(false);
    expect(run('$x 1 + 2 =')).toBe(false);
    expect(run('=')).toBe(false);
    expect(run('')).toBe(true);
  });

  it('keeps assignments made before a failure (Breakpad shares the dictionary)', () => {
    const dict = new Map<string, bigint>();
    const assigned = new Set<string>();
    expect(new PostfixEvaluator(dict, 32, read).evaluate('$ebx 5 = $eip bad program', assigned)).toBe(false);
    expect(dict.get('$ebx')).toBe(5n);
    expect(assigned.has('$ebx')).toBe(true);
  });

  it('never throws or hangs on hostile input', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const tokens = ['+', '-', '*', '/', '%', '@', '^', '=', '$eip', '$T0', '.cfa', '-0', '0', '4294967295', '=$x', '$', '\t', 'x'];
    for (let i = 0; i < 2000; i++) {
      const expr = Array.from({ length: rnd(40) }, () => tokens[rnd(tokens.length)]).join(' ');
      const d = new Map<string, bigint>([['$eip', 0x1000n], ['.cfa', 0x1004n]]);
      expect(() => new PostfixEvaluator(d, 32, read).evaluate(expr, new Set())).not.toThrow();
      expect(() => evaluateExpression(expr, d, 64, read)).not.toThrow();
    }
    const huge = '1 '.repeat(200_000);
    const t = Date.now();
    expect(ev32(huge)).toBeUndefined(); // operand stack is capped
    expect(Date.now() - t).toBeLessThan(2000);
  });
});

describe('findCallerRegs (CFIFrameInfo::FindCallerRegs)', () => {
  const rules = (r: Record<string, string>) => new Map(Object.entries(r));

  it('computes .cfa first, then .ra and registers with .cfa available', () => {
    const out = findCallerRegs(rules({ '.cfa': '$esp 8 +', '.ra': '.cfa 4 - ^', $ebp: '.cfa 8 - ^' }), new Map([['$esp', 0x1000n]]), 32, read);
    expect(out).toEqual(
      new Map([
        ['$ebp', 0xdeadbeefn],
        ['.ra', 0x12345678n],
        ['.cfa', 0x1008n],
      ]),
    );
  });

  it('needs both .cfa and .ra', () => {
    expect(findCallerRegs(rules({ '.cfa': '$esp' }), new Map([['$esp', 1n]]), 32, read)).toBeNull();
    expect(findCallerRegs(rules({ '.ra': '$esp' }), new Map([['$esp', 1n]]), 32, read)).toBeNull();
    expect(findCallerRegs(rules({ '.cfa': '.cfa 4 +', '.ra': '0' }), new Map(), 32, read)).toBeNull();
    expect(findCallerRegs(rules({ '.cfa': '0', '.ra': 'lr' }), new Map(), 32, read)).toBeNull();
  });

  it('drops register rules that fail, and assignments do not leak between rules', () => {
    const out = findCallerRegs(
      rules({ '.cfa': '16', '.ra': '4', $ebx: '.undef', $esi: '$T 5 = $T', $edi: '$T' }),
      new Map(),
      32,
      read,
    );
    expect(out).toEqual(new Map([['$esi', 5n], ['.ra', 4n], ['.cfa', 16n]]));
  });
});
