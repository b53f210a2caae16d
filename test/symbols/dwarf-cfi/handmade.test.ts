// Hand-assembled CIE/FDE bytes for the instructions, encodings and framings
// compilers rarely emit. Expected texts follow Breakpad's DwarfCFIToModule
// conventions (sorted names, `.cfa -16 + ^`, a delta per rule-setting instruction).
import { describe, expect, it } from 'vitest';
import { ObjectFileError } from '../../../src/errors.js';
import { emptyCfiStats, formatCfi, readCfi, type CfiOptions, type CfiSection } from '../../../src/symbols/dwarf/cfi/index.js';
import { op, SectionBuilder, sleb, uleb } from './builder.js';

const X64: CfiOptions = { arch: 'x86_64', littleEndian: true, addressSize: 8 };
const RSP = 7;
const RBP = 6;
const RBX = 3;
const RIP = 16;

function run(sections: CfiSection[], options: Partial<CfiOptions> = {}) {
  const stats = emptyCfiStats();
  const warnings: string[] = [];
  const entries = [...readCfi(sections, { ...X64, ...options, stats, onWarning: (m) => warnings.push(m) })];
  return { entries, text: entries.map((e) => formatCfi(e)).join(''), stats, warnings };
}

const sec = (b: SectionBuilder): CfiSection => ({ kind: b.kind, bytes: b.bytes(), address: b.address });

/** The usual x86-64 CIE: CFA = rsp+8, RA at CFA-8, FDE pointers pcrel|sdata4. */
function x64Eh(): { b: SectionBuilder; cie: number } {
  const b = new SectionBuilder('eh_frame', true, 8);
  const cie = b.cie({ augmentation: 'zR', augData: [0x1b], ra: RIP, instructions: [...op.defCfa(RSP, 8), ...op.offset(RIP, 1)] });
  return { b, cie };
}

