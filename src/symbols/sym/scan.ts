// Byte-level helpers that mirror Breakpad's Tokenize/strtoull/strtol rules without
// allocating: tokens land in shared scratch arrays, numbers are parsed in place.

const SP = 32;

/** Token bounds filled by tokenize(); valid until the next call. */
export const tokS = new Int32Array(520);
export const tokE = new Int32Array(520);

/**
 * Breakpad's Tokenize(line, " ", max): up to max-1 space-separated tokens (runs of spaces
 * collapse), then the rest of the line after exactly one separator as the last token.
 * Returns the token count; the call "succeeds" only when it equals max.
 */
export function tokenize(b: Uint8Array, s: number, e: number, max: number): number {
  let count = 0;
  let p = s;
  while (count < max - 1) {
    while (p < e && b[p] === SP) p++;
    if (p >= e) return count;
    const ts = p;
    while (p < e && b[p] !== SP) p++;
    tokS[count] = ts;
    tokE[count] = p;
    count++;
    p++; // strtok consumed one separator
  }
  if (p < e) {
    tokS[count] = p;
    tokE[count] = e;
    count++;
  }
  return count;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/**
 * strtoull(...,16) + IsValidAfterNumber: digits must end at `e` or a space. Returns -1 when
 * invalid (no digits, junk after, negative, or beyond 2^53 which no module offset reaches).
 */
export function parseHex(b: Uint8Array, s: number, e: number): number {
  let p = s;
  if (p < e && b[p] === 43) p++; // '+'
  if (p + 2 < e && b[p] === 48 && (b[p + 1]! | 0x20) === 120 && hexDigit(b[p + 2]!) >= 0) p += 2;
  const start = p;
  let v = 0;
  while (p < e) {
    const d = hexDigit(b[p]!);
    if (d < 0) break;
    v = v * 16 + d;
    p++;
  }
  if (p === start || (p < e && b[p] !== SP)) return -1;
  if (v > Number.MAX_SAFE_INTEGER) return -1;
  return v;
}

/** strtoul(...,16) without validation (STACK records): leading hex digits, else 0. */
export function parseHexLenient(b: Uint8Array, s: number, e: number): number {
  let p = s;
  while (p < e && b[p] === SP) p++;
  if (p < e && b[p] === 43) p++;
  if (p + 2 < e && b[p] === 48 && (b[p + 1]! | 0x20) === 120 && hexDigit(b[p + 2]!) >= 0) p += 2;
  let v = 0;
  while (p < e) {
    const d = hexDigit(b[p]!);
    if (d < 0) break;
    v = v * 16 + d;
    p++;
  }
  return v;
}

/** Sentinel for an invalid decimal (any real value is > this). */
export const BAD = -Infinity;

/** strtol(...,10) + IsValidAfterNumber. Returns BAD when invalid or not a safe integer. */
export function parseDec(b: Uint8Array, s: number, e: number): number {
  let p = s;
  let neg = false;
  if (p < e && (b[p] === 45 || b[p] === 43)) {
    neg = b[p] === 45;
    p++;
  }
  const start = p;
  let v = 0;
  while (p < e) {
    const c = b[p]!;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    p++;
  }
  if (p === start || (p < e && b[p] !== SP)) return BAD;
  if (v > Number.MAX_SAFE_INTEGER) return BAD;
  return neg ? -v : v;
}

/** True when b[s..] starts with the ASCII string `lit` (lit fits before e). */
export function startsWith(b: Uint8Array, s: number, e: number, lit: string): boolean {
  if (e - s < lit.length) return false;
  for (let i = 0; i < lit.length; i++) if (b[s + i] !== lit.charCodeAt(i)) return false;
  return true;
}

/** Token equals ASCII literal. */
export function tokenIs(b: Uint8Array, s: number, e: number, lit: string): boolean {
  return e - s === lit.length && startsWith(b, s, e, lit);
}

const utf8 = new TextDecoder('utf-8');

/** Decode a byte range as text; NUL bytes become '_' as in Breakpad's loader. */
export function decode(b: Uint8Array, s: number, e: number): string {
  let ascii = true;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c >= 0x80 || c === 0) {
      ascii = false;
      break;
    }
  }
  if (ascii && e - s < 256) {
    let out = '';
    for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
    return out;
  }
  return utf8.decode(b.subarray(s, e)).replaceAll('\0', '_');
}

/** A growable Float64Array. */
export class F64Vec {
  a: Float64Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Float64Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = v;
  }
  /** Doubles the capacity. */
  grow(): void {
    const na = new Float64Array(this.a.length * 2);
    na.set(this.a);
    this.a = na;
  }
  /** The filled part; copied when that releases a lot of spare capacity. */
  view(): Float64Array {
    return this.n < this.a.length * 0.75 && this.a.length > 4096 ? this.a.slice(0, this.n) : this.a.subarray(0, this.n);
  }
}
