import { describe, expect, it } from 'vitest';
import { walkStack } from '../../../src/processor/walk/index.js';
import { ARM_REGS, Section, brand, makeEnv, regs, type TestModule } from './helpers.js';

// Fixture from Breakpad's stackwalker_arm_unittest.cc.
const mods = (m1?: string, m2?: string): TestModule[] => [
  { name: 'module1', base: 0x40000000n, size: 0x10000n, symbols: m1 },
  { name: 'module2', base: 0x50000000n, size: 0x10000n, symbols: m2 },
];
const BRAND = brand(ARM_REGS, 32);
const context = (over: Record<string, bigint | number>) => regs({ ...BRAND, ...over });

describe('arm stack scanning', () => {
  it('ScanWithoutSymbols: three frames, sp just above each return address', async () => {
    const s = new Section(0x80000000n);
    s.append(16).d32(0x40090000).d32(0x60000000).d32(0x50000100).mark('frame1_sp');
    s.append(16).d32(0xf0000000).d32(0x0000000d).d32(0x50000900).mark('frame2_sp').append(32);
    const env = makeEnv({ cpu: 'arm', stack: s, modules: mods() });
    const frames = await walkStack(context({ pc: 0x40005510, sp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'scan', 'scan']);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000100, sp: s.at('frame1_sp') }));
    expect(frames[1]?.lookupAddress).toBe(0x500000fen);
    expect(frames[2]?.registers).toEqual(regs({ pc: 0x50000900, sp: s.at('frame2_sp') }));
  });

  it('ScanFirstFrame: 160 words for the context frame, 40 after', async () => {
    const s = new Section(0x80000000n);
    s.append(32).d32(0x40090000).d32(0x60000000).append(96).d32(0x50000100).mark('frame1_sp');
    s.append(32).d32(0xf0000000).d32(0x0000000d).append(136).d32(0x50000900).mark('frame2_sp').append(32);
    const env = makeEnv({ cpu: 'arm', stack: s, modules: mods() });
    const frames = await walkStack(context({ pc: 0x40005510, sp: s.start }), env);
    expect(frames).toHaveLength(2);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000100, sp: s.at('frame1_sp') }));
  });

  it('ScanWithFunctionSymbols', async () => {
    const s = new Section(0x80000000n);
    s.append(16).d32(0x40090000).d32(0x60000000).d32(0x40001000).d32(0x5000f000).d32(0x50000200).mark('frame1_sp').append(32);
    const env = makeEnv({ cpu: 'arm', stack: s, modules: mods('FUNC 100 400 10 monotreme', 'FUNC 100 400 10 marsupial') });
    const frames = await walkStack(context({ pc: 0x40000200, sp: s.start }), env);
    expect(frames).toHaveLength(2);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000200, sp: s.at('frame1_sp') }));
  });

  it('ScanningNotAllowed', async () => {
    const s = new Section(0x80000000n);
    s.append(16).d32(0x50000100).append(32);
    const env = makeEnv({ cpu: 'arm', stack: s, modules: mods() });
    expect(await walkStack(context({ pc: 0x40005510, sp: s.start }), env, { maxScannedFrames: 0 })).toHaveLength(1);
  });
});

