import { describe, expect, it } from 'vitest';
import { walkStack, type WalkedFrame } from '../../../src/processor/walk/index.js';
import { Section, X86_REGS, brand, makeEnv, regs, type TestModule } from './helpers.js';

// Fixture from Breakpad's stackwalker_x86_unittest.cc.
function fixtureModules(symbols: Partial<Record<string, string>> = {}): TestModule[] {
  const m = (name: string, base: number, size: number): TestModule => ({ name, base: BigInt(base), size: BigInt(size), symbols: symbols[name] });
  return [
    m('module1', 0x40000000, 0x10000),
    m('module2', 0x50000000, 0x10000),
    m('module3', 0x771d0000, 0x180000),
    m('module4', 0x75f90000, 0x46000),
    m('module5', 0x75730000, 0x110000),
    m('module6', 0x647f0000, 0x1ba8000),
  ];
}

const BRAND = brand(X86_REGS, 32);
function context(over: Record<string, bigint | number>): Map<string, bigint> {
  return regs({ ...BRAND, ...over });
}

function keys(f: WalkedFrame | undefined): string[] {
  return [...(f?.registers.keys() ?? [])].sort();
}

async function walk(s: Section, ctx: Map<string, bigint>, symbols: Partial<Record<string, string>> = {}, modules?: TestModule[]) {
  const env = makeEnv({ cpu: 'x86', stack: s, modules: modules ?? fixtureModules(symbols) });
  return walkStack(ctx, env);
}

describe('x86 traditional frames (Breakpad GetCallerFrame.Traditional*)', () => {
  it('Traditional: follows the %ebp chain', async () => {
    const s = new Section(0x80000000n);
    s.append(12).mark('frame0_ebp').d32('frame1_ebp').d32(0x40008679).append(8).mark('frame1_ebp').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x4000c7a5, esp: s.start, ebp: s.at('frame0_ebp') }));
    expect(frames).toHaveLength(2);
    expect(frames[0]?.instruction).toBe(0x4000c7a5n);
    expect(frames[1]?.trust).toBe('frame_pointer');
    expect(keys(frames[1])).toEqual(['ebp', 'eip', 'esp']);
    expect(frames[1]?.instruction).toBe(0x40008679n);
    expect(frames[1]?.lookupAddress).toBe(0x40008678n);
    expect(frames[1]?.registers.get('ebp')).toBe(s.at('frame1_ebp'));
    expect(frames[1]?.registers.get('esp')).toBe(s.at('frame0_ebp+8'));
  });

  for (const [name, gap] of [
    ['TraditionalScan', 0],
    ['TraditionalScanLongWay', 80],
  ] as const) {
    it(`${name}: bogus %ebp forces a scan, and the saved %ebp below the return address is recovered`, async () => {
      const s = new Section(0x80000000n);
      s.d32(0xf065dc76).d32(0x46ee2167).d32(0xbab023ec).append(gap).d32('frame1_ebp').d32(0x4000129d);
      s.mark('frame1_esp').append(8).mark('frame1_ebp').d32(0).d32(0);
      const frames = await walk(s, context({ eip: 0x4000f49d, esp: s.start, ebp: 0xd43eed6e }));
      expect(frames).toHaveLength(2);
      expect(frames[1]?.trust).toBe('scan');
      expect(keys(frames[1])).toEqual(['ebp', 'eip', 'esp']);
      expect(frames[1]?.instruction).toBe(0x4000129dn);
      expect(frames[1]?.registers.get('esp')).toBe(s.at('frame1_esp'));
      expect(frames[1]?.registers.get('ebp')).toBe(s.at('frame1_ebp'));
    });
  }

  it('ScanningNotAllowed', async () => {
    const s = new Section(0x80000000n);
    s.d32(0xf065dc76).d32(0x46ee2167).d32(0xbab023ec).d32('frame1_ebp').d32(0x4000129d).append(8).mark('frame1_ebp').d32(0).d32(0);
    const env = makeEnv({ cpu: 'x86', stack: s, modules: fixtureModules() });
    const frames = await walkStack(context({ eip: 0x4000f49d, esp: s.start, ebp: 0xd43eed6e }), env, { maxScannedFrames: 0 });
    expect(frames).toHaveLength(1);
  });

  it('keeps the callee %ebp when the word below the scanned return address is not a plausible frame pointer', async () => {
    const s = new Section(0x80000000n);
    // Saved "ebp" points 200 KiB up: more than kMaxReasonableGapBetweenFrames.
    s.d32(0x80000000 + 200 * 1024).d32(0x4000129d).mark('frame1_esp').append(16);
    const frames = await walk(s, context({ eip: 0x4000f49d, esp: s.start, ebp: 0xd43eed6e }));
    expect(frames[1]?.trust).toBe('scan');
    expect(frames[1]?.registers.get('ebp')).toBe(0xd43eed6en);
  });
});

