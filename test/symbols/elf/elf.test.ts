import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectFileError } from '../../../src/errors.js';
import {
  crc32, crc64, decompressChdr, ElfFile, elfIds, findBuildId, readAltLink, readDebugLink, readMiniDebugInfo, toHex, xzUncompressedSize,
} from '../../../src/symbols/elf/index.js';
import { buildIdNote, makeElf } from './make-elf.js';

const SHARED = fileURLToPath(new URL('../../../../shared', import.meta.url));
const LINUX = join(SHARED, 'corpus/dump_syms/linux');
const BREAKPAD = fileURLToPath(new URL('../../../node_modules/minidump/bin/linux-x64/dump_syms', import.meta.url));

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const HAVE_GCC = has('gcc') && has('objcopy') && has('readelf');
const HAVE_BREAKPAD = existsSync(BREAKPAD);

/** Breakpad's MODULE/INFO CODE_ID for a file (dump_syms -i). */
function breakpadIds(path: string): { id: string; codeId: string | undefined } {
  const out = execFileSync(BREAKPAD, ['-i', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const id = /^MODULE \S+ \S+ (\S+) /m.exec(out)![1]!;
  return { id, codeId: /^INFO CODE_ID (\S+)/m.exec(out)?.[1] };
}

describe.skipIf(!existsSync(SHARED))('mozilla dump_syms fixtures', () => {
  const expected = 'MODULE Linux x86_64 20AD60B0B4C68177552708AA192E77390';
  for (const name of ['basic.full', 'basic.dbg', 'basic.stripped', 'basic.dwz', 'basic.minidebuginfo']) {
    it(`${name}: arch and ids`, () => {
      const elf = new ElfFile(readFileSync(join(LINUX, name)));
      const ids = elfIds(elf);
      expect(`MODULE Linux ${elf.arch} ${ids.debugId}`).toBe(expected);
      expect(ids.codeId).toBe('B060AD20C6B47781552708AA192E7739FAC7C84A');
      expect(elf.loadAddress).toBe(0n);
    });
  }

  it('reads .symtab and .dynsym', () => {
    const full = new ElfFile(readFileSync(join(LINUX, 'basic.full')));
    const names = full.symbols().filter((s) => s.type === 2 && s.shndx !== 0).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['main', '_Z8inline_1i', '_start', '_init', '_fini']));
    const stripped = new ElfFile(readFileSync(join(LINUX, 'basic.stripped')));
    expect(stripped.symbols()).toEqual([]);
    expect(stripped.symbols(true).length).toBeGreaterThan(0);
    expect(stripped.symbols(true).every((s) => s.dynamic)).toBe(true);
  });

  it('reads the dwz .gnu_debugaltlink', () => {
    const dwz = new ElfFile(readFileSync(join(LINUX, 'basic.dwz')));
    const alt = readAltLink(dwz)!;
    expect(alt.path).toBe('basic.dwz');
    expect(toHex(alt.buildId)).toBe('120a913182e97f0470822b07e562b760a07fd5f2');
  });

  it('unpacks MiniDebugInfo (.gnu_debugdata)', () => {
    const elf = new ElfFile(readFileSync(join(LINUX, 'basic.minidebuginfo')));
    const raw = elf.rawData(elf.section('.gnu_debugdata')!);
    const mini = readMiniDebugInfo(elf)!;
    expect(xzUncompressedSize(raw)).toBe(mini.bytes.length);
    const funcs = mini.symbols().filter((s) => s.type === 2).map((s) => s.name);
    expect(funcs).toEqual(expect.arrayContaining(['_Z8inline_1i', 'main', 'frame_dummy']));
    expect(readMiniDebugInfo(new ElfFile(readFileSync(join(LINUX, 'basic.full'))))).toBeUndefined();
  });
});

