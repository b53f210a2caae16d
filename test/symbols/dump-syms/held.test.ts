// HeldSink keeps output back until the records before it are written: in an
// unlinked temporary file (chunks are released at once, for the writer to reuse),
// or in memory where no temporary file can be made. Either way what comes out after
// attach() is every byte, in order.
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { HeldSink } from '../../../src/symbols/dump-syms/held.js';
import { CHUNK, type SymSink } from '../../../src/symbols/dump-syms/writer.js';

/** Chunks of varied sizes and contents (one bigger than a writer chunk). */
function chunks(): Uint8Array[] {
  const sizes = [1, 100, CHUNK, CHUNK + 7, 3, 4096];
  return sizes.map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + k * 7) & 0xff));
}

/** A sink that copies what it gets (and releases each chunk once copied). */
function collector(): { sink: SymSink; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  return {
    sink: {
      write(chunk, release) {
        parts.push(Buffer.from(chunk));
        release?.();
      },
    },
    bytes: () => Buffer.concat(parts),
  };
}

const openFds = (): number => readdirSync('/proc/self/fd').length;
// Spooling needs a file that can be unlinked while open; the checks count open descriptors.
const SPOOLS = process.platform !== 'win32' && existsSync('/proc/self/fd');
const TMPDIR = process.env.TMPDIR;

afterEach(() => {
  if (TMPDIR === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = TMPDIR;
});

describe('HeldSink', () => {
  it.skipIf(!SPOOLS)('spools to a temporary file: chunks are released at once and come back in order', async () => {
    const fds = openFds();
    const held = new HeldSink();
    const input = chunks();
    let released = 0;
    for (const c of input) await held.write(c, () => released++);
    expect(released).toBe(input.length);
    expect(held.size).toBe(input.reduce((n, c) => n + c.length, 0));
    const out = collector();
    await held.attach(out.sink);
    // After attach, chunks pass straight through.
    const late = Uint8Array.of(1, 2, 3);
    await held.write(late);
    expect(out.bytes().equals(Buffer.concat([...input, late]))).toBe(true);
    held.discard();
    expect(openFds()).toBe(fds);
  });

  it('holds chunks in memory when no temporary file can be made', async () => {
    process.env.TMPDIR = '/nonexistent/minidump-pipeline-test';
    const held = new HeldSink();
    const input = chunks();
    let released = 0;
    for (const c of input) await held.write(c, () => released++);
    // Held in memory: the writer must not reuse them yet.
    expect(released).toBe(0);
    const out = collector();
    await held.attach(out.sink);
    expect(released).toBe(input.length);
    expect(out.bytes().equals(Buffer.concat(input))).toBe(true);
  });

  it.skipIf(!SPOOLS)('closes its file when the output is abandoned', async () => {
    const fds = openFds();
    const held = new HeldSink();
    for (const c of chunks()) await held.write(c);
    expect(openFds()).toBe(fds + 1);
    held.discard();
    expect(openFds()).toBe(fds);
  });
});
