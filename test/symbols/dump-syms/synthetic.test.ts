// dumpSyms() on hand-made ELF files: big-endian, 32-bit ARM Thumb symbols, MiniDebugInfo.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xz } from '@napi-rs/lzma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpSyms } from '../../../src/symbols/dump-syms/index.js';
import { buildIdNote, makeElf } from '../elf/make-elf.js';

describe('dumpSyms on synthetic ELF files', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dump-syms-synth-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const id = Uint8Array.from({ length: 20 }, (_, i) => 0x10 + i);
  const text = new Uint8Array(0x40).fill(0x90);

  it('big-endian ppc64: MODULE with unswapped id, PUBLICs, no CFI', async () => {
    const p = join(dir, 'be.so');
    writeFileSync(p, makeElf({
      is64: true, littleEndian: false, machine: 21,
      sections: [
        { name: '.text', type: 1, flags: 6, addr: 0x1000, data: text, align: 16 },
        { name: '.note.gnu.build-id', type: 7, flags: 2, addr: 0x200, data: buildIdNote(id, false) },
      ],
      symbols: [{ name: '_Z4workv', value: 0x1000, size: 0x20, type: 2, shndx: 1 }, { name: 'other', value: 0x1020, size: 0x20, type: 2, shndx: 1 }],
    }));
    const t = (await dumpSyms(p, { debugDirs: [] })) as string;
    expect(t.split('\n').slice(0, 2)).toEqual(['MODULE Linux ppc64 101112131415161718191A1B1C1D1E1F0 be.so', 'INFO CODE_ID 101112131415161718191A1B1C1D1E1F20212223']);
    expect(t).toMatch(/^PUBLIC 1000 0 work\(\)$/m);
    expect(t).toMatch(/^PUBLIC 1020 0 other$/m);
  });

  it('ARM: Thumb bit of function symbols is cleared', async () => {
    const p = join(dir, 'arm.so');
    writeFileSync(p, makeElf({
      is64: false, littleEndian: true, machine: 40,
      sections: [{ name: '.text', type: 1, flags: 6, addr: 0x1000, data: text, align: 4 }],
      symbols: [{ name: 'thumb_fn', value: 0x1001, size: 0x10, type: 2, shndx: 1 }],
    }));
    const t = (await dumpSyms(p, { debugDirs: [] })) as string;
    expect(t).toMatch(/^MODULE Linux arm [0-9A-F]{33} arm\.so$/m);
    expect(t).toMatch(/^PUBLIC 1000 0 thumb_fn$/m);
  });

  it('MiniDebugInfo symbols become PUBLICs; a corrupt .gnu_debugdata is a warning', async () => {
    const inner = makeElf({
      is64: true, littleEndian: true, machine: 62,
      sections: [{ name: '.text', type: 8, flags: 6, addr: 0x1000, data: text }],
      symbols: [{ name: '_ZN2ns6hiddenEv', value: 0x1010, size: 0x10, type: 2, shndx: 1 }],
    });
    const build = (debugdata: Uint8Array) =>
      makeElf({
        is64: true, littleEndian: true, machine: 62,
        sections: [
          { name: '.text', type: 1, flags: 6, addr: 0x1000, data: text, align: 16 },
          { name: '.note.gnu.build-id', type: 7, flags: 2, addr: 0x200, data: buildIdNote(id, true) },
          { name: '.gnu_debugdata', type: 1, data: debugdata },
        ],
      });
    const p = join(dir, 'mini');
    writeFileSync(p, build(xz.compressSync(inner)));
    const t = (await dumpSyms(p, { debugDirs: [] })) as string;
    expect(t).toMatch(/^PUBLIC 1010 0 ns::hidden\(\)$/m);
    expect(t).toMatch(/^PUBLIC 1000 0 <\.text ELF section in mini>$/m);

    // xz(1) writes CRC64 block checks (napi-rs/lzma writes none): corruption is then caught.
    let packed: Uint8Array;
    try {
      packed = execFileSync('xz', ['-C', 'crc64', '-c'], { input: inner });
    } catch {
      return;
    }
    const bad = Uint8Array.from(packed);
    bad[bad.length >> 1] = (bad[bad.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(p, build(bad));
    const warnings: string[] = [];
    const t2 = (await dumpSyms(p, { debugDirs: [], onWarning: (m) => warnings.push(m) })) as string;
    expect(t2).toMatch(/^MODULE Linux x86_64 /);
    expect(warnings.some((w) => /MiniDebugInfo/.test(w))).toBe(true);
  });
});