describe('synthetic ELF files', () => {
  const id = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
  const text = Uint8Array.from({ length: 40 }, (_, i) => (i * 7 + 3) & 0xff);
  for (const is64 of [true, false]) {
    for (const le of [true, false]) {
      it(`ELF${is64 ? 64 : 32} ${le ? 'little' : 'big'}-endian: header, notes, symbols, ids`, () => {
        const bytes = makeElf({
          is64, littleEndian: le, machine: is64 ? 21 /* ppc64 */ : 20 /* ppc */,
          sections: [
            { name: '.text', type: 1, flags: 6, addr: 0x1000, data: text, align: 16 },
            { name: '.note.gnu.build-id', type: 7, flags: 2, addr: 0x200, data: buildIdNote(id, le) },
          ],
          symbols: [
            { name: 'f', value: 0x1000, size: 0x10, type: 2, shndx: 1 },
            { name: 'g', value: 0x1010, size: 0x18, type: 2, shndx: 1 },
          ],
        });
        const elf = new ElfFile(bytes);
        expect(elf.is64).toBe(is64);
        expect(elf.littleEndian).toBe(le);
        expect(elf.arch).toBe(is64 ? 'ppc64' : 'ppc');
        expect(elf.section('.text')!.addr).toBe(0x1000n);
        expect(toHex(findBuildId(elf)!)).toBe(toHex(id));
        const ids = elfIds(elf);
        expect(ids.codeId).toBe(toHex(id).toUpperCase());
        // Little-endian: first three GUID fields swapped; big-endian: raw bytes.
        expect(ids.debugId).toBe(le ? '0403020106050807090A0B0C0D0E0F100' : '0102030405060708090A0B0C0D0E0F100');
        expect(elf.symbols().map((s) => [s.name, s.value, s.size])).toEqual([['f', 0x1000n, 0x10n], ['g', 0x1010n, 0x18n]]);
      });
    }
  }

  it('zero-pads a short build-id', () => {
    const bytes = makeElf({ is64: true, littleEndian: true, machine: 62, sections: [{ name: '.note.gnu.build-id', type: 7, data: buildIdNote(Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd, 0xee), true) }] });
    expect(elfIds(new ElfFile(bytes)).debugId).toBe('DDCCBBAA00EE00000000000000000000' + '0');
  });

  it('hashes .text in 16-byte strides when there is no build-id (Breakpad), reading past a ragged end', () => {
    const bytes = makeElf({ is64: true, littleEndian: true, machine: 62, segments: false, sections: [{ name: '.text', type: 1, flags: 6, addr: 0x1000, data: text, align: 16 }] });
    const elf = new ElfFile(bytes);
    const off = elf.section('.text')!.offset;
    const want = new Uint8Array(16);
    for (let i = 0; i < 48; i++) want[i % 16]! ^= bytes[off + i] ?? 0;
    const ids = elfIds(elf);
    expect(ids.codeId).toBe(toHex(want).toUpperCase());
    expect(ids.buildId).toBeUndefined();
  });

  it('gives the nil id when there is neither build-id nor .text', () => {
    const bytes = makeElf({ is64: true, littleEndian: true, machine: 62, sections: [] });
    expect(elfIds(new ElfFile(bytes))).toEqual({ debugId: '0'.repeat(33), codeId: undefined, buildId: undefined });
  });

  it('maps machines to Breakpad arch names', () => {
    const arch = (machine: number, is64: boolean) => new ElfFile(makeElf({ is64, littleEndian: true, machine, sections: [] })).arch;
    expect(arch(3, false)).toBe('x86');
    expect(arch(62, true)).toBe('x86_64');
    expect(arch(40, false)).toBe('arm');
    expect(arch(183, true)).toBe('arm64');
    expect(arch(8, false)).toBe('mips');
    expect(arch(8, true)).toBe('mips64');
    expect(arch(243, true)).toBe('riscv64');
    expect(arch(243, false)).toBe('riscv');
    expect(arch(22, true)).toBe('s390');
    expect(arch(9999, true)).toBe('unknown');
  });

  it('reads .gnu_debuglink', () => {
    const body = new Uint8Array(16);
    body.set(new TextEncoder().encode('foo.debug'));
    new DataView(body.buffer).setUint32(12, 0xdeadbeef, false);
    const elf = new ElfFile(makeElf({ is64: false, littleEndian: false, machine: 8, sections: [{ name: '.gnu_debuglink', type: 1, data: body }] }));
    expect(readDebugLink(elf)).toEqual({ name: 'foo.debug', crc: 0xdeadbeef });
  });

  it('computes CRC-64/XZ', () => {
    expect(crc64(new TextEncoder().encode('123456789'))).toBe(0x995dc9bbdf1939fan);
  });

  it('computes CRC-32 like zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('decompresses SHF_COMPRESSED zlib sections and rejects lying headers', async () => {
    const { deflateSync } = await import('node:zlib');
    const payload = new TextEncoder().encode('debug info '.repeat(100));
    const chdr = (size: number) => {
      const h = new Uint8Array(24);
      const v = new DataView(h.buffer);
      v.setUint32(0, 1, true);
      v.setBigUint64(8, BigInt(size), true);
      v.setBigUint64(16, 1n, true);
      return h;
    };
    const z = deflateSync(payload);
    const ok = new Uint8Array([...chdr(payload.length), ...z]);
    expect(Buffer.from(decompressChdr(ok, true, true, '.debug_info')).equals(payload)).toBe(true);
    const expectCode = (f: () => unknown, code: string) => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ObjectFileError);
        expect((e as ObjectFileError).code).toBe(code);
      }
    };
    expectCode(() => decompressChdr(new Uint8Array([...chdr(payload.length + 5), ...z]), true, true, 'x'), 'MALFORMED');
    expectCode(() => decompressChdr(new Uint8Array([...chdr(2 ** 40), ...z]), true, true, 'x'), 'LIMIT');
    expectCode(() => decompressChdr(new Uint8Array([...chdr(1e9), ...z]), true, true, 'x'), 'MALFORMED');
    expectCode(() => decompressChdr(new Uint8Array([...chdr(payload.length), ...z.subarray(0, 20)]), true, true, 'x'), 'MALFORMED');
    expectCode(() => decompressChdr(new Uint8Array(10), true, true, 'x'), 'TRUNCATED');
  });
});

