// Bounds-checked binary reads over a byte array. Every read of untrusted data in
// the reader (and in the object-file parsers) goes through here, so a truncated or
// hostile input can only ever produce a typed error, never a RangeError.
import { type ErrorFactory, minidumpError } from '../errors.js';

export class ByteView {
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
  private readonly dv: DataView;
  private readonly fail: ErrorFactory;

  constructor(bytes: Uint8Array, littleEndian = true, fail: ErrorFactory = minidumpError) {
    this.bytes = bytes;
    this.littleEndian = littleEndian;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.fail = fail;
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Throws unless [offset, offset+size) lies inside the view. */
  check(offset: number, size: number, what = 'read'): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(size) || offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw this.fail('OUT_OF_BOUNDS', `${what}: ${size} bytes at offset ${offset} is outside the ${this.bytes.length}-byte input`);
    }
  }

  /** True when [offset, offset+size) lies inside the view. */
  has(offset: number, size: number): boolean {
    return Number.isSafeInteger(offset) && Number.isSafeInteger(size) && offset >= 0 && size >= 0 && offset + size <= this.bytes.length;
  }

  u8(offset: number): number {
    this.check(offset, 1);
    return this.bytes[offset]!;
  }
  u16(offset: number): number {
    this.check(offset, 2);
    return this.dv.getUint16(offset, this.littleEndian);
  }
  i16(offset: number): number {
    this.check(offset, 2);
    return this.dv.getInt16(offset, this.littleEndian);
  }
  u32(offset: number): number {
    this.check(offset, 4);
    return this.dv.getUint32(offset, this.littleEndian);
  }
  i32(offset: number): number {
    this.check(offset, 4);
    return this.dv.getInt32(offset, this.littleEndian);
  }
  u64(offset: number): bigint {
    this.check(offset, 8);
    return this.dv.getBigUint64(offset, this.littleEndian);
  }
  i64(offset: number): bigint {
    this.check(offset, 8);
    return this.dv.getBigInt64(offset, this.littleEndian);
  }
  /** A 64-bit field that must fit in a JS number (file offsets, sizes). */
  u64n(offset: number, what = 'value'): number {
    const v = this.u64(offset);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.fail('OUT_OF_BOUNDS', `${what} ${v} at offset ${offset} is too large`);
    return Number(v);
  }
  /** Unsigned pointer-sized read. */
  ptr(offset: number, width: 4 | 8): bigint {
    return width === 8 ? this.u64(offset) : BigInt(this.u32(offset));
  }

  /** A checked sub-range, sharing memory with this view. */
  slice(offset: number, size: number, what = 'range'): Uint8Array {
    this.check(offset, size, what);
    return this.bytes.subarray(offset, offset + size);
  }
  /** A checked sub-view with the same byte order. */
  view(offset: number, size: number, what = 'range'): ByteView {
    return new ByteView(this.slice(offset, size, what), this.littleEndian, this.fail);
  }

  /** NUL-terminated string starting at offset (up to maxLength bytes), decoded as UTF-8. */
  cstring(offset: number, maxLength = this.bytes.length - offset): string {
    this.check(offset, 0);
    const end = Math.min(this.bytes.length, offset + Math.max(0, maxLength));
    let i = offset;
    while (i < end && this.bytes[i] !== 0) i++;
    return utf8.decode(this.bytes.subarray(offset, i));
  }

  /** `length` bytes of UTF-16 in this view's byte order (unpaired surrogates become U+FFFD). */
  utf16(offset: number, byteLength: number): string {
    this.check(offset, byteLength, 'UTF-16 string');
    const n = byteLength >>> 1;
    const units = new Array<number>(n);
    for (let i = 0; i < n; i++) units[i] = this.dv.getUint16(offset + 2 * i, this.littleEndian);
    let s = '';
    for (let i = 0; i < n; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
    const wf = (s as { toWellFormed?: () => string }).toWellFormed;
    return wf ? wf.call(s) : s;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Hex with 0x prefix, zero-padded to `width` bytes (the minidump-stackwalk JSON pointer format). */
export function hex(value: bigint | number, width = 0): string {
  const s = (typeof value === 'bigint' ? (value < 0n ? BigInt.asUintN(64, value) : value) : value >>> 0 === value ? value : BigInt(value)).toString(16);
  return '0x' + (width > 0 ? s.padStart(width * 2, '0') : s);
}
