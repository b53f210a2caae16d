// The blocked range containers against straightforward reference implementations of
// Breakpad's RangeMap (exclusive) and ContainedRangeMap, on random inputs.
import { describe, expect, it } from 'vitest';
import { ContainedRangeMap, floorIndex, keepExclusive, sortedOrder } from '../../src/symbols/sym/ranges.js';

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** RangeMap::StoreRange, literally: reject any overlap with a stored range. */
function naiveExclusive(base: number[], size: number[]): number[] {
  const kept: number[] = [];
  for (let i = 0; i < base.length; i++) {
    const b = base[i]!;
    const e = b + size[i]!;
    if (size[i]! <= 0) continue;
    if (kept.some((k) => b < base[k]! + size[k]! && base[k]! < e)) continue;
    kept.push(i);
  }
  return kept.sort((x, y) => base[x]! - base[y]!);
}

interface RefNode {
  base: number;
  high: number;
  entry: number;
  children: RefNode[];
}

/** ContainedRangeMap with plain arrays (children ordered by high). */
class NaiveContained {
  root: RefNode = { base: 0, high: 0, entry: -1, children: [] };
  constructor(private readonly allowEqual: boolean) {}
  store(base: number, size: number, entry: number): boolean {
    if (size <= 0) return false;
    const high = base + size - 1;
    let node = this.root;
    for (;;) {
      const ch = node.children;
      const lb = (x: number): number => {
        let i = 0;
        while (i < ch.length && ch[i]!.high < x) i++;
        return i;
      };
      const ib = lb(base);
      const ih = lb(high);
      if (ib === ih && ib < ch.length && base >= ch[ib]!.base) {
        if (!this.allowEqual && ch[ib]!.base === base && ch[ib]!.high === high) return false;
        node = ch[ib]!;
        continue;
      }
      const containsHigh = ih < ch.length && high >= ch[ih]!.base;
      if ((ib < ch.length && base > ch[ib]!.base) || (containsHigh && high < ch[ih]!.high)) return false;
      const end = containsHigh ? ih + 1 : ih;
      const adopted = ch.splice(ib, end - ib, { base, high, entry, children: [] });
      ch[ib]!.children = adopted;
      return true;
    }
  }
  retrieveAll(addr: number): number[] {
    const out: number[] = [];
    let node = this.root;
    for (;;) {
      const c = node.children.find((n) => n.high >= addr);
      if (!c || addr < c.base) break;
      out.push(c.entry);
      node = c;
    }
    return out.reverse();
  }
}

describe('range containers', () => {
  it('keepExclusive matches RangeMap first-wins semantics', () => {
    for (let seed = 1; seed < 60; seed++) {
      const r = rng(seed);
      const n = 50 + r(700);
      const base: number[] = [];
      const size: number[] = [];
      const mostlySorted = seed % 2 === 0;
      for (let i = 0; i < n; i++) {
        base.push(mostlySorted && r(10) > 0 ? i * 20 + r(30) : r(20000));
        size.push(r(40));
      }
      const got = Array.from(keepExclusive(Float64Array.from(base), Float64Array.from(size), n));
      expect(got, `seed ${seed}`).toEqual(naiveExclusive(base, size));
    }
  });

  it('ContainedRangeMap matches the reference on nested, equal and partially overlapping ranges', () => {
    for (let seed = 1; seed < 40; seed++) {
      const r = rng(seed * 7919);
      const allowEqual = seed % 2 === 0;
      const fast = new ContainedRangeMap(allowEqual);
      const ref = new NaiveContained(allowEqual);
      const n = 100 + r(1500);
      for (let i = 0; i < n; i++) {
        const base = r(5000);
        const size = r(4) === 0 ? r(2000) : r(30);
        expect(fast.store(base, size, i)).toBe(ref.store(base, size, i));
      }
      for (let a = 0; a < 7000; a += 3) expect(fast.retrieveAll(a), `seed ${seed} addr ${a}`).toEqual(ref.retrieveAll(a));
    }
  });

  it('ContainedRangeMap stays fast on reverse-ordered input', () => {
    const m = new ContainedRangeMap();
    const t0 = performance.now();
    for (let i = 200_000; i > 0; i--) m.store(i * 16, 8, i);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(m.retrieve(16 * 1234 + 3)).toBe(1234);
    expect(m.retrieve(16 * 1234 + 9)).toBeNull();
  });

  it('sortedOrder is a stable sort by key; floorIndex finds the greatest key <= x', () => {
    const r = rng(5);
    const keys = Float64Array.from({ length: 5000 }, () => r(300));
    const order = Array.from(sortedOrder(keys));
    const expected = Array.from({ length: keys.length }, (_, i) => i).sort((x, y) => keys[x]! - keys[y]! || x - y);
    expect(order).toEqual(expected);
    const big = Float64Array.from([2 ** 52, 3, 2 ** 52 + 2, 1]);
    expect(Array.from(sortedOrder(big))).toEqual([3, 1, 0, 2]);
    const sorted = Float64Array.from([10, 20, 30]);
    expect([floorIndex(sorted, 5), floorIndex(sorted, 10), floorIndex(sorted, 25), floorIndex(sorted, 99)]).toEqual([-1, 0, 1, 2]);
  });
});
