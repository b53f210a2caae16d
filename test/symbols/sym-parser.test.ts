import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SymbolError } from '../../src/errors.js';
import { parseSymbolFile } from '../../src/symbols/sym/index.js';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));

const SAMPLE = [
  'MODULE Linux x86_64 0123456789ABCDEF0123456789ABCDEF0 libfoo.so',
  'INFO CODE_ID 89674523AB01EFCD 1234',
  'INFO GENERATOR mozilla/dump_syms 2.3.7',
  'INFO URL https://symbols.example.com/libfoo.so/0123/libfoo.so.sym',
  'FILE 0 /src/foo.c',
  'FILE 1 /src/with space.h',
  'INLINE_ORIGIN 0 inlined_a',
  'INLINE_ORIGIN 1 inlined_b(int, char)',
  'FUNC 1000 100 8 foo(int, int)',
  'INLINE 0 20 1 0 1010 40',
  'INLINE 1 30 0 1 1020 10',
  '1000 10 10 0',
  '1010 10 11 0',
  '1020 8 12 1',
  '1028 d8 13 0',
  'FUNC m 2000 20 0 bar',
  '2000 20 40 0',
  'PUBLIC 3000 4 pub_one',
  'PUBLIC m 3100 0 pub two with spaces',
  'STACK CFI INIT 1000 100 .cfa: $rsp 8 + .ra: .cfa -8 + ^',
  'STACK CFI 1001 .cfa: $rsp 16 + $rbp: .cfa -16 + ^',
  'STACK CFI 1004 .cfa: $rbp 16 +',
  'STACK WIN 4 1000 50 4 0 8 0 10 0 1 $T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + =',
  'STACK WIN 0 1000 60 0 0 4 4 8 0 0 1',
  'STACK WIN 0 2000 20 0 0 c 0 0 0 0 0',
].join('\n');

describe('parseSymbolFile: records', () => {
  const sym = parseSymbolFile(SAMPLE);

  it('reads MODULE and INFO', () => {
    expect(sym.module).toEqual({ os: 'Linux', cpu: 'x86_64', id: '0123456789ABCDEF0123456789ABCDEF0', name: 'libfoo.so' });
    expect(sym.codeId).toBe('89674523AB01EFCD');
    expect(sym.generator).toBe('mozilla/dump_syms 2.3.7');
    expect(sym.url).toBe('https://symbols.example.com/libfoo.so/0123/libfoo.so.sym');
    expect(sym.stats).toMatchObject({ corruptLines: 0, isCorrupt: false, functions: 2, publics: 2, lineRecords: 5, inlineRecords: 2, files: 2, inlineOrigins: 2, cfiInit: 1, cfiDelta: 2, stackWin: 3 });
  });

  it('looks up FUNC with line records', () => {
    expect(sym.lookup(0x1004)).toEqual({
      function: 'foo(int, int)', functionAddress: 0x1000, functionSize: 0x100, parameterSize: 8, isPublic: false, isMultiple: false,
      file: '/src/foo.c', line: 10, lineAddress: 0x1000, inlines: [],
    });
    expect(sym.lookup(0x2010)).toMatchObject({ function: 'bar', isMultiple: true, line: 40, functionSize: 0x20 });
    expect(sym.lookup(0x10ff)?.line).toBe(13);
    expect(sym.lookup(0xfff)).toBeNull();
  });

  it('builds the inline chain the way Breakpad does', () => {
    // 0x1024: inside inline level 0 (origin 0, called from file 1 line 20) and level 1
    // (origin 1, called from file 0 line 30); the line record says file 1 line 12.
    // Innermost gets the line record, each outer inline the call site of the one inside
    // it, and the physical frame the outermost call site.
    const r = sym.lookup(0x1024)!;
    expect(r.function).toBe('foo(int, int)');
    expect(r.inlines).toEqual([
      { function: 'inlined_b(int, char)', functionAddress: 0x1020, file: '/src/with space.h', line: 12 },
      { function: 'inlined_a', functionAddress: 0x1010, file: '/src/foo.c', line: 30 },
    ]);
    expect([r.file, r.line, r.lineAddress]).toEqual(['/src/with space.h', 20, 0x1020]);
    const outer = sym.lookup(0x1014)!;
    expect(outer.inlines).toEqual([{ function: 'inlined_a', functionAddress: 0x1010, file: '/src/foo.c', line: 11 }]);
    expect([outer.file, outer.line]).toEqual(['/src/with space.h', 20]);
  });

  it('falls back to PUBLIC symbols', () => {
    expect(sym.lookup(0x3002)).toEqual({
      function: 'pub_one', functionAddress: 0x3000, functionSize: null, parameterSize: 4, isPublic: true, isMultiple: false,
      file: null, line: null, lineAddress: null, inlines: [],
    });
    expect(sym.lookup(0x9999999)).toMatchObject({ function: 'pub two with spaces', isMultiple: true });
  });

  it('merges STACK CFI INIT with deltas up to the offset', () => {
    expect(Object.fromEntries(sym.cfiRulesAt(0x1000)!)).toEqual({ '.cfa': '$rsp 8 +', '.ra': '.cfa -8 + ^' });
    expect(Object.fromEntries(sym.cfiRulesAt(0x1003)!)).toEqual({ '.cfa': '$rsp 16 +', '.ra': '.cfa -8 + ^', $rbp: '.cfa -16 + ^' });
    expect(Object.fromEntries(sym.cfiRulesAt(0x10ff)!)).toEqual({ '.cfa': '$rbp 16 +', '.ra': '.cfa -8 + ^', $rbp: '.cfa -16 + ^' });
    expect(sym.cfiRulesAt(0x1100)).toBeNull();
    expect(sym.cfiRulesAt(0xfff)).toBeNull();
  });

  it('returns STACK WIN, preferring FRAME_DATA (4) over FPO (0)', () => {
    expect(sym.windowsFrameInfo(0x1010)).toEqual({
      type: 4, rva: 0x1000, codeSize: 0x50, prologSize: 4, epilogSize: 0, parameterSize: 8, savedRegisterSize: 0, localSize: 0x10,
      maxStackSize: 0, allocatesBasePointer: false, programString: '$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + =',
    });
    expect(sym.windowsFrameInfo(0x1055)).toMatchObject({ type: 0, rva: 0x1000, codeSize: 0x60, parameterSize: 4, savedRegisterSize: 4, localSize: 8, allocatesBasePointer: true, programString: null });
    expect(sym.windowsFrameInfo(0x2000)).toMatchObject({ type: 0, parameterSize: 0xc, allocatesBasePointer: false });
    expect(sym.windowsFrameInfo(0x3000)).toBeNull();
  });
});

