// npm run bench:dump-syms — our dump-syms against Breakpad's dump_syms, side by side in one
// run, on real binaries: wall time and peak memory (max RSS from /usr/bin/time), median of N.
//   BENCH_RUNS=N (default 3); extra binaries as arguments (default: the node executable).
import { realpathSync, statSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, basename } from 'node:path';
import { ROOT, BREAKPAD_BIN, CLI, median, fmt, table } from './common.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const binaries = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [realpathSync(process.execPath)];
const breakpad = join(BREAKPAD_BIN, 'dump_syms');
if (!existsSync('/usr/bin/time')) {
  console.error('bench:dump-syms needs /usr/bin/time (Debian package "time") for peak memory');
  process.exit(2);
}

/** Runs a command with stdout to /dev/null; returns wall ms and max RSS in KiB. */
function measure(cmd, args) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${res.stderr.slice(-500)}`);
  const last = res.stderr.trim().split('\n').pop().split(' ');
  return { ms: Number(last[0]) * 1000, kib: Number(last[1]) };
}

const rows = [['binary', 'size', 'ours', 'breakpad', 'time ratio', 'ours RSS', 'breakpad RSS', 'RSS ratio']];
for (const bin of binaries) {
  // Alternating runs: a machine whose speed drifts (a shared VM) shifts both alike.
  const ours = [];
  const theirs = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(measure('node', [CLI, 'dump-syms', '--quiet', bin]));
    theirs.push(measure(breakpad, [bin]));
  }
  const t1 = median(ours.map((r) => r.ms));
  const t2 = median(theirs.map((r) => r.ms));
  const m1 = median(ours.map((r) => r.kib));
  const m2 = median(theirs.map((r) => r.kib));
  rows.push([basename(bin), `${(statSync(bin).size / 1e6).toFixed(1)} MB`, fmt(t1), fmt(t2), (t1 / t2).toFixed(2), `${(m1 / 1024).toFixed(0)} MB`, `${(m2 / 1024).toFixed(0)} MB`, (m1 / m2).toFixed(2)]);
}
console.log(`# dump-syms: ours (node ${basename(CLI)} dump-syms) vs Breakpad dump_syms, median of ${RUNS} alternating runs`);
console.log(table(rows));
