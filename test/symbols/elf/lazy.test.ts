// LazyFile reads a file on demand; prefetch() reads parts ahead on the thread pool.
// What prefetch() loads must be the file's bytes, must count as loaded (no second
// read), and a close() while its reads run must not close the descriptor under them.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ObjectFileError } from '../../../src/errors.js';
import { LazyFile } from '../../../src/symbols/elf/lazy.js';

// A real file of several MB: node's own executable.
const PATH = process.execPath;
const FILE = readFileSync(PATH);
const MB = 1 << 20;
const RANGES: [number, number][] = [
  [12345, 3 * MB + 17], // unaligned, several pieces
  [5 * MB + 1, 100], // inside one block
  [FILE.length - 1000, 5000], // runs past the end: clipped
];

function expectBytes(f: LazyFile, [offset, length]: [number, number]): void {
  const end = Math.min(FILE.length, offset + length);
  expect(Buffer.compare(f.bytes.subarray(offset, end), FILE.subarray(offset, end))).toBe(0);
}

describe('LazyFile.prefetch', () => {
  it('loads the ranges with the file bytes, and they count as loaded', async () => {
    const f = LazyFile.open(PATH);
    await f.prefetch([...RANGES, [-5, 10], [FILE.length + 10, 10], [0, 0]]);
    for (const r of RANGES) expectBytes(f, r);
    f.close();
    // Loaded parts need no read after close(); anything else does, and fails.
    for (const [offset, length] of RANGES) f.ensure(offset, length);
    expect(() => f.ensure(8 * MB, 10)).toThrow(ObjectFileError);
  });

  it.skipIf(process.platform === 'win32')('keeps the descriptor open until reads in flight end', async () => {
    const f = LazyFile.open(PATH);
    const done = f.prefetch([[0, 4 * MB]]);
    f.close();
    // Descriptors opened now would take a number closed too early.
    const others = Array.from({ length: 8 }, () => openSync('/dev/zero', 'r'));
    try {
      await done;
      expectBytes(f, [0, 4 * MB]);
    } finally {
      for (const fd of others) closeSync(fd);
    }
    expect((f as unknown as { fd: number | undefined }).fd).toBeUndefined();
  });

  it('leaves a part that ensure() already read alone, and ensure() reads what prefetch has not finished', async () => {
    const f = LazyFile.open(PATH);
    f.ensure(0, MB);
    const done = f.prefetch([[0, 2 * MB]]);
    f.ensure(MB, MB); // in flight on the pool: read here too, same bytes
    expectBytes(f, [0, 2 * MB]);
    await done;
    expectBytes(f, [0, 2 * MB]);
    f.close();
  });
});
