// Breakpad .sym text writer. Records are appended to a small buffer that is
// flushed to the sink in chunks; with a stream sink each flush waits for 'drain'
// when the stream asks for it, so memory stays bounded by the chunk size rather
// than the size of the output.
import type { ModuleHeader, SymFunc, SymPublic } from './model.js';

const CHUNK = 1 << 16;

export interface SymSink {
  write(chunk: string): Promise<void> | void;
}

/** Collects the text in memory (for dumpSyms() without `output`). */
export class StringSink implements SymSink {
  private readonly parts: string[] = [];
  write(chunk: string): void {
    this.parts.push(chunk);
  }
  text(): string {
    return this.parts.join('');
  }
}

/** Writes into a Node writable stream, honouring backpressure. */
export class StreamSink implements SymSink {
  constructor(private readonly stream: NodeJS.WritableStream) {}
  write(chunk: string): Promise<void> | void {
    if (this.stream.write(chunk)) return;
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

const hex = (n: number) => n.toString(16);

/** Breakpad's name rules: no line breaks inside a record; empty names get a placeholder. */
export function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const s = name.replace(/[\x00-\x1f\x7f]/g, '');
  return s.trim() === '' ? '<name omitted>' : s;
}

export class SymWriter {
  private buf = '';
  constructor(private readonly sink: SymSink) {}

  // Records are appended synchronously; callers await pending() between records
  // (one await per record would dominate the run time on big modules).
  private line(s: string): void {
    this.buf += s + '\n';
  }

  /** Flushes once a chunk's worth has accumulated. */
  pending(): Promise<void> | undefined {
    return this.buf.length >= CHUNK ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.buf === '') return;
    const b = this.buf;
    this.buf = '';
    await this.sink.write(b);
  }

  header(h: ModuleHeader): void {
    this.line(`MODULE ${h.os} ${h.arch} ${h.debugId} ${h.name}`);
    if (h.codeId) this.line(`INFO CODE_ID ${h.codeId}`);
    if (h.generator) this.line(`INFO GENERATOR ${h.generator}`);
  }

  files(names: readonly string[]): void {
    for (let i = 0; i < names.length; i++) this.line(`FILE ${i} ${cleanName(names[i]!)}`);
  }

  inlineOrigins(names: readonly string[]): void {
    for (let i = 0; i < names.length; i++) this.line(`INLINE_ORIGIN ${i} ${cleanName(names[i]!)}`);
  }

  /** FUNC, then its INLINE records (depth-first), then its line records. */
  func(f: SymFunc, inlines = true): void {
    this.line(`FUNC ${f.multiple ? 'm ' : ''}${hex(f.address)} ${hex(f.size)} 0 ${cleanName(f.name)}`);
    if (inlines) {
      for (const i of f.inlines) {
        let s = `INLINE ${i.depth} ${i.callLine} ${i.callFile} ${i.origin}`;
        for (const r of i.ranges) s += ` ${hex(r.address)} ${hex(r.size)}`;
        this.line(s);
      }
    }
    for (const l of f.lines) this.line(`${hex(l.address)} ${hex(l.size)} ${l.line} ${l.file}`);
  }

  publicRecord(p: SymPublic): void {
    this.line(`PUBLIC ${p.multiple ? 'm ' : ''}${hex(p.address)} 0 ${cleanName(p.name)}`);
  }

  /** A preformatted record (STACK CFI lines come formatted from the CFI reader). */
  raw(record: string): void {
    this.line(record);
  }
}
