// A small, fast cursor over one CFI entry. Every read is checked against `end`
// (the end of the current entry, never past the section), so garbled lengths
// surface as ObjectFileError instead of RangeError or reads of the next entry.
import { ObjectFileError } from '../../../errors.js';

const TWO32 = 0x1_0000_0000;

export function truncated(what: string, pos: number): ObjectFileError {
  return new ObjectFileError('TRUNCATED', `CFI: ${what} at section offset 0x${pos.toString(16)} runs past the end of its entry`);
}

export class Cursor {
  readonly bytes: Uint8Array;
  readonly le: boolean;
  pos: number;
  end: number;

  // No DataView: cursors are made per entry, and byte arithmetic is as fast.
  constructor(bytes: Uint8Array, littleEndian: boolean, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.le = littleEndian;
    this.pos = pos;
    this.end = end;
  }

  private raw16(p: number): number {
    const b = this.bytes;
    return this.le ? b[p]! | (b[p + 1]! << 8) : (b[p]! << 8) | b[p + 1]!;
  }
  private raw32(p: number): number {
    const b = this.bytes;
    return this.le
      ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
      : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.end) throw truncated(what, this.pos);
  }

  u8(what = 'byte'): number {
    if (this.pos >= this.end) throw truncated(what, this.pos);
    return this.bytes[this.pos++]!;
  }
  u16(what = 'u16'): number {
    this.need(2, what);
    const v = this.raw16(this.pos);
    this.pos += 2;
    return v;
  }
  i16(what = 'i16'): number {
    this.need(2, what);
    const v = (this.raw16(this.pos) << 16) >> 16;
    this.pos += 2;
    return v;
  }
  u32(what = 'u32'): number {
    this.need(4, what);
    const v = this.raw32(this.pos);
    this.pos += 4;
    return v;
  }
  i32(what = 'i32'): number {
    this.need(4, what);
    const v = this.raw32(this.pos) | 0;
    this.pos += 4;
    return v;
  }
  /** Unsigned 64-bit as a number; NaN when it does not fit in 53 bits (callers decide). */
  u64(what = 'u64'): number {
    this.need(8, what);
    const a = this.raw32(this.pos);
    const b = this.raw32(this.pos + 4);
    this.pos += 8;
    const hi = this.le ? b : a;
    const lo = this.le ? a : b;
    return hi > 0x1fffff ? NaN : hi * TWO32 + lo;
  }
  /** Signed 64-bit as a number; NaN when outside ±2^53. */
  i64(what = 'i64'): number {
    this.need(8, what);
    const a = this.raw32(this.le ? this.pos : this.pos + 4);
    const hi = this.raw32(this.le ? this.pos + 4 : this.pos) | 0;
    this.pos += 8;
    return hi > 0x1fffff || hi < -0x200000 ? NaN : hi * TWO32 + a;
  }

  /** Unsigned LEB128; NaN when the value needs more than 53 bits. */
  uleb(what = 'ULEB128'): number {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos;
    if (pos >= end) throw truncated(what, pos);
    let b = bytes[pos++]!;
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let result = b & 0x7f;
    let mul = 128;
    let big = false;
    for (;;) {
      if (pos >= end) throw truncated(what, this.pos);
      b = bytes[pos++]!;
      const part = b & 0x7f;
      if (part !== 0) {
        if (mul > 2 ** 46) big = true; // 7 more bits could pass 2^53
        else result += part * mul;
      }
      if (b < 0x80) break;
      mul *= 128;
    }
    this.pos = pos;
    return big || result > Number.MAX_SAFE_INTEGER ? NaN : result;
  }

  /** Signed LEB128; NaN when outside ±2^53. */
  sleb(what = 'SLEB128'): number {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos;
    let result = 0;
    let mul = 1;
    let b: number;
    let big = false;
    do {
      if (pos >= end) throw truncated(what, this.pos);
      b = bytes[pos++]!;
      if (mul > 2 ** 49) {
        // Past 56 bits only sign-extension bytes (0x7f / 0x00) are representable.
        const part = b & 0x7f;
        if (part !== 0 && part !== 0x7f) big = true;
      } else result += (b & 0x7f) * mul;
      mul *= 128;
    } while (b >= 0x80);
    this.pos = pos;
    if (b & 0x40) {
      // Negative: result - 2^(7*n); with many bytes use the 2^56 window computed so far.
      const span = Math.min(mul, 2 ** 56);
      result = (result % span) - span;
    }
    return big || !Number.isSafeInteger(result) ? NaN : result;
  }

  skip(n: number, what = 'block'): void {
    if (!(n >= 0) || this.pos + n > this.end) throw truncated(what, this.pos);
    this.pos += n;
  }
}