describe('x86 STACK WIN frame data (Breakpad GetCallerFrame.WindowsFrameData*)', () => {
  it('WindowsFrameData: program string recovers eip/esp/ebp/ebx/esi/edi', async () => {
    const sym =
      'STACK WIN 4 aa85 176 0 0 4 10 4 0 1 $T2 $esp .cbSavedRegs + = $T0 .raSearchStart = $eip $T0 ^ = $esp $T0 4 + = ' +
      '$ebx $T2 4  - ^ = $edi $T2 8  - ^ = $esi $T2 12 - ^ = $ebp $T2 16 - ^ =';
    const s = new Section(0x80000000n);
    s.d32('frame1_ebp').d32(0xa7120d1a).d32(0x630891be).d32(0x9068a878).d32(0xa08ea45f).d32(0x40001350);
    s.mark('frame1_esp').append(12).mark('frame1_ebp').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x4000aa85, esp: s.start, ebp: 0xf052c1de }), { module1: sym });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('cfi');
    expect(frames[1]?.registers).toEqual(
      regs({ eip: 0x40001350, esp: s.at('frame1_esp'), ebp: s.at('frame1_ebp'), ebx: 0x9068a878, esi: 0xa7120d1a, edi: 0x630891be }),
    );
  });

  it('WindowsFrameDataAligned: "@" makes .raSearchStart come from %ebp', async () => {
    const sym = 'STACK WIN 4 aa85 176 0 0 4 4 8 0 1 $T1 .raSearch = $T0 $T1 4 - 8 @ = $ebp $T1 4 - ^ = $eip $T1 ^ = $esp $T1 4 + =';
    const s = new Section(0x80000000n);
    s.mark('frame0_esp').d32(0x0ffa0ffa).d32(0xdeaddead).d32(0xbeefbeef).d32(0).mark('frame0_ebp').d32('frame1_ebp').d32(0x5000129d);
    s.mark('frame1_esp').d32(1).mark('frame1_ebp').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x4000aa85, esp: s.at('frame0_esp'), ebp: s.at('frame0_ebp') }), { module1: sym });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('cfi');
    expect(frames[1]?.registers).toEqual(regs({ eip: 0x5000129d, esp: s.at('frame1_esp'), ebp: s.at('frame1_ebp') }));
  });

  it('WindowsFrameDataParameterSize: the FUNC parameter size of the callee feeds .cbCalleeParams', async () => {
    const m1 = 'FUNC 1000 100 c module1::wheedle';
    const m2 =
      'FUNC aa85 176 beef module2::whine\n' +
      'STACK WIN 4 aa85 176 0 0 4 10 4 0 1 $T2 $esp .cbLocals + .cbSavedRegs + = $T0 .raSearchStart = $eip $T0 ^ = ' +
      '$esp $T0 4 + = $ebp $T0 20 - ^ = $ebx $T0 8 - ^ =';
    const s = new Section(0x80000000n);
    s.mark('frame0_esp').append(16).mark('frame0_ebp').d32(0x6fa902e0).d32(0x5000aa95);
    s.mark('frame1_esp').d32(0xbaa0cb7a).d32(0xbdc92f9f).d32(0x0b1d8442).d32('frame2_ebp').d32(0xb1b90a15).d32(0xf18e072d);
    s.d32(0x2558c7f3).d32(0x0365e25e).d32(0x2a179e38).mark('frame2_esp').append(12).mark('frame2_ebp').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x40001004, esp: s.start, ebp: s.at('frame0_ebp') }), { module1: m1, module2: m2 });
    expect(frames.map((f) => f.trust)).toEqual(['context', 'frame_pointer', 'cfi']);
    expect(frames[1]?.registers).toEqual(regs({ eip: 0x5000aa95, esp: s.at('frame1_esp'), ebp: 0x6fa902e0 }));
    expect(frames[2]?.registers).toEqual(regs({ eip: 0x2a179e38, esp: s.at('frame2_esp'), ebp: s.at('frame2_ebp'), ebx: 0x2558c7f3 }));
    expect(frames[2]?.module).toBeNull();
  });

  it('WindowsFrameDataScan: a bad program string falls back to scanning', async () => {
    const s = new Section(0x80000000n);
    s.append(16, 0x2a).d32(0x50007ce9).mark('frame1_esp').append(8);
    const frames = await walk(s, context({ eip: 0x40000c9c, esp: s.start, ebp: 0x2ae314cd }), {
      module1: 'STACK WIN 4 c8c 111 0 0 4 10 4 0 1 bad program string',
      module2: 'FUNC 7c38 accf 0 module2::function\nSTACK WIN 4 7c38 accf 0 0 4 10 4 0 1 $eip 0 = $ebp 0 =',
    });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('scan');
    expect(keys(frames[1])).toEqual(['ebp', 'eip', 'esp']);
    expect(frames[1]?.instruction).toBe(0x50007ce9n);
    expect(frames[1]?.registers.get('esp')).toBe(s.at('frame1_esp'));
  });

  it('WindowsFrameDataBadEIPScan: eip outside modules -> cfi_scan, %ebp found in the saved-register area', async () => {
    const s = new Section(0x80000000n);
    s.append(8, 0x2a).mark('frame0_ebp').d32(0x3d937b2b).d32(0x17847f5b).d32('frame1_ebp').d32(0x2b2b2b2b).d32(0x2c2c2c2c).d32(0x5000d000);
    s.mark('frame1_esp').mark('frame1_ebp').d32(0x2d2d2d2d);
    const frames = await walk(s, context({ eip: 0x40000700, esp: s.start, ebp: s.at('frame0_ebp') }), {
      module1: 'STACK WIN 4 6e6 e7 0 0 0 8 4 0 1 $eip $ebp 4 + ^ = $esp $ebp 8 + = $ebp $ebp ^ =',
      module2: 'FUNC cfdb 8406 0 module2::function\nSTACK WIN 4 cfdb 8406 0 0 0 0 0 0 1 $eip 0 = $ebp 0 =',
    });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('cfi_scan');
    expect(frames[1]?.registers).toEqual(regs({ eip: 0x5000d000, esp: s.at('frame1_esp'), ebp: s.at('frame1_ebp') }));
  });

  it('ReturnAddressIsNotInKnownModule: skips a frame outside any module', async () => {
    const mods: TestModule[] = [
      {
        name: 'msvcrt.dll',
        base: 0x77be0000n,
        size: 0x58000n,
        symbols:
          'PUBLIC 38180 0 wcsstr\nSTACK WIN 4 38180 61 10 0 8 0 0 0 1 $T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + = $L $T0 .cbSavedRegs - = $P $T0 4 + .cbParams + =',
      },
      {
        name: 'kernel32.dll',
        base: 0x7c800000n,
        size: 0x103000n,
        symbols:
          'PUBLIC efda 8 FindNextFileW\nSTACK WIN 4 efda 1bb c 0 8 8 3c 0 1 $T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + = $L $T0 .cbSavedRegs - = $P $T0 4 + .cbParams + =',
      },
      {
        name: 'chrome.dll',
        base: 0x1c30000n,
        size: 0x28c8000n,
        symbols:
          'FUNC e3cff 4af 0 file_util::FileEnumerator::Next()\n' +
          'STACK WIN 4 e3cff 4af 20 0 4 c 94 0 1 $T1 .raSearch = $T0  $T1 4 - 8 @ = $ebp $T1 4 - ^ = $eip $T1 ^ = $esp $T1 4 + = $20 $T0 152 - ^ =  $23 $T0 156 - ^ =  $24 $T0 160 - ^ =',
      },
    ];
    const s = new Section(0x0932f2d0n);
    s.mark('frame0_esp').d32(0x0764e000).d32(0x0764e068).mark('frame0_ebp').d32('frame1_ebp').d32(0x001767a0);
    for (const v of [0x0764e0c6, 0x001bb1b8, 0x0764e068, 3, 0x0764e068, 3, 0x07578828, 0x0764e000, 0, 0x001c0010, 0x0764e0c6]) s.d32(v);
    s.mark('frame1_ebp').d32('frame2_ebp').d32(0x7c80f10f);
    for (const v of [
      0x8f8, 0, 0, 0, 0x0932f34c, 0x0764e000, 0x1000, 0, 1, 0, 0, 0x0932f6a8, 0, 0x0932f6d8, 0, 0xd6, 0x0764e000, 0x7ff9a000, 0x0932f3fc, 1, 1,
      0x07578828, 0x2e, 0x0932f340, 0x0932eef4, 0x0932ffdc, 0x7c839ad8, 0x7c80f0d8, 0,
    ])
      s.d32(v);
    s.mark('frame2_ebp').d32('frame3_ebp').d32(0x01d13f91);
    for (const v of [
      0x07578828, 0x0932f6ac, 0x0932f9c4, 0x0932f9b4, 0, 3, 0x0932f978, 0x01094330, 0, 1, 0x01094330, 0, 0, 0x07f30000, 0x01c3ba17, 0x08bab840,
      0x07f31580, 0, 7, 0x0932f940, 0x2e, 0x0932f40c, 0x01d13b53, 0x0932f958, 1, 7, 0x0932f940, 0x2e, 0, 0x0932f6ac, 0x01e13ef0, 1, 7, 0x0932f958,
      0x08bab840, 0x0932f9b4, 0, 0x0932f9b4, 0xa7, 0xa7, 0x0932f998, 0x579627a2,
    ])
      s.d32(v);
    s.mark('frame3_ebp').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x77c181cd, esp: s.at('frame0_esp'), ebp: s.at('frame0_ebp') }), {}, mods);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'cfi_scan', 'cfi']);
    expect(frames[1]?.instruction).toBe(0x7c80f10fn);
    expect(frames[1]?.registers.get('ebp')).toBe(s.at('frame2_ebp'));
    expect(frames[2]?.instruction).toBe(0x01d13f91n);
    expect(frames[2]?.registers.get('ebp')).toBe(s.at('frame3_ebp'));
    expect(keys(frames[2])).toEqual(['ebp', 'eip', 'esp']);
  });
});

