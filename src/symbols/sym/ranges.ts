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
  const disjoint = disjointOrder(base, size, n);
  if (disjoint) return disjoint;
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
 * keepExclusive's answer when the input is out of order but no two valid ranges overlap
 * (the usual STACK CFI INIT table): then insertion order cannot matter and every valid
 * range is kept, so a sort replaces the per-insert splicing. Null when the input is
 * already sorted (the main loop handles that in O(n)) or when some ranges overlap.
 */
function disjointOrder(base: Float64Array, size: Float64Array, n: number): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (base[i]! < base[i - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return null;
  const order = sortedOrder(n === base.length ? base : base.subarray(0, n));
  const out = new Int32Array(n);
  let k = 0;
  let lastEnd = -1;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    const b = base[i]!;
    const s = size[i]!;
    if (!(s > 0)) continue;
    const e = b + s;
    if (e > 2 ** 64 || !Number.isFinite(e)) continue;
    if (lastEnd > b) return null;
    lastEnd = e;
    out[k++] = i;
  }
  return out.subarray(0, k);
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
  if (sorted) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order;
  }
  if (mergeRuns(keys, order)) return order;
  for (let i = 0; i < n; i++) order[i] = i;
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
 * Symbol files hold a few thousand ascending runs whose key spans barely overlap (CFI of
 * disjoint functions in table order). Takes the runs in order of their first keys and
 * merges them with a heap that only ever holds the runs overlapping the output point, so
 * the cost is about one pass instead of log2(runs) merge passes. Fills `order` and returns
 * true; false (order unspecified) when there are too many runs for this to pay.
 */
function mergeRuns(keys: Float64Array, order: Int32Array): boolean {
  const n = keys.length;
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) {
    if (keys[i]! < keys[i - 1]!) {
      starts.push(i);
      if (starts.length > n >>> 3) return false;
    }
  }
  const r = starts.length;
  // By first key, then start index: the (key, index) order sortedOrder promises.
  const runs = Int32Array.from(starts.keys()).sort((x, y) => keys[starts[x]!]! - keys[starts[y]!]! || x - y);
  // Min-heap of run cursors (next index, end), ordered by (key, index).
  const pos = new Int32Array(r);
  const end = new Int32Array(r);
  let size = 0;
  const less = (i: number, j: number): boolean => keys[i]! < keys[j]! || (keys[i] === keys[j] && i < j);
  const siftDown = (h: number): void => {
    const p = pos[h]!;
    const q = end[h]!;
    for (;;) {
      let c = 2 * h + 1;
      if (c >= size) break;
      if (c + 1 < size && less(pos[c + 1]!, pos[c]!)) c++;
      if (!less(pos[c]!, p)) break;
      pos[h] = pos[c]!;
      end[h] = end[c]!;
      h = c;
    }
    pos[h] = p;
    end[h] = q;
  };
  let next = 0;
  for (let k = 0; k < n; k++) {
    // Admit every run that starts before the current minimum.
    while (next < r) {
      const run = runs[next]!;
      const s = starts[run]!;
      if (size > 0 && !less(s, pos[0]!)) break;
      let h = size++;
      const e = run + 1 < r ? starts[run + 1]! : n;
      while (h > 0) {
        const parent = (h - 1) >>> 1;
        if (!less(s, pos[parent]!)) break;
        pos[h] = pos[parent]!;
        end[h] = end[parent]!;
        h = parent;
      }
      pos[h] = s;
      end[h] = e;
      next++;
    }
    const i = pos[0]!;
    order[k] = i;
    if (i + 1 < end[0]!) pos[0] = i + 1;
    else {
      size--;
      pos[0] = pos[size]!;
      end[0] = end[size]!;
    }
    if (size > 1) siftDown(0);
  }
  return true;
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
  children: Children | null;
}

const CHILD_BLOCK = 256;

/**
 * A node's children, ordered by high address, in blocks so that inserting out of order
 * (reverse-sorted STACK WIN records, say) costs O(sqrt n) instead of O(n) per insert.
 * Positions are [block, index] pairs.
 */
class Children {
  blocks: Node[][] = [];