describe.skipIf(!HAVE_GCC)('gcc-built binaries', () => {
  let dir = '';
  const sh = (cmd: string) => execFileSync('sh', ['-c', cmd], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  let zstd = false;
  let i386 = false;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'elf-test-'));
    writeFileSync(join(dir, 'hello.c'), 'static int helper(int x) { return x * 3; }\nint exported(int y) { return helper(y) + 1; }\nint main(int argc, char **argv) { (void)argv; return exported(argc); }\n');
    sh('gcc -g -O1 -Wl,--build-id=sha1 -o hello hello.c');
    sh('objcopy --remove-section .note.gnu.build-id hello hello.nobid');
    sh('objcopy --compress-debug-sections=zlib hello hello.zlib');
    sh('objcopy --compress-debug-sections=zlib-gnu hello hello.zgnu');
    try {
      sh('objcopy --compress-debug-sections=zstd hello hello.zstd');
      zstd = true;
    } catch {
      zstd = false;
    }
    // 32-bit without multilib: assemble and link a tiny static i386 program.
    writeFileSync(join(dir, 't32.s'), '.globl _start\n.text\n_start:\n movl $1, %eax\n xorl %ebx, %ebx\n int $0x80\n nop\n');
    try {
      sh('as --32 -o t32.o t32.s && ld -m elf_i386 --build-id -o t32 t32.o && objcopy --remove-section .note.gnu.build-id t32 t32.nobid 2>/dev/null');
      i386 = true;
    } catch {
      i386 = false;
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('build-id matches readelf -n', () => {
    const out = sh('readelf -n hello');
    const buildId = /Build ID: ([0-9a-f]+)/.exec(out)![1]!;
    const ids = elfIds(new ElfFile(readFileSync(join(dir, 'hello'))));
    expect(ids.codeId).toBe(buildId.toUpperCase());
  });

  it.skipIf(!HAVE_BREAKPAD)('ids match Breakpad dump_syms, with and without a build-id', () => {
    for (const f of ['hello', 'hello.nobid', ...(i386 ? ['t32', 't32.nobid'] : [])]) {
      const ours = elfIds(new ElfFile(readFileSync(join(dir, f))));
      const theirs = breakpadIds(join(dir, f));
      expect(ours.debugId, f).toBe(theirs.id);
      expect(ours.codeId, f).toBe(theirs.codeId);
    }
  });

  it('reads a 32-bit ELF (i386)', () => {
    if (!i386) return;
    const elf = new ElfFile(readFileSync(join(dir, 't32')));
    expect(elf.is64).toBe(false);
    expect(elf.arch).toBe('x86');
    expect(elf.loadAddress).toBe(0x8048000n);
    expect(elf.symbols().some((s) => s.name === '_start')).toBe(true);
  });

  it('decompresses zlib (SHF_COMPRESSED), zlib-gnu (.zdebug) and zstd debug sections', () => {
    const plain = new ElfFile(readFileSync(join(dir, 'hello')));
    const files = ['hello.zlib', 'hello.zgnu', ...(zstd ? ['hello.zstd'] : [])];
    for (const f of files) {
      const elf = new ElfFile(readFileSync(join(dir, f)));
      for (const name of ['.debug_info', '.debug_line', '.debug_abbrev', '.debug_str']) {
        const want = plain.sectionData(name);
        if (!want) continue;
        expect(Buffer.from(elf.sectionData(name)!).equals(want), `${f} ${name}`).toBe(true);
      }
    }
    expect(new ElfFile(readFileSync(join(dir, 'hello.zgnu'))).section('.zdebug_info')).toBeDefined();
  });
});

