import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
// The mutation engine and one fuzz step, shared by `npm run fuzz` and the test suite.

/** Deterministic xorshift32 generator, so a failing seed can be replayed. */
export function makeRng(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return { next, below: (n) => next() % Math.max(1, n) };
}

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x10000];

/** A few random edits: bit flips, interesting 32-bit values, truncation, splices, duplicated ranges. */
export function mutate(rng, input) {
  let buf = Buffer.from(input);
  const edits = 1 + rng.below(4);
  for (let e = 0; e < edits; e++) {
    if (buf.length < 8) break;
    switch (rng.below(6)) {
      case 0:
        buf[rng.below(buf.length)] ^= 1 << rng.below(8);
        break;
      case 1: {
        const at = rng.below(buf.length - 4) & ~3;
        buf.writeUInt32LE(INTERESTING[rng.below(INTERESTING.length)] >>> 0, at);
        break;
      }
      case 2:
        buf = buf.subarray(0, rng.below(buf.length));
        break;
      case 3: {
        const at = rng.below(buf.length);
        buf[at] = rng.below(256);
        break;
      }
      case 4: {
        // Overwrite a range with bytes from elsewhere in the input.
        const len = 1 + rng.below(64);
        const from = rng.below(buf.length);
        const to = rng.below(buf.length);
        buf.copy(buf, to, from, Math.min(buf.length, from + len));
        break;
      }
      default: {
        // Text-friendly: replace a byte with a separator the .sym parser cares about.
        const seps = [0x20, 0x0a, 0x0d, 0x00, 0x2d, 0x30 + rng.below(10), 0x66];
        buf[rng.below(buf.length)] = seps[rng.below(seps.length)];
      }
    }
  }
  return buf;
}

/**
 * Processes one mutated input: either a mutated dump (symbols from `symbolizer`, shared
 * across iterations so each .sym is parsed once), or an intact dump whose symbols for
 * one module are a mutated .sym. Returns { ms, code } for a typed error, { ms, untyped }
 * for anything else.
 *   syms: [{ rel: 'NAME/ID/NAME.sym', bytes }]
 */
export async function fuzzOne(lib, rng, dumps, syms, symbolizer, mutateFn = mutate) {
  const t0 = performance.now();
  try {
    if (syms.length > 0 && rng.below(3) === 0) {
      const pick = syms[rng.below(syms.length)];
      const sym = mutateFn(rng, pick.bytes);
      const parsed = lib.parseSymbolFile(sym);
      for (let k = 0; k < 20; k++) {
        const off = rng.below(0x200000);
        parsed.lookup(off);
        parsed.cfiRulesAt(off);
        parsed.windowsFrameInfo(off);
      }
      const supplier = new lib.StringSymbolSupplier({ [pick.rel]: sym });
      await lib.processMinidump(dumps[rng.below(dumps.length)], { suppliers: [supplier] });
    } else {
      const dump = mutateFn(rng, dumps[rng.below(dumps.length)]);
      await lib.processMinidump(dump, { symbolizer });
    }
    return { ms: performance.now() - t0 };
  } catch (err) {
    const ms = performance.now() - t0;
    if (err instanceof lib.PipelineError) return { ms, code: err.code };
    return { ms, untyped: err };
  }
}

/** Every .sym under a symbols folder, with its store-relative path. */
export function loadSymbols(readdirSync, statSync, readFileSync, join, root, maxBytes = 4_000_000) {
  const out = [];
  (function walk(dir, rel) {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else if (name.endsWith('.sym') && statSync(p).size < maxBytes) out.push({ rel: r, bytes: readFileSync(p) });
    }
  })(root, '');
  return out;
}

/** ELF inputs for fuzzing dumpSyms(): the fixtures plus a freshly built C++ binary (DWARF 5, inlines, templates). */
export function elfInputs(fixtures, cxxSource, work) {
  const out = [];
  for (const name of ['basic.full', 'basic.dbg', 'basic.dwz', 'basic.minidebuginfo', 'basic.stripped']) {
    const p = join(fixtures, name);
    if (existsSync(p)) out.push(readFileSync(p));
  }
  const exe = join(work, 'fuzz-src');
  if (spawnSync('g++', ['-g', '-O2', '-gdwarf-5', '-o', exe, cxxSource]).status === 0) out.push(readFileSync(exe));
  return out;
}

/** dumpSyms() on one mutated ELF written to `work`. Returns { ms, code } / { ms, warnings } / { ms, untyped }. */
export async function fuzzElfOne(lib, rng, inputs, work) {
  const bytes = mutate(rng, inputs[rng.below(inputs.length)]);
  const path = join(work, 'input.elf');
  writeFileSync(path, bytes);
  const t0 = performance.now();
  let warnings = 0;
  try {
    await lib.dumpSyms(path, { onWarning: () => warnings++, debugDirs: [] });
    return { ms: performance.now() - t0, warnings };
  } catch (err) {
    const ms = performance.now() - t0;
    if (err instanceof lib.PipelineError) return { ms, code: err.code };
    return { ms, untyped: err };
  }
}