describe('arm CFI (Breakpad CFI.*)', () => {
  const sym =
    'FUNC 4000 1000 10 enchiridion\n' +
    'STACK CFI INIT 4000 100 .cfa: sp .ra: lr\n' +
    'STACK CFI 4001 .cfa: sp 12 + r4: .cfa 12 - ^ r11: .cfa 8 - ^ .ra: .cfa 4 - ^\n' +
    'STACK CFI 4002 r4: r0 r5: r1 r6: r2 r7: r3\n' +
    'STACK CFI 4003 .cfa: sp 16 + r1: .cfa 16 - ^ r4: r4 r5: r5 r6: r6 r7: r7\n' +
    'STACK CFI 4005 .cfa: sp 12 + r1: .cfa 12 - ^ r11: .cfa 4 - ^ .ra: .cfa ^ sp: .cfa 4 +\n' +
    'STACK CFI 4006 .cfa: sp 16 + pc: .cfa 16 - ^\n' +
    'FUNC 5000 1000 10 epictetus\n' +
    'STACK CFI INIT 5000 1000 .cfa: 0 .ra: 0\n' +
    'FUNC 6000 1000 20 palinal\n' +
    'STACK CFI INIT 6000 1000 .cfa: sp 4 - .ra: lr\n' +
    'FUNC 7000 1000 20 rhetorical\n' +
    'STACK CFI INIT 7000 1000 .cfa: moot .ra: ambiguous\n';
  const expected = {
    pc: 0x40005510n,
    sp: 0x80000000n,
    r4: 0xb5d55e68n,
    r5: 0xebd134f3n,
    r6: 0xa31e74bcn,
    r7: 0x2dcb16b3n,
    r8: 0x2ada2137n,
    r9: 0xbbbb557dn,
    r10: 0x48bf8ca7n,
    r11: 0x8112e110n,
  };

  async function check(words: number[], over: Record<string, bigint | number>, only?: string[], want: Record<string, bigint> = expected) {
    const s = new Section(expected.sp - BigInt(words.length * 4));
    for (const w of words) s.d32(w);
    s.append(8); // the caller's frame: an empty region would mean "no stack memory"
    let ctx = regs({ ...BRAND, ...expected, ...over, sp: s.start });
    if (only) ctx = new Map([...ctx].filter(([k]) => only.includes(k)));
    const frames = await walkStack(ctx, makeEnv({ cpu: 'arm', stack: s, modules: mods(sym) }));
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('cfi');
    expect(frames[1]?.registers).toEqual(regs(want));
    expect(frames[1]?.lookupAddress).toBe(0x4000550en);
  }

  it('At4000', () => check([], { pc: 0x40004000, lr: 0x40005510 }));
  it('At4001', () => check([0xb5d55e68, 0x8112e110, 0x40005510], { pc: 0x40004001, r4: 0x635adc9f, r11: 0xbe145fc4 }));
  it('At4001LimitedValidity: only recovered registers are valid', () =>
    check([0xb5d55e68, 0x8112e110, 0x40005510], { pc: 0x40004001, r11: 0xbe145fc4 }, ['pc', 'sp'], {
      pc: expected.pc,
      sp: expected.sp,
      r4: expected.r4,
      r11: expected.r11,
    }));
  it('At4002: caller r4..r7 from r0..r3', () =>
    check([0xfb81ff3d, 0x8112e110, 0x40005510], {
      pc: 0x40004002,
      r0: 0xb5d55e68,
      r1: 0xebd134f3,
      r2: 0xa31e74bc,
      r3: 0x2dcb16b3,
      r4: 0xfdd35466,
      r5: 0xf18c946c,
      r6: 0xac2079e8,
      r7: 0xa449829f,
      r11: 0xbe145fc4,
    }));
  it('At4003: a non-callee-saves register (r1) recovered by a rule is valid', () =>
    check([0x48c8dd5a, 0xfb81ff3d, 0x8112e110, 0x40005510], { pc: 0x40004003, r1: 0xfb756319, r11: 0xbe145fc4 }, undefined, {
      ...expected,
      r1: 0x48c8dd5an,
    }));
  it('At4005: explicit sp rule wins over .cfa', () =>
    check([0x48c8dd5a, 0xf1e3d4b3, 0x8112e110, 0x40005510], { pc: 0x40004005, r1: 0xfb756319, r11: 0xbe145fc4 }, undefined, {
      ...expected,
      r1: 0x48c8dd5an,
    }));
  it('At4006: explicit pc rule wins over .ra', () =>
    check([0x40005510, 0x48c8dd5a, 0xf1e3d4b3, 0x8112e110, 0x0a14b5f7], { pc: 0x40004006, r1: 0xfb756319, r11: 0xbe145fc4 }, undefined, {
      ...expected,
      r1: 0x48c8dd5an,
    }));

  it('RejectBackwards: CFI that moves sp down ends the walk', async () => {
    const s = new Section(0x80000000n);
    s.append(16);
    const frames = await walkStack(context({ pc: 0x40006000, sp: s.start + 8n, lr: 0x40005510 }), makeEnv({ cpu: 'arm', stack: s, modules: mods(sym) }));
    expect(frames).toHaveLength(1);
  });

  it('RejectBadExpressions: unevaluable rules fall back to scanning (which finds nothing)', async () => {
    const s = new Section(0x80000000n);
    s.append(16);
    const frames = await walkStack(context({ pc: 0x40007000, sp: s.start }), makeEnv({ cpu: 'arm', stack: s, modules: mods(sym) }));
    expect(frames).toHaveLength(1);
  });

  it('CFI is ignored on iOS (Breakpad issue 764)', async () => {
    const s = new Section(0x80000000n);
    s.append(16);
    const env = makeEnv({ cpu: 'arm', os: 'iOS', stack: s, modules: mods(sym) });
    const frames = await walkStack(context({ pc: 0x40004000, sp: s.start, lr: 0x40005510, r7: 0 }), env);
    // With r7 = 0 the frame-pointer unwind yields pc = lr and an unchanged sp, accepted on the first unwind.
    expect(frames[1]?.trust).toBe('frame_pointer');
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x40005510, lr: 0, r7: 0, sp: s.start }));
  });
});

describe('arm frame pointer (iOS only)', () => {
  function stack() {
    const s = new Section(0x80000000n);
    s.append(32).d32(0x0000000d).d32(0xf0000000).mark('frame1_fp').d32('frame2_fp').d32(0x50000900).mark('frame1_sp');
    s.append(32).d32(0x0000000d).d32(0xf0000000).mark('frame2_fp').d32(0).d32(0).mark('frame2_sp');
    s.append(32).d32(0x0000000d).d32(0xf0000000);
    return s;
  }

  it('OnlyFramePointer: r7 chain on iOS', async () => {
    const s = stack();
    const env = makeEnv({ cpu: 'arm', os: 'iOS', stack: s, modules: mods() });
    const frames = await walkStack(context({ pc: 0x40005510, lr: 0x50000100, r7: s.at('frame1_fp'), sp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'frame_pointer', 'frame_pointer']);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000100, lr: 0x50000900, sp: s.at('frame1_sp'), r7: s.at('frame2_fp') }));
    expect(frames[2]?.registers).toEqual(regs({ pc: 0x50000900, lr: 0, sp: s.at('frame2_sp'), r7: 0 }));
  });

  it('is not used elsewhere: Linux scans instead', async () => {
    const s = stack();
    const env = makeEnv({ cpu: 'arm', os: 'Linux', stack: s, modules: mods() });
    const frames = await walkStack(context({ pc: 0x40005510, lr: 0x50000100, r7: s.at('frame1_fp'), sp: s.start }), env);
    expect(frames[1]?.trust).toBe('scan');
    expect(frames[1]?.instruction).toBe(0x50000900n);
    expect(frames[1]?.registers.get('sp')).toBe(s.at('frame1_sp'));
  });
});