describe('hostile input', () => {
  // A deterministic PRNG so failures reproduce.
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s;
    };
  }
  const exercise = (bytes: Uint8Array) => {
    try {
      const elf = new ElfFile(bytes);
      elfIds(elf);
      elf.symbols();
      elf.symbols(true);
      elf.soname();
      readDebugLink(elf);
      readAltLink(elf);
      for (const s of elf.sections) {
        try {
          elf.contents(s);
        } catch (e) {
          if (!(e instanceof ObjectFileError)) throw e;
        }
      }
      readMiniDebugInfo(elf);
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
      expect(typeof e.code).toBe('string');
    }
  };
  const inputs: Array<[string, Uint8Array]> = [
    ['synthetic', makeElf({ is64: true, littleEndian: true, machine: 62, sections: [{ name: '.text', type: 1, flags: 6, data: new Uint8Array(64) }, { name: '.note.gnu.build-id', type: 7, data: buildIdNote(new Uint8Array(20).fill(7), true) }], symbols: [{ name: 'x', value: 1, size: 1, type: 2, shndx: 1 }] })],
  ];
  if (existsSync(SHARED)) for (const n of ['basic.full', 'basic.minidebuginfo', 'basic.dwz']) inputs.push([n, readFileSync(join(LINUX, n))]);

  for (const [name, bytes] of inputs) {
    it(`${name}: every truncation gives an ObjectFileError or a result`, () => {
      const step = Math.max(1, Math.floor(bytes.length / 400));
      for (let n = 0; n < bytes.length; n += step) exercise(bytes.subarray(0, n));
    });
    it(`${name}: random corruption gives an ObjectFileError or a result`, () => {
      const r = rng(bytes.length);
      for (let round = 0; round < 300; round++) {
        const copy = Uint8Array.from(bytes);
        const flips = 1 + (r() % 8);
        // Headers and tables are where the damage matters: bias flips towards the start and end.
        for (let i = 0; i < flips; i++) {
          const at = r() % 2 ? r() % Math.min(copy.length, 256) : r() % copy.length;
          copy[at] = r() & 0xff;
        }
        exercise(copy);
      }
    });
  }

  it('rejects non-ELF input with typed errors', () => {
    for (const [bytes, code] of [
      [new Uint8Array(0), 'TRUNCATED'],
      [new TextEncoder().encode('MZ not an elf file at all'), 'BAD_SIGNATURE'],
      [Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 9, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0), 'UNSUPPORTED'],
      [Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 'TRUNCATED'],
    ] as const) {
      expect(() => new ElfFile(bytes)).toThrowError(ObjectFileError);
      try {
        new ElfFile(bytes);
      } catch (e) {
        expect((e as ObjectFileError).code).toBe(code);
      }
    }
  });
});
