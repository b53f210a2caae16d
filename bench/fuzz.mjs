// npm run fuzz — mutates every corpus minidump and .sym file and feeds the results
// to processMinidump() and parseSymbolFile(). Passes only if every failure is a
// typed PipelineError, no input takes more than 1 s, and memory stays bounded.
//   node bench/fuzz.mjs [--iterations N] [--seed S]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, CORPUS, requireCorpus } from './common.mjs';

requireCorpus();
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ITERATIONS = opt('iterations', 100_000);
const SEED = opt('seed', 1);
const lib = await import(join(ROOT, 'dist', 'index.js'));
const { fuzzOne, makeRng, loadSymbols } = await import('./fuzz-core.mjs');

const dumps = readdirSync(CORPUS).filter((f) => f.endsWith('.dmp')).map((f) => readFileSync(join(CORPUS, f)));
const syms = loadSymbols(readdirSync, statSync, readFileSync, join, join(CORPUS, 'symbols'));
const symbolizer = lib.makeSymbolizer({ symbolsPaths: [join(CORPUS, 'symbols')] });

const rng = makeRng(SEED);
const started = Date.now();
let slowest = 0;
let peakRss = 0;
const codes = new Map();
for (let i = 0; i < ITERATIONS; i++) {
  const r = await fuzzOne(lib, rng, dumps, syms, symbolizer);
  if (r.untyped) {
    console.error(`iteration ${i} (seed ${SEED}): untyped failure: ${r.untyped.stack ?? r.untyped}`);
    process.exit(1);
  }
  if (r.code) codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
  slowest = Math.max(slowest, r.ms);
  if (r.ms > 1000) {
    console.error(`iteration ${i} (seed ${SEED}): took ${r.ms.toFixed(0)} ms`);
    process.exit(1);
  }
  if (i % 1000 === 0) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (peakRss > 2 * 1024 ** 3) {
      console.error(`iteration ${i}: rss ${(peakRss / 1e6).toFixed(0)} MB — memory is not bounded`);
      process.exit(1);
    }
    if (i % 10_000 === 0) console.error(`fuzz: ${i}/${ITERATIONS} iterations, slowest ${slowest.toFixed(0)} ms, peak rss ${(peakRss / 1e6).toFixed(0)} MB`);
  }
}
console.log(`fuzz: ${ITERATIONS} iterations in ${((Date.now() - started) / 1000).toFixed(0)} s, seed ${SEED}; slowest input ${slowest.toFixed(0)} ms; peak rss ${(peakRss / 1e6).toFixed(0)} MB`);
console.log(`typed errors by code: ${JSON.stringify(Object.fromEntries(codes))}`);
