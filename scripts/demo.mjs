// npm run demo — the whole pipeline on its defaults, with a real crash:
//   1. build a small C program with debug info (gcc -g -O2);
//   2. crash it under LLDB and save a minidump (process save-core --plugin-name=minidump);
//   3. dump the symbols of every module of the crash into a Breakpad store with dumpSyms();
//   4. process the minidump with processMinidump() and print the human report.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const work = join(ROOT, '.cache', 'demo');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const { dumpSymsToStore, processMinidump, readMinidump, renderHuman } = await import(join(ROOT, 'dist', 'index.js'));

const exe = join(work, 'crash');
const dump = join(work, 'crash.dmp');
const store = join(work, 'symbols');

step('1. building', 'gcc -g -O2 scripts/demo/crash.c');
execFileSync('gcc', ['-g', '-O2', '-o', exe, join(ROOT, 'scripts', 'demo', 'crash.c')], { stdio: 'inherit' });

step('2. crashing it under LLDB', 'process save-core --plugin-name=minidump');
const lldb = ['lldb-19', 'lldb'].find((l) => spawnSync(l, ['--version']).status === 0);
if (!lldb) throw new Error('LLDB is not installed (scripts/setup.sh installs lldb-19)');
const r = spawnSync(lldb, ['--batch', '-o', 'run', '-k', `process save-core --plugin-name=minidump ${dump}`, '-k', 'bt', exe], { encoding: 'utf8' });
if (!existsSync(dump)) throw new Error(`LLDB did not write a minidump:\n${r.stdout}\n${r.stderr}`);
console.log(r.stdout.split('\n').filter((l) => /stop reason|frame #/.test(l)).join('\n'));

step('3. dumping symbols', `dumpSyms() of every module found on disk → ${store}`);
for (const module of (await readMinidump(dump)).modules ?? []) {
  if (!module.codeFile.startsWith('/') || !existsSync(module.codeFile)) continue;
  try {
    console.log(`wrote ${await dumpSymsToStore(module.codeFile, store)}`);
  } catch (err) {
    console.log(`skipped ${module.codeFile}: ${err.message}`);
  }
}

step('4. processing the minidump', 'processMinidump() with the symbols');
const report = await processMinidump(dump, { symbolsPaths: [store], frameRegisters: 'all' });
console.log(renderHuman(report, { brief: true }));
console.log(`JSON report: ${report.crash_info.type} in ${report.crashing_thread?.frames[0]?.function ?? '?'}; ${report.modules.length} modules`);

function step(title, detail) {
  console.log(`\n=== ${title} (${detail})`);
}