describe('parseSymbolFile: Breakpad lookup rules', () => {
  it('keeps the first of overlapping FUNC ranges, even when inserted out of order', () => {
    const s = parseSymbolFile('MODULE Linux x86 ID m\nFUNC 2000 100 0 first\nFUNC 1f80 100 0 overlaps_first\nFUNC 1000 100 0 low\nFUNC 2050 10 0 inside_first\nFUNC 2100 10 0 after\n');
    expect(s.lookup(0x1f90)).toBeNull();
    expect(s.lookup(0x2050)?.function).toBe('first');
    expect(s.lookup(0x1000)?.function).toBe('low');
    expect(s.lookup(0x2100)?.function).toBe('after');
  });

  it('uses PUBLIC only when it starts after the nearest FUNC below the address (Breakpad, not rust-minidump)', () => {
    const s = parseSymbolFile('MODULE Linux x86 ID m\nFUNC 1000 100 0 func\nPUBLIC 900 0 before_func\nPUBLIC 1000 0 same_as_func\nPUBLIC 1080 0 inside_func\nPUBLIC 2000 0 after_func\n');
    // Address past the FUNC: the greatest PUBLIC <= address is inside the FUNC and starts
    // after its base, so Breakpad accepts it (rust-minidump would too: no FUNC in between).
    expect(s.lookup(0x1100)?.function).toBe('inside_func');
    expect(s.lookup(0x2005)?.function).toBe('after_func');
    expect(s.lookup(0x950)?.function).toBe('before_func');
    const t = parseSymbolFile('MODULE Linux x86 ID m\nPUBLIC 900 0 before_func\nFUNC 1000 100 0 func\n');
    // A FUNC lies between the PUBLIC and the address: rejected.
    expect(t.lookup(0x1200)).toBeNull();
    const u = parseSymbolFile('MODULE Linux x86 ID m\nFUNC 1000 100 0 func\nPUBLIC 1000 0 same\n');
    // public_address > function_base is strict: a PUBLIC at the FUNC's base is rejected.
    expect(u.lookup(0x1100)).toBeNull();
  });

  it('counts a duplicate PUBLIC address and keeps the first; ignores PUBLIC 0', () => {
    const s = parseSymbolFile('MODULE windows x86 ID m.pdb\nPUBLIC 2000 0 b\nPUBLIC 1000 0 a\nPUBLIC 2000 0 dup\nPUBLIC 0 0 zero\n');
    expect(s.stats.duplicatePublics).toBe(1);
    expect(s.stats.corruptLines).toBe(1);
    expect(s.stats.publics).toBe(2);
    expect(s.lookup(0x2001)?.function).toBe('b');
    expect(s.lookup(0x1001)?.function).toBe('a');
    expect(s.lookup(0x10)).toBeNull();
  });

  it('drops overlapping line records (first wins) and zero-size ones', () => {
    const s = parseSymbolFile('MODULE Linux x86 ID m\nFILE 0 a.c\nFUNC 1000 100 0 f\n1000 10 1 0\n1008 10 2 0\n1010 0 3 0\n1010 10 4 0\n');
    expect(s.lookup(0x100c)?.line).toBe(1);
    expect(s.lookup(0x1010)?.line).toBe(4);
    expect(s.lookup(0x1030)).toMatchObject({ function: 'f', file: null, line: null, lineAddress: null });
  });

  it('applies every global CFI delta between the INIT base and the offset, later duplicate wins', () => {
    const s = parseSymbolFile(
      ['MODULE Linux x86_64 ID m', 'STACK CFI INIT 2000 100 .cfa: $rsp 8 + .ra: .cfa -8 + ^', 'STACK CFI 2010 .cfa: $rsp 16 +', 'STACK CFI 2010 .cfa: $rsp 24 +',
        'STACK CFI INIT 1000 10 .cfa: $rsp 8 + .ra: .cfa -8 + ^', 'STACK CFI 1004 $rbx: .cfa -16 + ^', 'STACK CFI INIT 2050 10 .cfa: $rsp 4 +'].join('\n'),
    );
    expect(s.cfiRulesAt(0x2010)!.get('.cfa')).toBe('$rsp 24 +');
    expect(s.cfiRulesAt(0x2009)!.get('.cfa')).toBe('$rsp 8 +');
    expect(s.cfiRulesAt(0x1008)!.get('$rbx')).toBe('.cfa -16 + ^');
    // The overlapping INIT at 2050 is dropped; 2000's range still answers.
    expect(s.cfiRulesAt(0x2055)!.get('.ra')).toBe('.cfa -8 + ^');
    // A bad INIT rule set means no CFI; a bad delta keeps the rules reported before the error.
    const t = parseSymbolFile('MODULE Linux x86_64 ID m\nSTACK CFI INIT 10 10 $rsp\nSTACK CFI INIT 40 10 .cfa: $rsp 8 +\nSTACK CFI 44 .ra: .cfa 8 - ^ $rbx:\n');
    expect(t.cfiRulesAt(0x10)).toBeNull();
    expect(Object.fromEntries(t.cfiRulesAt(0x45)!)).toEqual({ '.cfa': '$rsp 8 +', '.ra': '.cfa 8 - ^' });
  });

  it('STACK WIN: the most specific nested record, types 1-3 never returned, partial overlaps dropped', () => {
    const s = parseSymbolFile(
      ['MODULE windows x86 ID a.pdb', 'STACK WIN 4 1000 100 0 0 0 0 0 0 1 outer', 'STACK WIN 4 1010 10 0 0 0 0 0 0 1 inner', 'STACK WIN 4 10f0 20 0 0 0 0 0 0 1 straddles',
        'STACK WIN 3 3000 10 0 0 0 0 0 0 0 0', 'STACK WIN 5 4000 10 0 0 0 0 0 0 0 0'].join('\n'),
    );
    expect(s.windowsFrameInfo(0x1015)?.programString).toBe('inner');
    expect(s.windowsFrameInfo(0x1020)?.programString).toBe('outer');
    expect(s.windowsFrameInfo(0x1105)).toBeNull();
    expect(s.windowsFrameInfo(0x3000)).toBeNull();
    expect(s.stats.corruptLines).toBe(1); // type 5
  });

  it('INLINE: equal nested ranges, zero-length ranges, level jumps and missing origins', () => {
    const s = parseSymbolFile(
      ['MODULE Linux x86_64 ID m', 'FILE 0 a.c', 'INLINE_ORIGIN 0 outer', 'INLINE_ORIGIN 1 inner', 'FUNC 1000 100 0 f',
        'INLINE 0 5 0 0 1000 40 1080 0', 'INLINE 1 6 0 1 1000 40', 'INLINE 3 7 0 0 1000 10', 'INLINE 0 8 0 9 1050 10', '1000 100 99 0'].join('\n'),
    );
    expect(s.lookup(0x1001)!.inlines.map((i) => [i.function, i.line])).toEqual([['inner', 99], ['outer', 6]]);
    expect(s.lookup(0x1001)!.line).toBe(5);
    expect(s.lookup(0x1080)!.inlines).toEqual([]);
    expect(s.lookup(0x1050)!.inlines[0]!.function).toBe('<name omitted>');
  });

  it('old and new INLINE_ORIGIN / INLINE forms; -1 file ids', () => {
    const old = parseSymbolFile('MODULE Linux x86_64 ID m\nFILE 0 a.c\nINLINE_ORIGIN 0 -1 art()\nINLINE_ORIGIN 1 0 real()\nFUNC 10 10 0 f\nINLINE 0 3 1 10 8\n10 10 4 0\n');
    expect(old.stats.corruptLines).toBe(0);
    expect(old.lookup(0x12)!.inlines).toEqual([{ function: 'real()', functionAddress: 0x10, file: 'a.c', line: 4 }]);
    expect(old.lookup(0x12)!).toMatchObject({ file: 'a.c', line: 3 });
    const neu = parseSymbolFile('MODULE Linux x86_64 ID m\nFILE 0 a.c\nFILE 1 b.c\nINLINE_ORIGIN 0 real()\nFUNC 10 10 0 f\nINLINE 0 3 1 0 10 8\nINLINE 1 9 -1 0 10 4\n10 10 4 0\n');
    expect(neu.stats.corruptLines).toBe(0);
    expect(neu.lookup(0x12)!).toMatchObject({ file: 'b.c', line: 3 });
    // The -1 call-site file is unknown, so that inline keeps the line record's file.
    expect(neu.lookup(0x12)!.inlines.map((i) => [i.file, i.line])).toEqual([['a.c', 4], ['a.c', 9]]);
  });
});

