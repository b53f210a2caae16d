// Hand-written CFI directives (incl. .cfi_escape for rare opcodes), assembled
// for x86-64 / i386 (GNU as + ld) and, with llvm-mc, for arm64, arm, mips and
// mips64 (relocatable objects; Breakpad reads them too). Our output must equal
// Breakpad's dump_syms line for line in expressions: 'skip' mode, apart from two
// documented Breakpad defects that are normalised on Breakpad's side:
//   - "same value" on the return-address column: Breakpad writes `.ra: .ra`
//     (which its own processor cannot evaluate); we write the register (`.ra: x30`).
//   - LLVM's MIPS CIE starts with DW_CFA_def_cfa_register and no offset: Breakpad
//     prints an uninitialised offset; we use 0, as libgcc does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { breakpadCfi, cfiTable, compareTables, hasBreakpad, hasTool, ourCfi, RA_NAME } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

function normalizeBreakpad(lines: string[], raName: string): string[] {
  return lines.map((l) =>
    l
      .replace(/\.ra: \.ra\b/, `.ra: ${raName}`)
      .replace(/^(STACK CFI INIT \S+ \S+ .*\.cfa: \$sp )\d{6,}( \+)/, '$10$2'),
  );
}

const totals = { rows: 0, matching: 0 };
afterAll(() => console.log(`asm binaries: ${totals.matching}/${totals.rows} Breakpad CFI rows matched`));

describe.skipIf(!hasBreakpad || !hasTool('as') || !hasTool('ld', ['-v']))('x86-64 hand-written CFI vs Breakpad', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfi-asm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const src = readFileSync(join(FIXTURES, 'cfi-x86_64.s'), 'utf8');

  for (const sections of ['.eh_frame', '.debug_frame', '.eh_frame, .debug_frame']) {
    it(`sections: ${sections}`, () => {
      const base = join(dir, sections.replace(/\W+/g, '_'));
      writeFileSync(`${base}.s`, src.replace('.cfi_sections SECTIONS', `.cfi_sections ${sections}`));
      execFileSync('as', [`${base}.s`, '-o', `${base}.o`]);
      execFileSync('ld', [`${base}.o`, '-o', base]);
      // The only `.ra: .ra` is in f_retcol, whose return-address column is %rbx.
      const ref = normalizeBreakpad(breakpadCfi(base), '$rbx');
      const exact = ourCfi(base, { expressions: 'skip' });
      // Breakpad writes both copies when both sections describe a function; we keep one.
      expect(new Set(exact.lines)).toEqual(new Set(ref));
      const cmp = compareTables(cfiTable(ref), cfiTable(exact.lines));
      totals.rows += cmp.refRows;
      totals.matching += cmp.matching;
      expect(cmp.mismatches).toEqual([]);
      if (sections.includes(',')) expect(exact.stats.overlapping).toBeGreaterThan(0);
    });
  }

  it('translates the expressible DWARF expressions and leaves out the rest', () => {
    const base = join(dir, 'translate');
    writeFileSync(`${base}.s`, src.replace('.cfi_sections SECTIONS', '.cfi_sections .eh_frame'));
    execFileSync('as', [`${base}.s`, '-o', `${base}.o`]);
    execFileSync('ld', [`${base}.o`, '-o', base]);
    const ours = ourCfi(base);
    const text = ours.lines.join('\n');
    expect(text).toMatch(/\$rbx: \$rsp 8 \+ \^/); // DW_CFA_expression rbx: breg7 8
    expect(text).toMatch(/\$r14: \$rsp 16 \+ \^/); // DW_CFA_val_expression r14: breg7 16; deref
    expect(text).toMatch(/\.cfa: \$rsp 24 \+ \^/); // DW_CFA_def_cfa_expression breg7 24; deref
    expect(text).not.toMatch(/\$r15:/); // lit1; shl has no postfix form
    expect(ours.stats.translatedExpressions).toBe(3);
    expect(ours.stats.unsupportedRules).toBe(3); // undefined r13 mid-function, the shl CFA, r15's shl (_start's undefined RA is written as no rule)
  });
});

const llvmTargets: { triple: string; arch: string; fp: number; ra: number; sp: number; sections: string }[] = [
  { triple: 'aarch64-linux-gnu', arch: 'arm64', fp: 29, ra: 30, sp: 31, sections: '.eh_frame' },
  { triple: 'aarch64-linux-gnu', arch: 'arm64', fp: 29, ra: 30, sp: 31, sections: '.debug_frame' },
  { triple: 'armv7-linux-gnueabihf', arch: 'arm', fp: 11, ra: 14, sp: 13, sections: '.debug_frame' },
  { triple: 'mips64el-linux-gnuabi64', arch: 'mips64', fp: 30, ra: 31, sp: 29, sections: '.eh_frame' },
  { triple: 'mipsel-linux-gnu', arch: 'mips', fp: 30, ra: 31, sp: 29, sections: '.debug_frame' },
  { triple: 'i386-linux-gnu', arch: 'x86', fp: 5, ra: 8, sp: 4, sections: '.eh_frame' },
];

describe.skipIf(!hasBreakpad || !hasTool('llvm-mc'))('other architectures (llvm-mc objects) vs Breakpad', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfi-llvm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const src = readFileSync(join(FIXTURES, 'cfi-generic.s'), 'utf8');

  for (const t of llvmTargets) {
    it(`${t.triple} ${t.sections}`, () => {
      const base = join(dir, `${t.triple}${t.sections}`);
      const asm = src
        .replace('.cfi_sections SECTIONS', `.cfi_sections ${t.sections}`)
        .replace(/\bNOP\b/g, 'nop')
        .replace(/\bFP\b/g, String(t.fp))
        .replace(/\bRA\b/g, String(t.ra))
        .replace(/\bSP\b/g, String(t.sp));
      writeFileSync(`${base}.s`, asm);
      execFileSync('llvm-mc', [`-triple=${t.triple}`, '-filetype=obj', `${base}.s`, '-o', `${base}.o`]);
      const ref = normalizeBreakpad(breakpadCfi(`${base}.o`), RA_NAME[t.arch]!);
      expect(ref.length).toBeGreaterThan(3);
      const ours = ourCfi(`${base}.o`, { expressions: 'skip' });
      expect([...ours.lines].sort()).toEqual([...ref].sort());
      const cmp = compareTables(cfiTable(ref), cfiTable(ours.lines));
      totals.rows += cmp.refRows;
      totals.matching += cmp.matching;
    });
  }
});
