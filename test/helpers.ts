// Paths and helpers shared by the test suites. ../shared is optional: suites that need it skip without it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared');
export const CORPUS = join(SHARED, 'corpus', 'breakpad');
export const REFS = join(CORPUS, 'refs');
export const CORPUS_SYMBOLS = join(CORPUS, 'symbols');
export const HAS_CORPUS = existsSync(CORPUS);
export const BREAKPAD_BIN = join(ROOT, 'node_modules', 'minidump', 'bin', 'linux-x64');
export const HAS_BREAKPAD = existsSync(join(BREAKPAD_BIN, 'minidump_stackwalk')) && process.platform === 'linux' && process.arch === 'x64';
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
export const HAS_CLI = existsSync(CLI);

/** Deterministic PRNG (mulberry32) in [0, 1), so a failing seed reproduces. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