describe('parseSymbolFile: robustness', () => {
  it('accepts CRLF, bare CR, blank lines and space runs', () => {
    const s = parseSymbolFile('MODULE Linux x86 ID m\r\n\r\nFILE 0 a.c\r\rFUNC  1000 10 0 f\r\n1000 10 7 0\r\nPUBLIC 2000 0 p\r\n');
    expect(s.stats.corruptLines).toBe(0);
    expect(s.lookup(0x1000)).toMatchObject({ function: 'f', file: 'a.c', line: 7 });
    expect(s.lookup(0x2000)?.function).toBe('p');
  });

  it('counts malformed lines and keeps going', () => {
    const lines = [
      'MODULE Linux x86 ID m', 'FILE x a.c', 'FILE 1', 'FUNC 1000 10 0', 'FUNC zz 10 0 f', 'FUNC 1000 10 -1 f', '1000 10 1 0', 'PUBLIC 1000', 'PUBLIC 1000 0',
      'STACK WIN 4 1000', 'STACK FOO 1', 'STACK CFI', 'BOGUS 1 2 3', 'FUNC 3000 10 0 ok', '3000 10 -1 0', '3000 1g 1 0', '3000 10 5 0', 'INLINE 0 1', 'INLINE_ORIGIN x y',
    ];
    const s = parseSymbolFile(lines.join('\n'));
    // 14 ordinary errors (line records with no current FUNC count too), 2 inline errors.
    expect(s.stats.corruptLines - s.stats.inlineCorruptLines).toBe(14);
    expect(s.stats.inlineCorruptLines).toBe(2);
    expect(s.stats.isCorrupt).toBe(true);
    expect(s.lookup(0x3001)).toMatchObject({ function: 'ok', line: 5 });
  });

  it('stops after more than 100 errors like Breakpad, unless told otherwise', () => {
    const text = ['MODULE Linux x86 ID m', ...Array.from({ length: 101 }, () => 'junk'), 'PUBLIC 1000 0 late'].join('\n');
    const s = parseSymbolFile(text);
    expect(s.stats.truncated).toBe(true);
    expect(s.lookup(0x1000)).toBeNull();
    const all = parseSymbolFile(text, { maxErrors: Infinity });
    expect(all.stats.truncated).toBe(false);
    expect(all.lookup(0x1000)?.function).toBe('late');
  });

  it('treats an inner NUL as one error and decodes it as _', () => {
    const s = parseSymbolFile('MODULE Linux x86 ID m\nPUBLIC 1000 0 a\0b\n\0\0');
    expect(s.stats.corruptLines).toBe(1);
    expect(s.lookup(0x1000)?.function).toBe('a_b');
  });

  it('throws SymbolError MALFORMED for empty input and for no MODULE line', () => {
    for (const input of ['', new Uint8Array(0), '\0\0', 'FUNC 1000 10 0 f\n']) {
      let err: unknown;
      try {
        parseSymbolFile(input);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SymbolError);
      expect((err as SymbolError).code).toBe('MALFORMED');
    }
    expect(() => parseSymbolFile(42 as unknown as string)).toThrow(SymbolError);
  });

  it('never throws anything but SymbolError on mutated input', () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const base = new TextEncoder().encode(SAMPLE);
    const alphabet = new TextEncoder().encode(' \n\r0123456789abcdefxm-:^$.+FUNCINLE_PUBLICSTACKWIN\0\xff');
    for (let iter = 0; iter < 400; iter++) {
      const b = base.slice();
      const edits = 1 + rnd(20);
      for (let k = 0; k < edits; k++) b[rnd(b.length)] = alphabet[rnd(alphabet.length)]!;
      try {
        const s = parseSymbolFile(b);
        for (let a = 0; a < 0x3200; a += 0x3f) {
          s.lookup(a);
          s.cfiRulesAt(a);
          s.windowsFrameInfo(a);
        }
        s.lookup(Number.NaN);
        s.lookup(-1);
        s.lookup(2 ** 60);
      } catch (e) {
        expect(e).toBeInstanceOf(SymbolError);
      }
    }
  });

  it('huge numbers and huge token counts are rejected or bounded', () => {
    const s = parseSymbolFile(`MODULE Linux x86 ID m\nFUNC ffffffffffffffffff 10 0 big\nFUNC 1000 fffffffffffff 0 huge\nFUNC 1000000 ffffffffffffffff 0 toobig\nINLINE ${'1 '.repeat(5000)}\nPUBLIC 20000000000000 0 far\n`);
    expect(s.stats.functions).toBe(1);
    expect(s.lookup(0x1000)).toMatchObject({ function: 'huge' });
  });
});

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.sym')) yield p;
  }
}

