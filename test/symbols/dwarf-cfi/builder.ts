// Test-only assembler for .eh_frame / .debug_frame bytes: CIEs and FDEs with any
// version, augmentation, pointer encoding, byte order and 32/64-bit framing.

export const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
};

export const sleb = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = ((v % 128) + 128) % 128;
    v = Math.floor(v / 128);
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
};

export interface CieSpec {
  version?: number;
  augmentation?: string;
  /** Raw augmentation data after 'z' (the length is added). */
  augData?: number[];
  /** For 'eh': the address-sized pointer after the string. */
  ehPointer?: boolean;
  codeAlign?: number;
  dataAlign?: number;
  ra: number;
  /** Version 4 header fields. */
  addressSize?: number;
  segmentSize?: number;
  instructions: number[];
  dwarf64?: boolean;
}

export interface FdeSpec {
  address: number;
  size: number;
  /** How pc_begin / range are written (DW_EH_PE_*); default absptr. */
  encoding?: number;
  /** FDE augmentation data (written with its length when the CIE has 'z'). */
  augData?: number[];
  segment?: number[];
  instructions: number[];
  dwarf64?: boolean;
}

export class SectionBuilder {
  private readonly out: number[] = [];
  constructor(
    readonly kind: 'eh_frame' | 'debug_frame',
    readonly littleEndian: boolean,
    readonly addressSize: 4 | 8,
    readonly address = 0x10000,
    readonly bases: { text?: number; data?: number } = {},
  ) {}

  get length(): number {
    return this.out.length;
  }

  int(v: number, size: number): number[] {
    const bytes: number[] = [];
    let x = BigInt.asUintN(size * 8, BigInt(v));
    for (let i = 0; i < size; i++) {
      bytes.push(Number(x & 0xffn));
      x >>= 8n;
    }
    return this.littleEndian ? bytes : bytes.reverse();
  }

  /** Encodes `value` as it would appear at section offset `at` in encoding `enc`. */
  encode(value: number, enc: number, at: number, addressSize = this.addressSize): number[] {
    const app = enc & 0x70;
    if (app === 0x50) {
      const pad = (addressSize - ((this.address + at) % addressSize)) % addressSize;
      return [...new Array<number>(pad).fill(0), ...this.int(value, addressSize)];
    }
    let v = value;
    if (app === 0x10) v = value - (this.address + at);
    else if (app === 0x20) v = value - this.bases.text!;
    else if (app === 0x30) v = value - this.bases.data!;
    switch (enc & 0x0f) {
      case 0x00:
        return this.int(v, addressSize);
      case 0x01:
        return uleb(v);
      case 0x02:
      case 0x0a:
        return this.int(v, 2);
      case 0x03:
      case 0x0b:
        return this.int(v, 4);
      case 0x04:
      case 0x0c:
        return this.int(v, 8);
      case 0x09:
        return sleb(v);
      default:
        throw new Error(`encoding ${enc}`);
    }
  }

  private entry(id: number[], body: (start: number) => number[], dwarf64: boolean): number {
    const offset = this.out.length;
    const headerSize = dwarf64 ? 12 : 4;
    const content = [...id, ...body(offset + headerSize + id.length)];
    // Pad to the address size with DW_CFA_nop, as assemblers do.
    while ((headerSize + content.length) % this.addressSize !== 0) content.push(0);
    if (dwarf64) this.out.push(...this.int(0xffffffff, 4), ...this.int(content.length, 8));
    else this.out.push(...this.int(content.length, 4));
    this.out.push(...content);
    return offset;
  }

  cie(spec: CieSpec): number {
    const dwarf64 = spec.dwarf64 ?? false;
    const idSize = this.kind === 'eh_frame' ? 4 : dwarf64 ? 8 : 4;
    const id = this.kind === 'eh_frame' ? this.int(0, 4) : new Array<number>(idSize).fill(0xff);
    const version = spec.version ?? 1;
    return this.entry(
      id,
      () => {
        const b: number[] = [version];
        for (const ch of spec.augmentation ?? '') b.push(ch.charCodeAt(0));
        b.push(0);
        if (spec.ehPointer) b.push(...this.int(0, this.addressSize));
        if (version >= 4) b.push(spec.addressSize ?? this.addressSize, spec.segmentSize ?? 0);
        b.push(...uleb(spec.codeAlign ?? 1), ...sleb(spec.dataAlign ?? -8));
        b.push(...(version === 1 ? [spec.ra] : uleb(spec.ra)));
        if (spec.augData) b.push(...uleb(spec.augData.length), ...spec.augData);
        b.push(...spec.instructions);
        return b;
      },
      dwarf64,
    );
  }

