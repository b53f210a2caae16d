// The mozilla/dump_syms Linux fixtures, through dumpSyms(), scored with sym-compare.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpSyms } from '../../../src/symbols/dump-syms/index.js';
import { LINUX, renamedReference, SHARED, symCompare, type Comparison } from './helpers.js';

describe.skipIf(!existsSync(SHARED))('mozilla dump_syms fixtures', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dump-syms-fixtures-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = async (file: string, opts: { inlines: boolean; debugFiles?: string[]; debugDirs?: string[] }) => {
    const warnings: string[] = [];
    const text = (await dumpSyms(join(LINUX, file), { ...opts, debugDirs: opts.debugDirs ?? [], onWarning: (m) => warnings.push(m) })) as string;
    return { text, warnings };
  };
  const expectRecall = (c: Comparison, kind: string, min: number) => {
    const k = c.kinds[kind];
    expect(k, `${kind} row\n${c.output}`).toBeDefined();
    expect(k!.recall ?? 100, `${kind} recall\n${c.output}`).toBeGreaterThanOrEqual(min);
  };
  const expectFull = (c: Comparison, inlines: boolean) => {
    expect(c.moduleSame, c.output).toBe(true);
    expectRecall(c, 'FUNC', 100);
    expectRecall(c, 'PUBLIC', 100);
    expectRecall(c, 'LINE', inlines ? 95 : 100);
    if (inlines) expectRecall(c, 'INLINE', 95);
    else expect(c.kinds['INLINE']!.candidate).toBe(0);
    expectRecall(c, 'CFI', 100);
    expect(c.kinds['CFI']!.precision ?? 100).toBe(100);
    expect(c.kinds['FUNC']!.precision).toBe(100);
    expect(c.kinds['PUBLIC']!.precision).toBe(100);
  };

  it('basic.full without inlines = basic.full.sym', async () => {
    const { text, warnings } = await run('basic.full', { inlines: false });
    expect(text.split('\n', 3)).toEqual([
      'MODULE Linux x86_64 20AD60B0B4C68177552708AA192E77390 basic.full',
      'INFO CODE_ID B060AD20C6B47781552708AA192E7739FAC7C84A',
      expect.stringMatching(/^INFO GENERATOR minidump-pipeline \d/),
    ]);
    expect(text).not.toMatch(/^INLINE/m);
    expectFull(symCompare(join(LINUX, 'basic.full.sym'), text, dir, 'full'), false);
    // Only the CFI reader's notes about rules Breakpad cannot express.
    expect(warnings.every((w) => w.startsWith('CFI '))).toBe(true);
  });

  it('basic.full with inlines = basic.full.inlines.sym', async () => {
    const { text } = await run('basic.full', { inlines: true });
    expectFull(symCompare(join(LINUX, 'basic.full.inlines.sym'), text, dir, 'full-inlines'), true);
  });

  it('basic.stripped + basic.dbg (explicit debug file) = basic.full.inlines.sym / basic.dbg.sym', async () => {
    const ref = (name: string) => renamedReference(readFileSync(join(LINUX, name), 'utf8'), ['basic.full', 'basic.dbg'], 'basic.stripped', dir, name);
    const withInlines = await run('basic.stripped', { inlines: true, debugFiles: [join(LINUX, 'basic.dbg')] });
    expectFull(symCompare(ref('basic.full.inlines.sym'), withInlines.text, dir, 'stripped-inlines'), true);
    const without = await run('basic.stripped', { inlines: false, debugFiles: [join(LINUX, 'basic.dbg')] });
    expectFull(symCompare(ref('basic.dbg.sym'), without.text, dir, 'stripped'), false);
  });

  it('basic.stripped finds basic.dbg in a .build-id tree', async () => {
    const root = join(dir, 'debug-root');
    const idDir = join(root, '.build-id', 'b0');
    mkdirSync(idDir, { recursive: true });
    copyFileSync(join(LINUX, 'basic.dbg'), join(idDir, '60ad20c6b47781552708aa192e7739fac7c84a.debug'));
    const { text } = await run('basic.stripped', { inlines: false, debugDirs: [root] });
    const ref = renamedReference(readFileSync(join(LINUX, 'basic.dbg.sym'), 'utf8'), ['basic.full', 'basic.dbg'], 'basic.stripped', dir, 'buildid');
    expectFull(symCompare(ref, text, dir, 'buildid'), false);
  });

  it('basic.stripped alone: PUBLICs from .dynsym and section starts only', async () => {
    const { text } = await run('basic.stripped', { inlines: false });
    expect(text).not.toMatch(/^FUNC/m);
    expect(text).toMatch(/^PUBLIC 1020 0 <\.plt ELF section in basic\.stripped>$/m);
    expect(text).toMatch(/^STACK CFI INIT 1125 26 /m);
  });

  it('basic.dbg alone (its .eh_frame is NOBITS: no CFI) matches basic.dbg.sym otherwise', async () => {
    const { text } = await run('basic.dbg', { inlines: false });
    const ref = renamedReference(readFileSync(join(LINUX, 'basic.dbg.sym'), 'utf8'), ['basic.full'], 'basic.dbg', dir, 'dbg');
    const c = symCompare(ref, text, dir, 'dbg');
    expect(c.moduleSame, c.output).toBe(true);
    expectRecall(c, 'FUNC', 100);
    expectRecall(c, 'PUBLIC', 100);
    expectRecall(c, 'LINE', 100);
    expect(c.kinds['CFI']!.candidate).toBe(0);
  });

  it('basic.dwz (supplementary file absent) = basic.dwz.inlines.sym', async () => {
    const { text, warnings } = await run('basic.dwz', { inlines: true });
    expect(warnings.some((w) => /dwz supplementary file basic\.dwz/.test(w))).toBe(true);
    const c = symCompare(join(LINUX, 'basic.dwz.inlines.sym'), text, dir, 'dwz');
    expect(c.moduleSame, c.output).toBe(true);
    expectRecall(c, 'FUNC', 100);
    expectRecall(c, 'PUBLIC', 100);
    // The unit's comp_dir lives in the missing supplementary file. mozilla joins the
    // empty directory and the name into "/basic.cpp"; our DWARF reader keeps
    // "basic.cpp". With that one FILE name aligned, lines and inlines must agree.
    const ref = join(dir, 'dwz.reference.sym');
    writeFileSync(ref, readFileSync(join(LINUX, 'basic.dwz.inlines.sym'), 'utf8').replace(/^FILE (\d+) \/basic\.cpp$/m, 'FILE $1 basic.cpp'));
    const aligned = text.includes('FILE 0 /basic.cpp') ? c : symCompare(ref, text, dir, 'dwz-aligned');
    expectRecall(aligned, 'LINE', 95);
    expectRecall(aligned, 'INLINE', 95);
  });

  it('basic.minidebuginfo = basic.minidebuginfo.sym (PUBLICs from .gnu_debugdata)', async () => {
    const { text } = await run('basic.minidebuginfo', { inlines: false });
    const c = symCompare(join(LINUX, 'basic.minidebuginfo.sym'), text, dir, 'mini');
    expect(c.moduleSame, c.output).toBe(true);
    expectRecall(c, 'PUBLIC', 100);
    expect(c.kinds['PUBLIC']!.precision).toBe(100);
    expectRecall(c, 'CFI', 100);
    expect(c.kinds['CFI']!.precision ?? 100).toBe(100);
  });
});
