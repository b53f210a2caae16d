import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, openSync, readSync, closeSync } from 'node:fs';
import { loadNative, readProcessMemory } from '../../src/native.js';
import { PipelineError } from '../../src/errors.js';

// The reference is the kernel's own /proc/PID/mem view of the same bytes.
describe.skipIf(process.platform !== 'linux' || !loadNative())('readProcessMemory', () => {
  it('reads a child process the same as /proc/PID/mem', async () => {
    const child = spawn('sleep', ['30']);
    try {
      await new Promise((r) => setTimeout(r, 100));
      const pid = child.pid!;
      const maps = readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n');
      const readable = maps.find((l) => /^[0-9a-f]+-[0-9a-f]+ r/.test(l))!;
      const [start] = readable.split(' ')[0]!.split('-');
      const address = BigInt('0x' + start);
      const ours = readProcessMemory(pid, address, 4096);
      const fd = openSync(`/proc/${pid}/mem`, 'r');
      const theirs = Buffer.alloc(4096);
      readSync(fd, theirs, 0, 4096, Number(address));
      closeSync(fd);
      expect(ours.length).toBe(4096);
      expect(Buffer.from(ours).equals(theirs)).toBe(true);
      // ELF mappings start with the ELF magic: a check that we read real bytes, not zeros.
      expect(Buffer.from(ours.subarray(0, 4)).toString('latin1')).toBe('\x7fELF');
    } finally {
      child.kill();
    }
  });

  it('fails with a typed error on an unmapped address', () => {
    expect(() => readProcessMemory(process.pid, 0x10n, 16)).toThrow(PipelineError);
    expect(() => readProcessMemory(-1, 0n, 16)).toThrow(PipelineError);
  });
});
