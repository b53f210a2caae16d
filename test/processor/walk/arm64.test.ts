import { describe, expect, it } from 'vitest';
import { walkStack } from '../../../src/processor/walk/index.js';
import { ARM64_REGS, Section, brand, makeEnv, regs, type TestModule } from './helpers.js';

// Fixture from Breakpad's stackwalker_arm64_unittest.cc (os iOS).
const mods = (m1?: string, m2?: string): TestModule[] => [
  { name: 'module1', base: 0x40000000n, size: 0x10000n, symbols: m1 },
  { name: 'module2', base: 0x50000000n, size: 0x10000n, symbols: m2 },
];
// Garbage fp/lr like Breakpad's branded context: not readable stack, not code.
const BRAND = { ...brand(ARM64_REGS, 64), fp: 0x1234567812345678n, lr: 0x0f0f0f0f0f0f0f0fn };
const context = (over: Record<string, bigint | number>) => regs({ ...BRAND, ...over });

describe('arm64 stack scanning', () => {
  it('ScanWithoutSymbols', async () => {
    const s = new Section(0x80000000n);
    s.append(16).d64(0x40090000).d64(0x60000000).d64(0x50000100).mark('frame1_sp');
    s.append(16).d64(0xf0000000).d64(0x0000000d).d64(0x50000900).mark('frame2_sp').append(64);
    const frames = await walkStack(context({ pc: 0x40005510, sp: s.start }), makeEnv({ cpu: 'arm64', os: 'iOS', stack: s, modules: mods() }));
    expect(frames.map((f) => f.trust)).toEqual(['context', 'scan', 'scan']);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000100, sp: s.at('frame1_sp') }));
    expect(frames[1]?.lookupAddress).toBe(0x500000fcn);
    expect(frames[2]?.registers).toEqual(regs({ pc: 0x50000900, sp: s.at('frame2_sp') }));
  });

  it('ScanWithFunctionSymbols', async () => {
    const s = new Section(0x80000000n);
    s.append(16).d64(0x40090000).d64(0x60000000).d64(0x40001000).d64(0x5000f000).d64(0x50000200).mark('frame1_sp').append(64);
    const env = makeEnv({ cpu: 'arm64', os: 'iOS', stack: s, modules: mods('FUNC 100 400 10 monotreme', 'FUNC 100 400 10 marsupial') });
    const frames = await walkStack(context({ pc: 0x40000200, sp: s.start }), env);
    expect(frames).toHaveLength(2);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000200, sp: s.at('frame1_sp') }));
  });

  it('ScanningNotAllowed', async () => {
    const s = new Section(0x80000000n);
    s.append(16).d64(0x50000100).append(64);
    const env = makeEnv({ cpu: 'arm64', stack: s, modules: mods() });
    expect(await walkStack(context({ pc: 0x40005510, sp: s.start }), env, { maxScannedFrames: 0 })).toHaveLength(1);
  });
});

