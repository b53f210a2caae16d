// readDwarf on programs built here with gcc/g++, compared with Breakpad's dump_syms
// (node_modules/minidump) on the same code. Breakpad drops every DIE with DW_AT_ranges
// on gcc 12's DWARF 5, so its reference output comes from the -gdwarf-4 build of the
// same source and flags; the DWARF 2/3/5/64-bit/type-unit/dwz builds must then give
// exactly what we read from the DWARF 4 build (their .text is checked to be identical).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demangle } from '../../../src/symbols/demangle/index.js';
import { type DwarfSections, type DwarfSymbols, readDwarf } from '../../../src/symbols/dwarf/index.js';
import { BREAKPAD_DUMP_SYMS, hasBreakpad, lineRecall, parseSym, readTestElf, which, writeSym } from './helpers.js';

const CPP = String.raw`
#include <cstdio>
#include <cstdlib>
namespace outer { namespace inner {
template <typename T> struct Box {
  T value;
  __attribute__((noinline)) T get() const { return value * 2; }
  inline T twice() const { return get() + get(); }
};
}
static inline int helper(int x) { return x * x + std::rand(); }
__attribute__((noinline)) int compute(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += helper(i) + helper(s);
  return s;
}
}
namespace {
struct Shape { virtual ~Shape() {} virtual double area() const = 0; };
struct Sq : Shape { double s; explicit Sq(double v) : s(v) {} double area() const override { return s * s; } };
__attribute__((noinline)) double sum_areas(Shape** v, int n) { double t = 0; for (int i = 0; i < n; i++) t += v[i]->area(); return t; }
}
template <typename T> __attribute__((noinline)) T maxof(T a, T b) { return a > b ? a : b; }
extern "C" int c_func(int a) { return a + 1; }
__attribute__((cold, noinline)) void fail(const char* m) { std::fprintf(stderr, "%s\n", m); std::abort(); }
struct Big { int a[8]; int sum() const { int s = 0; for (int x : a) s += x; return s; } };
int main(int argc, char** argv) {
  outer::inner::Box<int> b{argc};
  outer::inner::Box<double> d{1.5};
  Sq a(2), c(3);
  Shape* v[2] = {&a, &c};
  Big big{{argc, 2, 3, 4, 5, 6, 7, 8}};
  if (argc > 5) fail("too many");
  int r = b.twice() + (int)d.twice() + outer::compute(argc) + maxof(argc, 3) + (int)maxof(1.0, 2.0) + c_func(argc) + (int)sum_areas(v, 2) + big.sum();
  if (r == 12345) fail("unlucky");
  std::printf("%d %s\n", r, argv[0]);
  return 0;
}
`;