describe('CFA instructions', () => {
  it('turns a frame-pointer prologue into Breakpad rules', () => {
    const { b, cie } = x64Eh();
    b.fde(cie, {
      address: 0x1000,
      size: 0x20,
      encoding: 0x1b,
      augData: [],
      instructions: [...op.advance(1), ...op.defCfaOffset(16), ...op.offset(RBP, 2), ...op.advance(3), ...op.defCfaRegister(RBP), ...op.advance1(0x10), ...op.defCfa(RSP, 8)],
    });
    b.terminator();
    expect(run([sec(b)]).text).toBe(
      'STACK CFI INIT 1000 20 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n' +
        'STACK CFI 1001 $rbp: .cfa -16 + ^ .cfa: $rsp 16 +\n' +
        'STACK CFI 1004 .cfa: $rbp 16 +\n' +
        'STACK CFI 1014 .cfa: $rsp 8 +\n',
    );
  });

  it('remember_state / restore_state report only what changes back', () => {
    const { b, cie } = x64Eh();
    b.fde(cie, {
      address: 0x2000,
      size: 0x40,
      encoding: 0x1b,
      augData: [],
      instructions: [
        ...op.advance(1), ...op.defCfaOffset(16), ...op.offset(RBP, 2),
        ...op.remember,
        ...op.advance(2), ...op.offset(RBX, 3), ...op.defCfaOffset(24),
        ...op.advance(2), ...op.restoreState,
        ...op.advance(2), ...op.remember, ...op.remember, ...op.restore(RBP), ...op.advance(1), ...op.restoreState, ...op.restoreState,
      ],
    });
    const { text, stats } = run([sec(b)]);
    expect(text).toBe(
      'STACK CFI INIT 2000 40 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n' +
        'STACK CFI 2001 $rbp: .cfa -16 + ^ .cfa: $rsp 16 +\n' +
        'STACK CFI 2003 $rbx: .cfa -24 + ^ .cfa: $rsp 24 +\n' +
        // rbx had no rule when remembered: Breakpad says "same value".
        'STACK CFI 2005 $rbx: $rbx .cfa: $rsp 16 +\n' +
        'STACK CFI 2007 $rbp: $rbp\n' +
        'STACK CFI 2008 $rbp: .cfa -16 + ^\n',
    );
    expect(stats.partial).toBe(0);
  });

  it('handles val_offset, register, same_value, restore and the _sf / extended forms', () => {
    const { b, cie } = x64Eh();
    b.fde(cie, {
      address: 0x3000,
      size: 0x200,
      encoding: 0x1b,
      augData: [],
      instructions: [
        ...op.valOffset(RBX, 2), // rbx = cfa - 16
        ...op.advance(1), ...op.valOffsetSf(12, -1), // r12 = cfa + 8
        ...op.advance(1), ...op.register(RBX, 13),
        ...op.advance(1), ...op.sameValue(RBX),
        ...op.advance(1), ...op.offsetExt(14, 3), ...op.offsetExtSf(15, 4), // r14 at cfa-24, r15 at cfa-32
        ...op.advance(1), ...op.negOffsetExt(13, 5), // r13 at cfa+40
        ...op.advance(1), ...op.defCfaSf(RBP, -2), ...op.argsSize(32),
        ...op.advance(1), ...op.defCfaOffsetSf(-3),
        ...op.advance(1), ...op.restore(RIP), ...op.restoreExt(14),
        ...op.advance2([0x00, 0x01]), ...op.nop, ...op.defCfaRegister(RSP),
        ...op.advance4([0x01, 0x00, 0x00, 0x00]), ...op.defCfaOffset(8),
      ],
    });
    expect(run([sec(b)]).text).toBe(
      'STACK CFI INIT 3000 200 $rbx: .cfa -16 + .cfa: $rsp 8 + .ra: .cfa -8 + ^\n' +
        'STACK CFI 3001 $r12: .cfa 8 +\n' +
        'STACK CFI 3002 $rbx: $r13\n' +
        'STACK CFI 3003 $rbx: $rbx\n' +
        'STACK CFI 3004 $r14: .cfa -24 + ^ $r15: .cfa -32 + ^\n' +
        'STACK CFI 3005 $r13: .cfa 40 + ^\n' +
        'STACK CFI 3006 .cfa: $rbp 16 +\n' +
        'STACK CFI 3007 .cfa: $rbp 24 +\n' +
        'STACK CFI 3008 $r14: $r14 .ra: .cfa -8 + ^\n' +
        'STACK CFI 3108 .cfa: $rsp 24 +\n' +
        'STACK CFI 3109 .cfa: $rsp 8 +\n',
    );
  });

  it('drops a rule undefined at the start; later, keeps the previous rule (a delta cannot undo one)', () => {
    const { b, cie } = x64Eh();
    b.fde(cie, { address: 0x1000, size: 8, encoding: 0x1b, augData: [], instructions: [...op.undefined(RIP), ...op.advance(2), ...op.offset(RBX, 2), ...op.advance(2), ...op.undefined(RBX)] });
    const { text, stats, warnings } = run([sec(b)]);
    expect(text).toBe('STACK CFI INIT 1000 8 .cfa: $rsp 8 +\nSTACK CFI 1002 $rbx: .cfa -16 + ^\n');
    // Only the later one is a rule left out; the first is written as no rule.
    expect(stats.unsupportedRules).toBe(1);
    expect(warnings.join('\n')).toMatch(/'\$rbx' is undefined/);
    expect(warnings.join('\n')).not.toMatch(/'\.ra'/);
  });

  it('translates expressible DWARF expressions, skips the rest, and can skip all', () => {
    const { b, cie } = x64Eh();
    const breg = (reg: number, off: number) => [0x70 + reg, ...sleb(off)];
    b.fde(cie, {
      address: 0x1000,
      size: 0x10,
      encoding: 0x1b,
      augData: [],
      instructions: [
        ...op.advance(1), ...op.defCfaExpression([...breg(RBP, -8), 0x06]), // *(rbp-8)
        ...op.expression(RBX, [...breg(RBP, -48)]),
        ...op.expression(RBP, [...breg(RBP, 0)]),
        ...op.advance(1), ...op.valExpression(12, [0x9c, 0x08, 16, 0x1c]), // cfa - 16
        ...op.expression(13, [...breg(RSP, 0), 0x31, 0x24]), // shl: untranslatable
        ...op.advance(1), ...op.defCfaExpression([...breg(RSP, 8), 0x06, 0x23, ...uleb(8)]), // *(rsp+8) + 8
        ...op.advance(1), ...op.defCfaExpression([...breg(RSP, 0), 0x09, 0xf0, 0x1a]), // rsp & -16
        ...op.advance(1), ...op.defCfaExpression([0x92, ...uleb(RBX), ...sleb(4), 0x12, 0x22]), // (rbx+4)*2 via dup+plus
        ...op.advance(1), ...op.defCfaExpression([0x2f, 0x00, 0x00]), // DW_OP_skip: untranslatable
      ],
    });
    const section = sec(b);
    const { text, stats } = run([section]);
    expect(text).toBe(
      'STACK CFI INIT 1000 10 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n' +
        'STACK CFI 1001 $rbp: $rbp ^ $rbx: $rbp -48 + ^ .cfa: $rbp -8 + ^\n' +
        'STACK CFI 1002 $r12: .cfa 16 -\n' +
        'STACK CFI 1003 .cfa: $rsp 8 + ^ 8 +\n' +
        'STACK CFI 1004 .cfa: $rsp 16 @\n' +
        'STACK CFI 1005 .cfa: $rbx 4 + $rbx 4 + +\n',
    );
    expect(stats.translatedExpressions).toBe(7);
    expect(stats.unsupportedRules).toBe(2);
    // Breakpad mode: no expression at all.
    const skip = run([section], { expressions: 'skip' });
    expect(skip.text).toBe('STACK CFI INIT 1000 10 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n');
    expect(skip.stats.unsupportedRules).toBe(9);
  });

  it('set_loc, advance_loc1/2/4 and MIPS advance_loc8 with code alignment', () => {
    const b = new SectionBuilder('debug_frame', true, 4);
    const cie = b.cie({ version: 3, codeAlign: 4, dataAlign: -4, ra: 31, instructions: op.defCfa(29, 0) });
    b.fde(cie, {
      address: 0x400000,
      size: 0x10000,
      instructions: [
        ...op.advance(1), ...op.defCfaOffset(32),
        ...op.advance1(2), ...op.offset(31, 1),
        ...op.advance2(b.int(3, 2)), ...op.offset(30, 2),
        ...op.advance4(b.int(4, 4)), ...op.defCfaRegister(30),
        ...op.mipsAdvance8(b.int(5, 8)), ...op.defCfa(29, 0),
        ...op.setLoc(b.int(0x400100, 4)), ...op.restore(31),
      ],
    });
    expect(run([sec(b)], { arch: 'mips', addressSize: 4 }).text).toBe(
      'STACK CFI INIT 400000 10000 .cfa: $sp 0 + .ra: $ra\n' +
        'STACK CFI 400004 .cfa: $sp 32 +\n' +
        'STACK CFI 40000c .ra: .cfa -4 + ^\n' +
        'STACK CFI 400018 $fp: .cfa -8 + ^\n' +
        'STACK CFI 400028 .cfa: $fp 32 +\n' +
        'STACK CFI 40003c .cfa: $sp 0 +\n' +
        'STACK CFI 400100 .ra: $ra\n',
    );
  });

  it('SPARC window_save; AArch64 negate_ra_state(_with_pc) changes nothing', () => {
    const sp = new SectionBuilder('debug_frame', false, 4);
    const cie = sp.cie({ version: 1, codeAlign: 4, dataAlign: -4, ra: 15, instructions: op.defCfa(14, 0) });
    sp.fde(cie, { address: 0x1000, size: 0x20, instructions: [...op.advance(1), ...op.defCfaRegister(30), ...op.windowSave, ...op.register(15, 31)] });
    const text = run([sec(sp)], { arch: 'sparc', littleEndian: false, addressSize: 4 }).text;
    expect(text.split('\n')[1]).toBe(
      'STACK CFI 1004 .cfa: i6 0 + .ra: i7 i0: .cfa 32 + ^ i1: .cfa 36 + ^ i2: .cfa 40 + ^ i3: .cfa 44 + ^ i4: .cfa 48 + ^ i5: .cfa 52 + ^ i6: .cfa 56 + ^ i7: .cfa 60 + ^ ' +
        'l0: .cfa 0 + ^ l1: .cfa 4 + ^ l2: .cfa 8 + ^ l3: .cfa 12 + ^ l4: .cfa 16 + ^ l5: .cfa 20 + ^ l6: .cfa 24 + ^ l7: .cfa 28 + ^ ' +
        'o0: i0 o1: i1 o2: i2 o3: i3 o4: i4 o5: i5 o6: i6',
    );

    const a = new SectionBuilder('eh_frame', true, 8);
    const acie = a.cie({ augmentation: 'zRB', augData: [0x1b], codeAlign: 4, dataAlign: -8, ra: 30, instructions: op.defCfa(31, 0) });
    a.fde(acie, { address: 0x1000, size: 0x10, encoding: 0x1b, augData: [], instructions: [...op.windowSave, ...op.advance(1), ...op.defCfaOffset(16), ...op.offset(29, 2), ...op.offset(30, 1), ...op.negateRaStateWithPc] });
    const r = run([sec(a)], { arch: 'arm64' });
    expect(r.text).toBe('STACK CFI INIT 1000 10 .cfa: sp 0 + .ra: x30\nSTACK CFI 1004 .cfa: sp 16 + .ra: .cfa -8 + ^ x29: .cfa -16 + ^\n');
    expect(r.stats.partial).toBe(0);
  });

  it('names registers per architecture and unknown ones unnamed_registerN', () => {
    const b = new SectionBuilder('debug_frame', true, 4);
    const cie = b.cie({ version: 1, codeAlign: 2, dataAlign: -4, ra: 14, instructions: op.defCfa(13, 0) });
    b.fde(cie, { address: 0x8000, size: 0x20, instructions: [...op.advance(1), ...op.defCfaOffset(8), ...op.offset(11, 2), ...op.offset(14, 1), ...op.offsetExt(300, 3)] });
    expect(run([sec(b)], { arch: 'arm', addressSize: 4 }).text).toBe(
      'STACK CFI INIT 8000 20 .cfa: sp 0 + .ra: lr\nSTACK CFI 8002 .cfa: sp 8 + .ra: .cfa -4 + ^ r11: .cfa -8 + ^ unnamed_register300: .cfa -12 + ^\n',
    );
    const r = new SectionBuilder('eh_frame', true, 8);
    const rc = r.cie({ augmentation: 'zR', augData: [0x1b], version: 1, codeAlign: 1, dataAlign: -8, ra: 1, instructions: op.defCfa(2, 0) });
    r.fde(rc, { address: 0x100, size: 8, encoding: 0x1b, augData: [], instructions: [...op.advance(2), ...op.defCfaOffset(16), ...op.offset(1, 1), ...op.offset(8, 2)] });
    expect(run([sec(r)], { arch: 'riscv64' }).text).toBe('STACK CFI INIT 100 8 .cfa: sp 0 + .ra: ra\nSTACK CFI 102 .cfa: sp 16 + .ra: .cfa -8 + ^ s0: .cfa -16 + ^\n');
  });
});