  /** First position whose node.high >= x, as [block, index]; [blocks.length, 0] at the end. */
  lowerBound(x: number): [number, number] {
    const bl = this.blocks;
    let lo = 0;
    let hi = bl.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const blk = bl[mid]!;
      if (blk[blk.length - 1]!.high < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === bl.length) return [lo, 0];
    const blk = bl[lo]!;
    let a = 0;
    let b = blk.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (blk[mid]!.high < x) a = mid + 1;
      else b = mid;
    }
    return [lo, a];
  }

  at(pos: [number, number]): Node | undefined {
    return this.blocks[pos[0]]?.[pos[1]];
  }

  next(pos: [number, number]): [number, number] {
    const blk = this.blocks[pos[0]]!;
    return pos[1] + 1 < blk.length ? [pos[0], pos[1] + 1] : [pos[0] + 1, 0];
  }

  /** Replace the nodes in [from, to) by `node`; returns the removed nodes in order. */
  replace(from: [number, number], to: [number, number], node: Node): Node[] {
    const bl = this.blocks;
    const removed: Node[] = [];
    if (from[0] === bl.length) {
      // Append at the end.
      const last = bl[bl.length - 1];
      if (last && last.length < 2 * CHILD_BLOCK) last.push(node);
      else bl.push([node]);
      return removed;
    }
    // Collect and cut [from, to) block by block, back to front.
    const lastCut = Math.min(to[0], bl.length - 1);
    const cuts: Node[][] = [];
    for (let bi = lastCut; bi >= from[0]; bi--) {
      const blk = bl[bi]!;
      const s = bi === from[0] ? from[1] : 0;
      const e = bi === to[0] ? to[1] : blk.length;
      if (e > s) cuts.push(blk.splice(s, e - s));
    }
    for (let k = cuts.length - 1; k >= 0; k--) for (const n of cuts[k]!) removed.push(n);
    // Drop blocks emptied by the cut (never the target, which receives `node`).
    for (let bi = lastCut; bi > from[0]; bi--) if (bl[bi]!.length === 0) bl.splice(bi, 1);
    const target = bl[from[0]]!;
    target.splice(from[1], 0, node);
    if (target.length >= 2 * CHILD_BLOCK) bl.splice(from[0] + 1, 0, target.splice(CHILD_BLOCK));
    return removed;
  }

  static of(nodes: Node[]): Children {
    const c = new Children();
    for (let i = 0; i < nodes.length; i += CHILD_BLOCK) c.blocks.push(nodes.slice(i, i + CHILD_BLOCK));
    return c;
  }
}

function samePos(a: [number, number], b: [number, number]): boolean {
  return a[0] === b[0] && a[1] === b[1];
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
      const ch = (node.children ??= new Children());
      const ib = ch.lowerBound(base);
      const ih = ch.lowerBound(high);
      const atB = ch.at(ib);
      if (samePos(ib, ih) && atB && base >= atB.base) {
        // Entirely within an existing child.
        if (!this.allowEqualRange && atB.base === base && atB.high === high) return false;
        node = atB;
        continue;
      }
      const atH = ch.at(ih);
      const containsHigh = atH !== undefined && high >= atH.base;
      // Partial containment is not allowed.
      if ((atB && base > atB.base) || (containsHigh && high < atH.high)) return false;
      const end = containsHigh ? ch.next(ih) : ih;
      const fresh: Node = { base, high, entry, children: null };
      const adopted = ch.replace(ib, end, fresh);
      if (adopted.length > 0) fresh.children = Children.of(adopted);
      return true;
    }
  }

  /** Entries of every range containing addr, innermost first. */
  retrieveAll(addr: number): number[] {
    const out: number[] = [];
    let node = this.root;
    while (node.children) {
      const c = node.children.at(node.children.lowerBound(addr));
      if (!c || addr < c.base) break;
      node = c;
      out.push(node.entry);
    }
    return out.reverse();
  }

  /** Entry of the most specific (smallest) range containing addr, or null. */
  retrieve(addr: number): number | null {
    const all = this.retrieveAll(addr);
    return all.length > 0 ? all[0]! : null;
  }
}
