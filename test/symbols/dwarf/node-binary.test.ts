// The running `node` binary (its c-ares/libuv objects carry DWARF 4 from gcc 10, -O3)
// read by readDwarf and compared with Breakpad's dump_syms -d on the same file.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demangle } from '../../../src/symbols/demangle/index.js';
import { readDwarf } from '../../../src/symbols/dwarf/index.js';
import { BREAKPAD_DUMP_SYMS, hasBreakpad, lineRecall, parseSym, readTestElf, writeSym } from './helpers.js';

function hasDwarf(path: string): boolean {
  try {
    // Only the section-header string table needs to mention it; a cheap check before parsing 100 MB.
    return readFileSync(path).includes('.debug_info');
  } catch {
    return false;
  }
}

const NODE = process.execPath;

describe.skipIf(!hasBreakpad || !hasDwarf(NODE))('node binary vs Breakpad dump_syms', () => {
  it('same FUNCs and lines; Breakpad inline ranges found', () => {
    const elf = readTestElf(NODE);
    const t0 = performance.now();
    const syms = readDwarf(elf.sections, { littleEndian: elf.littleEndian, addressSize: elf.addressSize, inlines: true, demangle });
    const ms = performance.now() - t0;
    const norm = (n: string) => n.replace(/\s+/g, '');
    const bp = parseSym(execFileSync(BREAKPAD_DUMP_SYMS, ['-d', NODE], { encoding: 'utf8', maxBuffer: 1 << 30 }), norm);
    const mine = parseSym(writeSym('MODULE', syms, elf.loadBase), norm);
    const ours = new Map(mine.funcs.map((f) => [`${f.address}:${f.size}`, f.name]));
    let same = 0;
    for (const f of bp.funcs) if (ours.get(`${f.address}:${f.size}`) === f.name) same++;
    expect(same).toBe(bp.funcs.length);
    expect(mine.funcs.length).toBe(bp.funcs.length);
    const lr = lineRecall(bp, mine);
    expect(lr.missing).toEqual([]);
    let found = 0;
    for (const k of bp.inlines) if (mine.inlines.has(k)) found++;
    // The few misses are glibc's asm-renamed inlines (`lstat` vs its linkage name `lstat64`):
    // we prefer DW_AT_linkage_name, as mozilla's dump_syms does.
    expect(found / bp.inlines.size).toBeGreaterThan(0.99);
    console.log(
      `node: FUNC ${same}/${bp.funcs.length}, LINE ${lr.common}/${lr.total}, INLINE ${found}/${bp.inlines.size} non-empty Breakpad ranges (ours ${mine.inlines.size}); readDwarf ${ms.toFixed(0)} ms`,
    );
  });
});
