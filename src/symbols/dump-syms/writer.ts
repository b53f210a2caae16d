// Breakpad .sym text writer. Records are formatted straight into a byte buffer
// (numbers as digits, names as UTF-8, no intermediate strings per record) that is
// handed to the sink in chunks; with a stream sink each flush waits for 'drain'
// when the stream asks for it, so memory stays bounded by the chunk size rather
// than the size of the output.
import { WriteStream } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { ModuleHeader, SymFunc, SymPublic } from './model.js';

/** Bytes per output chunk. */
export const CHUNK = 1 << 18;

export interface SymSink {
  /**
   * The sink owns the chunk from now on. `release`, when given, is to be called
   * once the sink no longer needs the chunk's bytes (the writer then reuses its
   * memory); a sink that keeps chunks never calls it.
   */
  write(chunk: Uint8Array, release?: () => void): Promise<void> | void;
}

/** Collects the text in memory (for dumpSyms() without `output`). */
export class StringSink implements SymSink {
  private readonly parts: Uint8Array[] = [];
  write(chunk: Uint8Array): void {
    this.parts.push(chunk);
  }
  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

/**
 * Writes into a Node writable stream, honouring backpressure. Chunks go back to
 * the writer for reuse (`release`) only from streams known to be done with a
 * chunk's bytes once its write callback runs: files, sockets and pipes, stdout and
 * stderr. A Transform or PassThrough may still hold that very Buffer downstream.
 */
export class StreamSink implements SymSink {
  private readonly recycles: boolean;

  constructor(private readonly stream: NodeJS.WritableStream) {
    this.recycles = stream === process.stdout || stream === process.stderr || stream instanceof WriteStream || stream instanceof Socket;
  }

  write(chunk: Uint8Array, release?: () => void): Promise<void> | void {
    let free: (() => void) | undefined;
    if (release && this.recycles) {
      let done = false;
      free = () => {
        if (done) return;
        done = true;
        release();
      };
    }
    // The write callback: the stream is done with the chunk.
    if (this.stream.write(chunk, free)) {
      // Written during the call (stdout to a file or pipe is): the bytes are free
      // now. The callback runs on the next tick, after a long synchronous run of
      // records would have taken a fresh chunk for each one it fills.
      if (free && (this.stream as Writable).writableLength === 0) free();
      return;
    }
    return new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onError = (e: unknown) => {
        cleanup();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      const onClose = () => {
        cleanup();
        reject(new Error('output stream closed before the .sym was written'));
      };
      const cleanup = () => {
        this.stream.removeListener('drain', onDrain);
        this.stream.removeListener('error', onError);
        this.stream.removeListener('close', onClose);
      };
      this.stream.on('drain', onDrain);
      this.stream.on('error', onError);
      this.stream.on('close', onClose);
    });
  }
}

/** True when the name has a character Breakpad's name rules remove (C0 controls, DEL). */
function hasControl(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Breakpad's name rules: no line breaks inside a record; empty names get a placeholder. */
export function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const s = hasControl(name) ? name.replace(/[\x00-\x1f\x7f]/g, '') : name;
  const c = s.charCodeAt(0);
  // A visible ASCII first character: trim() cannot make it empty.
  if (c > 0x20 && c < 0x7f) return s;
  return s.trim() === '' ? '<name omitted>' : s;
}

const OMITTED = Uint8Array.from('<name omitted>', (c) => c.charCodeAt(0));

/**
 * Chunks a sink has released, for any writer to fill again: memory first touched
 * costs (page faults), and a big .sym goes through 10^2 chunks. Bounded.
 */
const spare: Buffer[] = [];
const MAX_SPARE = 16;

/** A chunk of at least n bytes: a released one when it fits, else a new one. */
export function newChunk(n: number): Buffer {
  if (n <= CHUNK) {
    const b = spare.pop();
    if (b) return b;
  }
  return Buffer.allocUnsafe(Math.max(CHUNK, n));
}

/** The release callback of a chunk cut from `whole` (it goes back to the spares). */
export function releaser(whole: Buffer): (() => void) | undefined {
  if (whole.length !== CHUNK) return undefined;
  return () => {
    if (spare.length < MAX_SPARE) spare.push(whole);
  };
}

