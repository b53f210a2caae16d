// basic.full from mozilla/dump_syms' test data: our STACK CFI must give the same
// rule set at every row as the expected basic.full.sym (written by mozilla's
// dump_syms through symbolic), `_start` included: its FDE marks the return
// address undefined, so its INIT has no `.ra` (Breakpad keeps the CIE's).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cfiTable, compareTables, ourCfi, SHARED } from './helpers.js';

const DIR = join(SHARED, 'corpus/dump_syms/linux');

describe.skipIf(!existsSync(join(DIR, 'basic.full.sym')))('mozilla dump_syms fixture basic.full', () => {
  it('matches basic.full.sym row for row', () => {
    const expected = readFileSync(join(DIR, 'basic.full.sym'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('STACK CFI'));
    const ours = ourCfi(join(DIR, 'basic.full'));
    const cmp = compareTables(cfiTable(expected), cfiTable(ours.lines));
    console.log(`basic.full: ${cmp.matching}/${cmp.refRows} mozilla CFI rows matched`);
    expect(cmp.refRows).toBe(44);
    expect(cmp.extra).toBe(0);
    expect(cmp.mismatches).toEqual([]);
    expect(cmp.matching).toBe(44);
    // Only the PLT's CFA expression is left out (with a warning).
    expect(ours.stats.unsupportedRules).toBe(1);
    // INIT records are written in address order.
    const inits = ours.lines.filter((l) => l.startsWith('STACK CFI INIT')).map((l) => parseInt(l.split(' ')[3]!, 16));
    expect(inits).toEqual([...inits].sort((a, b) => a - b));
  });
});
