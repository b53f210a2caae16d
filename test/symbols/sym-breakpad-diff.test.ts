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

const usable = process.platform === 'linux' && process.arch === 'x64' && existsSync(DUMP) && existsSync(join(BIN, 'dump_syms')) && existsSync(join(BIN, 'minidump_stackwalk'));

describe.skipIf(!usable)('lookups match Breakpad on a dump_syms -d of node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sym-bpdiff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves the same frames as minidump_stackwalk', async () => {
    const text = execFileSync(join(BIN, 'dump_syms'), ['-d', process.execPath], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
    const lines = text.toString('latin1').split('\n');
    const symText = [`MODULE Linux x86_64 ${GATE_ID} linux-gate.so`, ...lines.slice(1)].join('\n');
    const symDir = join(dir, 'syms', 'linux-gate.so', GATE_ID);
    mkdirSync(symDir, { recursive: true });
    writeFileSync(join(symDir, 'linux-gate.so.sym'), symText);
    const sym: SymbolFile = parseSymbolFile(symText);

    const dump = readFileSync(DUMP);
    expect(dump.readBigUInt64LE(RIP_AT)).toBe(0x402170n);
    const entry = dump.indexOf(Buffer.from([...u64(GATE_BASE), 0x00, 0x20, 0, 0]));
    expect(entry).toBeGreaterThan(0);
    dump.writeUInt32LE(0x10000000, entry + 8); // widen linux-gate.so to 256 MiB

    // Offsets: inside FUNCs with INLINE records, other FUNCs, just after PUBLICs, anywhere.
    const inlineFuncs: [number, number][] = [];
    const funcs: [number, number][] = [];
    const publics: number[] = [];
    let last: [number, number] | null = null;
    for (const l of lines) {
      const f = /^FUNC (?:m )?([0-9a-f]+) ([0-9a-f]+)/.exec(l);
      if (f) {
        last = [parseInt(f[1]!, 16), parseInt(f[2]!, 16)];
        funcs.push(last);
      } else if (last && l.startsWith('INLINE ')) {
        inlineFuncs.push(last);
        last = null;
      } else {
        const p = /^PUBLIC (?:m )?([0-9a-f]+)/.exec(l);
        if (p) publics.push(parseInt(p[1]!, 16));
      }
    }
    let seed = 20240611;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % Math.max(1, n);
    };
    const offsets: number[] = [];
    for (let i = 0; i < 16; i++) {
      const pick = i % 4;
      if (pick === 0 && inlineFuncs.length > 0) {
        const [b, s] = inlineFuncs[rnd(inlineFuncs.length)]!;
        offsets.push(b + rnd(s));
      } else if (pick === 1 && funcs.length > 0) {
        const [b, s] = funcs[rnd(funcs.length)]!;
        offsets.push(b + rnd(s));
      } else if (pick === 2 && publics.length > 0) offsets.push(publics[rnd(publics.length)]! + rnd(48));
      else offsets.push(rnd(0x8000000));
    }

    const ours = (off: number): string[] => {
      const r = sym.lookup(off);
      if (!r) return [`linux-gate.so||||0x${off.toString(16)}`];
      // Breakpad prints the offset from the line base when there is a file, else from the function base.
      const fmt = (fn: string, file: string | null, line: number | null, fnBase: number): string =>
        `linux-gate.so|${fn}|${file ?? ''}|${line ?? ''}|0x${(file ? off - (r.lineAddress ?? 0) : off - fnBase).toString(16)}`;
      return [...r.inlines.map((i) => fmt(i.function, i.file, i.line, i.functionAddress)), fmt(r.function, r.file, r.line, r.functionAddress)];
    };

    const theirs = async (off: number, i: number): Promise<string[]> => {
      const d = Buffer.from(dump);
      d.writeBigUInt64LE(BigInt(GATE_BASE + off), RIP_AT);
      const path = join(dir, `${i}.dmp`);
      writeFileSync(path, d);
      const { stdout } = await run(join(BIN, 'minidump_stackwalk'), ['-m', '-c', path, join(dir, 'syms')], { maxBuffer: 1 << 26 });
      return stdout.split('\n').filter((l) => l.startsWith('0|')).map((l) => l.split('|').slice(2).join('|'));
    };

    let inlineFrames = 0;
    for (let i = 0; i < offsets.length; i += 8) {
      const batch = offsets.slice(i, i + 8);
      const results = await Promise.all(batch.map((off, j) => theirs(off, i + j)));
      batch.forEach((off, j) => {
        const mine = ours(off);
        inlineFrames += mine.length - 1;
        expect(results[j]!.slice(0, mine.length), `offset 0x${off.toString(16)}`).toEqual(mine);
      });
    }
    expect(inlineFrames).toBeGreaterThan(0);
  }, 240_000);
});

function u64(v: number): number[] {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return [...b];
}
