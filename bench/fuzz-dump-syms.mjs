// npm run fuzz:dump-syms — mutates ELF/DWARF inputs (mozilla's dump_syms fixtures and a
// gcc-built C++ binary) and runs dumpSyms() on each. Passes only if every failure is a
// typed PipelineError (or partial output with warnings), no input takes more than 1 s,
// and memory stays bounded.
//   node bench/fuzz-dump-syms.mjs [--iterations N] [--seed S]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SHARED } from './common.mjs';
import { makeRng, elfInputs, fuzzElfOne } from './fuzz-core.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ITERATIONS = opt('iterations', 20_000);
const SEED = opt('seed', 1);
const lib = await import(join(ROOT, 'dist', 'index.js'));
const dir = mkdtempSync(join(tmpdir(), 'mdp-fuzz-elf-'));

const inputs = elfInputs(join(SHARED, 'corpus', 'dump_syms', 'linux'), join(ROOT, 'test', 'roundtrip', 'fixtures', 'crash.cc'), dir);
if (inputs.length === 0) {
  console.error('no ELF inputs (need ../shared or gcc)');
  process.exit(2);
}
const rng = makeRng(SEED);
const started = Date.now();
let slowest = 0;
let peakRss = 0;
const codes = new Map();
let warned = 0;
for (let i = 0; i < ITERATIONS; i++) {
  const r = await fuzzElfOne(lib, rng, inputs, dir);
  if (r.untyped) {
    console.error(`iteration ${i} (seed ${SEED}): untyped failure: ${r.untyped.stack ?? r.untyped}`);
    process.exit(1);
  }
  if (r.code) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
  if (r.warnings) warned++;
  slowest = Math.max(slowest, r.ms);
  if (r.ms > 1000) {
    console.error(`iteration ${i} (seed ${SEED}): took ${r.ms.toFixed(0)} ms`);
    process.exit(1);
  }
  if (i % 500 === 0) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (peakRss > 2 * 1024 ** 3) {
      console.error(`iteration ${i}: rss ${(peakRss / 1e6).toFixed(0)} MB — memory is not bounded`);
      process.exit(1);
    }
    if (i % 5000 === 0) console.error(`fuzz:dump-syms: ${i}/${ITERATIONS}, slowest ${slowest.toFixed(0)} ms, peak rss ${(peakRss / 1e6).toFixed(0)} MB`);
  }
}
console.log(`fuzz:dump-syms: ${ITERATIONS} iterations in ${((Date.now() - started) / 1000).toFixed(0)} s, seed ${SEED}; slowest input ${slowest.toFixed(0)} ms; peak rss ${(peakRss / 1e6).toFixed(0)} MB`);
console.log(`typed errors by code: ${JSON.stringify(Object.fromEntries(codes))}; outputs with warnings: ${warned}`);