describe('framing and encodings', () => {
  it('reads 64-bit DWARF .debug_frame, version 4 with segment selectors, big-endian', () => {
    for (const le of [true, false]) {
      const b = new SectionBuilder('debug_frame', le, 8);
      const c64 = b.cie({ version: 4, dwarf64: true, addressSize: 8, segmentSize: 0, dataAlign: -8, ra: RIP, instructions: [...op.defCfa(RSP, 8), ...op.offset(RIP, 1)] });
      b.fde(c64, { dwarf64: true, address: 0x7000_0000_1000, size: 0x10, instructions: [...op.advance(1), ...op.defCfaOffset(16)] });
      const cseg = b.cie({ version: 4, addressSize: 4, segmentSize: 2, dataAlign: -8, ra: RIP, instructions: op.defCfa(RSP, 8) });
      b.fde(cseg, { address: 0x2000, size: 0x8, segment: [0, 0], instructions: [] }, 4);
      const { text, warnings } = run([sec(b)], { littleEndian: le });
      expect(warnings).toEqual([]);
      expect(text).toBe(
        'STACK CFI INIT 2000 8 .cfa: $rsp 8 + .ra: $rip\n' +
          'STACK CFI INIT 700000001000 10 .cfa: $rsp 8 + .ra: .cfa -8 + ^\nSTACK CFI 700000001001 .cfa: $rsp 16 +\n',
      );
    }
  });

  it("accepts the old GCC 'eh' augmentation and zPLRS with any pointer encoding", () => {
    const b = new SectionBuilder('eh_frame', true, 4, 0x8048000, { text: 0x8049000, data: 0x804a000 });
    const eh = b.cie({ augmentation: 'eh', ehPointer: true, dataAlign: -4, ra: 8, instructions: [...op.defCfa(4, 4), ...op.offset(8, 1)] });
    b.fde(eh, { address: 0x8049000, size: 0x10, instructions: [...op.advance(1), ...op.defCfaOffset(8)] });
    // Personality: aligned absptr (0x50) with padding; LSDA: datarel|sdata4; FDE: textrel|udata4.
    // The aligned pointer starts 20 bytes into the CIE (length, id, version, "zPLRS", factors, RA, data length, encoding).
    const pad = new Array<number>((4 - ((b.length + 20) % 4)) % 4).fill(0);
    const pers = b.cie({ augmentation: 'zPLRS', augData: [0x50, ...pad, 0x78, 0x56, 0x34, 0x12, 0x3b, 0x23], dataAlign: -4, ra: 8, instructions: op.defCfa(4, 4) });
    b.fde(pers, { address: 0x8049100, size: 0x20, encoding: 0x23, augData: [0, 0, 0, 0], instructions: [...op.advance(2), ...op.offset(5, 2)] });
    const kinds: [number, number][] = [
      [0x00, 0x8049200], // absptr
      [0x02, 0x9300], // udata2
      [0x0a, 0x7400], // sdata2
      [0x01, 0x8049500], // uleb128
      [0x09, 0x8049600], // sleb128
      [0x13, 0x8049700], // pcrel|udata4
      [0x1b, 0x8049800], // pcrel|sdata4
      [0x33, 0x8049900], // datarel|udata4
      [0x1c, 0x8049a00], // pcrel|sdata8 (8-byte value, 4-byte target)
    ];
    for (const [enc, addr] of kinds) {
      const c = b.cie({ augmentation: 'zR', augData: [enc], dataAlign: -4, ra: 8, instructions: op.defCfa(4, 4) });
      b.fde(c, { address: addr, size: 4, encoding: enc, augData: [], instructions: [] });
    }
    const { text, warnings } = run([sec(b)], { arch: 'x86', addressSize: 4, textAddress: 0x8049000, dataAddress: 0x804a000 });
    expect(warnings).toEqual([]);
    expect(text).toContain('STACK CFI INIT 8049000 10 .cfa: $esp 4 + .ra: .cfa -4 + ^\nSTACK CFI 8049001 .cfa: $esp 8 +\n');
    expect(text).toContain('STACK CFI INIT 8049100 20 .cfa: $esp 4 + .ra: $eip\nSTACK CFI 8049102 $ebp: .cfa -8 + ^\n');
    for (const [, addr] of kinds) expect(text).toContain(`STACK CFI INIT ${addr.toString(16)} 4 .cfa: $esp 4 + .ra: $eip\n`);
  });

  it('resolves indirect FDE pointers through readMemory, else skips them', () => {
    const { b, cie: _ } = x64Eh();
    const ind = b.cie({ augmentation: 'zR', augData: [0x80], ra: RIP, instructions: op.defCfa(RSP, 8) });
    b.fde(ind, { address: 0x6000, size: 4, encoding: 0x00, augData: [], instructions: [] });
    const section = sec(b);
    const skipped = run([section]);
    expect(skipped.entries).toEqual([]);
    expect(skipped.warnings.join('\n')).toMatch(/indirect pointer/);
    const mem = new Uint8Array(8);
    new DataView(mem.buffer).setUint32(0, 0x1234, true);
    const resolved = run([section], { readMemory: (a, n) => (a === 0x6000 && n === 8 ? mem : undefined) });
    expect(resolved.text).toBe('STACK CFI INIT 1234 4 .cfa: $rsp 8 + .ra: $rip\n');
  });

  it('wraps 32-bit pc-relative pointers, sorts by address across sections, drops overlaps and out-of-range deltas', () => {
    const d = new SectionBuilder('debug_frame', true, 4, 0);
    const dc = d.cie({ version: 1, dataAlign: -4, ra: 8, instructions: op.defCfa(4, 4) });
    d.fde(dc, { address: 0x3000, size: 0x10, instructions: [...op.advance(1), ...op.defCfaOffset(8), ...op.advance(0x3f), ...op.defCfaOffset(12)] });
    const e = new SectionBuilder('eh_frame', true, 4, 0xfffff000);
    const ec = e.cie({ augmentation: 'zR', augData: [0x1b], dataAlign: -4, ra: 8, instructions: op.defCfa(4, 4) });
    e.fde(ec, { address: 0x3000, size: 0x10, encoding: 0x1b, augData: [], instructions: [] }); // same function: dropped
    e.fde(ec, { address: 0x1000, size: 0x10, encoding: 0x1b, augData: [], instructions: [] }); // pcrel wraps past 2^32
    e.fde(ec, { address: 0x2000, size: 0, encoding: 0x1b, augData: [], instructions: [] }); // empty: skipped
    e.terminator();
    const { text, stats } = run([sec(d), sec(e)], { arch: 'x86', addressSize: 4 });
    expect(text).toBe(
      'STACK CFI INIT 1000 10 .cfa: $esp 4 + .ra: $eip\n' + 'STACK CFI INIT 3000 10 .cfa: $esp 4 + .ra: $eip\nSTACK CFI 3001 .cfa: $esp 8 +\n',
    );
    expect(stats).toMatchObject({ fdes: 4, emitted: 2, overlapping: 1, skipped: 1 });
    expect(run([sec(d), sec(e)], { arch: 'x86', addressSize: 4, addressRange: { start: 0x2000, end: 0x4000 } }).stats.emitted).toBe(1);
  });

  it('formats with a load bias', () => {
    expect(formatCfi({ address: 0x401000, size: 0x20, initRules: '.cfa: $rsp 8 +', deltas: [{ address: 0x401004, rules: '.cfa: $rsp 16 +' }] }, 0x400000)).toBe(
      'STACK CFI INIT 1000 20 .cfa: $rsp 8 +\nSTACK CFI 1004 .cfa: $rsp 16 +\n',
    );
  });
});

