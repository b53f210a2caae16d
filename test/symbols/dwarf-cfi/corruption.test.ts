// Truncated and garbled sections: readCfi must never throw (bad entries are
// skipped with warnings), never loop, and every entry it yields must be well formed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyCfiStats, formatCfi, readCfi, type CfiArch, type CfiEntry, type CfiSection } from '../../../src/symbols/dwarf/cfi/index.js';
import { op, SectionBuilder } from './builder.js';
import { readElf } from './elf-sections.js';
import { hasTool, SHARED } from './helpers.js';
import { seededRandom } from '../../helpers.js';


function check(e: CfiEntry): void {
  expect(Number.isSafeInteger(e.address) && e.address >= 0).toBe(true);
  expect(Number.isSafeInteger(e.size) && e.size > 0).toBe(true);
  expect(e.initRules).not.toBe('');
  let last = e.address;
  for (const d of e.deltas) {
    expect(d.address).toBeGreaterThan(last);
    expect(d.address).toBeLessThan(e.address + e.size);
    last = d.address;
  }
  const text = formatCfi(e);
  expect(text).not.toMatch(/NaN|undefined|Infinity|: \n|: $/m);
}

function sampleSections(): { sections: CfiSection[]; arch: CfiArch; addressSize: 4 | 8 }[] {
  const out: { sections: CfiSection[]; arch: CfiArch; addressSize: 4 | 8 }[] = [];
  const basic = join(SHARED, 'corpus/dump_syms/linux/basic.full');
  if (existsSync(basic)) {
    const elf = readElf(new Uint8Array(readFileSync(basic)));
    const eh = elf.sections.get('.eh_frame')!;
    out.push({ sections: [{ kind: 'eh_frame', bytes: eh.bytes, address: eh.address }], arch: 'x86_64', addressSize: 8 });
  }
  if (hasTool('gcc')) {
    const dir = mkdtempSync(join(tmpdir(), 'cfi-fuzz-'));
    try {
      const src = new URL('./fixtures/prog.c', import.meta.url).pathname;
      execFileSync('gcc', ['-O2', '-g', '-fno-asynchronous-unwind-tables', src, '-o', join(dir, 'p')], { stdio: 'pipe' });
      const elf = readElf(new Uint8Array(readFileSync(join(dir, 'p'))));
      const df = elf.sections.get('.debug_frame')!;
      out.push({ sections: [{ kind: 'debug_frame', bytes: Uint8Array.from(df.bytes), address: 0 }], arch: 'x86_64', addressSize: 8 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // A hand-made big-endian 32-bit .debug_frame with every kind of instruction.
  const b = new SectionBuilder('debug_frame', false, 4, 0);
  const cie = b.cie({ version: 3, codeAlign: 4, dataAlign: -4, ra: 31, instructions: op.defCfa(29, 0) });
  for (let i = 0; i < 8; i++) {
    b.fde(cie, {
      address: 0x1000 * (i + 1),
      size: 0x100,
      instructions: [
        ...op.advance(1), ...op.defCfaOffset(32), ...op.offset(31, 1), ...op.remember, ...op.advance1(3), ...op.restore(31),
        ...op.defCfaExpression([0x7d, 0x08, 0x06]), ...op.restoreState, ...op.valOffset(16, 2), ...op.register(17, 4), ...op.argsSize(8),
        ...op.expression(18, [0x7d, 0x10]), ...op.sameValue(16), ...op.undefined(17), ...op.restoreExt(18),
      ],
    });
  }
  out.push({ sections: [{ kind: 'debug_frame', bytes: b.bytes(), address: 0 }], arch: 'mips', addressSize: 4 });
  return out;
}

describe('corrupted CFI', () => {
  const samples = sampleSections();

  it('never throws, loops or yields malformed entries on mutated input', () => {
    const rand = seededRandom(12345);
    let runs = 0;
    let yielded = 0;
    const t0 = Date.now();
    for (const sample of samples) {
      for (let iter = 0; iter < 400; iter++) {
        const orig = sample.sections[0]!.bytes;
        let bytes = Uint8Array.from(orig);
        const mode = iter % 4;
        if (mode === 0) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length));
        else {
          const flips = mode === 1 ? 1 : mode === 2 ? 8 : 64;
          for (let k = 0; k < flips; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
        }
        for (const littleEndian of [true, false]) {
          const stats = emptyCfiStats();
          const section = { ...sample.sections[0]!, bytes };
          for (const e of readCfi([section], { arch: sample.arch, littleEndian, addressSize: sample.addressSize, stats, onWarning: () => {} })) {
            check(e);
            yielded++;
          }
          runs++;
        }
      }
    }
    expect(runs).toBeGreaterThan(1000);
    expect(yielded).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('handles pathological values: huge LEBs, addresses past 2^53, empty and tiny sections', () => {
    const b = new SectionBuilder('eh_frame', true, 8);
    const cie = b.cie({ augmentation: 'zR', augData: [0x04], ra: 16, instructions: op.defCfa(7, 8) });
    b.fde(cie, { address: 0x1000, size: 0x100, encoding: 0x04, augData: [], instructions: [0x0e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01] });
    b.fde(cie, { address: 0x2000, size: 0x100, encoding: 0x04, augData: [], instructions: [...op.advance4([0xff, 0xff, 0xff, 0xff]), ...op.defCfaOffset(16), 0x1d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f] });
    b.raw([...b.int(24, 4), ...b.int(28, 4), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // FDE at 2^64-1
    const warnings: string[] = [];
    const entries = [...readCfi([{ kind: 'eh_frame', bytes: b.bytes(), address: 0 }], { arch: 'x86_64', littleEndian: true, addressSize: 8, onWarning: (m) => warnings.push(m) })];
    for (const e of entries) check(e);
    expect(entries.map((e) => e.address)).toEqual([0x1000, 0x2000]);
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    for (const bytes of [new Uint8Array(0), Uint8Array.of(1), Uint8Array.of(0, 0, 0, 0), Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1)]) {
      for (const kind of ['eh_frame', 'debug_frame'] as const) {
        expect([...readCfi([{ kind, bytes, address: 0 }], { arch: 'x86', littleEndian: true, addressSize: 4 })]).toEqual([]);
      }
    }
  });
});
