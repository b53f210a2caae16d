// Address ranges of a DIE: DW_AT_low_pc/high_pc, .debug_ranges (DWARF 2–4) or
// .debug_rnglists (DWARF 5, every DW_RLE kind), with .debug_addr indirection.
import * as C from './constants.js';
import { Reader, dwarfError } from './reader.js';

/** Largest exact address; anything above (e.g. the ~0 tombstone) is treated as invalid. */
export const MAX_ADDRESS = Number.MAX_SAFE_INTEGER;

/** Upper bound on entries read from one range list, so garbage can't make us loop for long. */
const MAX_RANGE_ENTRIES = 1 << 20;

export interface AddressSource {
  /** Address number `index` of .debug_addr at the unit's addr_base. */
  addressAt(index: number): number;
}

/** Appends [begin, end) pairs of a DWARF 2–4 .debug_ranges list to `out`. */
export function readDebugRanges(r: Reader, offset: number, addressSize: number, baseAddress: number, out: number[]): void {
  if (!(offset >= 0) || offset > r.end) throw dwarfError('OUT_OF_BOUNDS', `.debug_ranges offset ${offset} is outside the section`);
  r.pos = offset;
  const maxAddr = addressSize === 8 ? 2 ** 64 - 1 : 2 ** (addressSize * 8) - 1;
  let base = baseAddress;
  for (let i = 0; i < MAX_RANGE_ENTRIES; i++) {
    const begin = r.uN(addressSize);
    const end = r.uN(addressSize);
    if (begin === 0 && end === 0) return;
    // Base address selection entry (begin = the largest address; u64() rounds 2^64-1 to 2^64).
    if (begin >= maxAddr) {
      base = end;
      continue;
    }
    out.push(base + begin, base + end);
  }
}

/** Appends [begin, end) pairs of a DWARF 5 .debug_rnglists list to `out`. */
export function readRngList(r: Reader, offset: number, addressSize: number, baseAddress: number, addr: AddressSource, out: number[]): void {
  if (!(offset >= 0) || offset > r.end) throw dwarfError('OUT_OF_BOUNDS', `.debug_rnglists offset ${offset} is outside the section`);
  r.pos = offset;
  let base = baseAddress;
  for (let i = 0; i < MAX_RANGE_ENTRIES; i++) {
    const kind = r.u8();
    switch (kind) {
      case C.DW_RLE_end_of_list:
        return;
      case C.DW_RLE_base_addressx:
        base = addr.addressAt(r.uleb());
        break;
      case C.DW_RLE_startx_endx: {
        const b = addr.addressAt(r.uleb());
        const e = addr.addressAt(r.uleb());
        out.push(b, e);
        break;
      }
      case C.DW_RLE_startx_length: {
        const b = addr.addressAt(r.uleb());
        out.push(b, b + r.uleb());
        break;
      }
      case C.DW_RLE_offset_pair: {
        const b = r.uleb();
        const e = r.uleb();
        out.push(base + b, base + e);
        break;
      }
      case C.DW_RLE_base_address:
        base = r.uN(addressSize);
        break;
      case C.DW_RLE_start_end: {
        const b = r.uN(addressSize);
        out.push(b, r.uN(addressSize));
        break;
      }
      case C.DW_RLE_start_length: {
        const b = r.uN(addressSize);
        out.push(b, b + r.uleb());
        break;
      }
      default:
        throw dwarfError('MALFORMED', `.debug_rnglists: unknown entry kind ${kind} at offset ${r.pos - 1}`);
    }
  }
}

/**
 * Sorts [begin, end) pairs in place by begin, drops empty, inverted and invalid ones
 * (begin 0 marks code the linker discarded; addresses >= 2^53 are tombstones), and
 * returns the new pair count.
 */
export function normalizeRanges(pairs: number[]): number {
  let n = 0;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const b = pairs[i]!;
    const e = pairs[i + 1]!;
    if (b > 0 && e > b && e <= MAX_ADDRESS) {
      pairs[2 * n] = b;
      pairs[2 * n + 1] = e;
      n++;
    }
  }
  pairs.length = 2 * n;
  if (n > 1) {
    // Lists are nearly always sorted already.
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) if (pairs[2 * i]! < pairs[2 * i - 2]!) sorted = false;
    if (!sorted) {
      const order: [number, number][] = [];
      for (let i = 0; i < n; i++) order.push([pairs[2 * i]!, pairs[2 * i + 1]!]);
      order.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let i = 0; i < n; i++) {
        pairs[2 * i] = order[i]![0];
        pairs[2 * i + 1] = order[i]![1];
      }
    }
  }
  return n;
}
