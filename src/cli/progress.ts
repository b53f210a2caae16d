// Progress on stderr for long work: a bar on a terminal (cli-progress), and a
// line per phase otherwise so logs of CI builds still show where time goes.
import { createRequire } from 'node:module';

// Loaded only for a terminal: piped and CI runs never draw a bar, and every module
// loaded up front delays the start of the command.
const cliProgress = (): typeof import('cli-progress') => createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');

export interface Progress {
  update(done: number, total: number, phase: string): void;
  stop(): void;
}

export function makeProgress(label: string, enabled: boolean): Progress {
  if (!enabled) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = cliProgress();
    const bar = new SingleBar(
      { format: `${label} {phase} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
      Presets.shades_classic,
    );
    let started = false;
    let current = '';
    return {
      update(done, total, phase) {
        if (!started) {
          bar.start(Math.max(total, 1), done, { phase });
          started = true;
        }
        if (phase !== current || total > 0) bar.setTotal(Math.max(total, done, 1));
        current = phase;
        bar.update(done, { phase });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = '';
  const t0 = Date.now();
  return {
    update(_done, _total, phase) {
      if (phase === last) return;
      last = phase;
      process.stderr.write(`${label}: ${phase} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    },
    stop() {
      if (last) process.stderr.write(`${label}: done (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    },
  };
}
