import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED = fileURLToPath(new URL('../../../../shared', import.meta.url));
export const LINUX = join(SHARED, 'corpus/dump_syms/linux');
export const SYM_COMPARE = join(SHARED, 'tools/sym-compare.mjs');
export const BREAKPAD = fileURLToPath(new URL('../../../node_modules/minidump/bin/linux-x64/dump_syms', import.meta.url));
export const HAVE_BREAKPAD = existsSync(BREAKPAD);

export function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface KindScore {
  reference: number;
  candidate: number;
  /** Percent, or null when the reference has none. */
  recall: number | null;
  precision: number | null;
}

export interface Comparison {
  moduleSame: boolean;
  kinds: Record<string, KindScore>;
  output: string;
}

/** Runs the shared sym-compare tool (reference first) and parses its table. */
export function symCompare(refPath: string, candText: string, dir: string, tag: string): Comparison {
  const cand = join(dir, `${tag}.candidate.sym`);
  writeFileSync(cand, candText);
  let output: string;
  try {
    output = execFileSync(process.execPath, [SYM_COMPARE, refPath, cand], { encoding: 'utf8' });
  } catch (e) {
    output = (e as { stdout?: string }).stdout ?? '';
  }
  const kinds: Record<string, KindScore> = {};
  const pct = (s: string) => (s.trim() === 'n/a' ? null : Number.parseFloat(s));
  for (const m of output.matchAll(/^(\w+)\s+reference\s+(\d+)\s+candidate\s+(\d+)\s+recall\s+(n\/a|[\d.]+%)\s+precision\s+(n\/a|[\d.]+%)/gm)) {
    kinds[m[1]!] = { reference: Number(m[2]), candidate: Number(m[3]), recall: pct(m[4]!), precision: pct(m[5]!) };
  }
  return { moduleSame: /module same/.test(output), kinds, output };
}

/** A copy of a reference .sym with the module name replaced (MODULE line and synthetic PUBLIC names). */
export function renamedReference(refText: string, from: string[], to: string, dir: string, tag: string): string {
  let t = refText;
  for (const f of from) {
    t = t.replace(new RegExp(`^(MODULE .* )${f.replace(/\./g, '\\.')}$`, 'm'), `$1${to}`);
    t = t.split(` ELF section in ${f}>`).join(` ELF section in ${to}>`);
  }
  const p = join(dir, `${tag}.reference.sym`);
  writeFileSync(p, t);
  return p;
}