  fde(cieOffset: number, spec: FdeSpec, addressSize = this.addressSize): number {
    const dwarf64 = spec.dwarf64 ?? false;
    const offset = this.out.length;
    const headerSize = dwarf64 ? 12 : 4;
    const idSize = this.kind === 'eh_frame' ? 4 : dwarf64 ? 8 : 4;
    const id = this.kind === 'eh_frame' ? this.int(offset + headerSize - cieOffset, 4) : this.int(cieOffset, idSize);
    const enc = spec.encoding ?? 0;
    return this.entry(
      id,
      (start) => {
        const b: number[] = [...(spec.segment ?? [])];
        b.push(...this.encode(spec.address, enc, start + b.length, addressSize));
        b.push(...this.encode(spec.size, enc & 0x0f, start + b.length, addressSize));
        if (spec.augData) b.push(...uleb(spec.augData.length), ...spec.augData);
        b.push(...spec.instructions);
        return b;
      },
      dwarf64,
    );
  }

  raw(bytes: number[]): this {
    this.out.push(...bytes);
    return this;
  }

  terminator(): this {
    this.out.push(0, 0, 0, 0);
    return this;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

// DW_CFA_* opcodes used by the tests.
export const op = {
  advance: (n: number) => [0x40 | n],
  offset: (reg: number, n: number) => [0x80 | reg, ...uleb(n)],
  restore: (reg: number) => [0xc0 | reg],
  nop: [0x00],
  setLoc: (bytes: number[]) => [0x01, ...bytes],
  advance1: (n: number) => [0x02, n],
  advance2: (b: number[]) => [0x03, ...b],
  advance4: (b: number[]) => [0x04, ...b],
  offsetExt: (reg: number, n: number) => [0x05, ...uleb(reg), ...uleb(n)],
  restoreExt: (reg: number) => [0x06, ...uleb(reg)],
  undefined: (reg: number) => [0x07, ...uleb(reg)],
  sameValue: (reg: number) => [0x08, ...uleb(reg)],
  register: (reg: number, from: number) => [0x09, ...uleb(reg), ...uleb(from)],
  remember: [0x0a],
  restoreState: [0x0b],
  defCfa: (reg: number, off: number) => [0x0c, ...uleb(reg), ...uleb(off)],
  defCfaRegister: (reg: number) => [0x0d, ...uleb(reg)],
  defCfaOffset: (off: number) => [0x0e, ...uleb(off)],
  defCfaExpression: (expr: number[]) => [0x0f, ...uleb(expr.length), ...expr],
  expression: (reg: number, expr: number[]) => [0x10, ...uleb(reg), ...uleb(expr.length), ...expr],
  offsetExtSf: (reg: number, n: number) => [0x11, ...uleb(reg), ...sleb(n)],
  defCfaSf: (reg: number, n: number) => [0x12, ...uleb(reg), ...sleb(n)],
  defCfaOffsetSf: (n: number) => [0x13, ...sleb(n)],
  valOffset: (reg: number, n: number) => [0x14, ...uleb(reg), ...uleb(n)],
  valOffsetSf: (reg: number, n: number) => [0x15, ...uleb(reg), ...sleb(n)],
  valExpression: (reg: number, expr: number[]) => [0x16, ...uleb(reg), ...uleb(expr.length), ...expr],
  mipsAdvance8: (b: number[]) => [0x1d, ...b],
  negateRaStateWithPc: [0x2c],
  windowSave: [0x2d],
  argsSize: (n: number) => [0x2e, ...uleb(n)],
  negOffsetExt: (reg: number, n: number) => [0x2f, ...uleb(reg), ...uleb(n)],
};
