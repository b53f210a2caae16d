// Hand-built DWARF for what gcc doesn't emit on x86-64 Linux: every DW_RLE kind,
// DWARF 5 line tables with MD5 (data16) and line_strp, DW_LNE_define_file, and DIEs
// using strx1 / addrx / rnglistx / implicit_const / data16 / indirect / ref_udata,
// big-endian input, and DW_AT_specification across units.
import { describe, expect, it } from 'vitest';
import { ObjectFileError } from '../../../src/errors.js';
import { readDwarf } from '../../../src/symbols/dwarf/index.js';
import { parseLineProgram } from '../../../src/symbols/dwarf/line-program.js';
import { readDebugRanges, readRngList } from '../../../src/symbols/dwarf/ranges.js';
import { Reader } from '../../../src/symbols/dwarf/reader.js';

/** Little byte builder. */
class B {
  bytes: number[] = [];
  constructor(private le = true) {}
  u8(...v: number[]) {
    this.bytes.push(...v.map((x) => x & 0xff));
    return this;
  }
  u16(v: number) {
    return this.le ? this.u8(v, v >> 8) : this.u8(v >> 8, v);
  }
  u32(v: number) {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    return this.u8(...(this.le ? b : b.reverse()));
  }
  u64(v: number) {
    const lo = v % 2 ** 32;
    const hi = Math.floor(v / 2 ** 32);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  uleb(v: number) {
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v > 0) b |= 0x80;
      this.u8(b);
    } while (v > 0);
    return this;
  }
  sleb(v: number) {
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) return this.u8(b);
      this.u8(b | 0x80);
    }
  }
  str(s: string) {
    return this.u8(...Buffer.from(s, 'utf8'), 0);
  }
  get length() {
    return this.bytes.length;
  }
  done() {
    return Uint8Array.from(this.bytes);
  }
}

describe('range lists', () => {
  it('reads every DW_RLE kind with base addresses and .debug_addr', () => {
    const b = new B()
      .u8(4).uleb(0x10).uleb(0x20) // offset_pair on the unit base 0x1000
      .u8(5).u64(0x2000) // base_address
      .u8(4).uleb(0).uleb(8)
      .u8(1).uleb(1) // base_addressx -> addr[1] = 0x3000
      .u8(4).uleb(4).uleb(6)
      .u8(2).uleb(0).uleb(1) // startx_endx: 0x5000..0x3000 (inverted: kept raw, normalize drops it)
      .u8(3).uleb(0).uleb(0x40) // startx_length
      .u8(6).u64(0x6000).u64(0x6010) // start_end
      .u8(7).u64(0x7000).uleb(0x30) // start_length
      .u8(0);
    const out: number[] = [];
    const addrs = [0x5000, 0x3000];
    readRngList(new Reader(b.done(), true, 'rnglists'), 0, 8, 0x1000, { addressAt: (i) => addrs[i]! }, out);
    expect(out).toEqual([0x1010, 0x1020, 0x2000, 0x2008, 0x3004, 0x3006, 0x5000, 0x3000, 0x5000, 0x5040, 0x6000, 0x6010, 0x7000, 0x7030]);
  });

  it('reads .debug_ranges with a base address selection entry (32-bit)', () => {
    const b = new B().u32(0x10).u32(0x20).u32(0xffffffff).u32(0x8000).u32(1).u32(2).u32(0).u32(0);
    const out: number[] = [];
    readDebugRanges(new Reader(b.done(), true, 'ranges'), 0, 4, 0x400000, out);
    expect(out).toEqual([0x400010, 0x400020, 0x8001, 0x8002]);
  });

  it('a list without its terminator is an ObjectFileError', () => {
    const out: number[] = [];
    expect(() => readRngList(new Reader(Uint8Array.from([4, 1, 2, 4]), true, 'r'), 0, 8, 0, { addressAt: () => 0 }, out)).toThrow(ObjectFileError);
  });
});

