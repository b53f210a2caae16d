// Test-only builder for small synthetic minidumps: header at 0, blobs appended after
// it (each 4-byte aligned), the directory written last.
export class Writer {
  private buf: number[] = [];
  constructor(readonly littleEndian = true) {}
  get length(): number {
    return this.buf.length;
  }
  u8(v: number): this {
    this.buf.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff];
    this.buf.push(...(this.littleEndian ? b : b.reverse()));
    return this;
  }
  u32(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.buf.push(...(this.littleEndian ? b : b.reverse()));
    return this;
  }
  u64(v: bigint | number): this {
    const x = BigInt.asUintN(64, BigInt(v));
    const lo = Number(x & 0xffffffffn);
    const hi = Number(x >> 32n);
    return this.littleEndian ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  bytes(b: Uint8Array | number[]): this {
    for (const x of b) this.buf.push(x & 0xff);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.buf.push(0);
    return this;
  }
  /** UTF-16 code units in this writer's byte order, optionally padded to `units`. */
  utf16(s: string, units = 0): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    for (let i = s.length; i < units; i++) this.u16(0);
    return this;
  }
  ascii(s: string): this {
    for (let i = 0; i < s.length; i++) this.buf.push(s.charCodeAt(i) & 0xff);
    return this;
  }
  toBytes(): Uint8Array {
    return Uint8Array.from(this.buf);
  }
}

export interface SynthStream {
  type: number;
  rva: number;
  size: number;
}

export class DumpBuilder {
  private readonly data: Writer;
  private readonly dir: SynthStream[] = [];
  version = 0xa793;
  flags = 0n;
  timeDateStamp = 0x5f000000;

  constructor(readonly littleEndian = true) {
    this.data = new Writer(littleEndian);
    this.data.zeros(32); // header placeholder
  }

  w(): Writer {
    return new Writer(this.littleEndian);
  }

  /** Append bytes (4-byte aligned) and return their rva. */
  add(bytes: Uint8Array | Writer): number {
    while (this.data.length % 4) this.data.u8(0);
    const rva = this.data.length;
    this.data.bytes(bytes instanceof Writer ? bytes.toBytes() : bytes);
    return rva;
  }

  /** MINIDUMP_STRING (u32 byte length, UTF-16, NUL). */
  string(s: string): number {
    return this.add(this.w().u32(s.length * 2).utf16(s).u16(0));
  }
  /** MinidumpUTF8String (u32 length, bytes, NUL). */
  utf8(s: string): number {
    const b = new TextEncoder().encode(s);
    return this.add(this.w().u32(b.length).bytes(b).u8(0));
  }

  /** Add a stream of raw bytes. */
  stream(type: number, bytes: Uint8Array | Writer): SynthStream {
    const b = bytes instanceof Writer ? bytes.toBytes() : bytes;
    const s = { type, rva: this.add(b), size: b.length };
    this.dir.push(s);
    return s;
  }
  /** A directory entry with an arbitrary location (for malformed-dump tests). */
  rawEntry(type: number, rva: number, size: number): void {
    this.dir.push({ type, rva, size });
  }

  build(): Uint8Array {
    while (this.data.length % 4) this.data.u8(0);
    const dirRva = this.data.length;
    for (const d of this.dir) this.data.u32(d.type).u32(d.size).u32(d.rva);
    const out = this.data.toBytes();
    const h = new Writer(this.littleEndian).u32(0x504d444d).u32(this.version).u32(this.dir.length).u32(dirRva).u32(0).u32(this.timeDateStamp).u64(this.flags);
    out.set(h.toBytes(), 0);
    return out;
  }
}

/** A MINIDUMP_MEMORY_DESCRIPTOR / location helper: data appended now, descriptor bytes returned. */
export function memoryDescriptor(b: DumpBuilder, start: bigint, bytes: Uint8Array): Writer {
  const rva = b.add(bytes);
  return b.w().u64(start).u32(bytes.length).u32(rva);
}

/** A context blob built by setting u32/u64 fields at offsets. */
export function contextBlob(size: number, fields: [offset: number, width: 2 | 4 | 8, value: bigint | number][], littleEndian = true): Uint8Array {
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  for (const [o, w, v] of fields) {
    if (w === 2) dv.setUint16(o, Number(v), littleEndian);
    else if (w === 4) dv.setUint32(o, Number(v), littleEndian);
    else dv.setBigUint64(o, BigInt(v), littleEndian);
  }
  return out;
}
