// readDwarf on mozilla/dump_syms's own test fixtures, compared with the .sym files
// mozilla's dump_syms produced for them (reference output from another implementation).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { demangle } from '../../../src/symbols/demangle/index.js';
import { type DwarfOptions, readDwarf } from '../../../src/symbols/dwarf/index.js';
import { readTestElf, symCompare, writeSym } from './helpers.js';

const SHARED = fileURLToPath(new URL('../../../../shared', import.meta.url));
const LINUX = join(SHARED, 'corpus/dump_syms/linux');
const TOOL = join(SHARED, 'tools/sym-compare.mjs');

describe.skipIf(!existsSync(LINUX) || !existsSync(TOOL))('dump_syms fixtures', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dwarf-fixtures-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function run(input: string, expected: string, extra: Partial<DwarfOptions> & { fixFiles?: (s: string) => string } = {}) {
    const elf = readTestElf(join(LINUX, input));
    const warnings: string[] = [];
    const syms = readDwarf(elf.sections, {
      littleEndian: elf.littleEndian,
      addressSize: elf.addressSize,
      inlines: true,
      demangle,
      onWarning: (m) => warnings.push(m),
      ...extra,
    });
    const ref = join(LINUX, expected);
    const moduleLine = readFileSync(ref, 'utf8').split('\n')[0]!;
    let text = writeSym(moduleLine, syms, elf.loadBase);
    if (extra.fixFiles) text = extra.fixFiles(text);
    const cand = join(tmp, `${input}.${expected}`);
    writeFileSync(cand, text);
    return { syms, warnings, cmp: symCompare(TOOL, ref, cand) };
  }

  function expectAll(cmp: ReturnType<typeof symCompare>, kinds: string[]) {
    for (const k of kinds) {
      const r = cmp.kinds.get(k);
      expect(r, `${k} row in\n${cmp.output}`).toBeDefined();
      expect(r!.recall, `${k} recall\n${cmp.output}`).toBe(100);
      expect(r!.precision, `${k} precision\n${cmp.output}`).toBe(100);
    }
  }

  it('basic.full with inlines matches basic.full.inlines.sym (FUNC, INLINE, LINE)', () => {
    const { syms, warnings, cmp } = run('basic.full', 'basic.full.inlines.sym');
    expect(warnings).toEqual([]);
    expectAll(cmp, ['FUNC', 'INLINE', 'LINE']);
    expect(cmp.kinds.get('FUNC')!.ref).toBe(6);
    expect(cmp.kinds.get('INLINE')!.ref).toBe(16);
    expect(cmp.kinds.get('LINE')!.ref).toBe(53);
    expect(syms.inlineOrigins.sort()).toEqual(['inline_1(int)', 'inline_2(int)', 'inline_3(int)', 'inline_4(int)']);
  });

  it('basic.full without inlines matches basic.full.sym (call sites replace inlined lines)', () => {
    const { cmp, syms } = run('basic.full', 'basic.full.sym', { inlines: false });
    expectAll(cmp, ['FUNC', 'LINE']);
    expect(cmp.kinds.get('LINE')!.ref).toBe(25);
    expect(syms.functions.every((f) => f.inlines.length === 0)).toBe(true);
  });

  it('basic.dbg (objcopy --only-keep-debug) gives the same records as basic.full', () => {
    const { cmp } = run('basic.dbg', 'basic.full.inlines.sym');
    expectAll(cmp, ['FUNC', 'INLINE', 'LINE']);
  });

  it('basic.dwz without its supplementary file: ranges, lines and inlines still match', () => {
    // The .gnu_debugaltlink file is not in the fixtures, so names and comp_dir are
    // unresolvable (mozilla printed `<name omitted>` and `/basic.cpp`); top-level names
    // come from the symbol table, as mozilla's dump_syms does.
    const elf = readTestElf(join(LINUX, 'basic.dwz'));
    const { syms, cmp } = run('basic.dwz', 'basic.dwz.inlines.sym', {
      symbolName: (a) => elf.funcSymbols.get(a),
      fixFiles: (s) => s.replace(/^FILE 0 basic\.cpp$/m, 'FILE 0 /basic.cpp'),
    });
    expectAll(cmp, ['FUNC', 'INLINE', 'LINE']);
    expect(syms.inlineOrigins).toEqual(['<name omitted>']);
  });

  it('basic.dwz with a stand-in supplementary file resolves DW_FORM_GNU_ref_alt / GNU_strp_alt', () => {
    // basic.dwz's altlink names itself; its sup sections are not shipped. Give it an
    // empty supplementary file: every alt reference must fail softly, not throw.
    const elf = readTestElf(join(LINUX, 'basic.dwz'));
    const syms = readDwarf({ ...elf.sections, sup: { info: new Uint8Array(0), str: new Uint8Array(0) } }, { littleEndian: true, addressSize: 8, inlines: true, demangle });
    expect(syms.functions.length).toBe(6);
  });
});
