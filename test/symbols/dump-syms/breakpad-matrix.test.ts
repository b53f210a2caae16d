// dumpSyms() against Breakpad's dump_syms on binaries built here with gcc and g++
// (-g -O2, DWARF 4 and 5, with and without frame pointers, C and C++ with templates
// and inlining). Names follow mozilla's dump_syms, not Breakpad (no return types;
// parameter lists for internal functions), so Breakpad's text is normalised first
// (normalize-breakpad.ts). Where Breakpad writes no inline records (DWARF 5: it
// drops every DIE with DW_AT_ranges), our inline chains are checked against
// binutils' addr2line -i instead.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumpSyms, parseSymbolFile } from '../../../src/index.js';
import { BREAKPAD, HAVE_BREAKPAD, SYM_COMPARE, has } from './helpers.js';
import { dropUndefinedRa } from '../dwarf-cfi/helpers.js';
import { dropReturnType, maskName, normalizeBreakpadSym, normalizeNamespaces } from './normalize-breakpad.js';
import { existsSync } from 'node:fs';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const HAVE = HAVE_BREAKPAD && has('gcc') && has('g++') && has('addr2line') && existsSync(SYM_COMPARE);

interface Func {
  addr: number;
  size: number;
  name: string;
}

function records(text: string, kind: 'FUNC' | 'PUBLIC'): Func[] {
  const out: Func[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(kind + ' ')) continue;
    const f = line.split(' ');
    const i = f[1] === 'm' ? 2 : 1;
    if (kind === 'FUNC') out.push({ addr: parseInt(f[i]!, 16), size: parseInt(f[i + 1]!, 16), name: f.slice(i + 3).join(' ') });
    else out.push({ addr: parseInt(f[i]!, 16), size: 0, name: f.slice(i + 2).join(' ') });
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, '');
/** The name before its parameter list (templates kept). */
function withoutParams(name: string): string {
  let depth = 0;
  const masked = maskName(name);
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (c === '(' && depth === 0) return name.slice(0, i);
  }
  return name;
}
/** Same function name by meaning: equal, or Breakpad's DW_AT_name form lacks the parameter list we add. */
const sameName = (ours: string, theirs: string) => squash(ours) === squash(theirs) || (!theirs.includes('(') && squash(withoutParams(ours)) === squash(theirs));

function symCompareRecall(reference: string, candidate: string, dir: string): Record<string, number | null> {
  writeFileSync(join(dir, 'ref.sym'), reference);
  writeFileSync(join(dir, 'cand.sym'), candidate);
  // Its exit status says whether everything matched; the table is what we read.
  const out = spawnSync('node', [SYM_COMPARE, join(dir, 'ref.sym'), join(dir, 'cand.sym')], { encoding: 'utf8' }).stdout;
  const kinds: Record<string, number | null> = {};
  for (const m of out.matchAll(/^(\w+)\s+reference\s+\d+\s+candidate\s+\d+\s+recall\s+(n\/a|[\d.]+%)/gm)) kinds[m[1]!] = m[2] === 'n/a' ? null : Number(m[2]!.replace('%', ''));
  return kinds;
}

const variants: [string, string, string[]][] = [];
for (const src of ['matrix.c', 'matrix.cc'])
  for (const dwarf of ['-gdwarf-4', '-gdwarf-5'])
    for (const fp of [[], ['-fno-omit-frame-pointer']]) variants.push([`${src} ${dwarf}${fp.length ? ' frame pointers' : ''}`, src, [dwarf, ...fp]]);

