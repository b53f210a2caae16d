// Paths shared by the test suites. ../shared is optional: suites that need it skip without it.
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
