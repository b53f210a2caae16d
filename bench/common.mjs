// Shared helpers for the benchmarks: timing, the reference tools, the corpus.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared');
export const CORPUS = join(SHARED, 'corpus', 'breakpad');
export const BREAKPAD_BIN = join(ROOT, 'node_modules', 'minidump', 'bin', 'linux-x64');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export function requireCorpus() {
  if (!existsSync(CORPUS)) {
    console.error(`benchmark needs the shared corpus at ${CORPUS}`);
    process.exit(2);
  }
}

export function corpusDumps() {
  return readdirSync(CORPUS).filter((f) => f.endsWith('.dmp')).sort().map((f) => join(CORPUS, f));
}

/** Wall time of a child process in ms; throws if it fails. */
export function timeCommand(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { maxBuffer: 512 * 1024 * 1024, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} exited ${res.status}: ${String(res.stderr).slice(0, 300)}`);
  return { ms, res };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

export function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n');
}
