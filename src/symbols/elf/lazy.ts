// A file read on demand into one zero-filled buffer of the file's size. The big
// allocation costs no memory until written (the kernel maps zero pages lazily), so
// a 100 MB binary whose tables and CFI take 15 MB stays at about 15 MB resident,
// and every offset computed from the headers stays a plain index into `bytes`.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ObjectFileError } from '../../errors.js';

const BLOCK_SHIFT = 16; // 64 KiB blocks
const BLOCK = 1 << BLOCK_SHIFT;

export class LazyFile {
  readonly bytes: Uint8Array;
  private readonly loaded: Uint8Array;
  private fd: number | undefined;

  private constructor(fd: number, size: number) {
    this.fd = fd;
    // Shared, so that worker threads can read the loaded parts in place.
    this.bytes = new Uint8Array(new SharedArrayBuffer(size));
    this.loaded = new Uint8Array(Math.ceil(size / BLOCK));
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

  /** Makes [offset, offset + length) (clipped to the file) readable in `bytes`. */
  ensure(offset: number, length: number): void {
    const size = this.bytes.length;
    if (!(length > 0) || !(offset >= 0) || offset >= size) return;
    const last = (Math.min(size, offset + length) - 1) >>> BLOCK_SHIFT;
    let b = offset >>> BLOCK_SHIFT;
    while (b <= last) {
      if (this.loaded[b]) {
        b++;
        continue;
      }
      // One read for each run of missing blocks.
      let e = b;
      while (e + 1 <= last && !this.loaded[e + 1]) e++;
      this.read(b << BLOCK_SHIFT, Math.min(size, (e + 1) << BLOCK_SHIFT));
      this.loaded.fill(1, b, e + 1);
      b = e + 1;
    }
  }

  private read(start: number, end: number): void {
    if (this.fd === undefined) throw new ObjectFileError('IO', 'file read after it was closed');
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
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
