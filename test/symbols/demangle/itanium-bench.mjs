// Micro-benchmark (not a test): node test/symbols/demangle/itanium-bench.mjs [binary]
// Bundles the demanglers with esbuild the way the package build does (vitest's
// per-module transform makes every imported binding a getter, which slows the
// TypeScript demangler ~4x and would misrepresent it), then demangles the `_Z`
// symbols of a binary (default libstdc++) with the TypeScript demangler and
// with the gecko-profiler-demangle WASM build, and prints ns per name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'itanium-bench-'));
const entry = join(dir, 'entry.ts');
writeFileSync(
  entry,
  `export { demangleItanium } from ${JSON.stringify(join(root, 'src/symbols/demangle/itanium/index.ts'))};\n` +
    `export { geckoDemangler } from ${JSON.stringify(join(root, 'src/symbols/demangle/gecko.ts'))};\n`,
);
const out = join(root, 'node_modules', '.itanium-bench.mjs');
await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'warning', packages: 'external' });
rmSync(dir, { recursive: true });
const { demangleItanium, geckoDemangler } = await import(pathToFileURL(out).href);
rmSync(out);

const bin = process.argv[2] ?? '/usr/lib/x86_64-linux-gnu/libstdc++.so.6';
const names = execFileSync('nm', ['-D', '--defined-only', '--without-symbol-versions', bin], { encoding: 'utf8', maxBuffer: 1 << 30 })
  .split('\n')
  .map((l) => l.slice(l.lastIndexOf(' ') + 1))
  .filter((n) => n.startsWith('_Z'));

function time(label, f) {
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    const t0 = process.hrtime.bigint();
    for (const n of names) f(n);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / names.length);
  }
  console.log(`${label.padEnd(34)} ${best.toFixed(0).padStart(6)} ns/name (best of 7, ${names.length} names)`);
}

time('itanium (TypeScript, c++filt text)', (n) => demangleItanium(n, { returnTypes: true }));
time('itanium (TypeScript, no return type)', (n) => demangleItanium(n));
const gecko = geckoDemangler();
if (gecko) time('gecko-profiler-demangle (WASM)', (n) => gecko(n));
