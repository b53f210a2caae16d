import { describe, expect, it } from 'vitest';
import { walkStack } from '../../../src/processor/walk/index.js';
import { AMD64_REGS, Section, brand, makeEnv, regs, type TestModule } from './helpers.js';

// Fixture from Breakpad's stackwalker_amd64_unittest.cc.
const module1 = (symbols?: string): TestModule => ({ name: 'module1', base: 0x00007400c0000000n, size: 0x10000n, symbols });
const module2 = (symbols?: string): TestModule => ({ name: 'module2', base: 0x00007500b0000000n, size: 0x10000n, symbols });

function context(over: Record<string, bigint>): Map<string, bigint> {
  return regs({ ...brand(AMD64_REGS, 64), ...over });
}

describe('amd64 context frame', () => {
  it('returns only the context frame without stack memory', async () => {
    const env = makeEnv({ cpu: 'amd64', stack: null, modules: [module1(), module2()] });
    const ctx = context({ rip: 0x00007400c0000200n, rbp: 0x8000000080000000n });
    const frames = await walkStack(ctx, env);
    expect(frames).toHaveLength(1);
    expect(frames[0]?.trust).toBe('context');
    expect(frames[0]?.instruction).toBe(0x00007400c0000200n);
    expect(frames[0]?.lookupAddress).toBe(0x00007400c0000200n);
    expect(frames[0]?.registers).toEqual(ctx);
    expect(frames[0]?.module?.base).toBe(0x00007400c0000000n);
  });
});

describe('amd64 stack scanning (Breakpad GetCallerFrame.*)', () => {
  it('ScanWithoutSymbols: accepts any address in a module, recovers rbp once', async () => {
    const ra1 = 0x00007500b0000100n;
    const ra2 = 0x00007500b0000900n;
    const s = new Section(0x8000000080000000n);
    s.append(16)
      .d64(0x00007400b0000000n)
      .d64(0x00007500d0000000n)
      .d64(ra1)
      .mark('frame1_sp')
      .append(16)
      .d64(0x00007400b0000000n)
      .d64(0x00007500d0000000n)
      .mark('frame1_rbp')
      .d64(s.start) // bogus saved rbp: must not be reported
      .d64(ra2)
      .mark('frame2_sp')
      .append(32);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('frame1_rbp'), rsp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'scan', 'scan']);
    const f1 = frames[1]!;
    expect(f1.instruction).toBe(ra1);
    expect(f1.lookupAddress).toBe(ra1 - 1n);
    expect([...f1.registers.keys()].sort()).toEqual(['rbp', 'rip', 'rsp']);
    expect(f1.registers.get('rsp')).toBe(s.at('frame1_sp'));
    expect(f1.registers.get('rbp')).toBe(s.at('frame1_rbp'));
    const f2 = frames[2]!;
    expect(f2.instruction).toBe(ra2);
    expect([...f2.registers.keys()].sort()).toEqual(['rip', 'rsp']);
    expect(f2.registers.get('rsp')).toBe(s.at('frame2_sp'));
  });

  it('ScanWithFunctionSymbols: only addresses inside functions are accepted', async () => {
    const ra = 0x00007500b0000110n;
    const s = new Section(0x8000000080000000n);
    s.append(16)
      .d64(0x00007400b0000000n)
      .d64(0x00007500b0000000n)
      .d64(0x00007400c0001000n)
      .d64(0x00007500b000aaaan)
      .d64(ra)
      .mark('frame1_sp')
      .append(32)
      .mark('frame1_rbp');
    const env = makeEnv({
      cpu: 'amd64',
      stack: s,
      modules: [module1('FUNC 100 400 10 platypus'), module2('FUNC 100 400 10 echidna')],
    });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('frame1_rbp'), rsp: s.start }), env);
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('scan');
    expect(frames[1]?.instruction).toBe(ra);
    expect(frames[1]?.registers.get('rsp')).toBe(s.at('frame1_sp'));
    // rbp = end of stack >= caller rsp: presumed unchanged.
    expect(frames[1]?.registers.get('rbp')).toBe(s.at('frame1_rbp'));
  });

  it('ScanningNotAllowed: maxScannedFrames 0 leaves only the context frame', async () => {
    const s = new Section(0x8000000080000000n);
    s.append(16).d64(0x00007500b0000100n).append(32);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: 1n, rsp: s.start }), env, { maxScannedFrames: 0 });
    expect(frames).toHaveLength(1);
  });

  it('scans 160 words for the context frame but 40 afterwards', async () => {
    const s = new Section(0x10000n);
    s.append(8 * 160).d64(0x00007500b0000100n).mark('f1').append(8 * 41).d64(0x00007500b0000200n).append(64);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: 1n, rsp: s.start }), env);
    // word 160 (the last one scanned) is found; from frame 1 the next candidate is at word 41: too far.
    expect(frames.map((f) => f.instruction)).toEqual([0x00007400c0000200n, 0x00007500b0000100n]);
    expect(frames[1]?.registers.get('rsp')).toBe(s.at('f1'));

    const s2 = new Section(0x10000n);
    s2.append(8 * 161).d64(0x00007500b0000100n).append(64);
    const env2 = makeEnv({ cpu: 'amd64', stack: s2, modules: [module1(), module2()] });
    expect(await walkStack(context({ rip: 0x00007400c0000200n, rbp: 1n, rsp: s2.start }), env2)).toHaveLength(1);
  });

  it('uses return address - 1 to validate: an address just past a function end is accepted', async () => {
    const s = new Section(0x10000n);
    s.d64(0x00007500b0000500n).append(32); // FUNC 100..500: 0x4ff is inside
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1('FUNC 100 400 10 a'), module2('FUNC 100 400 10 b')] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: 1n, rsp: s.start }), env);
    expect(frames[1]?.instruction).toBe(0x00007500b0000500n);
    expect(frames[1]?.module?.base).toBe(0x00007500b0000000n);
  });
});

