// dumpSyms() on binaries built here with gcc/g++/objcopy/dwz, compared with
// Breakpad's dump_syms and with itself across split-debug layouts.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectFileError } from '../../../src/errors.js';
import { ElfFile, findBuildId, toHex } from '../../../src/symbols/elf/index.js';
import { dumpSyms, dumpSymsToStore, type DumpSymsOptions } from '../../../src/symbols/dump-syms/index.js';
import { BREAKPAD, has, HAVE_BREAKPAD, symCompare } from './helpers.js';
import { dropUndefinedRa } from '../dwarf-cfi/helpers.js';

const HAVE_TOOLS = has('gcc') && has('g++') && has('objcopy');
const HAVE_DWZ = has('dwz');

const PROG = `#include <cstdio>
#include <vector>
namespace ns {
struct Shape { virtual ~Shape() {} virtual double area() const = 0; };
struct Sq : Shape { double s; explicit Sq(double x) : s(x) {} double area() const override { return s * s; } };
template <typename T> T twice(T v) { return v + v; }
}
namespace { int sum_areas(const std::vector<ns::Shape*>& v) { double t = 0; for (auto* s : v) t += s->area(); return (int)t; } }
static inline int sq(int x) { return x * x; }
int compute(int n) { int r = 0; for (int i = 0; i < n; i++) r += sq(i) + ns::twice(i); return r; }
int main(int argc, char**) { std::vector<ns::Shape*> v{new ns::Sq(argc)}; std::printf("%d %d\\n", sum_areas(v), compute(argc)); return 0; }
`;

/** FUNC "address size" pairs and line records, ignoring names. */
function funcRanges(text: string): string[] {
  return [...text.matchAll(/^FUNC (?:m )?([0-9a-f]+) ([0-9a-f]+) /gm)].map((m) => `${m[1]} ${m[2]}`);
}
function records(text: string, re: RegExp): string[] {
  return text.split('\n').filter((l) => re.test(l));
}

