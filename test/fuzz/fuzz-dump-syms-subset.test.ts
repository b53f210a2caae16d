// A fixed slice of `npm run fuzz:dump-syms`: mutated ELF/DWARF inputs through dumpSyms()
// give only typed errors or output (possibly with warnings), never an untyped error or a hang.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lib from '../../src/index.js';
// @ts-expect-error plain ESM helper shared with bench/fuzz-dump-syms.mjs
import { elfInputs, fuzzElfOne, makeRng } from '../../bench/fuzz-core.mjs';
import { ROOT, SHARED } from '../helpers.js';

describe('dump-syms fuzz subset', () => {
  const work = mkdtempSync(join(tmpdir(), 'mdp-fuzz-elf-'));
  const inputs = elfInputs(join(SHARED, 'corpus', 'dump_syms', 'linux'), join(ROOT, 'test', 'roundtrip', 'fixtures', 'crash.cc'), work);

  it.skipIf(inputs.length === 0).each([5, 6])('seed %i: 250 mutated ELF files', async (seed) => {
    const rng = makeRng(seed);
    let typed = 0;
    let outputs = 0;
    for (let i = 0; i < 250; i++) {
      const r = await fuzzElfOne(lib, rng, inputs, work);
      if (r.untyped) throw new Error(`seed ${seed} iteration ${i}: untyped ${r.untyped.stack ?? r.untyped}`);
      // A hang guard only; npm run fuzz:dump-syms enforces the 1 s budget.
      expect(r.ms).toBeLessThan(5000);
      if (r.code) typed++;
      else outputs++;
    }
    // Both paths must be exercised: rejected inputs and (partial) outputs.
    expect(typed).toBeGreaterThan(0);
    expect(outputs).toBeGreaterThan(0);
  });
});