describe('arm64 frame pointer', () => {
  function stack() {
    const s = new Section(0x80000000n);
    s.append(64).d64(0xd).d64(0xf0000000).mark('frame1_fp').d64('frame2_fp').d64(0x50000900).mark('frame1_sp');
    s.append(64).d64(0xd).d64(0xf0000000).mark('frame2_fp').d64(0).d64(0).mark('frame2_sp');
    s.append(64).d64(0xd).d64(0xf0000000);
    return s;
  }

  it('OnlyFramePointer', async () => {
    const s = stack();
    const env = makeEnv({ cpu: 'arm64', os: 'iOS', stack: s, modules: mods() });
    const frames = await walkStack(context({ pc: 0x40005510, lr: 0x50000100, fp: s.at('frame1_fp'), sp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'frame_pointer', 'frame_pointer']);
    expect(frames[1]?.registers).toEqual(regs({ pc: 0x50000100, lr: 0x50000900, sp: s.at('frame1_sp'), fp: s.at('frame2_fp') }));
    expect(frames[2]?.registers).toEqual(regs({ pc: 0x50000900, lr: 0, sp: s.at('frame2_sp'), fp: 0 }));
  });

  it('strips pointer-authentication bits from return addresses that then land in a module', async () => {
    const s = stack();
    const env = makeEnv({ cpu: 'arm64', os: 'iOS', stack: s, modules: mods() });
    // Mask from the last module: end 0x50010000 -> 0x7fffffff.
    const frames = await walkStack(
      context({ pc: 0x40005510, lr: 0x002b000050000100n, fp: s.at('frame1_fp'), sp: s.start }),
      env,
    );
    expect(frames[1]?.instruction).toBe(0x50000100n);
    expect(frames[0]?.registers.get('lr')).toBe(0x50000100n); // context lr stripped too
  });

  it('leaves signed pointers alone when stripping does not land in a module', async () => {
    const s = stack();
    const env = makeEnv({ cpu: 'arm64', os: 'iOS', stack: s, modules: mods() });
    const frames = await walkStack(context({ pc: 0x40005510, lr: 0x002b000060000100n, fp: s.at('frame1_fp'), sp: s.start }), env);
    expect(frames[0]?.registers.get('lr')).toBe(0x002b000060000100n);
    expect(frames[1]?.instruction).toBe(0x002b000060000100n);
  });

  it('recovers lr from the callee frame record when CFI did not (CorrectRegLRByFramePointer)', async () => {
    // Frame 0 in module1 with CFI that restores fp and sp but not lr/x30; frame 1 then unwinds by frame pointer.
    const sym = 'FUNC 4000 1000 0 f\nSTACK CFI INIT 4000 1000 .cfa: x29 16 + .ra: .cfa -8 + ^ x29: .cfa -16 + ^\n';
    const s = new Section(0x80000000n);
    s.append(16).mark('fp0').d64('fp1').d64(0x50000100).append(16).mark('fp1').d64('fp2').d64(0x50000200);
    s.append(16).mark('fp2').d64(0).d64(0).append(16);
    const env = makeEnv({ cpu: 'arm64', os: 'Linux', stack: s, modules: mods(sym) });
    const frames = await walkStack(context({ pc: 0x40004010, sp: s.start, fp: s.at('fp0') }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'cfi', 'frame_pointer', 'frame_pointer']);
    // CFI frame: pc/sp/fp recovered, x19..x28 forwarded as callee-saves, lr (x30) unknown.
    const calleeSaves = Object.fromEntries(Object.entries(BRAND).filter(([k]) => /^x(19|2[0-8])$/.test(k)));
    expect(frames[1]?.registers).toEqual(regs({ ...calleeSaves, pc: 0x50000100, sp: s.at('fp0+16'), fp: s.at('fp1') }));
    // Breakpad then takes frame 1's lr from the callee's frame record ([fp0 + 8], because [fp0] == frame 1's fp),
    // which is frame 1's own return address: the frame-pointer step repeats it.
    expect(frames[2]?.instruction).toBe(0x50000100n);
    expect(frames[2]?.registers.get('sp')).toBe(s.at('fp1+16'));
    expect(frames[3]?.instruction).toBe(0x50000200n);
  });
});

describe('arm64 CFI (Breakpad CFI.*)', () => {
  const sym =
    'FUNC 4000 1000 10 enchiridion\n' +
    'STACK CFI INIT 4000 100 .cfa: sp 0 + .ra: x30\n' +
    'STACK CFI 4001 .cfa: sp 32 + .ra: .cfa -8 + ^ x19: .cfa -32 + ^ x20: .cfa -24 + ^  x29: .cfa -16 + ^\n' +
    'STACK CFI 4002 x19: x0 x20: x1 x21: x2 x22: x3\n' +
    'STACK CFI 4003 .cfa: sp 40 + x1: .cfa 40 - ^ x19: x19 x20: x20 x21: x21 x22: x22\n' +
    'STACK CFI 4005 .cfa: sp 32 + x1: .cfa 32 - ^ x29: .cfa 8 - ^ .ra: .cfa ^ sp: .cfa 8 +\n' +
    'STACK CFI 4006 .cfa: sp 40 + pc: .cfa 40 - ^\n' +
    'FUNC 5000 1000 10 epictetus\n' +
    'STACK CFI INIT 5000 1000 .cfa: 0 .ra: 0\n' +
    'FUNC 6000 1000 20 palinal\n' +
    'STACK CFI INIT 6000 1000 .cfa: sp 8 - .ra: x30\n' +
    'FUNC 7000 1000 20 rhetorical\n' +
    'STACK CFI INIT 7000 1000 .cfa: moot .ra: ambiguous\n';
  const expected: Record<string, bigint> = {
    pc: 0x40005510n,
    sp: 0x80000000n,
    x19: 0x5e68b5d5b5d55e68n,
    x20: 0x34f3ebd1ebd134f3n,
    x21: 0x74bca31ea31e74bcn,
    x22: 0x16b32dcb2dcb16b3n,
    x23: 0x21372ada2ada2137n,
    x24: 0x557dbbbbbbbb557dn,
    x25: 0x8ca748bf48bf8ca7n,
    x26: 0x21f0ab46ab4621f0n,
    x27: 0x146732b732b71467n,
    x28: 0xa673645fa673645fn,
    fp: 0xe11081128112e110n,
  };

  async function check(words: bigint[], over: Record<string, bigint>, only?: string[], want: Record<string, bigint> = expected) {
    const s = new Section(expected.sp! - BigInt(words.length * 8));
    for (const w of words) s.d64(w);
    s.append(8); // the caller's frame: an empty region would mean "no stack memory"
    let ctx = regs({ ...BRAND, ...expected, ...over, sp: s.start });
    if (only) ctx = new Map([...ctx].filter(([k]) => only.includes(k)));
    const frames = await walkStack(ctx, makeEnv({ cpu: 'arm64', os: 'iOS', stack: s, modules: mods(sym) }));
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('cfi');
    expect(frames[1]?.registers).toEqual(regs(want));
    expect(frames[1]?.lookupAddress).toBe(0x4000550cn);
  }

  it('At4000', () => check([], { pc: 0x40004000n, lr: 0x40005510n }));
  it('At4001', () =>
    check([0x5e68b5d5b5d55e68n, 0x34f3ebd1ebd134f3n, 0xe11081128112e110n, 0x40005510n], {
      pc: 0x40004001n,
      x19: 0xadc9f635a635adc9n,
      x20: 0x623135ac35ac6231n,
      fp: 0x5fc4be14be145fc4n,
    }));
  it('At4001LimitedValidity', () =>
    check([0x5e68b5d5b5d55e68n, 0x34f3ebd1ebd134f3n, 0xe11081128112e110n, 0x40005510n], { pc: 0x40004001n, fp: 0x5fc4be14be145fc4n }, ['pc', 'sp'], {
      pc: expected.pc!,
      sp: expected.sp!,
      fp: expected.fp!,
      x19: expected.x19!,
      x20: expected.x20!,
    }));
  it('At4002', () =>
    check([0xff3dfb81fb81ff3dn, 0x34f3ebd1ebd134f3n, 0xe11081128112e110n, 0x40005510n], {
      pc: 0x40004002n,
      x0: 0x5e68b5d5b5d55e68n,
      x1: 0x34f3ebd1ebd134f3n,
      x2: 0x74bca31ea31e74bcn,
      x3: 0x16b32dcb2dcb16b3n,
      x19: 0xadc9f635a635adc9n,
      x20: 0x623135ac35ac6231n,
      x21: 0xac4543564356ac45n,
      x22: 0x2561562f562f2561n,
      fp: 0x5fc4be14be145fc4n,
    }));
  it('At4003: x1 recovered', () =>
    check([0xdd5a48c848c8dd5an, 0xff3dfb81fb81ff3dn, 0x34f3ebd1ebd134f3n, 0xe11081128112e110n, 0x40005510n], { pc: 0x40004003n, x1: 0xfb756319fb756319n, fp: 0x5fc4be14be145fc4n }, undefined, {
      ...expected,
      x1: 0xdd5a48c848c8dd5an,
    }));

  it('RejectBackwards and RejectBadExpressions', async () => {
    const s = new Section(0x80000000n);
    s.append(32);
    for (const pc of [0x40006000n, 0x40007000n]) {
      const env = makeEnv({ cpu: 'arm64', os: 'iOS', stack: s, modules: mods(sym) });
      const frames = await walkStack(context({ pc, sp: s.start + 16n, lr: 0x40005510n }), env);
      expect(frames, pc.toString(16)).toHaveLength(1);
    }
  });
});