describe('x86 STACK WIN heuristics', () => {
  it('a program string with "@" searches for the return address at %ebp+4, not from %esp', async () => {
    const sym = 'STACK WIN 4 1000 100 0 0 0 0 8 0 1 $T1 .raSearch = $T0 $T1 4 - 8 @ = $ebp $T1 4 - ^ = $eip $T1 ^ = $esp $T1 4 + =';
    const s = new Section(0x80000000n);
    s.d32(0).d32(0).d32(0x75f91000).append(0x40 - 12).mark('ebp0').d32('ebp1').d32(0x75f92000).mark('esp1').mark('ebp1').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x40001004, esp: s.start, ebp: s.at('ebp0') }), { module1: sym });
    expect(frames[1]?.trust).toBe('cfi');
    expect(frames[1]?.registers).toEqual(regs({ eip: 0x75f92000, esp: s.at('esp1'), ebp: s.at('ebp1') }));
  });

  it('.cbCalleeParams comes from the lowest-index frame with WindowsFrameInfo (Breakpad loop without break)', async () => {
    const s = new Section(0x80000000n);
    s.mark('ebp0').d32('ebp1').d32(0x50001010);
    s.mark('ebp1').d32('ebp2').d32(0x771d1010);
    s.mark('esp2').d32(0).d32(0x75f91000).d32(0).d32(0).d32(0x75f92000).mark('esp3').mark('ebp2').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x40001004, esp: s.start, ebp: s.at('ebp0') }), {
      module1: 'FUNC 1000 100 10 callee_of_callee', // parameter size 0x10: the one Breakpad ends up using
      module2: 'FUNC 1000 100 4 direct_callee', // parameter size 4: the immediate callee of frame 2
      module3: 'STACK WIN 0 1000 100 0 0 0 0 0 0 0 0',
    });
    expect(frames.map((f) => f.trust)).toEqual(['context', 'frame_pointer', 'frame_pointer', 'cfi']);
    expect(frames[3]?.instruction).toBe(0x75f92000n);
    expect(frames[3]?.registers).toEqual(regs({ eip: 0x75f92000, esp: s.at('esp3'), ebp: s.at('ebp2') }));
  });
});

