// Range containers with Breakpad's storage semantics.
//  * RangeMap (kExclusiveRanges): a range that overlaps one already stored is dropped, so
//    the FIRST of two conflicting ranges wins, in insertion order. Zero-size and
//    overflowing ranges are dropped too.
//  * ContainedRangeMap: ranges may nest (a child lies fully inside its parent) but a
//    partial overlap is dropped; lookups return the nesting chain.

/**
 * Applies RangeMap::StoreRange to ranges in insertion order and returns the indices of the
 * kept ones, sorted by base. Sorted input (the usual case) costs O(n); out-of-order
 * inserts fall back to a binary search + splice.
 */
export function keepExclusive(base: Float64Array, size: Float64Array, n: number): Int32Array {
  const kb: number[] = [];
  const ke: number[] = [];
  const ki: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = base[i]!;
    const s = size[i]!;
    if (!(s > 0)) continue;
    const e = b + s;
    if (e > 2 ** 64 || !Number.isFinite(e)) continue;
    const m = kb.length;
    if (m === 0 || b > kb[m - 1]!) {
      if (m > 0 && ke[m - 1]! > b) continue;
      kb.push(b);
      ke.push(e);
      ki.push(i);
      continue;
    }
    // First kept range with base >= b.
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kb[mid]! < b) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && ke[lo - 1]! > b) continue;
    if (lo < m && kb[lo]! < e) continue;
    kb.splice(lo, 0, b);
    ke.splice(lo, 0, e);
    ki.splice(lo, 0, i);
  }
  return Int32Array.from(ki);
}

/** Index of the greatest element <= x in a sorted array (by key), or -1. */
export function floorIndex(keys: Float64Array, x: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

interface Node {
  base: number;
  high: number; // inclusive, as Breakpad keys children by their high address
  entry: number;
  children: Node[] | null;
}

/** Breakpad's ContainedRangeMap<addr, entry>, entries are integers. */
export class ContainedRangeMap {
  private readonly root: Node = { base: 0, high: 0, entry: -1, children: null };
  constructor(private readonly allowEqualRange = false) {}

  store(base: number, size: number, entry: number): boolean {
    if (!(size > 0)) return false;
    const high = base + size - 1;
    if (!Number.isFinite(high) || high >= 2 ** 64) return false;
    let node = this.root;
    // Iterative descent (no recursion depth limit on hostile nesting).
    for (;;) {
      const ch = (node.children ??= []);
      const ib = lowerBoundHigh(ch, base);
      const ih = lowerBoundHigh(ch, high);
      if (ib === ih && ib < ch.length && base >= ch[ib]!.base) {
        const c = ch[ib]!;
        if (!this.allowEqualRange && c.base === base && c.high === high) return false;
        node = c;
        continue;
      }
      const containsHigh = ih < ch.length && high >= ch[ih]!.base;
      if ((ib < ch.length && base > ch[ib]!.base) || (containsHigh && high < ch[ih]!.high)) return false;
      const end = containsHigh ? ih + 1 : ih;
      const adopted = end > ib ? ch.slice(ib, end) : null;
      ch.splice(ib, end - ib, { base, high, entry, children: adopted });
      return true;
    }
  }

  /** Entries of every range containing addr, innermost first. */
  retrieveAll(addr: number): number[] {
    const out: number[] = [];
    let node = this.root;
    while (node.children) {
      const ch = node.children;
      const i = lowerBoundHigh(ch, addr);
      if (i >= ch.length || addr < ch[i]!.base) break;
      node = ch[i]!;
      out.push(node.entry);
    }
    return out.reverse();
  }

  /** The most specific (smallest) range containing addr, as [entry, base] or null. */
  retrieve(addr: number): number | null {
    const all = this.retrieveAll(addr);
    return all.length > 0 ? all[0]! : null;
  }
}

function lowerBoundHigh(ch: Node[], x: number): number {
  let lo = 0;
  let hi = ch.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ch[mid]!.high < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
