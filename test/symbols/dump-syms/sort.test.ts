// stableOrder (a radix sort of symbol addresses) against a comparison sort:
// same order, ties in index order, for keys below and above 2^32.
import { describe, expect, it } from 'vitest';
import { stableOrder } from '../../../src/symbols/dump-syms/sort.js';
import { seededRandom } from '../../helpers.js';

function reference(keys: number[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
}

describe('stableOrder', () => {
  const random = seededRandom(5);
  const cases: [string, number[]][] = [
    ['empty', []],
    ['small addresses with ties', Array.from({ length: 5000 }, () => Math.floor(random() * 300) * 16)],
    ['addresses below 2^32', Array.from({ length: 20000 }, () => Math.floor(random() * 0xffffffff))],
    ['only high digits differ', Array.from({ length: 3000 }, () => Math.floor(random() * 50) * 0x10000)],
    ['keys up to 2^52', Array.from({ length: 20000 }, () => Math.floor(random() * 2 ** 52))],
    ['mixed around 2^32', Array.from({ length: 4000 }, () => 0xfffff000 + Math.floor(random() * 0x2000))],
  ];
  for (const [name, keys] of cases) {
    it(name, () => {
      expect(Array.from(stableOrder(keys))).toEqual(reference(keys));
    });
  }
});