/** A DWARF 5 line program: two directories, two files with MD5, one sequence. */
function lineV5(le = true, lineStr?: B): Uint8Array {
  const hdr = new B(le);
  hdr.u8(1).u8(1).u8(1).u8(0xfb & 0xff).u8(14).u8(13); // min_inst, max_ops, default_is_stmt, line_base -5, line_range 14, opcode_base 13
  for (const n of [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]) hdr.u8(n);
  // directories: path as line_strp
  hdr.u8(1).uleb(1).uleb(0x1f);
  hdr.uleb(2);
  const ls = lineStr ?? new B(le);
  const dir0 = ls.length;
  ls.str('/src');
  const dir1 = ls.length;
  ls.str('include');
  hdr.u32(dir0).u32(dir1);
  // files: path (string), directory index (udata), MD5 (data16)
  hdr.u8(3).uleb(1).uleb(0x08).uleb(2).uleb(0x0f).uleb(5).uleb(0x1e);
  hdr.uleb(2);
  hdr.str('main.c').uleb(0).u8(...new Array(16).fill(0xab));
  hdr.str('util.h').uleb(1).u8(...new Array(16).fill(0xcd));
  const prog = new B(le);
  prog.u8(0).uleb(9).u8(2).u64(0x1000); // set_address
  prog.u8(3).sleb(9); // advance_line -> 10
  prog.u8(1); // copy: 0x1000 line 10 file 1
  prog.u8(13 + (3 - -5) + 14 * 4); // special: addr +4, line +3 -> 0x1004 line 13
  prog.u8(4).uleb(2); // set_file 2
  prog.u8(2).uleb(8); // advance_pc 8 -> 0x100c
  prog.u8(3).sleb(-12); // line 1
  prog.u8(1); // copy
  prog.u8(8); // const_add_pc: (255-13)/14 = 17 -> 0x101d
  prog.u8(9).u16(3); // fixed_advance_pc -> 0x1020
  prog.u8(4).uleb(1).u8(3).sleb(-1).u8(1); // file 1, line 0 -> copy at 0x1020
  prog.u8(2).uleb(0x10).u8(0).uleb(1).u8(1); // end_sequence at 0x1030
  const body = new B(le).u16(5).u8(8).u8(0).u32(hdr.length).u8(...hdr.bytes).u8(...prog.bytes);
  return new B(le).u32(body.length).u8(...body.bytes).done();
}

describe('line programs', () => {
  for (const le of [true, false]) {
    it(`DWARF 5 file table with MD5 and line_strp, all standard opcodes (${le ? 'little' : 'big'}-endian)`, () => {
      const ls = new B(le);
      const line = lineV5(le, ls);
      const strs = ls.done();
      const t = parseLineProgram(line, le, 0, 8, '/comp', {
        string: (form, r, is64) => {
          if (form === 0x08) return r.cstring();
          const off = r.offset(is64);
          let e = off;
          while (strs[e] !== 0) e++;
          return Buffer.from(strs.subarray(off, e)).toString();
        },
      });
      expect(t.files).toEqual(['/src/main.c', '/comp/include/util.h']);
      expect(t.sequences).toEqual([{ start: 0x1000, end: 0x1030, first: 0, last: 4 }]);
      expect(Array.from(t.addr.subarray(0, 4))).toEqual([0x1000, 0x1004, 0x100c, 0x1020]);
      expect(Array.from(t.line.subarray(0, 4))).toEqual([10, 13, 1, 0]);
      expect(Array.from(t.file.subarray(0, 4))).toEqual([1, 1, 2, 1]);
    });
  }

  it('DWARF 3 include directories and DW_LNE_define_file', () => {
    const hdr = new B().u8(1).u8(1).u8(0xfb).u8(14).u8(13);
    for (const n of [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]) hdr.u8(n);
    hdr.str('inc').str('/abs').u8(0);
    hdr.str('a.c').uleb(0).uleb(0).uleb(0).str('b.h').uleb(2).uleb(0).uleb(0).u8(0);
    const prog = new B().u8(0).uleb(6).u8(3).str('c.h').u8(1).u8(0).u8(0);
    prog.u8(0).uleb(9).u8(2).u64(0x2000).u8(4).uleb(3).u8(1).u8(2).uleb(4).u8(0).uleb(1).u8(1);
    const body = new B().u16(3).u32(hdr.length).u8(...hdr.bytes).u8(...prog.bytes);
    const line = new B().u32(body.length).u8(...body.bytes).done();
    const t = parseLineProgram(line, true, 0, 8, '/cd', { string: () => undefined });
    expect(t.files).toEqual([undefined, '/cd/a.c', '/abs/b.h', '/cd/inc/c.h']);
    expect(t.sequences.length).toBe(1);
    expect(t.file[0]).toBe(3);
  });

  it('a sequence at address 0 (code the linker dropped) is discarded', () => {
    const hdr = new B().u8(1).u8(1).u8(1).u8(0xfb).u8(14).u8(13);
    for (const n of [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1]) hdr.u8(n);
    hdr.u8(0).str('a.c').uleb(0).uleb(0).uleb(0).u8(0);
    const prog = new B().u8(0).uleb(9).u8(2).u64(0).u8(1).u8(2).uleb(4).u8(0).uleb(1).u8(1);
    const body = new B().u16(4).u32(hdr.length).u8(...hdr.bytes).u8(...prog.bytes);
    const t = parseLineProgram(new B().u32(body.length).u8(...body.bytes).done(), true, 0, 8, undefined, { string: () => undefined });
    expect(t.sequences).toEqual([]);
  });
});

