// SymWriter reuses the memory of chunks a stream has finished writing (fresh
// memory costs page faults). A chunk must not be refilled before the stream is
// done with it: many chunks through a slow, asynchronous stream must arrive intact.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamSink, StringSink, SymWriter } from '../../../src/symbols/dump-syms/writer.js';

function records(w: SymWriter, from: number, n: number): void {
  for (let i = from; i < from + n; i++) w.publicRecord({ address: i * 16, name: `function_number_${i}_with_a_longer_name_${(i * 7919) % 100003}` });
}

describe('SymWriter over a stream', () => {
  it('delivers many chunks intact through a slow stream while reusing released ones', async () => {
    const n = 60_000; // ~4 MB: about 16 chunks
    const ref = new StringSink();
    const rw = new SymWriter(ref);
    records(rw, 0, n);
    await rw.flush();
    const want = ref.text();

    const got: Buffer[] = [];
    let released = 0;
    let changed = 0;
    // A high-water mark above the output: writes never wait for 'drain', so chunks
    // sit in the stream's buffer while the writer goes on.
    const slow = new Writable({
      highWaterMark: 64 << 20,
      write(chunk: Buffer, _enc, cb) {
        // Copy now, finish later: the chunk must stay unchanged until cb.
        const copy = Buffer.from(chunk);
        setImmediate(() => {
          if (Buffer.compare(copy, chunk) !== 0) changed++;
          got.push(copy);
          cb();
        });
      },
    });
    const sink = new StreamSink(slow);
    const counting = { write: (c: Uint8Array, release?: () => void) => sink.write(c, release && (() => (released++, release()))) };
    const w = new SymWriter(counting);
    for (let i = 0; i < n; i += 1000) {
      records(w, i, 1000);
      const p = w.pending();
      if (p) await p;
    }
    await w.flush();
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(changed, 'chunks changed before the stream was done with them').toBe(0);
    expect(Buffer.concat(got).toString('utf8') === want).toBe(true);
    expect(released).toBeGreaterThan(5);
  });

  it('a PassThrough read later gets the same bytes', async () => {
    const pt = new PassThrough();
    const w = new SymWriter(new StreamSink(pt));
    const parts: Buffer[] = [];
    pt.on('data', (c: Buffer) => parts.push(Buffer.from(c)));
    records(w, 0, 20_000);
    await w.flush();
    pt.end();
    await new Promise((r) => pt.on('end', r));
    const ref = new StringSink();
    const rw = new SymWriter(ref);
    records(rw, 0, 20_000);
    await rw.flush();
    expect(Buffer.concat(parts).toString('utf8') === ref.text()).toBe(true);
  });
});
