import { describe, expect, it } from 'vitest';
import { MemoryIndex, Region } from '../../src/reader/index.js';

describe('Region and MemoryIndex', () => {
  const bytes = Uint8Array.from({ length: 16 }, (_, i) => i);
  it('bounds-checked reads in both byte orders', () => {
    const le = new Region(0x1000n, bytes);
    expect(le.readU8(0x1000n)).toBe(0);
    expect(le.readU16(0x1001n)).toBe(0x0201);
    expect(le.readU32(0x1004n)).toBe(0x07060504);
    expect(le.readU64(0x1008n)).toBe(0x0f0e0d0c0b0a0908n);
    expect(le.readPointer(0x1004n, 4)).toBe(0x07060504n);
    expect(le.readU64(0x1009n)).toBeUndefined();
    expect(le.readU8(0xfffn)).toBeUndefined();
    expect(le.readU8(0x1010n)).toBeUndefined();
    expect(le.slice(0x100en, 2)).toEqual(Uint8Array.of(14, 15));
    expect(le.slice(0x100en, 3)).toBeUndefined();
    expect(le.end).toBe(0x1010n);
    const be = new Region(0x1000n, bytes, false);
    expect(be.readU32(0x1004n)).toBe(0x04050607);
  });
  it('finds regions by address, sorted or not, skipping empty ones', () => {
    const idx = new MemoryIndex([new Region(0x3000n, bytes), new Region(0x1000n, bytes), new Region(0x2000n, new Uint8Array(0)), new Region(0x2000n, bytes)]);
    expect(idx.regions.map((r) => r.base)).toEqual([0x1000n, 0x2000n, 0x3000n]);
    expect(idx.find(0x1000n)?.base).toBe(0x1000n);
    expect(idx.find(0x100fn)?.base).toBe(0x1000n);
    expect(idx.find(0x1010n)).toBeUndefined();
    expect(idx.find(0x2005n)?.base).toBe(0x2000n);
    expect(idx.find(0x0n)).toBeUndefined();
    expect(idx.find(0xffffffffffffffffn)).toBeUndefined();
  });
  it('overlapping regions: an address covered by an earlier, longer region is found', () => {
    const idx = new MemoryIndex([new Region(0x1000n, new Uint8Array(0x100)), new Region(0x1010n, new Uint8Array(4))]);
    expect(idx.find(0x1050n)?.base).toBe(0x1000n);
    expect(idx.find(0x1011n)?.base).toBe(0x1010n);
  });
});