describe('bad input', () => {
  it('keeps the rules before a bad instruction and warns', () => {
    const { b, cie } = x64Eh();
    b.fde(cie, { address: 0x1000, size: 0x10, encoding: 0x1b, augData: [], instructions: [...op.advance(1), ...op.defCfaOffset(16), ...op.advance(1), 0x3f, ...op.defCfaOffset(24)] });
    b.fde(cie, { address: 0x2000, size: 0x10, encoding: 0x1b, augData: [], instructions: [...op.advance(1), ...op.restoreState] });
    const { text, stats, warnings } = run([sec(b)]);
    expect(text).toBe(
      'STACK CFI INIT 1000 10 .cfa: $rsp 8 + .ra: .cfa -8 + ^\nSTACK CFI 1001 .cfa: $rsp 16 +\n' + 'STACK CFI INIT 2000 10 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n',
    );
    expect(stats.partial).toBe(2);
    expect(warnings.join('\n')).toMatch(/unknown instruction 0x3f/);
    expect(warnings.join('\n')).toMatch(/restore_state with no remembered state/);
  });

  it('bounds remember_state nesting', () => {
    const { b, cie } = x64Eh();
    b.fde(cie, { address: 0x1000, size: 0x10, encoding: 0x1b, augData: [], instructions: new Array<number>(5000).fill(0x0a) });
    const { stats, warnings } = run([sec(b)]);
    expect(stats.partial).toBe(1);
    expect(warnings.join('\n')).toMatch(/nested too deeply/);
  });

  it('bounds the number of registers with rules', () => {
    const { b, cie } = x64Eh();
    const many: number[] = [];
    for (let r = 100; r < 2100; r++) many.push(...op.offsetExt(r, 1));
    b.fde(cie, { address: 0x1000, size: 0x10, encoding: 0x1b, augData: [], instructions: many });
    const { stats, warnings } = run([sec(b)]);
    expect(stats.partial).toBe(1);
    expect(warnings.join('\n')).toMatch(/too many registers/);
  });

  it('skips FDEs whose CIE is missing, unknown or malformed, and stops at broken framing', () => {
    const b = new SectionBuilder('eh_frame', true, 8);
    const bad = b.cie({ version: 9, ra: RIP, instructions: [] });
    b.fde(bad, { address: 0x1000, size: 4, instructions: [] });
    const aug = b.cie({ augmentation: 'xyz', ra: RIP, instructions: [] });
    b.fde(aug, { address: 0x2000, size: 4, instructions: [] });
    const good = b.cie({ augmentation: 'zR', augData: [0x1b], ra: RIP, instructions: op.defCfa(RSP, 8) });
    const fde = b.fde(good, { address: 0x3000, size: 4, encoding: 0x1b, augData: [], instructions: [] });
    b.fde(fde, { address: 0x4000, size: 4, instructions: [] }); // CIE pointer to an FDE
    b.raw([...b.int(0x7fffffff, 4), 1, 2, 3]); // length past the end
    const { text, stats, warnings } = run([sec(b)]);
    expect(text).toBe('STACK CFI INIT 3000 4 .cfa: $rsp 8 + .ra: $rip\n');
    expect(stats.skipped).toBe(3);
    expect(warnings.join('\n')).toMatch(/unsupported version 9/);
    expect(warnings.join('\n')).toMatch(/unknown augmentation 'xyz'/);
    expect(warnings.join('\n')).toMatch(/does not point to a CIE/);
    expect(warnings.join('\n')).toMatch(/rest of the section ignored/);
  });

  it('rejects bad options with ObjectFileError', () => {
    expect(() => readCfi([], { ...X64, arch: 'vax' as never })).toThrow(ObjectFileError);
    expect(() => readCfi([], { ...X64, addressSize: 2 as never })).toThrow(ObjectFileError);
  });
});

describe('entry framing', () => {
  it('skips an entry too short for its id but keeps reading', () => {
    const { b, cie } = x64Eh();
    b.raw([...b.int(2, 4), 0, 0]); // 2-byte entry: no room for a CIE pointer
    b.fde(cie, { address: 0x1000, size: 4, encoding: 0x1b, augData: [], instructions: [] });
    const { text, warnings } = run([sec(b)]);
    expect(text).toBe('STACK CFI INIT 1000 4 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n');
    expect(warnings.join('\n')).toMatch(/too short/);
  });
});