describe('amd64 frame pointer', () => {
  it('CallerPushedRBP: rbp chain gives a frame_pointer frame', async () => {
    const ra = 0x00007500b0000110n;
    const s = new Section(0x8000000080000000n);
    s.append(16)
      .d64(0x00007400b0000000n)
      .d64(0x00007500b0000000n)
      .d64(0x00007400c0001000n)
      .d64(0x00007500b000aaaan)
      .mark('frame0_rbp')
      .d64('frame1_rbp')
      .d64(ra)
      .mark('frame1_sp')
      .append(32)
      .mark('frame1_rbp')
      .d64(0);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1('FUNC 100 400 10 sasquatch'), module2('FUNC 100 400 10 yeti')] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('frame0_rbp'), rsp: s.start }), env);
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('frame_pointer');
    expect(frames[1]?.instruction).toBe(ra);
    expect(frames[1]?.registers).toEqual(regs({ rip: ra, rsp: s.at('frame1_sp'), rbp: s.at('frame1_rbp') }));
  });

  it('FramePointerNotAligned: misaligned rbp falls back to scanning', async () => {
    const ra = 0x00007500b0000100n;
    const s = new Section(0x8000000080000000n);
    s.append(2)
      .mark('frame0_rbp')
      .d64('not_frame1_rbp')
      .d64(0x00007500b0000a00n)
      .append(6)
      .d64(ra)
      .mark('frame1_sp')
      .mark('not_frame1_rbp')
      .append(32);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('frame0_rbp'), rsp: s.start }), env);
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('scan');
    // The scan reads aligned words from rsp: 0x...a00 straddles, the first hit is ra.
    expect(frames[1]?.instruction).toBe(ra);
    expect(frames[1]?.registers.get('rsp')).toBe(s.at('frame1_sp'));
  });

  it('NonCanonicalInstructionPointerFromFramePointer: falls back to scanning', async () => {
    const ra = 0x00007500b0000100n;
    const s = new Section(0x8000000080000000n);
    s.mark('frame0_rbp').d64('not_frame1_bp').d64(0xdadadadadadadadan).d64(ra).mark('frame1_sp').append(16).mark('not_frame1_bp').append(32);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('frame0_rbp'), rsp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'scan']);
    expect(frames[1]?.instruction).toBe(ra);
    expect([...frames[1]!.registers.keys()].sort()).toEqual(['rip', 'rsp']);
  });

  it('is never used on Windows', async () => {
    const s = new Section(0x10000n);
    s.mark('rbp0').d64('rbp1').d64(0x00007500b0000110n).mark('sp1').append(16).mark('rbp1').d64(0).append(16);
    const env = makeEnv({ cpu: 'amd64', os: 'Windows NT', stack: s, modules: [module1(), module2()] });
    // Context is not a leaf here: the top of the stack is the rbp chain word, not a return address.
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('rbp0'), rsp: s.start }), env);
    expect(frames[1]?.trust).toBe('leaf');
    expect(frames[1]?.instruction).toBe(0x00007500b0000110n);
    expect(frames[1]?.registers.get('rsp')).toBe(s.at('sp1'));
  });

  it('GetCallerByFramePointerRecovery: unreadable caller rbp is rejected; scan then CFI', async () => {
    const user32 =
      'PUBLIC fa60 0 DispatchMessageWorker\nPUBLIC fee0 0 UserCallWinProcCheckWow\nPUBLIC 1cdb0 0 _fnHkINLPMSG\n' +
      'STACK CFI INIT fa60 340 .cfa: $rsp .ra: .cfa 8 - ^\nSTACK CFI fa60 .cfa: $rsp 128 +\n' +
      'STACK CFI INIT fee0 49f .cfa: $rsp .ra: .cfa 8 - ^\nSTACK CFI fee0 .cfa: $rsp 240 +\n' +
      'STACK CFI INIT 1cdb0 9f .cfa: $rsp .ra: .cfa 8 - ^\nSTACK CFI 1cdb0 .cfa: $rsp 80 +\n';
    const s = new Section(0x00000099abf0f238n);
    s.mark('frame0_rsp').d64(0x00007ff9cb8b00dcn).mark('frame1_rsp');
    for (const v of [
      0n, 1n, 0x00000099abf0f308n, 0x00007ff9cb8bce3an, 0xc2e0n, 0x00000099abf0f328n, 0x0000000100000001n, 0n, 0n, 0n, 0n, 0n, 0n,
      0x00007ff9ccad53e4n, 0x48n, 1n, 0x00000099abf0f5e0n, 0x00000099b61f7388n, 0x30n, 0xffffff66540f0a1fn, 0xffffff6649e08c77n,
      0x00007ff9cb8affb4n, 0n, 0x00000099abf0f368n, 0n, 0n, 0n, 0x00000099a8150fd8n, 0x00000099abf0f3e8n, 0x00007ff9cb8afc07n,
    ])
      s.d64(v);
    s.mark('frame2_rsp').append(256).mark('frame0_rbp').d64(0xfffffffffffffffen).d64(0n).d64(0x00000099a3e31040n).append(256);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [{ name: 'user32.dll', base: 0x00007ff9cb8a0000n, size: 0x14e000n, symbols: user32 }] });
    const frames = await walkStack(context({ rip: 0x00000099a8150fd8n, rsp: s.at('frame0_rsp'), rbp: s.at('frame0_rbp') }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'scan', 'cfi']);
    expect(frames[0]?.module).toBeNull();
    expect(frames[1]?.instruction).toBe(140710838468828n);
    expect(frames[1]?.registers.get('rsp')).toBe(s.at('frame1_rsp'));
    expect([...frames[1]!.registers.keys()].sort()).toEqual(['rbp', 'rip', 'rsp']);
    expect(frames[2]?.instruction).toBe(140710838467591n);
    expect(frames[2]?.registers.get('rsp')).toBe(s.at('frame2_rsp'));
    expect([...frames[2]!.registers.keys()].sort()).toEqual(['rbp', 'rip', 'rsp']);
  });
});

