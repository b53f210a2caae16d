// Memory captured in the dump, as regions the stackwalker can read from. Regions
// are views into the dump bytes (no copies); lookup is a binary search by address.

export interface MemoryRegion {
  base: bigint;
  size: number;
  bytes: Uint8Array;
  /** One past the last address. */
  readonly end: bigint;
  contains(addr: bigint): boolean;
  readU8(addr: bigint): number | undefined;
  readU16(addr: bigint): number | undefined;
  readU32(addr: bigint): number | undefined;
  readU64(addr: bigint): bigint | undefined;
  readPointer(addr: bigint, width: 4 | 8): bigint | undefined;
  /** `length` bytes at addr (a view), or undefined if not all inside. */
  slice(addr: bigint, length: number): Uint8Array | undefined;
}

export class Region implements MemoryRegion {
  readonly base: bigint;
  readonly size: number;
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
  private dv: DataView | undefined;

  constructor(base: bigint, bytes: Uint8Array, littleEndian = true) {
    this.base = base;
    this.bytes = bytes;
    this.size = bytes.length;
    this.littleEndian = littleEndian;
  }
  /** Alias of base (the thread stack's start_of_memory_range). */
  get start(): bigint {
    return this.base;
  }
  get end(): bigint {
    return this.base + BigInt(this.size);
  }
  contains(addr: bigint): boolean {
    return addr >= this.base && addr < this.base + BigInt(this.size);
  }
  /** Offset of [addr, addr+len) inside the region, or -1. */
  private at(addr: bigint, len: number): number {
    const off = addr - this.base;
    if (off < 0n || off > BigInt(this.size - len)) return -1;
    return Number(off);
  }
  private view(): DataView {
    return (this.dv ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
  }
  readU8(addr: bigint): number | undefined {
    const o = this.at(addr, 1);
    return o < 0 ? undefined : this.bytes[o];
  }
  readU16(addr: bigint): number | undefined {
    const o = this.at(addr, 2);
    return o < 0 ? undefined : this.view().getUint16(o, this.littleEndian);
  }
  readU32(addr: bigint): number | undefined {
    const o = this.at(addr, 4);
    return o < 0 ? undefined : this.view().getUint32(o, this.littleEndian);
  }
  readU64(addr: bigint): bigint | undefined {
    const o = this.at(addr, 8);
    return o < 0 ? undefined : this.view().getBigUint64(o, this.littleEndian);
  }
  readPointer(addr: bigint, width: 4 | 8): bigint | undefined {
    if (width === 8) return this.readU64(addr);
    const v = this.readU32(addr);
    return v === undefined ? undefined : BigInt(v);
  }
  slice(addr: bigint, length: number): Uint8Array | undefined {
    const o = this.at(addr, length);
    return o < 0 || length < 0 ? undefined : this.bytes.subarray(o, o + length);
  }
}

/** Sorted, searchable set of regions (MemoryList + Memory64List). */
export class MemoryIndex {
  readonly regions: readonly Region[];

  constructor(regions: Region[]) {
    const rs = regions.filter((r) => r.size > 0);
    // Dumps usually list memory in address order already; only sort when needed.
    let sorted = true;
    for (let i = 1; i < rs.length && sorted; i++) if (rs[i - 1]!.base > rs[i]!.base) sorted = false;
    this.regions = sorted ? rs : rs.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  }

  /** The region containing addr, or undefined. */
  find(addr: bigint): Region | undefined {
    const rs = this.regions;
    let lo = 0;
    let hi = rs.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (rs[mid]!.base <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Overlapping regions are rare; look back a few for one that covers addr.
    for (let i = best; i >= 0 && i > best - 4; i--) if (rs[i]!.contains(addr)) return rs[i];
    return undefined;
  }
}
