// A fast bounds-checked cursor over one DWARF section. ByteView checks every read
// through a generic helper; the DIE and line-program loops run millions of reads, so
// this cursor keeps the position in a field, checks with one comparison, and decodes
// LEB128 inline. Every failure is an ObjectFileError, never a RangeError.
import { ObjectFileError, type PipelineErrorCode } from '../../errors.js';

const TWO32 = 4294967296;
const utf8 = new TextDecoder('utf-8', { fatal: false });

export function dwarfError(code: PipelineErrorCode, message: string): ObjectFileError {
  return new ObjectFileError(code, message);
}

export class Reader {
  readonly buf: Uint8Array;
  readonly dv: DataView;
  readonly le: boolean;
  /** Which section this is, for error messages. */
  readonly name: string;
  pos: number;
  /** Reads may not go past this offset (the end of the current unit or section). */
  end: number;

  constructor(buf: Uint8Array, le: boolean, name: string, pos = 0, end = buf.length) {
    this.buf = buf;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.le = le;
    this.name = name;
    this.pos = pos;
    this.end = Math.min(end, buf.length);
  }

  /** A cursor on the same bytes, limited to [pos, end). */
  sub(pos: number, end: number): Reader {
    if (pos < 0 || end > this.buf.length || pos > end) this.overrun(end - pos, pos);
    return new Reader(this.buf, this.le, this.name, pos, end);
  }

  overrun(n: number, at = this.pos): never {
    throw new ObjectFileError('TRUNCATED', `${this.name}: reading ${n} bytes at offset ${at} runs past the end (${this.end})`);
  }

  /** Moves to `pos`, which must lie in [0, end]. */
  seek(pos: number): void {
    if (!(pos >= 0 && pos <= this.end)) throw new ObjectFileError('OUT_OF_BOUNDS', `${this.name}: offset ${pos} is outside the ${this.end}-byte section`);
    this.pos = pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  skip(n: number): void {
    if (!(n >= 0 && this.pos + n <= this.end)) this.overrun(n);
    this.pos += n;
  }

  u8(): number {
    if (!(this.pos < this.end)) this.overrun(1);
    return this.buf[this.pos++]!;
  }
  i8(): number {
    const v = this.u8();
    return v >= 0x80 ? v - 0x100 : v;
  }
  u16(): number {
    if (!(this.pos + 2 <= this.end)) this.overrun(2);
    const v = this.dv.getUint16(this.pos, this.le);
    this.pos += 2;
    return v;
  }
  u24(): number {
    if (!(this.pos + 3 <= this.end)) this.overrun(3);
    const b = this.buf;
    const p = this.pos;
    this.pos += 3;
    return this.le ? b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) : (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
  }
  u32(): number {
    if (!(this.pos + 4 <= this.end)) this.overrun(4);
    const v = this.dv.getUint32(this.pos, this.le);
    this.pos += 4;
    return v;
  }
  /** A u64 as a number: exact below 2^53; larger values (tombstones such as ~0) come out approximate but >= 2^53. */
  u64(): number {
    if (!(this.pos + 8 <= this.end)) this.overrun(8);
    const a = this.dv.getUint32(this.pos, this.le);
    const b = this.dv.getUint32(this.pos + 4, this.le);
    this.pos += 8;
    return this.le ? b * TWO32 + a : a * TWO32 + b;
  }
  /** Unsigned value of 1, 2, 4 or 8 bytes. */
  uN(n: number): number {
    switch (n) {
      case 1:
        return this.u8();
      case 2:
        return this.u16();
      case 4:
        return this.u32();
      case 8:
        return this.u64();
      default:
        throw new ObjectFileError('UNSUPPORTED', `${this.name}: ${n}-byte value`);
    }
  }
  /** A section offset: 4 bytes in 32-bit DWARF, 8 in 64-bit DWARF. */
  offset(is64: boolean): number {
    return is64 ? this.u64() : this.u32();
  }

  uleb(): number {
    const b = this.buf;
    let p = this.pos;
    const end = this.end;
    if (!(p < end)) this.overrun(1);
    let byte = b[p++]!;
    if (byte < 0x80) {
      this.pos = p;
      return byte;
    }
    let result = byte & 0x7f;
    let mul = 128;
    for (;;) {
      if (p >= end) this.overrun(1, p);
      byte = b[p++]!;
      // Past 2^53 the value is only approximate (never used as an exact address); past 2^64 bits are dropped.
      if (mul < 2 ** 64) result += (byte & 0x7f) * mul;
      if (byte < 0x80) break;
      mul *= 128;
    }
    this.pos = p;
    return result;
  }

  sleb(): number {
    const b = this.buf;
    let p = this.pos;
    const end = this.end;
    let result = 0;
    let mul = 1;
    let byte: number;
    if (!(p < end)) this.overrun(1, p);
    do {
      if (p >= end) this.overrun(1, p);
      byte = b[p++]!;
      if (mul < 2 ** 64) {
        result += (byte & 0x7f) * mul;
        mul *= 128;
      }
    } while (byte >= 0x80);
    if (byte & 0x40) result -= mul;
    this.pos = p;
    return result;
  }

  /** Skips a NUL-terminated string, returning its start offset. */
  skipCString(): number {
    const start = this.pos;
    if (!(start < this.end)) this.overrun(1, start);
    const i = this.buf.indexOf(0, start);
    if (i < 0 || i >= this.end) this.overrun(this.end - start + 1, start);
    this.pos = i + 1;
    return start;
  }

  cstring(): string {
    const start = this.skipCString();
    return utf8.decode(this.buf.subarray(start, this.pos - 1));
  }
}

/** The NUL-terminated string at `offset` in a string section, or undefined when out of bounds. */
export function stringAt(buf: Uint8Array | undefined, offset: number): string | undefined {
  if (!buf || !(offset >= 0) || offset >= buf.length) return undefined;
  let i = buf.indexOf(0, offset);
  if (i < 0) i = buf.length;
  return utf8.decode(buf.subarray(offset, i));
}
