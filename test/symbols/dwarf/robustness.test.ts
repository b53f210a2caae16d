// Truncated and corrupted DWARF: readDwarf must return a result or throw an
// ObjectFileError — never a RangeError/TypeError, never hang.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ObjectFileError } from '../../../src/errors.js';
import { type DwarfSections, readDwarf } from '../../../src/symbols/dwarf/index.js';
import { readTestElf, which } from './helpers.js';
import { seededRandom } from '../../helpers.js';

const SHARED = fileURLToPath(new URL('../../../../shared', import.meta.url));
const BASIC = join(SHARED, 'corpus/dump_syms/linux/basic.full');


function attempt(sections: DwarfSections, label: string): void {
  const t0 = performance.now();
  try {
    const s = readDwarf(sections, { littleEndian: true, addressSize: 8, inlines: true, demangle: (n) => n, onWarning: () => {} });
    // Whatever comes back must be well-formed.
    for (const f of s.functions) {
      expect(Number.isFinite(f.address) && Number.isFinite(f.size) && f.size > 0, label).toBe(true);
      for (const l of f.lines) expect(l.file >= 0 && l.file < s.files.length, label).toBe(true);
      for (const i of f.inlines) expect(i.origin >= 0 && i.origin < s.inlineOrigins.length && i.callFile < s.files.length, label).toBe(true);
    }
  } catch (e) {
    if (!(e instanceof ObjectFileError)) throw new Error(`${label}: ${(e as Error).stack}`);
  }
  expect(performance.now() - t0, `${label} took too long`).toBeLessThan(2000);
}

const KEYS = ['info', 'abbrev', 'line', 'str', 'lineStr', 'ranges', 'rnglists', 'addr', 'strOffsets'] as const;

function fuzz(sections: DwarfSections, seed: number, rounds: number): void {
  const rand = seededRandom(seed);
  const present = KEYS.filter((k) => sections[k]);
  for (const k of present) {
    const orig = sections[k] as Uint8Array;
    // Truncations: a spread of cut points, plus every cut in the first 64 bytes.
    const cuts = new Set<number>();
    for (let i = 0; i < Math.min(64, orig.length); i++) cuts.add(i);
    for (let i = 0; i < 40; i++) cuts.add(Math.floor(rand() * orig.length));
    for (const c of cuts) attempt({ ...sections, [k]: orig.subarray(0, c) }, `${k} cut at ${c}`);
  }
  // Random byte flips in one or several sections at once.
  for (let round = 0; round < rounds; round++) {
    const copy: DwarfSections = { ...sections };
    const n = 1 + Math.floor(rand() * 8);
    const what: string[] = [];
    for (let j = 0; j < n; j++) {
      const k = present[Math.floor(rand() * present.length)]!;
      const buf = new Uint8Array(copy[k] as Uint8Array);
      if (buf.length === 0) continue;
      const at = Math.floor(rand() * buf.length);
      const v = rand() < 0.3 ? 0xff : rand() < 0.5 ? 0 : Math.floor(rand() * 256);
      buf[at] = v;
      copy[k] = buf;
      what.push(`${k}[${at}]=${v}`);
    }
    attempt(copy, `round ${round}: ${what.join(' ')}`);
  }
}

describe.skipIf(!existsSync(BASIC))('corrupted fixture DWARF', () => {
  it('basic.full: truncations and byte flips give results or ObjectFileError', () => {
    fuzz(readTestElf(BASIC).sections, 1, 1000);
  });
  it('garbage and empty sections', () => {
    const rand = seededRandom(7);
    const junk = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
    attempt({}, 'no sections');
    attempt({ info: new Uint8Array(0) }, 'empty info');
    for (let i = 0; i < 300; i++) attempt({ info: junk(1 + (i % 97)), abbrev: junk(1 + (i % 31)), line: junk(i % 50), str: junk(10) }, `junk ${i}`);
    // A unit claiming 4 GiB, a 64-bit length, a huge DIE nesting.
    attempt({ info: Uint8Array.from([0xff, 0xff, 0xff, 0xef, 4, 0]) }, 'reserved length');
    attempt({ info: Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) }, '64-bit huge length');
    const deep = new Uint8Array(11 + 5000);
    deep.set([0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 8]);
    new DataView(deep.buffer).setUint32(0, deep.length - 4, true);
    deep.fill(1, 11);
    attempt({ info: deep, abbrev: Uint8Array.from([1, 0x2e, 1, 0, 0, 0]) }, 'deep nesting');
  });
});

const haveGcc = which('gcc');
describe.skipIf(!haveGcc)('corrupted DWARF 5 from gcc', () => {
  it('DWARF 5 (rnglists, line_strp, data16 MD5-free tables): truncations and byte flips', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dwarf-fuzz-'));
    try {
      const src = join(dir, 'f.c');
      writeFileSync(
        src,
        'static inline int a(int x){return x*x;}\nstatic inline int b(int x){return a(x)+a(x+1);}\n__attribute__((noinline)) int f(int n){int s=0;for(int i=0;i<n;i++)s+=b(i)^s;if(s==7)__builtin_trap();return s;}\nint main(int c,char**v){return f(c)+b(c);}\n',
      );
      for (const flags of [['-gdwarf-5'], ['-gdwarf-5', '-gdwarf64'], ['-gdwarf-4']]) {
        const out = join(dir, `f${flags.join('')}`);
        execFileSync('gcc', ['-g', '-O2', ...flags, '-o', out, src]);
        fuzz(readTestElf(out).sections, 3, 500);
      }
      // Split DWARF: the .dwo unit uses strx/addrx/rnglistx/loclistx with the base attributes.
      const obj = join(dir, 'split.o');
      execFileSync('gcc', ['-g', '-O2', '-gdwarf-5', '-gsplit-dwarf', '-c', '-o', obj, src], { cwd: dir });
      const exe = join(dir, 'split');
      execFileSync('gcc', ['-o', exe, obj], { cwd: dir });
      const dwo = readTestElf(join(dir, 'split.dwo'));
      fuzz(
        {
          info: dwo.raw.get('.debug_info.dwo'),
          abbrev: dwo.raw.get('.debug_abbrev.dwo'),
          str: dwo.raw.get('.debug_str.dwo'),
          strOffsets: dwo.raw.get('.debug_str_offsets.dwo'),
          rnglists: dwo.raw.get('.debug_rnglists.dwo'),
          addr: readTestElf(exe).sections.addr,
        },
        5,
        500,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!existsSync(BASIC))('damaged units keep what was readable', () => {
  it('a cut-short .debug_info still yields the functions before the cut, with a warning', () => {
    const { sections } = readTestElf(BASIC);
    const full = readDwarf(sections, { littleEndian: true, addressSize: 8, inlines: true, demangle: (n) => n });
    const warnings: string[] = [];
    // basic.full's DIEs are in address order from foo onwards; cut inside the last third.
    const cut = Math.floor((sections.info!.length * 2) / 3);
    const part = readDwarf({ ...sections, info: sections.info!.subarray(0, cut) }, { littleEndian: true, addressSize: 8, inlines: true, demangle: (n) => n, onWarning: (m) => warnings.push(m) });
    expect(warnings.length).toBeGreaterThan(0);
    expect(part.functions.length).toBeGreaterThan(0);
    expect(part.functions.length).toBeLessThanOrEqual(full.functions.length);
    for (const f of part.functions) expect(full.functions.some((g) => g.address === f.address && g.size === f.size && g.name === f.name)).toBe(true);
  });
});