describe.skipIf(!HAVE_TOOLS)('gcc-built binaries', () => {
  let dir = '';
  const sh = (cmd: string) => execFileSync('sh', ['-c', cmd], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const dump = async (file: string, opts: DumpSymsOptions = {}) => {
    const warnings: string[] = [];
    const text = (await dumpSyms(join(dir, file), { debugDirs: [], ...opts, onWarning: (m) => warnings.push(m) })) as string;
    return { text, warnings };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dump-syms-gcc-'));
    writeFileSync(join(dir, 'prog.cpp'), PROG);
    sh('g++ -g -O2 -Wl,--build-id -o prog prog.cpp');
    sh('g++ -g -O0 -no-pie -Wl,--build-id -o prog.nopie prog.cpp');
    sh('objcopy --compress-debug-sections=zlib prog prog.zlib');
    // Split debug info: a stripped binary with a .gnu_debuglink to prog.debug.
    sh('objcopy --only-keep-debug prog prog.debug');
    sh('objcopy --strip-debug --strip-unneeded --add-gnu-debuglink=prog.debug prog prog.stripped');
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAVE_BREAKPAD)('agrees with Breakpad dump_syms on a non-PIE executable (addresses relative to 0x400000)', async () => {
    const ours = (await dump('prog.nopie', { inlines: false })).text;
    const theirs = dropUndefinedRa(execFileSync(BREAKPAD, [join(dir, 'prog.nopie')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), join(dir, 'prog.nopie'));
    expect(new ElfFile(readFileSync(join(dir, 'prog.nopie'))).loadAddress).toBe(0x400000n);
    writeFileSync(join(dir, 'nopie.bp.sym'), theirs);
    const cmp = symCompare(join(dir, 'nopie.bp.sym'), ours, dir, 'nopie');
    expect(cmp.moduleSame, cmp.output).toBe(true);
    // Names differ by design (Breakpad: DW_AT_name qualified by scope; mozilla/us: demangled linkage names).
    expect(funcRanges(ours).sort()).toEqual(funcRanges(theirs).sort());
    expect(cmp.kinds['LINE']!.recall).toBe(100);
    expect(cmp.kinds['PUBLIC']!.recall).toBe(100);
    expect(cmp.kinds['CFI']!.recall).toBe(100);
    expect(ours).toMatch(/^FUNC [0-9a-f]+ [0-9a-f]+ 0 compute\(int\)$/m);
    expect(ours).toMatch(/^FUNC [0-9a-f]+ [0-9a-f]+ 0 \(anonymous namespace\)::sum_areas\(std::vector<ns::Shape\*, std::allocator<ns::Shape\*> > const&\)$/m);
  });

  it('names a shared object by its DT_SONAME, as Breakpad does', async () => {
    writeFileSync(join(dir, 'lib.c'), 'int lib_fn(int x) { return x + 1; }\n');
    sh('gcc -g -O1 -shared -fPIC -Wl,-soname,libdemo.so.1 -o libdemo.so.1.2.3 lib.c');
    const ours = (await dump('libdemo.so.1.2.3')).text;
    expect(ours).toMatch(/^MODULE Linux x86_64 [0-9A-F]{33} libdemo\.so\.1$/m);
    expect(ours).toMatch(/^FUNC [0-9a-f]+ [0-9a-f]+ 0 lib_fn$/m);
    if (HAVE_BREAKPAD) {
      const theirs = execFileSync(BREAKPAD, ['-i', join(dir, 'libdemo.so.1.2.3')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(ours.split('\n')[0]).toBe(theirs.split('\n')[0]);
    }
  });

  it('compressed debug sections give the same output', async () => {
    const plain = (await dump('prog')).text;
    const zlib = (await dump('prog.zlib')).text.replaceAll('prog.zlib', 'prog');
    expect(zlib).toBe(plain);
  });

  it('follows .gnu_debuglink next to the binary, in .debug/, and under a debug dir; checks the CRC', async () => {
    const full = (await dump('prog')).text;
    const want = records(full, /^(FUNC|[0-9a-f]+ )/);
    expect(want.length).toBeGreaterThan(10);
    // Next to the binary.
    let r = await dump('prog.stripped');
    expect(records(r.text, /^(FUNC|[0-9a-f]+ )/)).toEqual(want);
    // In .debug/ beside it.
    mkdirSync(join(dir, 'b1', '.debug'), { recursive: true });
    copyFileSync(join(dir, 'prog.stripped'), join(dir, 'b1', 'prog.stripped'));
    copyFileSync(join(dir, 'prog.debug'), join(dir, 'b1', '.debug', 'prog.debug'));
    r = await dump('b1/prog.stripped');
    expect(records(r.text, /^(FUNC|[0-9a-f]+ )/)).toEqual(want);
    // Under <debug dir>/<binary's directory>/.
    mkdirSync(join(dir, 'b2'));
    copyFileSync(join(dir, 'prog.stripped'), join(dir, 'b2', 'prog.stripped'));
    const root = join(dir, 'root');
    mkdirSync(join(root, dir, 'b2'), { recursive: true });
    copyFileSync(join(dir, 'prog.debug'), join(root, dir, 'b2', 'prog.debug'));
    r = await dump('b2/prog.stripped', { debugDirs: [root] });
    expect(records(r.text, /^(FUNC|[0-9a-f]+ )/)).toEqual(want);
    // A debug file whose CRC does not match is refused (and the binary has no build-id match path here).
    mkdirSync(join(dir, 'b3'));
    copyFileSync(join(dir, 'prog.stripped'), join(dir, 'b3', 'prog.stripped'));
    const bad = readFileSync(join(dir, 'prog.debug'));
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
    writeFileSync(join(dir, 'b3', 'prog.debug'), bad);
    r = await dump('b3/prog.stripped');
    expect(r.text).not.toMatch(/^FUNC/m);
    expect(r.warnings.some((w) => /CRC32 does not match/.test(w))).toBe(true);
    // The module is still described by the binary: PUBLICs from .dynsym, CFI from .eh_frame.
    expect(r.text).toMatch(/^STACK CFI INIT /m);
  });

  it('finds the debug file in a .build-id tree', async () => {
    const id = toHex(findBuildId(new ElfFile(readFileSync(join(dir, 'prog'))))!);
    const root = join(dir, 'ids');
    mkdirSync(join(root, '.build-id', id.slice(0, 2)), { recursive: true });
    copyFileSync(join(dir, 'prog.debug'), join(root, '.build-id', id.slice(0, 2), `${id.slice(2)}.debug`));
    mkdirSync(join(dir, 'b4'));
    copyFileSync(join(dir, 'prog.stripped'), join(dir, 'b4', 'prog.stripped'));
    const full = (await dump('prog')).text;
    const r = await dump('b4/prog.stripped', { debugDirs: [root] });
    expect(funcRanges(r.text)).toEqual(funcRanges(full));
  });

  it.skipIf(!HAVE_DWZ)('reads dwz-compressed DWARF with its supplementary file (by path and by build-id)', async () => {
    mkdirSync(join(dir, 'dwz'));
    copyFileSync(join(dir, 'prog'), join(dir, 'dwz', 'a'));
    copyFileSync(join(dir, 'prog.nopie'), join(dir, 'dwz', 'b'));
    execFileSync('dwz', ['-m', 'common.dwz', '-M', 'common.dwz', 'a', 'b'], { cwd: join(dir, 'dwz') });
    const ref = (await dump('prog')).text;
    const withSup = await dump('dwz/a');
    expect(withSup.warnings.filter((w) => /supplementary/.test(w))).toEqual([]);
    expect(records(withSup.text, /^(FUNC|[0-9a-f]+ |INLINE)/)).toEqual(records(ref, /^(FUNC|[0-9a-f]+ |INLINE)/));
    // Moved away from its relative path: found by build-id under a debug dir.
    const root = join(dir, 'dwzroot');
    const supBytes = readFileSync(join(dir, 'dwz', 'common.dwz'));
    const supId = toHex(findBuildId(new ElfFile(supBytes))!);
    mkdirSync(join(root, '.build-id', supId.slice(0, 2)), { recursive: true });
    writeFileSync(join(root, '.build-id', supId.slice(0, 2), `${supId.slice(2)}.debug`), supBytes);
    rmSync(join(dir, 'dwz', 'common.dwz'));
    const byId = await dump('dwz/a', { debugDirs: [root] });
    expect(records(byId.text, /^(FUNC|[0-9a-f]+ |INLINE)/)).toEqual(records(ref, /^(FUNC|[0-9a-f]+ |INLINE)/));
    // Without it: a warning, and still FUNCs and lines.
    const none = await dump('dwz/a');
    expect(none.warnings.some((w) => /supplementary file/.test(w))).toBe(true);
    expect(none.text).toMatch(/^FUNC /m);
  });

  it('streams into a slow writable with backpressure, in chunks', async () => {
    const text = (await dump('prog')).text;
    const chunks: string[] = [];
    let maxBuffered = 0;
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString());
        setTimeout(cb, 1);
      },
    });
    const writeSpy = out.write.bind(out);
    out.write = ((chunk: string) => {
      maxBuffered = Math.max(maxBuffered, out.writableLength);
      return writeSpy(chunk);
    }) as typeof out.write;
    const r = await dumpSyms(join(dir, 'prog'), { debugDirs: [], output: out });
    expect(r).toBeUndefined();
    await new Promise<void>((resolve) => out.end(resolve));
    expect(chunks.join('')).toBe(text);
    // One chunk in flight at most: the writer waits for 'drain'.
    expect(maxBuffered).toBeLessThanOrEqual(1 << 17);
  });

  it('dumpSymsToStore writes NAME/ID/NAME.sym atomically', async () => {
    const store = join(dir, 'store');
    const path = await dumpSymsToStore(join(dir, 'prog'), store, { debugDirs: [] });
    const text = (await dump('prog')).text;
    const id = /^MODULE Linux x86_64 (\S+) prog$/m.exec(text)![1]!;
    expect(path).toBe(join(store, 'prog', id, 'prog.sym'));
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(readdirSync(join(store, 'prog', id))).toEqual(['prog.sym']);
  });

  it('reports progress', async () => {
    const phases = new Set<string>();
    await dumpSyms(join(dir, 'prog'), { debugDirs: [], onProgress: (_d, _t, phase) => phases.add(phase) });
    expect([...phases]).toEqual(['read', 'dwarf', 'write', 'publics', 'cfi']);
  });

  it('rejects what is not an ELF file with ObjectFileError', async () => {
    await expect(dumpSyms(join(dir, 'prog.cpp'))).rejects.toBeInstanceOf(ObjectFileError);
    await expect(dumpSyms(join(dir, 'no-such-file'))).rejects.toMatchObject({ code: 'IO' });
  });

  it('truncated and corrupted binaries give ObjectFileError or output with warnings', async () => {
    const bytes = readFileSync(join(dir, 'prog'));
    const p = join(dir, 'broken');
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    const cases: Uint8Array[] = [];
    for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 60))) cases.push(bytes.subarray(0, n));
    for (let i = 0; i < 60; i++) {
      const c = Uint8Array.from(bytes);
      for (let k = 0; k < 16; k++) c[rnd() % c.length] = rnd() & 0xff;
      cases.push(c);
    }
    for (const c of cases) {
      writeFileSync(p, c);
      try {
        const t = (await dumpSyms(p, { debugDirs: [], onWarning: () => {} })) as string;
        expect(t.startsWith('MODULE Linux ')).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(ObjectFileError);
      }
    }
  });
});