describe('x86 STACK WIN FPO (Breakpad GetCallerFrame.WindowsFPO*)', () => {
  it('WindowsFPOUnchangedEBP: %ebp and %ebx carried over', async () => {
    const s = new Section(0x80000000n);
    s.d32(0x7c521352).append(0x10, 0x42).d32(0x40009b5b).mark('frame1_esp').d32(0xf60ea7fc).mark('frame1_ebp').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x4000e8b8, esp: s.start, ebp: s.at('frame1_ebp') }), {
      module1: 'FUNC e8a8 100 feeb module1::discombobulated\nSTACK WIN 0 e8a8 100 0 0 8 4 10 0 0 0',
    });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('cfi');
    expect(frames[1]?.registers).toEqual(regs({ eip: 0x40009b5b, esp: s.at('frame1_esp'), ebp: s.at('frame1_ebp'), ebx: BRAND.ebx as bigint }));
  });

  it('WindowsFPOUsedEBP: %ebp restored from the saved-register area', async () => {
    const s = new Section(0x80000000n);
    s.d32('frame1_ebp').d32(0xb68bd5f9).d32(0xd25d05fc).d32(0x4000debe).mark('frame1_esp').d32(0xf0c9a974).mark('frame1_ebp').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x40009ab8, esp: s.start, ebp: 0xecbdd1a5 }), {
      module1: 'FUNC 9aa8 e6 abbe module1::RaisedByTheAliens\nSTACK WIN 0 9aa8 e6 a 0 10 8 4 0 0 1',
    });
    expect(frames).toHaveLength(2);
    expect(frames[1]?.trust).toBe('cfi');
    expect(frames[1]?.registers).toEqual(regs({ eip: 0x4000debe, esp: s.at('frame1_esp'), ebp: s.at('frame1_ebp') }));
  });

  it('WindowsFPOReferencesEBX: program strings that read the incoming %ebx', async () => {
    const mods: TestModule[] = [
      {
        name: 'ntdll',
        base: 0x776e0000n,
        size: 0x142000n,
        symbols: [
          'PUBLIC 46bf4 0 KiFastSystemCallRet',
          'STACK WIN 0 46bf4 1 0 0 0 0 0 0 0 0',
          'PUBLIC 46550 10 NtWaitForKeyedEvent',
          'STACK WIN 0 46550 f 0 0 10 0 0 0 0 0',
          'PUBLIC 4965 10 RtlSleepConditionVariableSRW',
          'STACK WIN 4 4965 23 23 0 10 8 38 0 1 $T0 $ebx = $eip $T0 4 + ^ = $ebx $T0 ^ = $esp $T0 8 + = $ebp $ebp ^ = $L $ebp = $P $T0 8 + .cbParams + =',
          'STACK WIN 4 4988 e3 0 0 10 8 38 0 1 $T0 $ebx = $eip $T0 4 + ^ = $ebx $T0 ^ = $esp $T0 8 + = $ebp $ebp ^ = $L $ebp = $P $T0 8 + .cbParams + =',
          'STACK WIN 4 4b2e b 0 0 10 8 38 0 1 $T0 $ebx = $eip $T0 4 + ^ = $ebx $T0 ^ = $esp $T0 8 + = $ebp $ebp ^ = $L $ebp = $P $T0 8 + .cbParams + =',
        ].join('\n'),
      },
      {
        name: 'kernel32',
        base: 0x77250000n,
        size: 0xd5000n,
        symbols:
          'PUBLIC 3217a 10 SleepConditionVariableSRW\nSTACK WIN 4 3217a 40 8 0 10 0 8 0 1 $T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + = $L $T0 .cbSavedRegs - = $P $T0 8 + .cbParams + =',
      },
      { name: 'chrome_child', base: 0x5a710000n, size: 0x2b7c000n, symbols: 'FUNC 4f4851 20 0 base::ConditionVariable::TimedWait' },
    ];
    const s = new Section(0x0026c048n);
    for (const v of [
      0x7772655c, 0x776e4a3f, 0, 0x0026c070, 0, 0, 1, 0x0026c168, 0, 0, 0, 0x0026c070, 0, 0, 0, 0x0026c164, 0x00be0000, 0x0026fc60, 0x0026c164, 0,
      0xfffffffe, 0, 0x0026c0d0, 0x7728219e, 0x3e8, 0, 0x7728219e, 0x0026c168, 0x0026c164, 0, 0, 0x0026c168, 0x3e8, 0x3e8, 0x0026c0ec, 0x5ac0486c,
      0x0026c168, 0x0026c108, 0x5ac0484c, 0x0026c100, 0x0026c160,
    ])
      s.d32(v);
    const frames = await walk(s, context({ eip: 0x77726bf4, esp: s.start, ebp: 0x26c0a0, ebx: 0x26c0ac }), {}, mods);
    expect(frames.map((f) => f.trust)).toEqual(['context', 'cfi', 'cfi', 'cfi', 'cfi']);
    expect(frames.map((f) => f.instruction)).toEqual([0x77726bf4n, 0x7772655cn, 0x776e4a3fn, 0x7728219en, 0x5ac0486cn]);
  });

  it('WindowsFPOSystemCall: skips the stale return address left by a returned system call', async () => {
    const s = new Section(0x002ff290n);
    s.mark('frame0_esp').d32(0x771ef8c1).d32(0x75fa0a91).mark('frame1_esp');
    for (const v of [0x17b0, 0, 0x002ff2d8, 0x88014a2e, 0x002ff364, 0x17b0, 0, 0x24, 1, 0, 0, 0, 0, 0, 0, 0, 0x9e3b9800, 0xfffffff7, 0, 0x002ff2a4, 0x64a07ff1, 0x002ff8dc, 0x75fc6590, 0xfdd2c6ea, 0])
      s.d32(v);
    s.mark('frame1_ebp').d32('frame2_ebp').d32(0x75741194).d32(0x17b0).d32(0x0036ee80).d32(0).d32(0x65bc7d14);
    s.mark('frame2_ebp').d32('frame3_ebp').d32(0x75741148).d32(0x17b0).d32(0x0036ee80).d32(0).mark('frame3_ebp').d32(0).d32(0);
    const pf = '$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + = $L $T0 .cbSavedRegs - = $P $T0 8 + .cbParams + =';
    const frames = await walk(s, context({ eip: 0x771ef8c1, esp: s.start, ebp: s.at('frame1_ebp') }), {
      module3: 'PUBLIC 1f8ac c ZwWaitForSingleObject\nSTACK WIN 0 1f8ac 1b 0 0 c 0 0 0 0 0',
      module4: `PUBLIC 109f9 c WaitForSingleObjectEx\nPUBLIC 36590 0 _except_handler4\nSTACK WIN 4 109f9 df c 0 c c 48 0 1 ${pf}\nSTACK WIN 4 36590 154 17 0 10 0 14 0 1 ${pf}`,
      module5: `PUBLIC 11136 8 WaitForSingleObject\nPUBLIC 11151 c WaitForSingleObjectExImplementation\nSTACK WIN 4 11136 16 5 0 8 0 0 0 1 ${pf}\nSTACK WIN 4 11151 7a 5 0 c 0 0 0 1 ${pf}`,
      module6: 'FUNC 217fda 17 4 function_217fda\nFUNC 217ff1 a 4 function_217ff1\nSTACK WIN 0 217ff1 a 0 0 4 0 0 0 0 0',
    });
    expect(frames).toHaveLength(4);
    expect(frames[1]?.trust).toBe('cfi');
    expect(frames[1]?.registers).toEqual(regs({ eip: 0x75fa0a91, esp: s.at('frame1_esp'), ebp: s.at('frame1_ebp'), ebx: BRAND.ebx as bigint }));
    expect(frames[2]?.instruction).toBe(0x75741194n);
    expect(frames[3]?.instruction).toBe(0x75741148n);
  });
});