describe.skipIf(!existsSync(SHARED))('parseSymbolFile: corpus', () => {
  it('parses every corpus .sym without corrupt lines', () => {
    const files = [...walk(join(SHARED, 'corpus/breakpad/symbols')), ...walk(join(SHARED, 'corpus/dump_syms'))];
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const s = parseSymbolFile(readFileSync(f));
      expect(s.module, f).not.toBeNull();
      expect(s.stats.corruptLines, f).toBe(0);
    }
  });

  it('linux_inline.old.sym and linux_inline.new.sym give the same functions, lines and inline chains', () => {
    const dir = join(SHARED, 'corpus/breakpad/symbols/linux_inline/BBA6FA10B8AAB33D00000000000000000');
    const oldS = parseSymbolFile(readFileSync(join(dir, 'linux_inline.old.sym')));
    const newS = parseSymbolFile(readFileSync(join(dir, 'linux_inline.new.sym')));
    let withInlines = 0;
    for (let a = 0x15b30; a < 0x15b30 + 0x6cf; a++) {
      const o = oldS.lookup(a)!;
      const n = newS.lookup(a)!;
      expect(o.function).toBe('main');
      expect([o.function, o.line, o.lineAddress]).toEqual([n.function, n.line, n.lineAddress]);
      expect(o.inlines.map((i) => [i.function, i.line, i.functionAddress])).toEqual(n.inlines.map((i) => [i.function, i.line, i.functionAddress]));
      // The old form has no call-site files: every position there names the line record's file.
      for (const i of o.inlines) expect(i.file).toBe('linux_inline.cpp');
      if (n.inlines.length > 0) withInlines++;
    }
    expect(withInlines).toBeGreaterThan(1000);
    // 0x161b6 (the crash address in linux_inline.dmp): main -> foo() -> bar() -> func().
    const hit = newS.lookup(0x161b6)!;
    expect(hit.inlines.map((i) => `${i.function}@${i.file}:${i.line}`)).toEqual(['func()@linux_inline.cpp:27', 'bar()@c.cpp:32', 'foo()@b.cpp:39']);
    expect(`${hit.file}:${hit.line}`).toBe('a.cpp:42');
  });
});
