// npm run bench:stackwalk — our stackwalker against Breakpad's minidump_stackwalk,
// side by side in one run, on the real corpus:
//   1. per dump: our CLI vs Breakpad's CLI (median of N runs each);
//   2. the whole corpus: processMinidump() in one process vs Breakpad once per dump;
//   3. symbol-heavy: a corpus dump whose libc is given Breakpad's ~28 MB .sym of `node`.
import { mkdirSync, existsSync, readFileSync, writeFileSync, realpathSync, openSync, closeSync } from 'node:fs';
import { join, basename } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, CORPUS, BREAKPAD_BIN, CLI, requireCorpus, corpusDumps, timeCommand, median, fmt, table } from './common.mjs';

requireCorpus();
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const symbols = join(CORPUS, 'symbols');
const stackwalk = join(BREAKPAD_BIN, 'minidump_stackwalk');
const { processMinidump } = await import(join(ROOT, 'dist', 'index.js'));

// 1. Per dump, CLI against CLI.
console.log(`# 1. CLI per dump (median of ${RUNS} runs)`);
const rows = [['dump', 'ours', 'breakpad', 'ours/breakpad']];
let sumOurs = 0;
let sumTheirs = 0;
for (const dump of corpusDumps()) {
  const ours = median(Array.from({ length: RUNS }, () => timeCommand('node', [CLI, 'stackwalk', '--json', dump, '--symbols-path', symbols]).ms));
  const theirs = median(Array.from({ length: RUNS }, () => timeCommand(stackwalk, ['-m', dump, symbols], { allowFail: true }).ms));
  sumOurs += ours;
  sumTheirs += theirs;
  rows.push([basename(dump), fmt(ours), fmt(theirs), (ours / theirs).toFixed(2)]);
}
rows.push(['TOTAL', fmt(sumOurs), fmt(sumTheirs), (sumOurs / sumTheirs).toFixed(2)]);
console.log(table(rows));

// 2. Whole corpus in one process against Breakpad once per dump.
console.log('\n# 2. whole corpus: processMinidump() in one process vs Breakpad once per dump');
const dumps = corpusDumps();
const inProc = [];
const perDump = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = process.hrtime.bigint();
  for (const dump of dumps) await processMinidump(dump, { symbolsPaths: [symbols] });
  inProc.push(Number(process.hrtime.bigint() - t0) / 1e6);
  let total = 0;
  for (const dump of dumps) total += timeCommand(stackwalk, ['-m', dump, symbols], { allowFail: true }).ms;
  perDump.push(total);
}
const a = median(inProc);
const b = median(perDump);
console.log(table([['', 'ours', 'breakpad', 'ours/breakpad'], [`${dumps.length} dumps`, fmt(a), fmt(b), (a / b).toFixed(2)]]));

// 3. Symbol-heavy: both processors load the same big .sym for libc in linux_inline.dmp.
console.log('\n# 3. symbol-heavy: linux_inline.dmp with a ~28 MB .sym (Breakpad dump_syms of node) as libc.so.6');
const cache = join(ROOT, '.cache', 'bench');
mkdirSync(cache, { recursive: true });
const nodeSym = join(cache, 'node.sym');
if (!existsSync(nodeSym)) {
  const nodeBin = realpathSync(process.execPath);
  console.log(`(making ${nodeSym} from ${nodeBin} with Breakpad's dump_syms; once)`);
  const fd = openSync(nodeSym, 'w');
  execFileSync(join(BREAKPAD_BIN, 'dump_syms'), [nodeBin], { stdio: ['ignore', fd, 'ignore'] });
  closeSync(fd);
}
const heavy = join(cache, 'heavy-symbols');
const libcId = '03249E25E469D3A3D7D5C64107C6E7B00';
const heavySym = join(heavy, 'libc.so.6', libcId, 'libc.so.6.sym');
if (!existsSync(heavySym)) {
  mkdirSync(join(heavy, 'libc.so.6', libcId), { recursive: true });
  await rewriteModuleLine(nodeSym, heavySym, `MODULE Linux x86_64 ${libcId} libc.so.6`);
}
const dump = join(CORPUS, 'linux_inline.dmp');
const oursHeavy = median(Array.from({ length: RUNS }, () => timeCommand('node', [CLI, 'stackwalk', '--json', dump, '--symbols-path', heavy]).ms));
const theirsHeavy = median(Array.from({ length: RUNS }, () => timeCommand(stackwalk, ['-m', dump, heavy], { allowFail: true }).ms));
const inProcHeavy = median(
  await (async () => {
    const xs = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = process.hrtime.bigint();
      await processMinidump(dump, { symbolsPaths: [heavy] });
      xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return xs;
  })(),
);
console.log(
  table([
    ['', 'ours', 'breakpad', 'ours/breakpad'],
    ['CLI', fmt(oursHeavy), fmt(theirsHeavy), (oursHeavy / theirsHeavy).toFixed(2)],
    ['processMinidump()', fmt(inProcHeavy), fmt(theirsHeavy), (inProcHeavy / theirsHeavy).toFixed(2)],
  ]),
);
console.log(`\nsym file: ${(readFileSync(heavySym).length / 1e6).toFixed(1)} MB`);

async function rewriteModuleLine(src, dst, moduleLine) {
  const text = readFileSync(src, 'latin1');
  const nl = text.indexOf('\n');
  writeFileSync(dst, moduleLine + text.slice(nl), 'latin1');
}