describe('x86 STACK CFI', () => {
  const sym =
    'FUNC 4000 1000 10 enchiridion\n' +
    'STACK CFI INIT 4000 100 .cfa: $esp 4 + .ra: .cfa 4 - ^\n' +
    'STACK CFI 4001 .cfa: $esp 8 + $ebp: .cfa 8 - ^\n' +
    'STACK CFI 4002 $esi: $edi $edi: .undef\n';

  it('recovers registers, forwards callee-saves, and a .undef rule falls back to the callee value', async () => {
    const s = new Section(0x80000000n);
    s.d32(0xdeadbeef).d32(0x40005510).mark('caller_sp').append(16);
    const ctx = context({ eip: 0x40004002, esp: s.start, ebp: 0x12345678, ebx: 0x1111, esi: 0x2222, edi: 0x3333, eax: 0x4444 });
    const frames = await walk(s, ctx, { module1: sym });
    expect(frames[1]?.trust).toBe('cfi');
    // Breakpad: .undef is not in the dictionary, the rule fails, and %edi (callee-saves) is carried over.
    expect(frames[1]?.registers).toEqual(regs({ eip: 0x40005510, esp: s.at('caller_sp'), ebp: 0xdeadbeef, ebx: 0x1111, esi: 0x3333, edi: 0x3333 }));
    expect(frames[1]?.lookupAddress).toBe(0x4000550fn);
  });

  it('CFI without a recoverable %ebp is rejected (ebp is essential on x86)', async () => {
    const s = new Section(0x80000000n);
    s.d32(0x40005510).append(12).mark('ebp0').d32(0).d32(0);
    const noEbp = 'FUNC 4000 1000 10 f\nSTACK CFI INIT 4000 100 .cfa: $esp 4 + .ra: .cfa 4 - ^ $ebp: .undef\n';
    const ctx = context({ eip: 0x40004000, esp: s.start, ebp: 0x90000000 });
    ctx.delete('ebp'); // invalid in the callee, so it cannot be forwarded either
    const frames = await walk(s, ctx, { module1: noEbp });
    // Falls back to the %ebp chain with ebp = 0 (unreadable) -> scan finds 0x40005510 outside any FUNC -> nothing.
    expect(frames).toHaveLength(1);
  });
});

