// Every thread's starting frame against LLDB, which reads minidumps with its own
// reader: the same thread ids and the same instruction pointers (the exception
// context for the crashing thread). This is also where Breakpad is shown wrong on
// tiny-exe-with-cet-xsave-x86.dmp: it prints "<no frames>" for every thread because
// it cannot read x86 contexts with an XSAVE/CET extension, while LLDB and we read them.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { processMinidump } from '../../src/index.js';
import { CORPUS, HAS_CORPUS } from '../helpers.js';

const LLDB = ['lldb-19', 'lldb'].find((l) => spawnSync(l, ['--version']).status === 0);
const dumps = HAS_CORPUS ? readdirSync(CORPUS).filter((f) => f.endsWith('.dmp')).sort() : [];

/** `thread #2: tid = 0x26db4, 0x7707852c ntdll.dll` → tid → pc. */
function lldbThreads(dump: string): Map<number, bigint> {
  const r = spawnSync(LLDB!, ['--batch', '-c', dump, '-o', 'thread list'], { encoding: 'utf8', timeout: 60_000 });
  const out = new Map<number, bigint>();
  for (const m of r.stdout.matchAll(/thread #\d+: tid = (0x[0-9a-f]+|\d+), (0x[0-9a-f]+)/g)) out.set(Number(m[1]), BigInt(m[2]!));
  return out;
}

describe.skipIf(!HAS_CORPUS || !LLDB)('thread contexts agree with LLDB', () => {
  it.each(dumps)('%s', async (file) => {
    const path = join(CORPUS, file);
    const want = lldbThreads(path);
    expect(want.size).toBeGreaterThan(0);
    const report = await processMinidump(path);
    let compared = 0;
    for (const t of report.threads) {
      const pc = want.get(t.thread_id);
      if (pc === undefined) continue;
      expect(t.frames.length, `thread ${t.thread_id} has a context frame`).toBeGreaterThan(0);
      expect(BigInt(t.frames[0]!.offset), `thread ${t.thread_id} pc`).toBe(pc);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });
});