describe('amd64 CFI (Breakpad CFI.At400x)', () => {
  const symbols =
    'FUNC 4000 1000 10 enchiridion\n' +
    'STACK CFI INIT 4000 100 .cfa: $rsp 8 + .ra: .cfa 8 - ^\n' +
    'STACK CFI 4001 .cfa: $rsp 16 + $rbx: .cfa 16 - ^\n' +
    'STACK CFI 4002 $r12: $rbx\n' +
    'STACK CFI 4003 .cfa: $rsp 40 + $r13: .cfa 32 - ^\n' +
    'STACK CFI 4005 .ra: $r13\n' +
    'STACK CFI 4006 .cfa: $rbp 16 + $rbp: .cfa 24 - ^\n' +
    'FUNC 5000 1000 10 epictetus\n' +
    'STACK CFI INIT 5000 1000 .cfa: $rsp .ra 0\n';
  const expected = {
    rsp: 0x8000000080000000n,
    rip: 0x00007400c0005510n,
    rbp: 0x68995b1de4700266n,
    rbx: 0x5a5beeb38de23be8n,
    r12: 0xed1b02e8cc0fc79cn,
    r13: 0x1d20ad8acacbe930n,
    r14: 0xe94cffc2f7adaa28n,
    r15: 0xb638d17d8da413b5n,
  };

  async function check(words: (bigint | string)[], over: Record<string, bigint>, frame0Rbp?: number) {
    const s = new Section(expected.rsp - BigInt(words.length * 8));
    words.forEach((w, i) => {
      if (frame0Rbp === i) s.mark('frame0_rbp');
      s.d64(w);
    });
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(symbols), module2()] });
    const ctx = regs({ ...brand(AMD64_REGS, 64), ...expected, ...over, rsp: s.start });
    if (frame0Rbp !== undefined) ctx.set('rbp', s.at('frame0_rbp'));
    const frames = await walkStack(ctx, env);
    expect(frames).toHaveLength(2);
    const f1 = frames[1]!;
    expect(f1.trust).toBe('cfi');
    expect([...f1.registers.keys()].sort()).toEqual(['r12', 'r13', 'r14', 'r15', 'rbp', 'rbx', 'rip', 'rsp']);
    for (const [k, v] of Object.entries(expected)) expect(f1.registers.get(k), k).toBe(v);
    expect(f1.lookupAddress).toBe(0x00007400c000550fn);
  }

  it('At4000', () => check([0x00007400c0005510n], { rip: 0x00007400c0004000n }));
  it('At4001', () => check([0x5a5beeb38de23be8n, 0x00007400c0005510n], { rip: 0x00007400c0004001n, rbx: 0xbe0487d2f9eafe29n }));
  it('At4002', () =>
    check([0x5a5beeb38de23be8n, 0x00007400c0005510n], { rip: 0x00007400c0004002n, rbx: 0xed1b02e8cc0fc79cn, r12: 0xb0118de918a4bcean }));
  const w4003 = [0x0e023828dffd4d81n, 0x1d20ad8acacbe930n, 0x319e68b49e3ace0fn, 0x5a5beeb38de23be8n, 0x00007400c0005510n];
  const r4003 = { rbx: 0xed1b02e8cc0fc79cn, r12: 0x89d04fa804c87a43n, r13: 0x5118e02cbdb24b03n };
  it('At4003', () => check(w4003, { rip: 0x00007400c0004003n, ...r4003 }));
  it('At4004', () => check(w4003, { rip: 0x00007400c0004004n, ...r4003 }));
  it('At4005', () =>
    check([0x4b516dd035745953n, 0x1d20ad8acacbe930n, 0xa6d445e16ae3d872n, 0x5a5beeb38de23be8n, 0xaa95fa054aedfbaen], {
      rip: 0x00007400c0004005n,
      rbx: 0xed1b02e8cc0fc79cn,
      r12: 0x46b1b8868891b34an,
      r13: 0x00007400c0005510n,
    }));
  it('At4006', () =>
    check(
      [0x043c6dfceb91aa34n, 0x1d20ad8acacbe930n, 0x68995b1de4700266n, 0x5a5beeb38de23be8n, 0xf015ee516ad89eabn],
      { rip: 0x00007400c0004006n, rbx: 0xed1b02e8cc0fc79cn, r12: 0x26e007b341acfebdn, r13: 0x00007400c0005510n },
      3,
    ));
});

