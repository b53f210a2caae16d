// A fixed slice of `npm run fuzz`: the same mutation engine with fixed seeds, so a
// regression that lets an untyped error or a slow input through fails here.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as lib from '../../src/index.js';
// @ts-expect-error plain ESM helper shared with bench/fuzz.mjs
import { fuzzOne, makeRng, loadSymbols } from '../../bench/fuzz-core.mjs';
import { CORPUS, CORPUS_SYMBOLS, HAS_CORPUS } from '../helpers.js';

describe.skipIf(!HAS_CORPUS)('fuzz subset', () => {
  it.each([11, 22, 33])('seed %i: 300 mutated dumps and .sym files give only typed errors, no hang', async (seed) => {
    const dumps = readdirSync(CORPUS).filter((f) => f.endsWith('.dmp')).map((f) => readFileSync(join(CORPUS, f)));
    const syms = loadSymbols(readdirSync, statSync, readFileSync, join, CORPUS_SYMBOLS);
    const symbolizer = lib.makeSymbolizer({ symbolsPaths: [CORPUS_SYMBOLS] });
    const rng = makeRng(seed);
    let typed = 0;
    for (let i = 0; i < 300; i++) {
      const r = await fuzzOne(lib, rng, dumps, syms, symbolizer);
      if (r.untyped) throw new Error(`seed ${seed} iteration ${i}: untyped ${r.untyped.stack ?? r.untyped}`);
      // A hang guard only (loaded CI machines vary); npm run fuzz enforces the 1 s budget.
      expect(r.ms, `seed ${seed} iteration ${i}`).toBeLessThan(5000);
      if (r.code) typed++;
    }
    // The mutations must actually reach the error paths.
    expect(typed).toBeGreaterThan(0);
  });
});
