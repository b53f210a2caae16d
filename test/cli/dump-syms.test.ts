// The dump-syms command as a user runs it: outputs, the store layout, one-line errors.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BREAKPAD_BIN, CLI, HAS_BREAKPAD, HAS_CLI, SHARED } from '../helpers.js';

const run = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const FIXTURE = join(SHARED, 'corpus', 'dump_syms', 'linux', 'basic.full');

describe.skipIf(!HAS_CLI || !existsSync(FIXTURE))('minidump-pipeline dump-syms', () => {
  it.skipIf(!HAS_BREAKPAD)('writes the MODULE line and id Breakpad writes, to stdout, -o and --store alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdp-cli-ds-'));
    const breakpad = spawnSync(join(BREAKPAD_BIN, 'dump_syms'), [FIXTURE], { encoding: 'utf8' }).stdout.split('\n')[0];
    const out = run('dump-syms', '-q', FIXTURE);
    expect(out.status).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe(breakpad);
    expect(run('dump-syms', '-q', FIXTURE, '-o', join(dir, 'a.sym')).status).toBe(0);
    expect(readFileSync(join(dir, 'a.sym'), 'utf8')).toBe(out.stdout);
    const stored = run('dump-syms', '-q', FIXTURE, '--store', join(dir, 'store'));
    const id = breakpad!.split(' ')[3]!;
    expect(stored.stdout.trim()).toBe(join(dir, 'store', 'basic.full', id, 'basic.full.sym'));
    expect(readFileSync(stored.stdout.trim(), 'utf8')).toBe(out.stdout);
    expect(run('dump-syms', '-q', '--no-inlines', '--no-cfi', FIXTURE).stdout).not.toMatch(/^(INLINE|STACK CFI)/m);
  });

  it('bad input: exit 1 and one line on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mdp-cli-ds-'));
    writeFileSync(join(dir, 'not-elf'), 'hello');
    for (const path of [join(dir, 'not-elf'), join(dir, 'missing')]) {
      const r = run('dump-syms', path);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^minidump-pipeline: /);
    }
  });
});
