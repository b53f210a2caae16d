// Output held back until the records before it are written (the STACK CFI records
// formatted while PUBLIC names are still being demangled). The bytes go to an
// unlinked temporary file: the kernel's page cache takes node's 18 MB of CFI text in
// ~5 ms, where as many fresh bytes of process memory cost ~60 ms of page faults on
// this machine (and count in peak memory); each chunk is released for the writer to
// refill at once. Where no temporary file can be made (or written), chunks are held
// in memory instead.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectFileError } from '../../errors.js';
import { CHUNK, newChunk, releaser, type SymSink } from './writer.js';

/** Holds chunks until attached to the real sink, then passes them on. */
export class HeldSink implements SymSink {
  /** The spool file; undefined before the first chunk, null when there is none. */
  private fd: number | null | undefined;
  /** Bytes in the spool file (they come before `held`). */
  private spooled = 0;
  private held: [Uint8Array, (() => void) | undefined][] = [];
  private target: SymSink | undefined;
  /** Bytes held. */
  size = 0;

  write(chunk: Uint8Array, release?: () => void): Promise<void> | void {
    if (this.target) return this.target.write(chunk, release);
    this.size += chunk.length;
    // Once something is held in memory, later chunks are too (they come after it).
    if (this.held.length === 0 && this.spool(chunk)) return release?.();
    this.held.push([chunk, release]);
  }

  /** Appends the chunk to the spool file; false when there is no usable one. */
  private spool(chunk: Uint8Array): boolean {
    if (this.fd === undefined) this.fd = openSpool();
    if (this.fd === null) return false;
    let done = 0;
    try {
      while (done < chunk.length) done += writeSync(this.fd, chunk, done, chunk.length - done, this.spooled + done);
    } catch {
      // A full disk: keep what was written, hold the rest in memory.
      if (done > 0) this.held.push([chunk.slice(done), undefined]);
      this.spooled += done;
      return done > 0;
    }
    this.spooled += done;
    return true;
  }

  /** Writes everything held into `target`, which then gets later chunks directly. */
  async attach(target: SymSink): Promise<void> {
    if (typeof this.fd === 'number') {
      const fd = this.fd;
      try {
        for (let at = 0; at < this.spooled; ) {
          const buf = newChunk(CHUNK);
          const n = readSync(fd, buf, 0, Math.min(buf.length, this.spooled - at), at);
          if (n <= 0) throw new ObjectFileError('IO', 'the temporary file holding STACK CFI records came back short');
          at += n;
          await target.write(buf.subarray(0, n), releaser(buf));
        }
      } finally {
        closeSync(fd);
        this.fd = null;
      }
    }
    for (const [c, release] of this.held.splice(0)) await target.write(c, release);
    this.target = target;
  }

  /** Drops what is held (the output is abandoned). */
  discard(): void {
    if (typeof this.fd === 'number') closeSync(this.fd);
    this.fd = null;
    this.held = [];
  }
}

let spools = 0;

/** An anonymous temporary file (created exclusively, then unlinked); null where that fails. */
function openSpool(): number | null {
  // Windows cannot unlink an open file.
  if (process.platform === 'win32') return null;
  // O_EXCL: a name that exists (a planted symlink included) is never opened, so the
  // name need not be unguessable (node:crypto would cost ~9 ms of start-up).
  for (let attempt = 0; attempt < 8; attempt++) {
    const path = join(tmpdir(), `minidump-pipeline-${process.pid}-${Date.now().toString(36)}-${spools++}.held`);
    let fd: number;
    try {
      fd = openSync(path, 'wx+', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      return null;
    }
    try {
      unlinkSync(path);
    } catch {
      closeSync(fd);
      return null;
    }
    return fd;
  }
  return null;
}
