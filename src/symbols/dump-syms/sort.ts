// Stable ordering of 10^5 symbol addresses: an LSD radix sort on 16-bit digits,
// a few linear passes instead of 10^6 comparator calls (or a sort of packed keys).

const TWO32 = 0x1_0000_0000;

/**
 * Indices 0..keys.length-1 ordered by key, ties in index order. Keys must be
 * integers in [0, 2^53).
 */
export function stableOrder(keys: ArrayLike<number>): Uint32Array {
  const n = keys.length;
  let max = 0;
  for (let i = 0; i < n; i++) if (keys[i]! > max) max = keys[i]!;
  // Keys below 2^32 (addresses in a module): the two low digits straight from the
  // keys, without the lo/hi copies (fresh memory costs page faults).
  if (max < TWO32) return radix32(keys, n);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  let orLo = 0;
  let orHi = 0;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const h = Math.floor(k / TWO32);
    lo[i] = k - h * TWO32;
    hi[i] = h;
    orLo |= lo[i]!;
    orHi |= h;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(1 << 16);
  for (let d = 0; d < 4; d++) {
    const words = d < 2 ? lo : hi;
    const shift = (d & 1) * 16;
    // A digit that is zero in every key leaves the order as it is.
    if ((((d < 2 ? orLo : orHi) >>> shift) & 0xffff) === 0) continue;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(words[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 1 << 16; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const idx = order[i]!;
      next[count[(words[idx]! >>> shift) & 0xffff]!++] = idx;
    }
    const t = order;
    order = next;
    next = t;
  }
  return order;
}

/** stableOrder for keys in [0, 2^32): two 16-bit digit passes. */
function radix32(keys: ArrayLike<number>, n: number): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(1 << 16);
  for (let shift = 0; shift < 32; shift += 16) {
    count.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      const d = (keys[i]! >>> shift) & 0xffff;
      if (d !== 0) any = true;
      count[d]!++;
    }
    // A digit that is zero in every key leaves the order as it is.
    if (!any) continue;
    let sum = 0;
    for (let b = 0; b < 1 << 16; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const idx = order[i]!;
      next[count[(keys[idx]! >>> shift) & 0xffff]!++] = idx;
    }
    const t = order;
    order = next;
    next = t;
  }
  return order;
}
