// The stackwalk command as a user runs it: exit codes, output modes, one-line errors.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, CORPUS, CORPUS_SYMBOLS, HAS_CLI, HAS_CORPUS, REFS } from '../helpers.js';

const run = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8' });

describe.skipIf(!HAS_CLI)('minidump-pipeline stackwalk: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mdp-cli-'));

  it.each([
    ['missing file', join(dir, 'nope.dmp')],
    ['empty file', (() => (writeFileSync(join(dir, 'empty.dmp'), ''), join(dir, 'empty.dmp')))()],
    ['not a minidump', (() => (writeFileSync(join(dir, 'text.dmp'), 'hello world, not a dump at all'), join(dir, 'text.dmp')))()],
    ['header only', (() => (writeFileSync(join(dir, 'hdr.dmp'), Buffer.from('4d444d5093a7000005000000', 'hex')), join(dir, 'hdr.dmp')))()],
  ])('%s: exit 1 and a one-line error, no stack trace', (_name, path) => {
    const r = run('stackwalk', path);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^minidump-pipeline: MinidumpError [A-Z_]+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects --pretty without --json and --brief with --json', () => {
    expect(run('stackwalk', 'x.dmp', '--pretty').status).not.toBe(0);
    expect(run('stackwalk', 'x.dmp', '--json', '--brief').stderr).toMatch(/--brief/);
  });
});

describe.skipIf(!HAS_CLI || !HAS_CORPUS)('minidump-pipeline stackwalk: output modes', () => {
  const dump = join(CORPUS, 'minidump2.dmp');

  it('prints the human report by default, like Breakpad --human', () => {
    const r = run('stackwalk', dump, '--symbols-path', CORPUS_SYMBOLS);
    expect(r.status).toBe(0);
    const ref = readFileSync(join(REFS, 'minidump2.human.txt'), 'utf8');
    // Same crash lines and the same first frame as Breakpad.
    for (const line of ref.split('\n').filter((l) => /^(Crash reason|Crash address|Thread 0| 0  )/.test(l))) expect(r.stdout).toContain(line);
  });

  it('--json is the minidump-stackwalk schema; --pretty indents it', () => {
    const r = run('stackwalk', '--json', dump, '--symbols-path', CORPUS_SYMBOLS);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.crash_info.type).toBe('EXCEPTION_ACCESS_VIOLATION_WRITE');
    expect(report.crashing_thread.frames[0].function).toBe("`anonymous namespace'::CrashFunction");
    expect(report.crashing_thread.frames[0].registers.eip).toBe('0x0040429e');
    expect(report.modules[0].loaded_symbols).toBe(true);
    expect(r.stdout.split('\n')).toHaveLength(2);
    const pretty = run('stackwalk', '--json', '--pretty', dump, '--symbols-path', CORPUS_SYMBOLS);
    expect(JSON.parse(pretty.stdout)).toEqual(report);
    expect(pretty.stdout.split('\n').length).toBeGreaterThan(100);
  });

  it('--brief prints only the crashing thread; positional symbol paths work', () => {
    const full = run('stackwalk', join(CORPUS, 'thread_name_list.dmp'), CORPUS_SYMBOLS);
    const brief = run('stackwalk', '--brief', join(CORPUS, 'thread_name_list.dmp'), CORPUS_SYMBOLS);
    expect(full.stdout.match(/^Thread \d+/gm)!.length).toBeGreaterThan(1);
    expect(brief.stdout.match(/^Thread \d+/gm)).toEqual(['Thread 5']);
  });

  it('--output-file writes the report there', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mdp-cli-')), 'r.json');
    const r = run('stackwalk', '--json', dump, '--output-file', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).system_info.os).toBe('Windows NT');
  });
});