const C_SRC = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static inline int leaf(int x) { return x * 3 + (x >> 2); }
static inline int mid(int x) { return leaf(x) + leaf(x + 1); }
static inline int top(int x) { return mid(x) * mid(x - 1); }
__attribute__((noinline)) int crunch(const char *s) {
  int h = 0;
  for (size_t i = 0; i < strlen(s); i++) h = h * 31 + top(s[i]);
  if (h == 42) { fprintf(stderr, "rare\n"); abort(); }
  return h;
}
struct node { struct node *next; int v; };
__attribute__((noinline)) int walk(struct node *n) { int s = 0; while (n) { s += mid(n->v); n = n->next; } return s; }
int main(int argc, char **argv) {
  struct node a = { 0, argc }, b = { &a, 7 };
  printf("%d %d\n", crunch(argv[0]), walk(&b));
  return 0;
}
`;

const haveTools = which('gcc') && which('g++') && which('objcopy') && hasBreakpad;

/** Breakpad's names carry return types on templates and drop `(anonymous namespace)::`. */
function norm(name: string): string {
  return name.replace(/\(anonymous namespace\)::/g, '').replace(/\s+/g, '');
}
function sameName(breakpad: string, ours: string): boolean {
  return breakpad === ours || breakpad.endsWith(ours);
}

function read(sections: DwarfSections, inlines = true): DwarfSymbols {
  const warnings: string[] = [];
  const s = readDwarf(sections, { littleEndian: true, addressSize: 8, inlines, demangle, onWarning: (m) => warnings.push(m) });
  expect(warnings).toEqual([]);
  return s;
}

/** Records resolved to names, so two readings can be compared regardless of FILE/ORIGIN numbering. */
function resolved(s: DwarfSymbols) {
  return s.functions.map((f) => ({
    ...f,
    lines: f.lines.map((l) => ({ ...l, file: s.files[l.file] })),
    inlines: f.inlines.map((i) => ({ ...i, callFile: s.files[i.callFile], origin: s.inlineOrigins[i.origin] })),
  }));
}

describe.skipIf(!haveTools)('gcc builds vs Breakpad dump_syms', () => {
  let dir: string;
  const stats: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dwarf-gcc-'));
    writeFileSync(join(dir, 'prog.cpp'), CPP);
    writeFileSync(join(dir, 'prog.c'), C_SRC);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    console.log(stats.join('\n'));
  });

  function build(src: string, out: string, flags: string[]): string {
    const cc = src.endsWith('.cpp') ? 'g++' : 'gcc';
    const path = join(dir, out);
    execFileSync(cc, ['-g', '-O2', ...flags, '-o', path, join(dir, src)]);
    return path;
  }
  function text(path: string): Buffer {
    const out = `${path}.text`;
    execFileSync('objcopy', ['-O', 'binary', '--only-section=.text', path, out]);
    return readFileSync(out);
  }

  function compareWithBreakpad(label: string, binary: string, ours: DwarfSymbols, loadBase: number) {
    const bp = parseSym(execFileSync(BREAKPAD_DUMP_SYMS, ['-d', binary], { encoding: 'utf8', maxBuffer: 1 << 28 }), norm);
    const mine = parseSym(writeSym('MODULE', ours, loadBase), norm);
    // FUNC: every Breakpad function at the same address and size, with an agreeing name.
    const byAddr = new Map(mine.funcs.map((f) => [`${f.address}:${f.size}`, f.name]));
    let funcs = 0;
    let names = 0;
    for (const f of bp.funcs) {
      const n = byAddr.get(`${f.address}:${f.size}`);
      expect(n, `FUNC ${f.address.toString(16)} ${f.size.toString(16)} ${f.name}`).toBeDefined();
      funcs++;
      if (n !== undefined && sameName(f.name, n)) names++;
      else expect.fail(`FUNC ${f.address.toString(16)}: Breakpad ${f.name}, ours ${n}`);
    }
    // Lines: the line in force at each Breakpad row start (sym-compare's rule).
    const lr = lineRecall(bp, mine);
    expect(lr.missing).toEqual([]);
    // Inlines: every Breakpad inline range of non-zero size.
    const mineByKey = new Map<string, string>();
    for (const k of mine.inlines) {
      const f = k.split(' ');
      mineByKey.set([f[0], f[1], f[2], ...f.slice(-2)].join(' '), f.slice(3, -2).join(' '));
    }
    let inl = 0;
    for (const k of bp.inlines) {
      const f = k.split(' ');
      const origin = mineByKey.get([f[0], f[1], f[2], ...f.slice(-2)].join(' '));
      expect(origin !== undefined && sameName(f.slice(3, -2).join(' '), origin), `INLINE ${k}`).toBe(true);
      inl++;
    }
    stats.push(`${label}: FUNC ${funcs}/${bp.funcs.length} (names ${names}), LINE ${lr.common}/${lr.total}, INLINE ${inl}/${bp.inlines.size} (ours ${mine.inlines.size}, ${ours.functions.length} functions)`);
    return { bp, mine };
  }

  for (const [src, fp] of [
    ['prog.cpp', []],
    ['prog.cpp', ['-fno-omit-frame-pointer']],
    ['prog.c', []],
    ['prog.c', ['-fno-omit-frame-pointer']],
  ] as [string, string[]][]) {
    const tag = `${src} ${fp.join(' ') || '(default frame pointer)'}`;
    it(`${tag}: DWARF 4 matches Breakpad; DWARF 2, 3, 5, 64-bit DWARF, type units and dwz read the same`, () => {
      const base = `${src.replace('.', '_')}${fp.length ? '_fp' : ''}`;
      const v4 = build(src, `${base}_4`, ['-gdwarf-4', ...fp]);
      const elf4 = readTestElf(v4);
      const ours4 = read(elf4.sections);
      compareWithBreakpad(`${tag} DWARF 4`, v4, ours4, elf4.loadBase);
      const want = resolved(ours4);
      const code = text(v4);

      const variants: [string, string[]][] = [
        ['dwarf2', ['-gdwarf-2']],
        ['dwarf3', ['-gdwarf-3']],
        ['dwarf5', ['-gdwarf-5']],
        ['dwarf64', ['-gdwarf-5', '-gdwarf64']],
        ['types4', ['-gdwarf-4', '-fdebug-types-section']],
        ['types5', ['-gdwarf-5', '-fdebug-types-section']],
      ];
      for (const [name, flags] of variants) {
        const p = build(src, `${base}_${name}`, [...flags, ...fp]);
        expect(text(p).equals(code), `${name}: same code as the DWARF 4 build`).toBe(true);
        const got = resolved(read(readTestElf(p).sections));
        expect(got, name).toEqual(want);
      }
      if (which('dwz')) {
        // dwz -m: shared DIEs and strings move to a supplementary file (DW_FORM_GNU_ref_alt / GNU_strp_alt).
        const a = join(dir, `${base}_dwz_a`);
        const b = join(dir, `${base}_dwz_b`);
        copyFileSync(v4, a);
        copyFileSync(build(src, `${base}_4b`, ['-gdwarf-4', '-DVARIANT=1', ...fp]), b);
        const sup = join(dir, `${base}.sup`);
        execFileSync('dwz', ['-m', sup, '-M', sup, a, b]);
        const ea = readTestElf(a);
        expect(ea.raw.has('.gnu_debugaltlink')).toBe(true);
        const got = resolved(read({ ...ea.sections, sup: readTestElf(sup).sections }));
        expect(got, 'dwz').toEqual(want);
      }
    });
  }

  it('DWARF 5 build checked against Breakpad on the DWARF 4 build (same code)', () => {
    const v4 = build('prog.cpp', 'v5ref_4', ['-gdwarf-4']);
    const v5 = build('prog.cpp', 'v5ref_5', ['-gdwarf-5']);
    expect(text(v5).equals(text(v4))).toBe(true);
    const e5 = readTestElf(v5);
    compareWithBreakpad('prog.cpp DWARF 5 vs Breakpad(DWARF 4)', v4, read(e5.sections), e5.loadBase);
  });

  it('split DWARF 5 (.dwo: DW_FORM_strx*, addrx, rnglistx, loclistx) gives the same functions and inlines', () => {
    // gcc only emits the indexed forms (as clang does everywhere) in split DWARF. Read the
    // .dwo unit with the executable's .debug_addr: names, ranges and inline trees must
    // equal the normal build's (the line table stays with the skeleton, so no lines here).
    const normal = build('prog.cpp', 'nosplit', ['-gdwarf-5']);
    const obj = join(dir, 'split.o');
    execFileSync('g++', ['-g', '-O2', '-gdwarf-5', '-gsplit-dwarf', '-c', '-o', obj, join(dir, 'prog.cpp')], { cwd: dir });
    const exe = join(dir, 'split');
    execFileSync('g++', ['-o', exe, obj], { cwd: dir });
    expect(text(exe).equals(text(normal))).toBe(true);
    const dwo = readTestElf(join(dir, 'split.dwo'));
    const main = readTestElf(exe);
    const sections: DwarfSections = {
      info: dwo.raw.get('.debug_info.dwo'),
      abbrev: dwo.raw.get('.debug_abbrev.dwo'),
      str: dwo.raw.get('.debug_str.dwo'),
      strOffsets: dwo.raw.get('.debug_str_offsets.dwo'),
      rnglists: dwo.raw.get('.debug_rnglists.dwo'),
      addr: main.sections.addr,
    };
    const strip = (s: DwarfSymbols) =>
      resolved(s).map((f) => ({ name: f.name, address: f.address, size: f.size, inlines: f.inlines.map((i) => ({ depth: i.depth, callLine: i.callLine, origin: i.origin, ranges: i.ranges })) }));
    const got = strip(read(sections));
    const want = strip(read(readTestElf(normal).sections));
    expect(got.length).toBeGreaterThan(5);
    expect(got).toEqual(want);
  });

  it('LTO build (abstract origins in other units via DW_FORM_ref_addr) vs Breakpad', () => {
    writeFileSync(join(dir, 'lto_a.cpp'), 'int shared(int x);\ninline int twice(int x) { return shared(x) * 2; }\nint from_a(int x) { return twice(x) + twice(x + 1); }\n');
    writeFileSync(join(dir, 'lto_b.cpp'), `${CPP.replace('int main(', 'int from_a(int);\nint main(').replace('return 0;', 'return from_a(argc);')}\nint shared(int x) { return x ^ 5; }\n`);
    const exe = join(dir, 'lto');
    execFileSync('g++', ['-g', '-O2', '-gdwarf-4', '-flto', '-o', exe, join(dir, 'lto_a.cpp'), join(dir, 'lto_b.cpp')]);
    const elf = readTestElf(exe);
    const ours = read(elf.sections);
    const bp = parseSym(execFileSync(BREAKPAD_DUMP_SYMS, ['-d', exe], { encoding: 'utf8' }), norm);
    const mine = parseSym(writeSym('MODULE', ours, elf.loadBase), norm);
    const ranges = new Set(mine.funcs.map((f) => `${f.address}:${f.size}`));
    for (const f of bp.funcs) expect(ranges.has(`${f.address}:${f.size}`), `FUNC ${f.address.toString(16)} ${f.name}`).toBe(true);
    expect(lineRecall(bp, mine).missing).toEqual([]);
    // Breakpad can't name origins in other units (`<name omitted>`); we can. Compare the rest.
    const strip = (k: string) => {
      const f = k.split(' ');
      return [f[0], f[1], f[2], ...f.slice(-2)].join(' ');
    };
    const mineKeys = new Set([...mine.inlines].map(strip));
    for (const k of bp.inlines) expect(mineKeys.has(strip(k)), `INLINE ${k}`).toBe(true);
    expect([...mine.inlines].some((k) => k.includes('<nameomitted>'))).toBe(false);
    stats.push(`LTO: FUNC ${bp.funcs.length}/${bp.funcs.length}, INLINE ${bp.inlines.size}/${bp.inlines.size} (ours ${mine.inlines.size}), no unnamed origins`);
  });

  it('non-contiguous functions (hot/cold split) give one FUNC per range, like Breakpad', () => {
    const p = build('prog.cpp', 'split', ['-gdwarf-4']);
    const s = read(readTestElf(p).sections);
    const mains = s.functions.filter((f) => f.name === 'main');
    expect(mains.length).toBe(2);
    for (const m of mains) for (const l of m.lines) expect(l.address >= m.address && l.address + l.size <= m.address + m.size).toBe(true);
  });

  it('without inline records, rows inside a depth-0 inline show its call site', () => {
    const p = build('prog.c', 'noinl', ['-gdwarf-5']);
    const sections = readTestElf(p).sections;
    const withInl = read(sections, true);
    const without = read(sections, false);
    let checked = 0;
    for (const f of withInl.functions) {
      const g = without.functions.find((x) => x.address === f.address)!;
      expect(g.inlines).toEqual([]);
      for (const inl of f.inlines.filter((i) => i.depth === 0)) {
        for (const r of inl.ranges) {
          const l = g.lines.find((x) => x.address <= r.address && r.address < x.address + x.size);
          if (!l) continue;
          expect(l.line).toBe(inl.callLine);
          expect(without.files[l.file]).toBe(withInl.files[inl.callFile]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