describe.skipIf(!HAVE)('dumpSyms vs Breakpad dump_syms on gcc/g++ builds', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdp-matrix-'));
  });

  it.each(variants)('%s', async (label, src, flags) => {
    const exe = join(dir, label.replace(/\W+/g, '_'));
    const cc = src.endsWith('.cc') ? 'g++' : 'gcc';
    const build = spawnSync(cc, ['-g', '-O2', ...flags, '-o', exe, join(FIXTURES, src)], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const theirsRaw = execFileSync(BREAKPAD, ['-d', exe], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
    const oursRaw = (await dumpSyms(exe, { debugDirs: [] })) as string;
    const theirs = normalizeBreakpadSym(dropUndefinedRa(theirsRaw, exe));
    const ours = normalizeNamespaces(oursRaw);

    // FUNC: every Breakpad function, at the same address and size, with the same name.
    const ourFuncs = records(ours, 'FUNC');
    const theirFuncs = records(theirs, 'FUNC');
    const funcHits = theirFuncs.filter((t) => ourFuncs.some((o) => o.addr === t.addr && o.size === t.size && sameName(o.name, t.name)));
    expect(funcHits.length / theirFuncs.length, 'FUNC recall').toBeGreaterThanOrEqual(0.99);

    // PUBLIC: every Breakpad PUBLIC is ours too, or lies at the start of our FUNC of that
    // name (Breakpad falls back to PUBLIC for DWARF 5 functions it failed to read).
    const ourPublics = records(ours, 'PUBLIC');
    const theirPublics = records(theirs, 'PUBLIC');
    const publicHits = theirPublics.filter(
      (t) =>
        ourPublics.some((o) => o.addr === t.addr && squash(o.name) === squash(t.name)) ||
        ourFuncs.some((o) => o.addr === t.addr && sameName(o.name, t.name.replace(/\.cold$/, ''))),
    );
    expect(publicHits.length / theirPublics.length, 'PUBLIC recall').toBeGreaterThanOrEqual(0.99);

    // CFI and LINE by meaning (the shared sym-compare tool).
    const recall = symCompareRecall(theirs, ours, dir);
    expect(recall['CFI'], 'CFI recall').toBeGreaterThanOrEqual(99);
    expect(recall['LINE'], 'LINE recall').toBeGreaterThanOrEqual(99);

    // Inline frames. Where Breakpad has INLINE records, each of its inline ranges is in
    // ours with the same depth, call line and origin (names compared without parameter
    // lists: the maintained demangler we use drops repeated template parameters in a
    // few constructors, e.g. vector<char**>::vector(char**, char**, …)).
    const theirInlines = inlineRanges(theirsRaw);
    const ourInlines = inlineRanges(oursRaw);
    const inlineHits = theirInlines.filter((t) =>
      ourInlines.some((o) => o.depth === t.depth && o.line === t.line && o.addr <= t.addr && t.addr + t.size <= o.addr + o.size && squash(withoutParams(dropReturnType(o.origin))) === squash(withoutParams(dropReturnType(t.origin)))),
    );
    const inlineMisses = theirInlines.filter((t) => !inlineHits.includes(t)).map((t) => `${t.depth} ${t.line} ${t.addr.toString(16)}+${t.size.toString(16)} ${t.origin.slice(0, 90)}`);
    if (theirInlines.length > 0) expect(inlineHits.length / theirInlines.length, `INLINE recall; missing:\n${inlineMisses.slice(0, 8).join('\n')}`).toBeGreaterThanOrEqual(0.99);

    // Every inline chain we write agrees with addr2line -i at the start of each inline
    // range: the same depth, the same lines and the same function names, innermost first.
    const chains = checkWithAddr2line(exe, oursRaw);
    expect(chains.checked).toBeGreaterThan(0);
    expect(chains.shapeDifferences, chains.examples.join('\n')).toBe(0);
    expect(chains.nameDifferences, chains.nameExamples.join('\n')).toBe(0);
    const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
    console.log(
      `${label}: FUNC ${pct(funcHits.length, theirFuncs.length)} of ${theirFuncs.length}, PUBLIC ${pct(publicHits.length, theirPublics.length)}, ` +
        `CFI ${recall['CFI']}%, LINE ${recall['LINE']}%, INLINE ${pct(inlineHits.length, theirInlines.length)} of Breakpad's ${theirInlines.length} (ours ${ourInlines.length}); ` +
        `addr2line: ${chains.checked} chains same shape and lines, ${chains.nameDifferences}/${chains.names} names spelled differently`,
    );
  });
});

interface InlineRange {
  depth: number;
  line: number;
  origin: string;
  addr: number;
  size: number;
}

function inlineRanges(text: string): InlineRange[] {
  const origins = new Map<string, string>();
  const out: InlineRange[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('INLINE_ORIGIN ')) {
      const f = line.split(' ');
      origins.set(f[1]!, f.slice(2).join(' '));
    }
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('INLINE ')) continue;
    const f = line.split(' ');
    for (let i = 5; i + 1 < f.length; i += 2) {
      const size = parseInt(f[i + 1]!, 16);
      if (size > 0) out.push({ depth: Number(f[1]), line: Number(f[2]), origin: origins.get(f[4]!) ?? '', addr: parseInt(f[i]!, 16), size });
    }
  }
  return out;
}

function checkWithAddr2line(exe: string, sym: string) {
  const file = parseSymbolFile(sym);
  const addrs = [...new Set(inlineRanges(sym).map((r) => r.addr))].sort((a, b) => a - b);
  const out = execFileSync('addr2line', ['-e', exe, '-i', '-f', '-C', '-a', ...addrs.map((a) => '0x' + a.toString(16))], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const blocks = out.split(/^0x[0-9a-f]+\n/m).slice(1);
  // addr2line leaves "(anonymous namespace)::" out where it uses DW_AT_name.
  const norm = (n: string) => squash(withoutParams(dropReturnType(n))).replaceAll('(anonymousnamespace)::', '');
  const result = { checked: blocks.length, shapeDifferences: 0, names: 0, nameDifferences: 0, examples: [] as string[], nameExamples: [] as string[] };
  blocks.forEach((block, k) => {
    const lines = block.trim().split('\n');
    const want: [string, number][] = [];
    for (let i = 0; i + 1 < lines.length; i += 2) want.push([norm(lines[i]!), Number(lines[i + 1]!.split(':').pop()!.split(' ')[0])]);
    const l = file.lookup(addrs[k]!);
    const got: [string, number][] = l ? [...l.inlines.map((i) => [norm(i.function), i.line ?? 0] as [string, number]), [norm(l.function), l.line ?? 0]] : [];
    const at = `0x${addrs[k]!.toString(16)}`;
    if (got.length !== want.length || got.some(([, line], i) => line !== want[i]![1])) {
      result.shapeDifferences++;
      if (result.examples.length < 3) result.examples.push(`${at}: ours ${JSON.stringify(got)} addr2line ${JSON.stringify(want)}`);
      return;
    }
    got.forEach(([name], i) => {
      result.names++;
      // addr2line names an inlined function that has no linkage name after the function
      // it is inlined into (LLDB's `image lookup -a` names it as we do, e.g. `mix` in
      // checksum, `counts` in main): a repeat of the caller's name is addr2line's.
      if (name !== want[i]![0] && want[i + 1] && want[i]![0] === want[i + 1]![0]) return;
      if (name !== want[i]![0]) {
        result.nameDifferences++;
        if (result.nameExamples.length < 5) result.nameExamples.push(`${at}: ${name} vs ${want[i]![0]}`);
      }
    });
  });
  return result;
}