describe.skipIf(!HAVE_TOOLS || !has('as') || !has('ld'))('32-bit x86', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dump-syms-i386-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  it('MODULE line and PUBLICs match Breakpad', async () => {
    writeFileSync(join(dir, 't.s'), '.globl _start\n.type _start,@function\n.text\n_start:\n movl $1, %eax\n xorl %ebx, %ebx\n int $0x80\n.size _start, .-_start\n');
    try {
      execFileSync('sh', ['-c', 'as --32 -o t.o t.s && ld -m elf_i386 --build-id -o t32 t.o'], { cwd: dir, stdio: 'ignore' });
    } catch {
      return; // no i386 support in this binutils
    }
    const ours = (await dumpSyms(join(dir, 't32'), { debugDirs: [] })) as string;
    expect(ours).toMatch(/^MODULE Linux x86 [0-9A-F]{33} t32$/m);
    expect(ours).toMatch(/^PUBLIC 1000 0 _start$/m); // ET_EXEC at 0x8049000, first PT_LOAD at 0x8048000
    if (HAVE_BREAKPAD && existsSync(BREAKPAD)) {
      const theirs = execFileSync(BREAKPAD, ['-i', join(dir, 't32')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(ours.split('\n')[0]).toBe(theirs.split('\n')[0]);
    }
  });
});