describe('amd64 Windows leaf return', () => {
  it('simulates a return from the context frame when there is no CFI', async () => {
    const s = new Section(0x1000000n);
    s.d64(0x1234n).d64(0x00007500b0000123n).mark('sp1').append(64);
    const env = makeEnv({ cpu: 'amd64', os: 'Windows NT', stack: s, modules: [module1(), module2()] });
    const ctx = context({ rip: 0x00007400c0000200n, rsp: s.start, rbp: 0n });
    const frames = await walkStack(ctx, env);
    expect(frames[1]?.trust).toBe('leaf');
    expect(frames[1]?.instruction).toBe(0x00007500b0000123n);
    // All registers stay valid; only rip and rsp change.
    const want = new Map(ctx);
    want.set('rip', 0x00007500b0000123n);
    want.set('rsp', s.at('sp1'));
    expect(frames[1]?.registers).toEqual(want);
  });

  it('only checks two words; beyond that it is an ordinary scan', async () => {
    const s = new Section(0x1000000n);
    s.d64(1n).d64(2n).d64(0x00007500b0000123n).mark('sp1').append(64);
    const env = makeEnv({ cpu: 'amd64', os: 'Windows NT', stack: s, modules: [module1(), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rsp: s.start }), env);
    expect(frames[1]?.trust).toBe('scan');
    expect(frames[1]?.registers.get('rsp')).toBe(s.at('sp1'));
  });
});

