import { describe, expect, it } from 'vitest';
import { FRAME_TRUST_DESCRIPTION, walkStack, type WalkerSymbols } from '../../../src/processor/walk/index.js';
import { ARM64_REGS, ARM_REGS, Section, brand, makeEnv, regs, type TestModule } from './helpers.js';

const mods32: TestModule[] = [
  { name: 'module1', base: 0x40000000n, size: 0x10000n },
  { name: 'module2', base: 0x50000000n, size: 0x10000n },
];

describe('hostile symbol providers', () => {
  it('a throwing or rejecting provider is treated as "no symbols"', async () => {
    const s = new Section(0x80000000n);
    s.d32(0x12).d32(0x50000100).mark('sp1').append(16);
    const env = makeEnv({ cpu: 'x86', stack: s, modules: mods32 });
    const throwing: WalkerSymbols = {
      hasFunction: () => {
        throw new Error('boom');
      },
      cfiRulesAt: () => {
        throw new Error('boom');
      },
      windowsFrameInfo: () => {
        throw new Error('boom');
      },
      functionParameterSize: () => {
        throw new Error('boom');
      },
    };
    env.symbolsFor = async (m) => {
      if (m.id === 0) return throwing;
      throw new Error('network down');
    };
    const frames = await walkStack(regs({ eip: 0x40000200, esp: s.start, ebp: 0x10 }), env);
    // module1's provider throws on every call: no CFI/WIN; scanning into module2 (rejected
    // promise = no symbols) accepts the address.
    expect(frames.map((f) => f.trust)).toEqual(['context', 'scan']);
    expect(frames[1]?.registers.get('esp')).toBe(s.at('sp1'));
  });

  it('absurd STACK WIN sizes neither throw nor hang', async () => {
    const s = new Section(0x80000000n);
    for (let i = 0; i < 64; i++) s.d32(0x80000000 + 4 * ((i + 1) % 64));
    const sym = [
      'STACK WIN 4 100 400 0 0 ffffffff ffffffff ffffffff 0 1 $eip $esp ^ = $esp $esp 4 + = $ebp 0 =',
      'STACK WIN 0 500 400 0 0 7fffffff 7ffffffc 0 0 0 1',
    ].join('\n');
    const env = makeEnv({ cpu: 'x86', stack: s, modules: [{ ...mods32[0]!, symbols: sym }, mods32[1]!] });
    for (const eip of [0x40000100, 0x40000500]) {
      const frames = await walkStack(regs({ eip, esp: s.start, ebp: 0x77777777 }), env);
      expect(frames.length).toBeGreaterThanOrEqual(1);
      expect(frames[0]?.trust).toBe('context');
    }
  });

  it('garbage CFI rule strings fail cleanly', async () => {
    const s = new Section(0x80000000n);
    s.append(64);
    const rules = ['', ':', '.cfa: ^ ^ ^', '.cfa: $rsp 0 / .ra: 1', '.cfa: $rsp 8 + .ra: = = =', `.cfa: ${'$rsp '.repeat(10000)} .ra: 1`];
    for (const r of rules) {
      const env = makeEnv({
        cpu: 'amd64',
        stack: s,
        modules: [{ name: 'm', base: 0x7000n, size: 0x1000n, symbols: `FUNC 0 1000 0 f\nSTACK CFI INIT 0 1000 ${r}` }],
      });
      const frames = await walkStack(regs({ rip: 0x7100, rsp: s.start, rbp: 3 }), env);
      expect(frames, r.slice(0, 30)).toHaveLength(1);
    }
  });
});

describe('stop rules on ARM', () => {
  it('arm: CFI giving pc < 4096 ends the walk', async () => {
    const s = new Section(0x80000000n);
    s.append(16);
    const env = makeEnv({ cpu: 'arm', stack: s, modules: [{ ...mods32[0]!, symbols: 'FUNC 0 1000 0 f\nSTACK CFI INIT 0 1000 .cfa: sp 8 + .ra: 4095' }] });
    expect(await walkStack(regs({ ...brand(ARM_REGS, 32), pc: 0x40000100, sp: s.start }), env)).toHaveLength(1);
  });

  it('arm (iOS): a frame pointer outside stack memory fails, then scanning takes over', async () => {
    const s = new Section(0x80000000n);
    s.d32(0x50000200).mark('sp1').append(16);
    const env = makeEnv({ cpu: 'arm', os: 'iOS', stack: s, modules: mods32 });
    const frames = await walkStack(regs({ ...brand(ARM_REGS, 32), pc: 0x40000100, sp: s.start, r7: 0x10000000 }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'scan']);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000200, sp: s.at('sp1') }));
  });

  it('arm64: fp = 0 yields pc = lr with the same sp once, then stops', async () => {
    const s = new Section(0x80000000n);
    s.append(32);
    const env = makeEnv({ cpu: 'arm64', stack: s, modules: mods32 });
    const frames = await walkStack(regs({ ...brand(ARM64_REGS, 64), pc: 0x40000100, lr: 0x50000300, fp: 0, sp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'frame_pointer']);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000300, lr: 0, fp: 0, sp: s.start }));
    expect(frames[1]?.lookupAddress).toBe(0x500002fcn);
  });

  it('arm64: an fp chain that loops back is stopped by the sp rule', async () => {
    const s = new Section(0x80000000n);
    s.mark('a').d64('b').d64(0x50000100).mark('b').d64('a').d64(0x50000200).append(16);
    const env = makeEnv({ cpu: 'arm64', stack: s, modules: mods32 });
    const frames = await walkStack(regs({ ...brand(ARM64_REGS, 64), pc: 0x40000100, lr: 0x50000000, fp: s.at('a'), sp: s.start }), env);
    // a -> b (sp a+16), b -> a (sp b+16 > a+16), a -> b again (sp a+16 <= b+16): stop.
    expect(frames.map((f) => f.registers.get('sp'))).toEqual([s.start, s.at('a+16'), s.at('b+16')]);
  });
});

describe('trust descriptions', () => {
  it('match Breakpad wording', () => {
    expect(FRAME_TRUST_DESCRIPTION.scan).toBe('stack scanning');
    expect(FRAME_TRUST_DESCRIPTION.frame_pointer).toBe("previous frame's frame pointer");
    expect(FRAME_TRUST_DESCRIPTION.leaf).toBe('simulating a return from leaf function');
  });
});