describe('x86 stop rules and limits', () => {
  it('a stack region above 4 GiB yields only the context frame', async () => {
    const s = new Section(0xfffffff0n);
    s.d32(0).d32(0x40001000).append(16);
    const frames = await walk(s, context({ eip: 0x40000200, esp: s.start, ebp: s.start }));
    expect(frames).toHaveLength(1);
  });

  it('stops when %ebp chains downward (sp must increase)', async () => {
    const s = new Section(0x80000000n);
    s.append(8).mark('low').d32('high').d32(0x40001000).append(8).mark('high').d32('low').d32(0x40002000).append(8);
    const frames = await walk(s, context({ eip: 0x40000200, esp: s.start, ebp: s.at('high') }));
    // high -> caller esp = high+8, ebp = low; next hop: esp = low+8 < high+8 -> stop.
    expect(frames.map((f) => f.instruction)).toEqual([0x40000200n, 0x40002000n]);
  });

  it('stops when a scan finds nothing', async () => {
    const s = new Section(0x80000000n);
    s.d32(0x12345678).d32(0x60000000).append(16);
    const frames = await walk(s, context({ eip: 0x40000200, esp: s.start, ebp: 0x10 }));
    expect(frames).toHaveLength(1);
  });

  it('wraps arithmetic at 32 bits and masks context registers', async () => {
    const s = new Section(0x80000000n);
    s.mark('ebp0').d32('ebp1').d32(0x40001000).append(8).mark('ebp1').d32(0).d32(0);
    const frames = await walk(s, context({ eip: 0x1_40000200n, esp: s.start, ebp: 0xffffffff_00000000n + s.at('ebp0') }));
    expect(frames[0]?.instruction).toBe(0x40000200n);
    expect(frames[0]?.registers.get('ebp')).toBe(s.at('ebp0'));
    expect(frames[1]?.trust).toBe('frame_pointer');
  });
});