describe('DIE forms and names, end to end', () => {
  for (const le of [true, false]) {
    it(`DWARF 5 unit with strx1, addrx, rnglistx, implicit_const, data16, indirect, ref_udata (${le ? 'LE' : 'BE'})`, () => {
      // .debug_str and .debug_str_offsets (with its DWARF 5 header)
      const str = new B(le);
      const strings = ['/work', 'ns', 'Klass', 'method', '_ZN2ns5Klass6methodEv', 'helper', 'plain'];
      const offs = strings.map((s) => {
        const o = str.length;
        str.str(s);
        return o;
      });
      const so = new B(le).u32(4 + 4 * offs.length).u16(5).u16(0);
      for (const o of offs) so.u32(o);
      // .debug_addr: header + 3 addresses
      const addr = new B(le).u32(4 + 24).u16(5).u8(8).u8(0).u64(0x1000).u64(0x1100).u64(0x1180);
      // .debug_rnglists: header, 1 offset, list for the inline: [0x1000,0x1010) (startx_length) and [0x1030,0x1040)
      const list = new B(le).u8(3).uleb(0).uleb(0x10).u8(4).uleb(0x30).uleb(0x40).u8(0);
      const rl = new B(le).u32(8 + 4 + list.length).u16(5).u8(8).u8(0).u32(1).u32(4).u8(...list.bytes);
      // abbreviations
      const ab = new B(le);
      ab.uleb(1).uleb(0x11).u8(1) // compile_unit
        .uleb(0x1b).uleb(0x25) // comp_dir strx1
        .uleb(0x72).uleb(0x17) // str_offsets_base
        .uleb(0x73).uleb(0x17) // addr_base
        .uleb(0x74).uleb(0x17) // rnglists_base
        .uleb(0x11).uleb(0x1b) // low_pc addrx
        .uleb(0).uleb(0);
      ab.uleb(2).uleb(0x39).u8(1).uleb(0x03).uleb(0x25).uleb(0).uleb(0); // namespace, name strx1
      ab.uleb(3).uleb(0x13).u8(1).uleb(0x03).uleb(0x16).uleb(0).uleb(0); // structure, name indirect
      ab.uleb(4).uleb(0x2e).u8(0).uleb(0x03).uleb(0x25).uleb(0x3c).uleb(0x19).uleb(0x3a).uleb(0x21).sleb(1).uleb(0).uleb(0); // decl: name, declaration, decl_file implicit_const
      ab.uleb(5).uleb(0x2e).u8(1) // definition
        .uleb(0x47).uleb(0x15) // specification ref_udata
        .uleb(0x11).uleb(0x1b).uleb(0x12).uleb(0x06) // low_pc addrx, high_pc data4 (offset)
        .uleb(0x1234).uleb(0x1e) // vendor attribute, data16
        .uleb(0).uleb(0);
      ab.uleb(6).uleb(0x1d).u8(0).uleb(0x31).uleb(0x13).uleb(0x55).uleb(0x23).uleb(0x58).uleb(0x0b).uleb(0x59).uleb(0x05).uleb(0).uleb(0); // inline: origin ref4, ranges rnglistx, call_file data1, call_line data2
      ab.uleb(7).uleb(0x2e).u8(0).uleb(0x03).uleb(0x25).uleb(0x20).uleb(0x0b).uleb(0).uleb(0); // abstract helper: name, inline
      ab.uleb(8).uleb(0x2e).u8(0).uleb(0x03).uleb(0x08).uleb(0x11).uleb(0x1b).uleb(0x12).uleb(0x1b).uleb(0).uleb(0); // plain: string name, low addrx, high addrx
      ab.u8(0);
      // DIEs (offsets are unit-relative; the header is 12 bytes)
      const d = new B(le);
      const at = () => 12 + d.length;
      d.uleb(1).u8(0).u32(8).u32(8).u32(12).uleb(0);
      d.uleb(2).u8(1);
      d.uleb(3).uleb(0x08).str('Klass');
      const declAt = at();
      d.uleb(4).u8(3);
      d.u8(0); // end struct
      d.u8(0); // end namespace
      const helperAt = at();
      d.uleb(7).u8(5).u8(3);
      d.uleb(5).uleb(declAt).uleb(0).u32(0x80).u8(...new Array(16).fill(7));
      d.uleb(6).u32(helperAt).uleb(0).u8(1).u16(42);
      d.u8(0); // end definition
      d.uleb(8).str('plain').uleb(1).uleb(2);
      d.u8(0); // end CU
      const info = new B(le).u32(8 + d.length).u16(5).u8(1).u8(8).u32(0).u8(...d.bytes).done();
      const warnings: string[] = [];
      const s = readDwarf(
        { info, abbrev: ab.done(), str: str.done(), strOffsets: so.done(), addr: addr.done(), rnglists: rl.done() },
        { littleEndian: le, addressSize: 8, inlines: true, demangle: (n) => (n === '_ZN2ns5Klass6methodEv' ? 'ns::Klass::method()' : n), onWarning: (m) => warnings.push(m) },
      );
      expect(warnings).toEqual([]);
      expect(s.functions.map((f) => [f.name, f.address, f.size])).toEqual([
        ['ns::Klass::method', 0x1000, 0x80],
        ['plain', 0x1100, 0x80],
      ]);
      expect(s.functions[0]!.inlines).toEqual([{ depth: 0, callLine: 42, callFile: 0, origin: 0, ranges: [{ address: 0x1000, size: 0x10 }, { address: 0x1030, size: 0x10 }] }]);
      expect(s.inlineOrigins).toEqual(['helper']);
      expect(s.files).toEqual(['<unknown>']);
    });
  }

  it('DW_AT_specification into another unit (DW_FORM_ref_addr) and DWARF 2 ref_addr size', () => {
    const str = new B().str('Outer').str('fn').str('_Z5outerv');
    const ab = new B();
    ab.uleb(1).uleb(0x11).u8(1).uleb(0).uleb(0);
    ab.uleb(2).uleb(0x39).u8(1).uleb(0x03).uleb(0x08).uleb(0).uleb(0);
    ab.uleb(3).uleb(0x2e).u8(0).uleb(0x03).uleb(0x08).uleb(0x3c).uleb(0x0c).uleb(0).uleb(0);
    ab.uleb(4).uleb(0x2e).u8(0).uleb(0x47).uleb(0x10).uleb(0x11).uleb(0x01).uleb(0x12).uleb(0x01).uleb(0).uleb(0);
    ab.u8(0);
    // unit 1 (DWARF 4): namespace Outer { fn (declaration) }
    const d1 = new B().uleb(1).uleb(2).str('Outer');
    const declAt = 11 + d1.length;
    d1.uleb(3).str('fn').u8(1).u8(0).u8(0);
    const u1 = new B().u32(7 + d1.length).u16(4).u32(0).u8(8).u8(...d1.bytes);
    // unit 2 (DWARF 2: ref_addr is address-sized): definition pointing at unit 1
    const d2 = new B().uleb(1).uleb(4).u64(declAt).u64(0x4000).u64(0x4010).u8(0);
    const u2 = new B().u32(7 + d2.length).u16(2).u32(0).u8(8).u8(...d2.bytes);
    const info = Uint8Array.from([...u1.bytes, ...u2.bytes]);
    const s = readDwarf({ info, abbrev: ab.done(), str: str.done() }, { littleEndian: true, addressSize: 8, inlines: true, demangle: (n) => n });
    expect(s.functions.map((f) => [f.name, f.address, f.size])).toEqual([['Outer::fn', 0x4000, 0x10]]);
  });
});
