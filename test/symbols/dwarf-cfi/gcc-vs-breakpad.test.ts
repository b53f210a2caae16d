// Compiles small C/C++ programs with gcc/g++ and compares our STACK CFI with
// Breakpad's dump_syms output for the same binary: same INIT ranges, and the
// same rule set in force at every row. With expressions: 'skip' the lines must
// also be textually identical (as a set: Breakpad writes FDEs in section order,
// we write them by address).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf } from './elf-sections.js';
import { breakpadCfi, breakpadNormalizer, cfiTable, compareTables, hasBreakpad, hasTool, ourCfi } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
const canRun = hasBreakpad && hasTool('gcc') && hasTool('g++');

const builds: { name: string; cc: string; src: string; flags: string[] }[] = [
  { name: 'c -O2', cc: 'gcc', src: 'prog.c', flags: ['-O2'] },
  { name: 'c -O2 frame pointers', cc: 'gcc', src: 'prog.c', flags: ['-O2', '-fno-omit-frame-pointer'] },
  { name: 'c -O0', cc: 'gcc', src: 'prog.c', flags: ['-O0'] },
  { name: 'c -Os async tables', cc: 'gcc', src: 'prog.c', flags: ['-Os', '-fasynchronous-unwind-tables'] },
  { name: 'c -O3 cold partitions', cc: 'gcc', src: 'prog.c', flags: ['-O3', '-freorder-blocks-and-partition'] },
  { name: 'c .debug_frame', cc: 'gcc', src: 'prog.c', flags: ['-O2', '-g', '-fno-asynchronous-unwind-tables', '-fno-unwind-tables'] },
  { name: 'c -fpic shared', cc: 'gcc', src: 'prog.c', flags: ['-O2', '-fpic', '-shared'] },
  { name: 'c -no-pie', cc: 'gcc', src: 'prog.c', flags: ['-O2', '-no-pie'] },
  { name: 'c++ -O2 exceptions', cc: 'g++', src: 'prog.cc', flags: ['-O2'] },
  { name: 'c++ -O0 frame pointers', cc: 'g++', src: 'prog.cc', flags: ['-O0', '-fno-omit-frame-pointer'] },
  { name: 'c++ -O2 -g both sections', cc: 'g++', src: 'prog.cc', flags: ['-O2', '-g', '-fno-asynchronous-unwind-tables'] },
];

describe.skipIf(!canRun)('STACK CFI vs Breakpad dump_syms (gcc-built binaries)', () => {
  const dir = canRun ? mkdtempSync(join(tmpdir(), 'cfi-gcc-')) : '';
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const totals = { rows: 0, matching: 0, exact: 0, lines: 0 };
  afterAll(() => {
    console.log(
      `gcc binaries: ${totals.lines} STACK CFI lines identical to Breakpad in 'skip' mode (${totals.exact}/${totals.rows} rows); ` +
        `default 'translate' mode ${totals.matching}/${totals.rows} rows the same, the rest are translated expressions`,
    );
  });

  for (const [i, b] of builds.entries()) {
    it(b.name, () => {
      const out = join(dir, `p${i}`);
      execFileSync(b.cc, [...b.flags, join(FIXTURES, b.src), '-o', out], { stdio: 'pipe' });
      const ref = breakpadCfi(out);
      expect(ref.length).toBeGreaterThan(10);

      // Breakpad-exact mode: identical lines.
      const exact = ourCfi(out, { expressions: 'skip' });
      expect([...exact.lines].sort()).toEqual([...ref].sort());
      totals.lines += ref.length;
      totals.exact += compareTables(cfiTable(ref), cfiTable(exact.lines)).matching;

      // Default mode: the same meaning at every row, except rows where a DWARF
      // expression was translated (Breakpad leaves those rules out).
      const ours = ourCfi(out);
      const refTable = cfiTable(ref, breakpadNormalizer('x86_64'));
      const ourTable = cfiTable(ours.lines);
      const skipTable = cfiTable(exact.lines);
      const cmp = compareTables(refTable, ourTable);
      totals.rows += cmp.refRows;
      totals.matching += cmp.matching;
      const changedByTranslation = (a: number) => ourTable.rows.get(a) !== skipTable.rows.get(a);
      for (const [a] of refTable.rows) {
        if (ourTable.rows.get(a) !== refTable.rows.get(a)) expect(changedByTranslation(a), `row 0x${a.toString(16)}`).toBe(true);
      }
      for (const [a] of ourTable.rows) if (!refTable.rows.has(a)) expect(changedByTranslation(a), `extra row 0x${a.toString(16)}`).toBe(true);
      if (ours.stats.translatedExpressions === 0) expect(cmp.matching).toBe(cmp.refRows);
    });
  }

  it('translates the DRAP frame of an over-aligned function', () => {
    const out = join(dir, 'drap');
    execFileSync('gcc', ['-O2', join(FIXTURES, 'prog.c'), '-o', out], { stdio: 'pipe' });
    const ours = ourCfi(out);
    const text = ours.lines.join('\n');
    expect(text).toMatch(/\.cfa: \$rbp -8 \+ \^/);
    expect(text).toMatch(/\$rbp: \$rbp \^/);
    expect(ours.stats.translatedExpressions).toBeGreaterThanOrEqual(2);
    // The PLT's CFA expression (and/ge/shl) stays untranslated, as in Breakpad.
    expect(ours.stats.unsupportedRules).toBeGreaterThanOrEqual(1);
  });

  it('codeRanges drops the .debug_frame FDEs of functions removed by --gc-sections', () => {
    const src = join(dir, 'gc.c');
    writeFileSync(src, 'int unused1(int x) { return x * 3 + unused1(x - 1); }\nint unused2(int x) { volatile int a[10]; a[x] = x; return a[1]; }\nint main(int c, char **v) { return c; }\n');
    const out = join(dir, 'gc');
    execFileSync('gcc', ['-O2', '-g', '-ffunction-sections', '-fno-asynchronous-unwind-tables', '-Wl,--gc-sections', src, '-o', out], { stdio: 'pipe' });
    const ref = breakpadCfi(out);
    expect(ref.filter((l) => l.startsWith('STACK CFI INIT 0 '))).toHaveLength(2); // Breakpad writes both dead FDEs
    const elf = readElf(new Uint8Array(readFileSync(out)));
    const codeRanges = [...elf.sections.values()].filter((s) => s.executable).map((s) => ({ start: s.address, end: s.address + s.bytes.length }));
    const ours = ourCfi(out, { codeRanges });
    expect(ours.lines.filter((l) => l.startsWith('STACK CFI INIT 0 '))).toEqual([]);
    expect(ours.lines.filter((l) => l.startsWith('STACK CFI INIT'))).toHaveLength(ref.filter((l) => l.startsWith('STACK CFI INIT')).length - 2);
  });
});
