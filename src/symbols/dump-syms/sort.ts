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
  // Keys below 2^32 (addresses in a module) give their low digits themselves; only
  // bigger ones are split into 32-bit words (fresh memory costs page faults).
  let lo: ArrayLike<number> = keys;
  let hi: Uint32Array | undefined;
  if (max >= TWO32) {
    const l = new Uint32Array(n);
    hi = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const h = Math.floor(keys[i]! / TWO32);
      l[i] = keys[i]! - h * TWO32;
      hi[i] = h;
    }
    lo = l;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(1 << 16);
  for (let d = 0; d < (hi ? 4 : 2); d++) {
    if (!digitPass(d < 2 ? lo : hi!, (d & 1) * 16, order, next, count)) continue;
    const t = order;
    order = next;
    next = t;
  }
  return order;
}

/**
 * One stable counting pass on the 16-bit digit of `words` at `shift`: `order` into
 * `next`. False (and nothing done) when that digit is zero in every word.
 */
function digitPass(words: ArrayLike<number>, shift: number, order: Uint32Array, next: Uint32Array, count: Uint32Array): boolean {
  const n = order.length;
  count.fill(0);
  let any = false;
  for (let i = 0; i < n; i++) {
    const d = (words[i]! >>> shift) & 0xffff;
    if (d !== 0) any = true;
    count[d]!++;
  }
  if (!any) return false;
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
  return true;
}
