// basic.full from mozilla/dump_syms' test data: our STACK CFI must give the same
// rule set at every row as the expected basic.full.sym (written by mozilla's
// dump_syms through symbolic), except for `_start`, whose CIE marks the return
// address undefined: symbolic then omits `.ra`, while Breakpad (and we) keep the
// CIE's earlier `.ra: .cfa -8 + ^` because `undefined` cannot be written.
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
    expect(cmp.mismatches).toEqual(['0x1040: want .cfa: $rsp 8 + (size 43); got .cfa: $rsp 8 + .ra: .cfa -8 + ^ (size 43)']);
    expect(cmp.matching).toBe(43);
    // The PLT's CFA expression is left out; _start's undefined RA is reported.
    expect(ours.stats.unsupportedRules).toBe(2);
    // INIT records are written in address order.
    const inits = ours.lines.filter((l) => l.startsWith('STACK CFI INIT')).map((l) => parseInt(l.split(' ')[3]!, 16));
    expect(inits).toEqual([...inits].sort((a, b) => a - b));
  });
});