export class SymWriter {
  private buf = newChunk(CHUNK);
  private pos = 0;
  /** Filled chunks (views of the start of `wholes[i]`) waiting for the sink. */
  private readonly full: Buffer[] = [];
  private readonly wholes: Buffer[] = [];

  constructor(private readonly sink: SymSink) {}

  /** Room for n more bytes in the current chunk. */
  private room(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      if (this.pos > 0) this.push();
      else if (spare.length < MAX_SPARE) spare.push(this.buf);
      this.buf = newChunk(n);
      this.pos = 0;
    }
    return this.buf;
  }

  private push(): void {
    this.full.push(this.buf.subarray(0, this.pos));
    this.wholes.push(this.buf);
  }

  /** ASCII text (keywords, numbers' fallbacks, CFI rules). */
  ascii(s: string): void {
    const n = s.length;
    const b = this.room(n);
    // A loop beats Buffer#write's call overhead for the short strings written here.
    if (n < 128) {
      let at = this.pos;
      for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
      this.pos = at;
    } else this.pos += b.write(s, this.pos, 'latin1');
  }

  /** Any text, as UTF-8. */
  utf8(s: string): void {
    const b = this.room(s.length * 3);
    this.pos += b.write(s, this.pos, 'utf8');
  }

  byte(c: number): void {
    this.room(1)[this.pos++] = c;
  }

  /**
   * src[from..to). A loop up to names' lengths: a view object per call (77k PUBLIC
   * names on node) is young-generation garbage that grows the heap's fresh pages.
   */
  range(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    const b = this.room(n);
    if (n < 1024) {
      let at = this.pos;
      for (let i = from; i < to; i++) b[at++] = src[i]!;
      this.pos = at;
    } else {
      b.set(src.subarray(from, to), this.pos);
      this.pos += n;
    }
  }

  bytes(src: Uint8Array): void {
    this.range(src, 0, src.length);
  }

  /** n.toString(16), written in place for the usual non-negative integers. */
  hex(n: number): void {
    if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n)) return this.ascii(n.toString(16));
    let digits = 1;
    for (let v = n; v >= 16; v = Math.floor(v / 16)) digits++;
    const b = this.room(digits);
    let at = this.pos + digits;
    let v = n;
    while (v >= 0x1_0000_0000) {
      const d = v % 16;
      b[--at] = d < 10 ? 0x30 + d : 0x57 + d;
      v = Math.floor(v / 16);
    }
    let u = v >>> 0;
    do {
      const d = u & 15;
      b[--at] = d < 10 ? 0x30 + d : 0x57 + d;
      u >>>= 4;
    } while (u !== 0);
    this.pos += digits;
  }

  /** String(n), written in place for the usual non-negative integers. */
  dec(n: number): void {
    if (!(n >= 0 && n < 0x8000_0000 && (n | 0) === n)) return this.ascii(String(n));
    let digits = 1;
    for (let v = n; v >= 10; v = (v / 10) | 0) digits++;
    const b = this.room(digits);
    let at = this.pos + digits;
    let v = n;
    do {
      b[--at] = 0x30 + (v % 10);
      v = (v / 10) | 0;
    } while (v !== 0);
    this.pos += digits;
  }

  /** A name under Breakpad's rules (see cleanName). */
  name(s: string): void {
    this.utf8(cleanName(s));
  }

  /**
   * A name given as valid UTF-8 bytes, under cleanName's rules: control bytes
   * (never part of a multi-byte character) are dropped; blank names become
   * `<name omitted>`.
   */
  nameBytes(src: Uint8Array): void {
    let visible = false;
    let control = false;
    let high = false;
    for (let i = 0; i < src.length; i++) {
      const c = src[i]!;
      if (c < 0x20 || c === 0x7f) control = true;
      else if (c >= 0x80) high = true;
      else if (c !== 0x20) visible = true;
    }
    if (!visible && (src.length === 0 || !high)) return this.bytes(OMITTED);
    if (!visible) return this.name(Buffer.from(src.buffer, src.byteOffset, src.length).toString('utf8')); // Unicode blanks: trim() decides
    if (!control) return this.bytes(src);
    const b = this.room(src.length);
    for (let i = 0; i < src.length; i++) {
      const c = src[i]!;
      if (!(c < 0x20 || c === 0x7f)) b[this.pos++] = c;
    }
  }

  private line(s: string): void {
    this.utf8(s);
    this.byte(0x0a);
  }

  /** Flushes once a chunk's worth has accumulated. */
  pending(): Promise<void> | undefined {
    return this.full.length > 0 ? this.drain() : undefined;
  }

  private async drain(): Promise<void> {
    while (this.full.length > 0) await this.sink.write(this.full.shift()!, releaser(this.wholes.shift()!));
  }

  async flush(): Promise<void> {
    if (this.pos > 0) {
      this.push();
      this.buf = newChunk(CHUNK);
      this.pos = 0;
    }
    await this.drain();
  }

  header(h: ModuleHeader): void {
    this.line(`MODULE ${h.os} ${h.arch} ${h.debugId} ${h.name}`);
    if (h.codeId) this.line(`INFO CODE_ID ${h.codeId}`);
    if (h.generator) this.line(`INFO GENERATOR ${h.generator}`);
  }

  files(names: readonly string[]): void {
    for (let i = 0; i < names.length; i++) {
      this.ascii('FILE ');
      this.dec(i);
      this.byte(0x20);
      this.name(names[i]!);
      this.byte(0x0a);
    }
  }

  inlineOrigins(names: readonly string[]): void {
    for (let i = 0; i < names.length; i++) {
      this.ascii('INLINE_ORIGIN ');
      this.dec(i);
      this.byte(0x20);
      this.name(names[i]!);
      this.byte(0x0a);
    }
  }

  /** FUNC, then its INLINE records (depth-first), then its line records. */
  func(f: SymFunc, inlines = true): void {
    this.ascii(f.multiple ? 'FUNC m ' : 'FUNC ');
    this.hex(f.address);
    this.byte(0x20);
    this.hex(f.size);
    this.ascii(' 0 ');
    this.name(f.name);
    this.byte(0x0a);
    if (inlines) {
      for (const i of f.inlines) {
        this.ascii('INLINE ');
        this.dec(i.depth);
        this.byte(0x20);
        this.dec(i.callLine);
        this.byte(0x20);
        this.dec(i.callFile);
        this.byte(0x20);
        this.dec(i.origin);
        for (const r of i.ranges) {
          this.byte(0x20);
          this.hex(r.address);
          this.byte(0x20);
          this.hex(r.size);
        }
        this.byte(0x0a);
      }
    }
    for (const l of f.lines) {
      this.hex(l.address);
      this.byte(0x20);
      this.hex(l.size);
      this.byte(0x20);
      this.dec(l.line);
      this.byte(0x20);
      this.dec(l.file);
      this.byte(0x0a);
    }
  }

  /** "PUBLIC [m ]address 0 " — the name and newline follow. */
  publicStart(address: number, multiple: boolean | undefined): void {
    this.ascii(multiple ? 'PUBLIC m ' : 'PUBLIC ');
    this.hex(address);
    this.ascii(' 0 ');
  }

  publicRecord(p: SymPublic): void {
    this.publicStart(p.address, p.multiple);
    this.name(p.name);
    this.byte(0x0a);
  }

  /** STACK CFI INIT address size rules */
  cfiInit(address: number, size: number, rules: string): void {
    this.ascii('STACK CFI INIT ');
    this.hex(address);
    this.byte(0x20);
    this.hex(size);
    this.byte(0x20);
    this.ascii(rules);
    this.byte(0x0a);
  }

  /** STACK CFI address rules */
  cfiDelta(address: number, rules: string): void {
    this.ascii('STACK CFI ');
    this.hex(address);
    this.byte(0x20);
    this.ascii(rules);
    this.byte(0x0a);
  }

  /** A preformatted record. */
  raw(record: string): void {
    this.line(record);
  }
}
