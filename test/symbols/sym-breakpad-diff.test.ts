// Differential test against Breakpad itself on a large real .sym: Breakpad's dump_syms -d
// dumps the running node binary (FUNC, INLINE, PUBLIC, CFI), the result is installed as
// the symbols of `linux-gate.so` in a corpus minidump whose module size is widened, and for
// each chosen offset the crashing thread's RIP is patched to point there. Breakpad's
// minidump_stackwalk -m prints the frame (and its inline frames) that it resolves; ours
// must be identical: function, file, line and printed offset for every frame.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSymbolFile, type SymbolFile } from '../../src/symbols/sym/index.js';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
const BIN = fileURLToPath(new URL('../../node_modules/minidump/bin/linux-x64/', import.meta.url));
const DUMP = join(SHARED, 'corpus/breakpad/linux_null_read_av.dmp');
const run = promisify(execFile);

// Layout facts of linux_null_read_av.dmp (checked below before use).
const RIP_AT = 8944; // context RIP of the crashing thread
const GATE_BASE = 0x7fff1cdfe000; // linux-gate.so, the highest module
const GATE_ID = '170E58DC85DEE701D8E2DDE82B8FFD950';

/** Set SYM_DIFF_SCALE=10 (say) for a deeper run. */
const SCALE = Math.max(1, Number(process.env.SYM_DIFF_SCALE) || 1);

const usable = process.platform === 'linux' && process.arch === 'x64' && existsSync(DUMP) && existsSync(join(BIN, 'dump_syms')) && existsSync(join(BIN, 'minidump_stackwalk'));

interface Sampled {
  inlineFuncs: [number, number][];
  funcs: [number, number][];
  publics: number[];
}

function sample(lines: string[]): Sampled {
  const out: Sampled = { inlineFuncs: [], funcs: [], publics: [] };
  let last: [number, number] | null = null;
  for (const l of lines) {
    const f = /^FUNC (?:m )?([0-9a-f]+) ([0-9a-f]+)/.exec(l);
    if (f) {
      last = [parseInt(f[1]!, 16), parseInt(f[2]!, 16)];
      out.funcs.push(last);
    } else if (last && l.startsWith('INLINE ')) {
      out.inlineFuncs.push(last);
      last = null;
    } else {
      const p = /^PUBLIC (?:m )?([0-9a-f]+)/.exec(l);
      if (p) out.publics.push(parseInt(p[1]!, 16));
    }
  }
  return out;
}

/** Offsets inside FUNCs with INLINE records, other FUNCs, just after PUBLICs, anywhere. */
function pickOffsets(s: Sampled, count: number, seed: number, span: number): number[] {
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % Math.max(1, n);
  };
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const pick = i % 4;
    if (pick === 0 && s.inlineFuncs.length > 0) {
      const [b, z] = s.inlineFuncs[rnd(s.inlineFuncs.length)]!;
      offsets.push(b + rnd(z));
    } else if (pick <= 1 && s.funcs.length > 0) {
      const [b, z] = s.funcs[rnd(s.funcs.length)]!;
      offsets.push(b + rnd(z));
    } else if (pick === 2 && s.publics.length > 0) offsets.push(s.publics[rnd(s.publics.length)]! + rnd(48));
    else offsets.push(rnd(span));
  }
  return offsets;
}

/** Breakpad -m frame lines for frame 0 and its inline frames, as we would print them. */
function ours(sym: SymbolFile, off: number): string[] {
  const r = sym.lookup(off);
  if (!r) return [`linux-gate.so||||0x${off.toString(16)}`];
  // Breakpad prints the offset from the line base when there is a file, else from the function base.
  const fmt = (fn: string, file: string | null, line: number | null, fnBase: number): string =>
    `linux-gate.so|${fn}|${file ?? ''}|${line ?? ''}|0x${(file ? off - (r.lineAddress ?? 0) : off - fnBase).toString(16)}`;
  return [...r.inlines.map((i) => fmt(i.function, i.file, i.line, i.functionAddress)), fmt(r.function, r.file, r.line, r.functionAddress)];
}

describe.skipIf(!usable)('lookups match Breakpad minidump_stackwalk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sym-bpdiff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;

  /** Installs symText as linux-gate.so's symbols and compares frame 0 at every offset. */
  async function compare(symText: string, offsets: number[]): Promise<number> {
    const tag = String(counter++);
    const symDir = join(dir, tag, 'linux-gate.so', GATE_ID);
    mkdirSync(symDir, { recursive: true });
    const lines = symText.split('\n');
    const text = [`MODULE Linux x86_64 ${GATE_ID} linux-gate.so`, ...lines.slice(1)].join('\n');
    writeFileSync(join(symDir, 'linux-gate.so.sym'), text);
    const sym = parseSymbolFile(text);

    const dump = readFileSync(DUMP);
    expect(dump.readBigUInt64LE(RIP_AT)).toBe(0x402170n);
    const entry = dump.indexOf(Buffer.from([...u64(GATE_BASE), 0x00, 0x20, 0, 0]));
    expect(entry).toBeGreaterThan(0);
    dump.writeUInt32LE(0x10000000, entry + 8); // widen linux-gate.so to 256 MiB

    const theirs = async (off: number, i: number): Promise<string[]> => {
      const d = Buffer.from(dump);
      d.writeBigUInt64LE(BigInt(GATE_BASE + off), RIP_AT);
      const path = join(dir, `${tag}-${i}.dmp`);
      writeFileSync(path, d);
      const { stdout } = await run(join(BIN, 'minidump_stackwalk'), ['-m', '-c', path, join(dir, tag)], { maxBuffer: 1 << 26 });
      return stdout.split('\n').filter((l) => l.startsWith('0|')).map((l) => l.split('|').slice(2).join('|'));
    };

    let inlineFrames = 0;
    for (let i = 0; i < offsets.length; i += 8) {
      const batch = offsets.slice(i, i + 8);
      const results = await Promise.all(batch.map((off, j) => theirs(off, i + j)));
      batch.forEach((off, j) => {
        const mine = ours(sym, off);
        inlineFrames += mine.length - 1;
        expect(results[j]!.slice(0, mine.length), `offset 0x${off.toString(16)}`).toEqual(mine);
      });
    }
    return inlineFrames;
  }

  it('on a dump_syms -d of the running node binary', async () => {
    const text = execFileSync(join(BIN, 'dump_syms'), ['-d', process.execPath], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString('latin1');
    const inlineFrames = await compare(text, pickOffsets(sample(text.split('\n')), 16 * SCALE, 20240611, 0x8000000));
    expect(inlineFrames).toBeGreaterThan(0);
  }, 240_000 * SCALE);

  it('on the mozilla dump_syms corpus (interleaved FUNC/PUBLIC, new INLINE form, Windows symbols)', async () => {
    const names = ['linux/basic.full.inlines.sym', 'linux/basic.dwz.inlines.sym', 'windows/basic-opt64.sym', 'windows/ntdll.sym', 'windows/basic32.sym', 'windows/mozwer.sym'];
    let inlineFrames = 0;
    for (const name of names) {
      const path = join(SHARED, 'corpus/dump_syms', name);
      if (!existsSync(path)) continue;
      const text = readFileSync(path, 'latin1');
      inlineFrames += await compare(text, pickOffsets(sample(text.split('\n')), 12 * SCALE, name.length * 7919, 0x200000));
    }
    expect(inlineFrames).toBeGreaterThan(0);
  }, 240_000 * SCALE);
});

function u64(v: number): number[] {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return [...b];
}