describe('amd64 stop rules', () => {
  it('stops when the recovered pc is below 4096', async () => {
    const s = new Section(0x10000n);
    s.mark('rbp0').d64('rbp1').d64(0xfffn).append(16).mark('rbp1').d64(0).append(16);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('rbp0'), rsp: s.start }), env);
    expect(frames).toHaveLength(1);
  });

  it('stops when CFI does not move sp up (non-first unwind must strictly increase)', async () => {
    // Frame 1 found by scan; its CFI claims cfa = rsp, and the caller rip is valid: sp equal -> stop.
    const sym = 'FUNC 100 400 0 f\nSTACK CFI INIT 100 400 .cfa: $rsp .ra: .cfa 8 + ^\n';
    const s = new Section(0x10000n);
    s.d64(0x00007500b0000110n).mark('sp1').d64(0n).d64(0x00007500b0000120n).append(64);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2(sym)] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: 1n, rsp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'scan']);
  });

  it('allows an equal sp on the first unwind', async () => {
    const sym = 'FUNC 100 400 0 f\nSTACK CFI INIT 100 400 .cfa: $rsp .ra: $rax\n';
    const s = new Section(0x10000n);
    s.append(64);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(sym), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rax: 0x00007500b0000120n, rbp: 1n, rsp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'cfi']);
    expect(frames[1]?.registers.get('rsp')).toBe(s.start);
  });

  it('stops when the frame-pointer chain leaves stack memory', async () => {
    const s = new Section(0x10000n);
    s.mark('rbp0').d64(0x90000n).d64(0x00007500b0000110n).append(32);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2('FUNC 0 1 0 x')] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('rbp0'), rsp: s.start }), env);
    // rbp 0x90000 is outside the stack: FP rejected; scanning finds the ra word but module2 has no function there.
    expect(frames).toHaveLength(1);
  });

  it('honours maxFrames on an endless (cyclic-looking) chain of scanned frames', async () => {
    const s = new Section(0x10000n);
    for (let i = 0; i < 100; i++) s.d64(0x00007500b0000110n);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2()] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: 1n, rsp: s.start }), env, { maxFrames: 5 });
    expect(frames).toHaveLength(5);
    expect(frames.map((f) => f.registers.get('rsp'))).toEqual([0n, 1n, 2n, 3n, 4n].map((i) => s.start + i * 8n));
    // Without the limit the walk ends when the stack does: 100 scanned frames + the context frame.
    expect(await walkStack(context({ rip: 0x00007400c0000200n, rbp: 1n, rsp: s.start }), env)).toHaveLength(101);
  });

  it('stops on an rbp cycle (sp would not increase)', async () => {
    const s = new Section(0x10000n);
    // rbp0 -> rbp1 -> rbp0: the second hop goes back down the stack.
    s.append(16).mark('rbp0').d64('rbp1').d64(0x00007500b0000110n).mark('rbp1').d64('rbp0').d64(0x00007500b0000120n).append(8);
    const env = makeEnv({ cpu: 'amd64', stack: s, modules: [module1(), module2('FUNC 0 1 0 x')] });
    const frames = await walkStack(context({ rip: 0x00007400c0000200n, rbp: s.at('rbp0'), rsp: s.start }), env);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'frame_pointer']);
  });
});
