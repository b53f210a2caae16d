// SymWriter reuses the memory of chunks a stream has finished writing (fresh
// memory costs page faults). A chunk must not be refilled before the stream is
// done with it: many chunks through an asynchronous file stream must arrive
// intact, and a stream that may hand the very Buffer on (a PassThrough read
// later) must never get a chunk back for reuse.
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamSink, StringSink, SymWriter, type SymSink } from '../../../src/symbols/dump-syms/writer.js';

function records(w: SymWriter, from: number, n: number): void {
  for (let i = from; i < from + n; i++) w.publicRecord({ address: i * 16, name: `function_number_${i}_with_a_longer_name_${(i * 7919) % 100003}` });
}

async function expected(n: number): Promise<string> {
  const ref = new StringSink();
  const rw = new SymWriter(ref);
  records(rw, 0, n);
  await rw.flush();
  return ref.text();
}

/** Counts the releases a sink passes on. */
function counting(sink: SymSink): { sink: SymSink; released: () => number } {
  let released = 0;
  return { sink: { write: (c, release) => sink.write(c, release && (() => (released++, release()))) }, released: () => released };
}

describe('SymWriter over a stream', () => {
  it('delivers many chunks intact through an asynchronous file stream while reusing released ones', async () => {
    const n = 60_000; // ~4 MB: about 16 chunks
    const dir = mkdtempSync(join(tmpdir(), 'mdp-writer-'));
    try {
      const path = join(dir, 'out.sym');
      // A high-water mark above the output: writes never wait for 'drain', so
      // chunks are in flight on the thread pool while the writer goes on.
      const file = createWriteStream(path, { highWaterMark: 64 << 20 });
      const c = counting(new StreamSink(file));
      const w = new SymWriter(c.sink);
      for (let i = 0; i < n; i += 1000) {
        records(w, i, 1000);
        const p = w.pending();
        if (p) await p;
      }
      await w.flush();
      await new Promise<void>((resolve) => file.end(resolve));
      expect(readFileSync(path, 'utf8') === (await expected(n))).toBe(true);
      expect(c.released()).toBeGreaterThan(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a PassThrough read only after everything is written gets the same bytes (no chunk reused)', async () => {
    const pt = new PassThrough({ highWaterMark: 64 << 20 });
    const c = counting(new StreamSink(pt));
    const w = new SymWriter(c.sink);
    for (let i = 0; i < 40_000; i += 1000) {
      records(w, i, 1000);
      const p = w.pending();
      if (p) await p;
    }
    await w.flush();
    pt.end();
    const parts: Buffer[] = [];
    for await (const chunk of pt) parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).toString('utf8') === (await expected(40_000))).toBe(true);
    expect(c.released()).toBe(0);
  });

  it('a socket that takes the bytes during write() gives the chunk back at once', async () => {
    const server = createServer((s) => s.resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect((server.address() as AddressInfo).port, '127.0.0.1', resolve));
    try {
      let released = 0;
      const sink = new StreamSink(socket);
      const r = sink.write(Buffer.from('STACK CFI INIT 0 1 .cfa: $rsp 8 +\n'), () => released++);
      expect(r).toBeUndefined();
      // A small write to an idle loopback socket completes inside write().
      expect(released).toBe(1);
      // And the write callback does not release it a second time.
      await new Promise((resolve) => setImmediate(resolve));
      expect(released).toBe(1);
    } finally {
      socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
