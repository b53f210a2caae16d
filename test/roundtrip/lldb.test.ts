// Round trip: a real crash of a gcc-built C++ program, written to a minidump by LLDB,
// processed with symbols from our dumpSyms(), must name the same functions and lines
// as LLDB's own backtrace of that process (the reference).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dumpSymsToStore, processMinidump } from '../../src/index.js';

const LLDB = ['lldb-19', 'lldb'].find((l) => spawnSync(l, ['--version']).status === 0);
const GXX = spawnSync('g++', ['--version']).status === 0;
const SOURCE = fileURLToPath(new URL('./fixtures/crash.cc', import.meta.url));

interface Frame {
  name: string;
  line: number | null;
}

/** LLDB's `bt` frames of one module: `frame #1: 0x… rt`run(argc=…) at rt.cc:23:21`. */
function lldbFrames(text: string, module: string): Frame[] {
  const out: Frame[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s+frame #\d+: 0x[0-9a-f]+ ([^`]+)`(.*?)(?: at [^:]+:(\d+)(?::\d+)?)?$/.exec(line);
    if (!m || m[1] !== module) continue;
    out.push({ name: baseName(m[2]!), line: m[3] ? Number(m[3]) : null });
  }
  return out;
}

/** The qualified name without parameters or return type: `int ns::f<int>(b=1)` → `ns::f<int>`. */
function baseName(name: string): string {
  let depth = 0;
  let end = name.length;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (c === '(' && depth === 0) {
      end = i;
      break;
    }
  }
  const head = name.slice(0, end).replace(/ \+ \d+$/, '');
  // Drop a return type: the last space outside template brackets.
  depth = 0;
  for (let i = head.length - 1; i >= 0; i--) {
    const c = head[i];
    if (c === '>') depth++;
    else if (c === '<') depth--;
    else if (c === ' ' && depth === 0) return head.slice(i + 1);
  }
  return head;
}

const variants: [string, string[]][] = [
  ['DWARF 4, -O2', ['-gdwarf-4', '-O2']],
  ['DWARF 5, -O2', ['-gdwarf-5', '-O2']],
  ['DWARF 5, -O2, frame pointers', ['-gdwarf-5', '-O2', '-fno-omit-frame-pointer']],
  ['DWARF 4, -O1, no inlining', ['-gdwarf-4', '-O1', '-fno-inline']],
];

describe.skipIf(!LLDB || !GXX || process.platform !== 'linux')('LLDB round trip', () => {
  it.each(variants)('g++ %s: our stack matches LLDB', async (_label, flags) => {
    const dir = mkdtempSync(join(tmpdir(), 'mdp-rt-'));
    const exe = join(dir, 'crash');
    const build = spawnSync('g++', ['-g', ...flags, '-o', exe, SOURCE], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const dump = join(dir, 'crash.dmp');
    const lldb = spawnSync(LLDB!, ['--batch', '-o', 'run', '-k', `process save-core --plugin-name=minidump ${dump}`, '-k', 'bt', exe], { encoding: 'utf8', timeout: 60_000 });
    expect(existsSync(dump), lldb.stdout + lldb.stderr).toBe(true);
    const want = lldbFrames(lldb.stdout, 'crash');
    expect(want.map((f) => f.name)).toContain('main');

    const store = join(dir, 'symbols');
    await dumpSymsToStore(exe, store);
    const report = await processMinidump(dump, { symbolsPaths: [store] });
    // Our frames of the program, inline frames first, down to main (LLDB stops its
    // names there too; what lies below is libc's and _start).
    const got: Frame[] = [];
    for (const f of report.crashing_thread!.frames) {
      if (f.module !== 'crash') continue;
      for (const inl of f.inlines ?? []) got.push({ name: baseName(inl.function ?? ''), line: inl.line });
      got.push({ name: baseName(f.function ?? ''), line: f.line });
      if (baseName(f.function ?? '') === 'main') break;
    }
    const upToMain = want.slice(0, want.findIndex((f) => f.name === 'main') + 1);
    expect(got).toEqual(upToMain);
    expect(report.crash_info.type).toMatch(/^SIGSEGV/);
  });
});
