// A file read on demand into one zero-filled buffer of the file's size. The big
// allocation costs no memory until written (the kernel maps zero pages lazily), so
// a 100 MB binary whose tables and CFI take 15 MB stays at about 15 MB resident,
// and every offset computed from the headers stays a plain index into `bytes`.
// Parts known to be needed can be read ahead on libuv's thread pool (prefetch()).
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { ObjectFileError } from '../../errors.js';

const BLOCK_SHIFT = 16; // 64 KiB blocks
const BLOCK = 1 << BLOCK_SHIFT;
/** prefetch() reads in pieces of this many blocks (1 MiB), so that several pool threads share the work. */
const PIECE_BLOCKS = 16;

export class LazyFile {
  readonly bytes: Uint8Array;
  private readonly loaded: Uint8Array;
  /** Blocks prefetch() asked for (loaded, or being read on the pool). */
  private readonly asked: Uint8Array;
  private fd: number | undefined;
  /** prefetch() reads not finished yet: the descriptor stays open until they are. */
  private inFlight = 0;
  private closed = false;

  private constructor(fd: number, size: number) {
    this.fd = fd;
    // Shared, so that worker threads can read the loaded parts in place.
    this.bytes = new Uint8Array(new SharedArrayBuffer(size));
    this.loaded = new Uint8Array(Math.ceil(size / BLOCK));
    this.asked = new Uint8Array(this.loaded.length);
  }

  /** Opens `path`; throws the fs error if it cannot be opened. */
  static open(path: string): LazyFile {
    const fd = openSync(path, 'r');
    try {
      return new LazyFile(fd, fstatSync(fd).size);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Makes [offset, offset + length) (clipped to the file) readable in `bytes`: one read per run of missing blocks. */
  ensure(offset: number, length: number): void {
    this.missingRuns(offset, length, (b) => !this.loaded[b], Infinity, (b, e) => {
      this.read(b << BLOCK_SHIFT, Math.min(this.bytes.length, e << BLOCK_SHIFT));
      this.loaded.fill(1, b, e);
    });
  }

  /**
   * Reads ranges ahead on libuv's thread pool. The copy and, above all, the first
   * touch of each page (~10 µs a page on some VMs: 17 MB of symbol tables cost
   * 50-70 ms read here) then happen on pool threads, two cores' worth at once,
   * while this thread goes on. Resolves once every piece has been read; a piece
   * that fails or comes back short stays unloaded, for ensure() to read and report.
   */
  prefetch(ranges: ReadonlyArray<readonly [offset: number, length: number]>): Promise<void> {
    const reads: Promise<void>[] = [];
    if (!this.closed) {
      for (const [offset, length] of ranges) {
        this.missingRuns(offset, length, (b) => !this.loaded[b] && !this.asked[b], PIECE_BLOCKS, (b, e) => reads.push(this.readAhead(b, e)));
      }
    }
    return Promise.all(reads).then(() => undefined);
  }

  /**
   * visit(b, e) for each run [b, e) of blocks of [offset, offset + length) (clipped
   * to the file) that are `missing`, at most `maxBlocks` long.
   */
  private missingRuns(offset: number, length: number, missing: (b: number) => boolean, maxBlocks: number, visit: (b: number, e: number) => void): void {
    const size = this.bytes.length;
    if (!(length > 0) || !(offset >= 0) || offset >= size) return;
    const last = (Math.min(size, offset + length) - 1) >>> BLOCK_SHIFT;
    for (let b = offset >>> BLOCK_SHIFT; b <= last; ) {
      if (!missing(b)) {
        b++;
        continue;
      }
      let e = b + 1;
      while (e <= last && e - b < maxBlocks && missing(e)) e++;
      visit(b, e);
      b = e;
    }
  }

  /** Reads blocks [b, e) on the pool. */
  private readAhead(b: number, e: number): Promise<void> {
    const start = b << BLOCK_SHIFT;
    const length = Math.min(this.bytes.length, e << BLOCK_SHIFT) - start;
    this.asked.fill(1, b, e);
    this.inFlight++;
    return new Promise<void>((resolve) => {
      read(this.fd!, this.bytes, start, length, start, (err, n) => {
        if (!err && n === length) this.loaded.fill(1, b, e);
        if (--this.inFlight === 0 && this.closed) this.release();
        resolve();
      });
    });
  }

  private read(start: number, end: number): void {
    if (this.closed || this.fd === undefined) throw new ObjectFileError('IO', 'file read after it was closed');
    let pos = start;
    try {
      while (pos < end) {
        const n = readSync(this.fd, this.bytes, pos, end - pos, pos);
        if (n <= 0) break; // file shrank: the rest stays zero
        pos += n;
      }
    } catch (e) {
      throw new ObjectFileError('IO', `read failed: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Closes the file; reading a part not loaded before then is an error. */
  close(): void {
    this.closed = true;
    // A read still running on the pool writes through the descriptor: closing it
    // now could let another open() reuse the number under that read.
    if (this.inFlight === 0) this.release();
  }

  private release(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
