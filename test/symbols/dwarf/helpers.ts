// Test-only helpers: the DWARF sections and function symbols of a binary (read with our
// ELF reader) and a minimal .sym writer for comparing with dump_syms.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { DwarfSections, DwarfSymbols } from '../../../src/symbols/dwarf/index.js';
import { ElfFile, SHT_NOBITS, STT_FUNC } from '../../../src/symbols/elf/index.js';

export interface TestElf {
  littleEndian: boolean;
  addressSize: 4 | 8;
  /** p_vaddr of the first PT_LOAD. */
  loadBase: number;
  sections: DwarfSections;
  /** Every section by name. */
  raw: Map<string, Uint8Array>;
  /** STT_FUNC symbols by address (first one wins). */
  funcSymbols: Map<number, string>;
}

const SECTION_KEYS: Record<string, keyof DwarfSections> = {
  '.debug_info': 'info',
  '.debug_abbrev': 'abbrev',
  '.debug_line': 'line',
  '.debug_line_str': 'lineStr',
  '.debug_str': 'str',
  '.debug_str_offsets': 'strOffsets',
  '.debug_ranges': 'ranges',
  '.debug_rnglists': 'rnglists',
  '.debug_addr': 'addr',
  '.debug_types': 'types',
};

export function readTestElf(path: string): TestElf {
  const elf = new ElfFile(readFileSync(path));
  const raw = new Map<string, Uint8Array>();
  for (const h of elf.sections) if (h.type !== SHT_NOBITS) raw.set(h.name, elf.contents(h));
  const sections: DwarfSections = {};
  for (const [name, key] of Object.entries(SECTION_KEYS)) {
    const d = raw.get(name);
    if (d) (sections as Record<string, Uint8Array>)[key] = d;
  }
  const funcSymbols = new Map<number, string>();
  for (const sym of elf.symbols(false)) {
    const value = Number(sym.value);
    if (sym.type === STT_FUNC && value !== 0 && !funcSymbols.has(value)) funcSymbols.set(value, sym.name);
  }
  return { littleEndian: elf.littleEndian, addressSize: elf.is64 ? 8 : 4, loadBase: Number(elf.loadAddress), sections, raw, funcSymbols };
}

/** Writes FILE / INLINE_ORIGIN / FUNC / INLINE / line records (mozilla's order) after `moduleLine`. */
export function writeSym(moduleLine: string, s: DwarfSymbols, loadBase: number): string {
  const out: string[] = [moduleLine];
  s.files.forEach((f, i) => out.push(`FILE ${i} ${f}`));
  s.inlineOrigins.forEach((n, i) => out.push(`INLINE_ORIGIN ${i} ${n}`));
  const h = (n: number) => (n - loadBase).toString(16);
  for (const f of s.functions) {
    out.push(`FUNC ${h(f.address)} ${f.size.toString(16)} 0 ${f.name}`);
    for (const i of f.inlines) out.push(`INLINE ${i.depth} ${i.callLine} ${i.callFile} ${i.origin} ${i.ranges.map((r) => `${h(r.address)} ${r.size.toString(16)}`).join(' ')}`);
    for (const l of f.lines) out.push(`${h(l.address)} ${l.size.toString(16)} ${l.line} ${l.file}`);
  }
  return out.join('\n') + '\n';
}

export interface CompareResult {
  output: string;
  /** kind -> { ref, cand, recall %, precision % } */
  kinds: Map<string, { ref: number; cand: number; recall: number; precision: number }>;
}

/** Runs /work/shared/tools/sym-compare.mjs and parses its table. */
export function symCompare(tool: string, refPath: string, candPath: string): CompareResult {
  let output: string;
  try {
    output = execFileSync(process.execPath, [tool, refPath, candPath], { encoding: 'utf8' });
  } catch (e) {
    output = (e as { stdout?: string }).stdout ?? '';
  }
  const kinds = new Map<string, { ref: number; cand: number; recall: number; precision: number }>();
  for (const line of output.split('\n')) {
    const m = /^(\w+)\s+reference\s+(\d+)\s+candidate\s+(\d+)\s+recall\s+([\d.]+%|n\/a)\s+precision\s+([\d.]+%|n\/a)/.exec(line);
    if (m) kinds.set(m[1]!, { ref: +m[2]!, cand: +m[3]!, recall: m[4] === 'n/a' ? NaN : parseFloat(m[4]!), precision: m[5] === 'n/a' ? NaN : parseFloat(m[5]!) });
  }
  return { output, kinds };
}

export function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const BREAKPAD_DUMP_SYMS = new URL('../../../node_modules/minidump/bin/linux-x64/dump_syms', import.meta.url).pathname;
export const hasBreakpad = existsSync(BREAKPAD_DUMP_SYMS);

export interface ParsedSym {
  funcs: { address: number; size: number; name: string }[];
  /** [address, size, "line file-path"] */
  lines: { address: number; size: number; where: string }[];
  /** "depth callLine callFilePath origin address size", zero-size ranges left out. */
  inlines: Set<string>;
}

/** A small .sym reader for tests (FILE / INLINE_ORIGIN / FUNC / INLINE / line records). */
export function parseSym(text: string, normalizeName: (n: string) => string = (n) => n): ParsedSym {
  const files = new Map<string, string>();
  const origins = new Map<string, string>();
  const out: ParsedSym = { funcs: [], lines: [], inlines: new Set() };
  const rows = text.split('\n');
  for (const l of rows) {
    const f = l.split(' ');
    if (f[0] === 'FILE') files.set(f[1]!, f.slice(2).join(' '));
    else if (f[0] === 'INLINE_ORIGIN') origins.set(f[1]!, normalizeName(f.slice(2).join(' ')));
  }
  for (const l of rows) {
    const f = l.split(' ');
    if (f[0] === 'FUNC') {
      const g = f[1] === 'm' ? f.slice(1) : f;
      out.funcs.push({ address: parseInt(g[1]!, 16), size: parseInt(g[2]!, 16), name: normalizeName(g.slice(4).join(' ')) });
    } else if (f[0] === 'INLINE') {
      for (let i = 5; i + 1 < f.length; i += 2) {
        if (parseInt(f[i + 1]!, 16) === 0) continue;
        out.inlines.add(`${f[1]} ${f[2]} ${files.get(f[3]!)} ${origins.get(f[4]!)} ${parseInt(f[i]!, 16).toString(16)} ${parseInt(f[i + 1]!, 16).toString(16)}`);
      }
    } else if (/^[0-9a-f]+$/.test(f[0]!) && f.length >= 4) {
      out.lines.push({ address: parseInt(f[0]!, 16), size: parseInt(f[1]!, 16), where: `${f[2]} ${files.get(f[3]!)}` });
    }
  }
  return out;
}

/** How many of `ref`'s line records find the same line in force at their address in `cand` (sym-compare's rule). */
export function lineRecall(ref: ParsedSym, cand: ParsedSym): { common: number; total: number; missing: string[] } {
  const sorted = [...cand.lines].sort((a, b) => a.address - b.address);
  const at = (addr: number): string | undefined => {
    let lo = 0;
    let hi = sorted.length - 1;
    let found: (typeof sorted)[number] | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.address <= addr) {
        found = sorted[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && addr < found.address + found.size ? found.where : undefined;
  };
  let common = 0;
  const missing: string[] = [];
  for (const l of ref.lines) {
    if (at(l.address) === l.where) common++;
    else missing.push(`${l.address.toString(16)}: want ${l.where}, got ${at(l.address)}`);
  }
  return { common, total: ref.lines.length, missing };
}
