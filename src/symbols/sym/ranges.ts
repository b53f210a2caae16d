// Range containers with Breakpad's storage semantics.
//  * RangeMap (kExclusiveRanges): a range that overlaps one already stored is dropped, so
//    the FIRST of two conflicting ranges wins, in insertion order. Zero-size and
//    overflowing ranges are dropped too.
//  * ContainedRangeMap: ranges may nest (a child lies fully inside its parent) but a
//    partial overlap is dropped; lookups return the nesting chain.

/**
 * Applies RangeMap::StoreRange to ranges in insertion order and returns the indices of the
 * kept ones, sorted by base. Sorted input (the usual case) appends in O(1); out-of-order
 * inserts go into small sorted blocks (a two-level list), so the worst case stays
 * O(n sqrt n) with cheap moves.
 */
export function keepExclusive(base: Float64Array, size: Float64Array, n: number): Int32Array {
  const BLOCK = 512;
  // Each block holds parallel sorted arrays; blocks are ordered and non-empty.
  const bb: number[][] = [];
  const be: number[][] = [];
  const bi: number[][] = [];
  let total = 0;
  let lastBase = -1;
  let lastEnd = -1;
  for (let i = 0; i < n; i++) {
    const b = base[i]!;
    const s = size[i]!;
    if (!(s > 0)) continue;
    const e = b + s;
    if (e > 2 ** 64 || !Number.isFinite(e)) continue;
    if (total === 0 || b > lastBase) {
      if (total > 0 && lastEnd > b) continue;
      let blk = bb.length - 1;
      if (blk < 0 || bb[blk]!.length >= BLOCK) {
        bb.push([]);
        be.push([]);
        bi.push([]);
        blk++;
      }
      bb[blk]!.push(b);
      be[blk]!.push(e);
      bi[blk]!.push(i);
      lastBase = b;
      lastEnd = e;
      total++;
      continue;
    }
    // Block holding the first kept base >= b (bases are < lastBase here, so one exists).
    let lo = 0;
    let hi = bb.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const blk = bb[mid]!;
      if (blk[blk.length - 1]! < b) lo = mid + 1;
      else hi = mid;
    }
    const kb = bb[lo]!;
    const ke = be[lo]!;
    let p = 0;
    let q = kb.length;
    while (p < q) {
      const mid = (p + q) >>> 1;
      if (kb[mid]! < b) p = mid + 1;
      else q = mid;
    }
    // Predecessor: in this block, or the last of the previous block.
    const predEnd = p > 0 ? ke[p - 1]! : lo > 0 ? be[lo - 1]![be[lo - 1]!.length - 1]! : -1;
    if (predEnd > b) continue;
    if (kb[p]! < e) continue;
    kb.splice(p, 0, b);
    ke.splice(p, 0, e);
    bi[lo]!.splice(p, 0, i);
    total++;
    if (kb.length >= 2 * BLOCK) {
      bb.splice(lo + 1, 0, kb.splice(BLOCK));
      be.splice(lo + 1, 0, ke.splice(BLOCK));
      bi.splice(lo + 1, 0, bi[lo]!.splice(BLOCK));
    }
  }
  const out = new Int32Array(total);
  let k = 0;
  for (const blk of bi) for (const v of blk) out[k++] = v;
  return out;
}

/**
 * Indices 0..n-1 ordered by key, ties by index. Packs (key, index) into one exact double
 * when they fit in 53 bits so the native numeric sort does the work.
 */
export function sortedOrder(keys: Float64Array): Int32Array {
  const n = keys.length;
  let sorted = true;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (k > max) max = k;
    if (i > 0 && k < keys[i - 1]!) sorted = false;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (sorted) return order;
  const idxBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const keyBits = Math.ceil(Math.log2(max + 2));
  if (idxBits + keyBits <= 53 && Number.isSafeInteger(max)) {
    const scale = 2 ** idxBits;
    let packed: Float64Array = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i]! * scale + i;
    packed = naturalMergeSort(packed);
    for (let i = 0; i < n; i++) order[i] = packed[i]! % scale;
    return order;
  }
  return order.sort((x, y) => keys[x]! - keys[y]! || x - y);
}

/**
 * Bottom-up merge of the ascending runs already present: symbol files are nearly sorted
 * (CFI comes in table order), so this beats a general sort by a wide margin. Values are
 * distinct. Returns the sorted array (may be a new buffer).
 */
function naturalMergeSort(a: Float64Array): Float64Array {
  const n = a.length;
  let starts: number[] = [0];
  for (let i = 1; i < n; i++) if (a[i]! < a[i - 1]!) starts.push(i);
  let src: Float64Array = a;
  let dst: Float64Array = new Float64Array(n);
  while (starts.length > 1) {
    const next: number[] = [];
    for (let r = 0; r < starts.length; r += 2) {
      const s0 = starts[r]!;
      const m = r + 1 < starts.length ? starts[r + 1]! : n;
      const e = r + 2 < starts.length ? starts[r + 2]! : n;
      next.push(s0);
      let i = s0;
      let j = m;
      let k = s0;
      while (i < m && j < e) dst[k++] = src[i]! <= src[j]! ? src[i++]! : src[j++]!;
      while (i < m) dst[k++] = src[i++]!;
      while (j < e) dst[k++] = src[j++]!;
    }
    starts = next;
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
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
