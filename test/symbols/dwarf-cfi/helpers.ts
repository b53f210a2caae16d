// Test helpers: run Breakpad's dump_syms and our reader on the same binary and
// compare STACK CFI records by meaning (the rule set in force at each row).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatCfi, readCfi, emptyCfiStats, type CfiOptions, type CfiStats } from '../../../src/symbols/dwarf/cfi/index.js';
import { cfiInputs, readElf } from './elf-sections.js';

export const BREAKPAD = fileURLToPath(new URL('../../../node_modules/minidump/bin/linux-x64/dump_syms', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../../shared', import.meta.url));
export const hasBreakpad = existsSync(BREAKPAD) && process.platform === 'linux' && process.arch === 'x64';

export function hasTool(cmd: string, args: string[] = ['--version']): boolean {
  try {
    return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

/**
 * STACK CFI lines from Breakpad's dump_syms, with the one rule we drop on purpose
 * dropped from its output too (see dropUndefinedRa).
 */
export function breakpadCfi(file: string): string[] {
  const out = execFileSync(BREAKPAD, [file], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return dropUndefinedRa(out, file)
    .split('\n')
    .filter((l) => l.startsWith('STACK CFI'));
}

/**
 * Start addresses (relative to the first PT_LOAD, as in .sym files) of the FDEs
 * that mark the return address undefined at their start with DW_CFA_undefined
 * (in the FDE before its first advance, or in its CIE), as binutils' `readelf -wf`
 * (an independent CFI decoder) prints the instructions.
 */
export function undefinedRaStarts(file: string): Set<number> {
  const bias = readElf(new Uint8Array(readFileSync(file))).loadBias;
  // readelf exits 1 when it only warns (e.g. a .gnu_debuglink file it cannot find).
  const text = spawnSync('readelf', ['-wf', file], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).stdout;
  if (!text.includes('Contents of the ')) throw new Error(`readelf -wf ${file} printed no CFI`);
  const starts = new Set<number>();
  // CIE offset -> [return-address column, is it left undefined]; offsets are per section.
  let cies = new Map<string, { ra: number; undef: boolean }>();
  let cie: { ra: number; undef: boolean } | undefined;
  let fde: { start: number; ra: number; undef: boolean; open: boolean } | undefined;
  const finish = () => {
    if (fde?.undef) starts.add(fde.start - bias);
    fde = undefined;
    cie = undefined;
  };
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if (line.startsWith('Contents of the ')) {
      finish();
      cies = new Map();
    } else if ((m = /^([0-9a-f]+) [0-9a-f]+ [0-9a-f]+ CIE\b/.exec(line))) {
      finish();
      cie = { ra: -1, undef: false };
      cies.set(m[1]!, cie);
    } else if ((m = /\bFDE cie=([0-9a-f]+) pc=([0-9a-f]+)\.\./.exec(line))) {
      finish();
      const c = cies.get(m[1]!) ?? { ra: -1, undef: false };
      fde = { start: parseInt(m[2]!, 16), ra: c.ra, undef: c.undef, open: true };
    } else if ((m = /^\s+Return address column: (\d+)/.exec(line)) && cie) {
      cie.ra = Number(m[1]);
    } else if ((m = /^\s+DW_CFA_(\w+): r(\d+)\b/.exec(line))) {
      // The last instruction on the RA column before the first advance decides.
      const target = fde?.open ? fde : fde ? undefined : cie;
      if (target && Number(m[2]) === target.ra && m[1] !== 'def_cfa' && m[1] !== 'def_cfa_register') target.undef = m[1] === 'undefined';
    } else if (/^\s+DW_CFA_(advance_loc|set_loc)/.test(line) && fde) {
      fde.open = false;
    }
  }
  finish();
  return starts;
}

/**
 * Breakpad keeps the CIE's `.ra` rule in the INIT record of an FDE that marks the
 * return address undefined at its start (`_start`: "no caller"); mozilla's
 * dump_syms and we leave `.ra` out there. Removes it from Breakpad's .sym text (or
 * STACK CFI lines) at exactly the FDEs readelf names, so the rest compares as is.
 */
export function dropUndefinedRa(symText: string, file: string): string {
  if (!/\.ra: /.test(symText)) return symText;
  const starts = undefinedRaStarts(file);
  if (starts.size === 0) return symText;
  return symText.replace(/^STACK CFI INIT ([0-9a-f]+) (.*)$/gm, (line, addr: string) =>
    starts.has(parseInt(addr, 16)) ? line.replace(/ \.ra: .*?(?= \S+: |$)/, '') : line,
  );
}

/** STACK CFI lines from our reader, made relative to the load address as Breakpad does. */
export function ourCfi(file: string, extra: Partial<CfiOptions> = {}): { lines: string[]; stats: CfiStats; warnings: string[] } {
  const elf = readElf(new Uint8Array(readFileSync(file)));
  const stats = emptyCfiStats();
  const warnings: string[] = [];
  const { sections, options } = cfiInputs(elf, { stats, onWarning: (m) => warnings.push(m), ...extra });
  const lines: string[] = [];
  for (const e of readCfi(sections, options)) lines.push(...formatCfi(e, elf.loadBias).trimEnd().split('\n'));
  return { lines, stats, warnings };
}

/** Row address -> "name: rule" list (sorted) in force there; also INIT ranges. */
export interface CfiTable {
  rows: Map<number, string>;
  inits: Map<number, number>;
}

function splitRules(text: string): Map<string, string> {
  const m = new Map<string, string>();
  const tokens = text.trim().split(/\s+/);
  let name = '';
  let expr: string[] = [];
  for (const t of tokens) {
    if (t.endsWith(':')) {
      if (name) m.set(name, expr.join(' '));
      name = t.slice(0, -1);
      expr = [];
    } else expr.push(t);
  }
  if (name) m.set(name, expr.join(' '));
  return m;
}

export function cfiTable(lines: readonly string[], normalize?: (name: string, rule: string) => string): CfiTable {
  const rows = new Map<number, string>();
  const inits = new Map<number, number>();
  let cur: Map<string, string> | undefined;
  let start = 0;
  let end = 0;
  const put = (addr: number) => {
    const parts = [...cur!].map(([k, v]) => `${k}: ${normalize ? normalize(k, v) : v}`).sort();
    rows.set(addr, parts.join(' '));
  };
  for (const line of lines) {
    const f = line.split(' ');
    if (f[2] === 'INIT') {
      start = parseInt(f[3]!, 16);
      end = start + parseInt(f[4]!, 16);
      inits.set(start, end - start);
      cur = splitRules(f.slice(5).join(' '));
      put(start);
    } else if (cur) {
      const a = parseInt(f[2]!, 16);
      if (a < start || a >= end) continue; // outside its INIT: ignored by our comparison
      for (const [k, v] of splitRules(f.slice(3).join(' '))) cur.set(k, v);
      put(a);
    }
  }
  return { rows, inits };
}

export interface Comparison {
  refRows: number;
  matching: number;
  mismatches: string[];
  extra: number;
}

export function compareTables(ref: CfiTable, ours: CfiTable): Comparison {
  let matching = 0;
  const mismatches: string[] = [];
  for (const [a, want] of ref.rows) {
    const got = ours.rows.get(a);
    if (got === want && ours.inits.get(a) === ref.inits.get(a)) matching++;
    else mismatches.push(`0x${a.toString(16)}: want ${want} (size ${ref.inits.get(a)}); got ${got ?? 'nothing'} (size ${ours.inits.get(a)})`);
  }
  let extra = 0;
  for (const a of ours.rows.keys()) if (!ref.rows.has(a)) extra++;
  return { refRows: ref.rows.size, matching, mismatches, extra };
}

/** The register holding the return address on entry, per ELF arch (what Breakpad's `.ra: .ra` means). */
export const RA_NAME: Record<string, string> = { x86: '$eip', x86_64: '$rip', arm: 'lr', arm64: 'x30', riscv: 'ra', riscv64: 'ra', mips: '$ra', mips64: '$ra' };

/** Breakpad writes `.ra: .ra` for "same value" on the return-address column; we write the register. */
export function breakpadNormalizer(arch: string): (name: string, rule: string) => string {
  return (name, rule) => (name === '.ra' && rule === '.ra' ? RA_NAME[arch] ?? rule : rule);
}
