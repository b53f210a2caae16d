// The node executable has a large .eh_frame (~76k FDEs): our output must be
// line-for-line Breakpad's in expressions: 'skip' mode, and we report the time
// against Breakpad's dump_syms (whose CFI share is its run time minus `-c`).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyCfiStats, formatCfi, readCfi } from '../../../src/symbols/dwarf/cfi/index.js';
import { cfiInputs, readElf } from './elf-sections.js';
import { BREAKPAD, breakpadCfi, hasBreakpad } from './helpers.js';

const NODE = existsSync('/usr/bin/node') ? realpathSync('/usr/bin/node') : process.execPath;

/** CPU milliseconds (user + system) spent in fn: steadier than wall time on a busy machine. */
function cpu(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** CPU milliseconds of a child process (bash's `time`). */
function childCpu(args: string[]): number {
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const out = execFileSync('bash', ['-c', `TIMEFORMAT='%U %S'; { time ${quoted} >/dev/null 2>&1; } 2>&1`], { encoding: 'utf8' });
  const [u, sys] = out.trim().split(/\s+/).map(Number);
  return (u! + sys!) * 1000;
}

describe.skipIf(!hasBreakpad || !existsSync(NODE))('node binary', () => {
  it('equals Breakpad line for line, faster', () => {
    const elf = readElf(new Uint8Array(readFileSync(NODE)));
    if (!elf.sections.get('.eh_frame')) return;
    const inputs = (expressions: 'skip' | 'translate') => {
      const stats = emptyCfiStats();
      return { stats, ...cfiInputs(elf, { stats, expressions }) };
    };
    // Timed runs format every record, as a writer streaming to a file would.
    const timed = (expressions: 'skip' | 'translate') => {
      const { stats, sections, options } = inputs(expressions);
      let bytes = 0;
      const ms = cpu(() => {
        for (const e of readCfi(sections, options)) bytes += formatCfi(e, elf.loadBias).length;
      });
      return { ms, bytes, stats };
    };
    const cold = timed('skip');
    const warm = timed('skip');
    const translated = timed('translate');
    const { sections, options } = inputs('skip');
    const text = [...readCfi(sections, options)].map((e) => formatCfi(e, elf.loadBias)).join('');
    const ours = { text, stats: cold.stats };
    const ref = breakpadCfi(NODE);
    const bpMs = childCpu([BREAKPAD, NODE]);
    const bpNoCfiMs = childCpu([BREAKPAD, '-c', NODE]);
    const oursLines = ours.text.trimEnd().split('\n');
    expect(oursLines.length).toBe(ref.length);
    expect(oursLines.sort()).toEqual(ref.sort());
    console.log(
      `node: ${ours.stats.emitted} FDEs, ${ref.length} STACK CFI lines identical to Breakpad; ` +
        `CPU time: ours ${cold.ms.toFixed(0)} ms cold, ${warm.ms.toFixed(0)} ms warm (translate mode ${translated.ms.toFixed(0)} ms, ${translated.stats.translatedExpressions} expressions translated), ` +
        `Breakpad dump_syms ${bpMs.toFixed(0)} ms total, ${(bpMs - bpNoCfiMs).toFixed(0)} ms of it CFI (run without -c minus run with -c)`,
    );
  });
});

// glibc (signal trampolines with DW_CFA_expression rules, 'S' CIEs, hand-written
// assembly) and libstdc++ (personality + LSDA): identical to Breakpad.
const LIBS = ['/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', '/usr/lib/x86_64-linux-gnu/libstdc++.so.6'].filter((f) =>
  existsSync(f),
);

describe.skipIf(!hasBreakpad || LIBS.length === 0)('system libraries', () => {
  for (const lib of LIBS) {
    it(`${lib} equals Breakpad line for line`, () => {
      const elf = readElf(new Uint8Array(readFileSync(lib)));
      const { sections, options } = cfiInputs(elf, { expressions: 'skip' });
      const ours = [...readCfi(sections, options)].map((e) => formatCfi(e, elf.loadBias)).join('').trimEnd().split('\n');
      const ref = breakpadCfi(lib);
      expect(ref.length).toBeGreaterThan(100);
      expect(ours.sort()).toEqual(ref.sort());
    });
  }
});
