// PUBLIC records from symbol-table columns: the rules of publics.ts
// (functionSymbols + selectPublics), without an object or string per symbol.
// Names stay bytes in their string tables; only the ones written are looked at,
// and the mangled ones are demangled as a batch (see demangle/batch.ts).
//
// Selection happens twice: before the DWARF is read (no FUNCs known yet) to pick
// the names worth demangling early, and after, for real. The name at an address is
// the first candidate's there whatever the FUNCs are, so the second pass only
// drops addresses; the rare address it adds (one hidden behind a sized symbol that
// a FUNC covers) is demangled on the spot.
import { ObjectFileError } from '../../errors.js';
import { demangleSymbol } from '../demangle/index.js';
import type { DemangledBatch, NameBatch } from '../demangle/batch.js';
import { EM_ARM, SHF_EXECINSTR, STT_FUNC, type ElfFile } from '../elf/index.js';
import { nameEnd, symbolColumns, symbolNameAt, type SymbolColumns } from '../elf/symtab.js';
import type { PublicCandidate, RangeSet } from './publics.js';
import { stableOrder } from './sort.js';
import type { SymWriter } from './writer.js';

const MAX_U32 = 0xffffffff;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Appends the candidates of one file (functionSymbols' rules); throws what symbolColumns throws. */
function fileCandidates(elf: ElfFile, loadAddress: bigint, tables: SymbolColumns[], out: Candidates): void {
  const load = Number(loadAddress);
  const exact = loadAddress <= MAX_SAFE;
  const exec = new Uint8Array(elf.sections.length);
  for (let i = 0; i < elf.sections.length; i++) exec[i] = (elf.sections[i]!.flags & SHF_EXECINSTR) !== 0n ? 1 : 0;
  const thumb = elf.machine === EM_ARM;
  const mine = [symbolColumns(elf, false), symbolColumns(elf, true)];
  // Room for both tables at once: growing copies the columns (fresh pages cost).
  out.reserve(mine[0]!.count + mine[1]!.count);
  for (let d = 0; d < 2; d++) {
    const t = mine[d]!;
    const ti = tables.push(t) - 1;
    for (let i = 0; i < t.count; i++) {
      const shndx = t.shndx[i]!;
      if ((t.info[i]! & 0xf) !== STT_FUNC || shndx === 0 || exec[shndx] !== 1) continue;
      const value = t.value[i]!;
      let address: number;
      if (exact && value === value) {
        if (value < load) continue;
        address = (thumb ? value - (value % 2) : value) - load;
      } else {
        // 2^53 or more: exact arithmetic on the BigInt form.
        const v = elf.symbols(d === 1)[i]!.value;
        const rva = (thumb ? v & ~1n : v) - loadAddress;
        if (v < loadAddress || rva > MAX_SAFE) continue;
        address = Number(rva);
      }
      const size = t.size[i]!;
      out.push(address, size > MAX_U32 ? 0 : size, ti, i);
    }
  }
}

/** Candidate rows as growable typed columns. */
class Candidates {
  n = 0;
  address = new Float64Array(0);
  size = new Float64Array(0);
  table = new Int32Array(0);
  row = new Int32Array(0);

  reserve(more: number): void {
    if (this.n + more <= this.address.length) return;
    const cap = Math.max(this.n + more, this.address.length * 2);
    const grow = <T extends Float64Array | Int32Array>(a: T, b: T): T => (b.set(a), b);
    this.address = grow(this.address, new Float64Array(cap));
    this.size = grow(this.size, new Float64Array(cap));
    this.table = grow(this.table, new Int32Array(cap));
    this.row = grow(this.row, new Int32Array(cap));
  }

  push(address: number, size: number, table: number, row: number): void {
    const n = this.n++;
    this.address[n] = address;
    this.size[n] = size;
    this.table[n] = table;
    this.row[n] = row;
  }
}

function isMangledAt(s: Uint8Array, o: number): boolean {
  if (s[o] !== 0x5f) return false;
  const b1 = s[o + 1];
  return b1 === 0x5a || b1 === 0x52 || (b1 === 0x5f && (s[o + 2] === 0x5a || (s[o + 2] === 0x5f && s[o + 3] === 0x5a)));
}

function hasHigh(s: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s[i]! >= 0x80) return true;
  return false;
}

export class PublicTable {
  private readonly tables: SymbolColumns[] = [];
  /** Index in read()'s files of each table's file. */
  private readonly tableFile: number[] = [];
  // One group per distinct address, in address order: the first candidate there names it.
  private groupAddress = new Float64Array(0);
  private groupSize = new Float64Array(0);
  /** Group g is candidates order[groupPos[g] .. groupPos[g+1]) (candTable/candRow by candidate). */
  private groupPos = new Int32Array(1);
  private order: Uint32Array = new Uint32Array(0);
  private candTable = new Int32Array(0);
  private candRow = new Int32Array(0);
  /** Index of the group's name in the demangle batch, or -1. */
  private groupSlot = new Int32Array(0);
  private batchSize = 0;

  private constructor() {}

  /**
   * Candidates of `files` in priority order (as functionSymbols over each file).
   * `warn` gets the error of a file whose tables cannot be read (that file is skipped).
   */
  static read(files: readonly ElfFile[], loadAddress: bigint, warn: (e: ObjectFileError) => void): PublicTable {
    const t = new PublicTable();
    const c = new Candidates();
    for (let f = 0; f < files.length; f++) {
      const elf = files[f]!;
      const tables = t.tables.length;
      const n = c.n;
      try {
        fileCandidates(elf, loadAddress, t.tables, c);
        while (t.tableFile.length < t.tables.length) t.tableFile.push(f);
      } catch (e) {
        if (!(e instanceof ObjectFileError)) throw e;
        t.tables.length = tables;
        c.n = n;
        warn(e);
      }
    }
    t.group(c);
    return t;
  }

  private group(c: Candidates): void {
    const n = c.n;
    const order = stableOrder(c.address.subarray(0, n));
    const ga = new Float64Array(n);
    const gs = new Float64Array(n);
    const gp = new Int32Array(n + 1);
    let g = 0;
    for (let k = 0; k < n; ) {
      const first = order[k]!;
      const address = c.address[first]!;
      let size = c.size[first]!;
      let j = k + 1;
      for (; j < n && c.address[order[j]!] === address; j++) if (c.size[order[j]!]! > size) size = c.size[order[j]!]!;
      ga[g] = address;
      gs[g] = size;
      gp[g] = k;
      g++;
      k = j;
    }
    gp[g] = n;
    // Views, not copies: memory is touched only where written (fresh pages cost).
    this.groupAddress = ga.subarray(0, g);
    this.groupSize = gs.subarray(0, g);
    this.groupPos = gp.subarray(0, g + 1);
    this.groupSlot = new Int32Array(g).fill(-1);
    this.order = order;
    this.candTable = c.table.subarray(0, n);
    this.candRow = c.row.subarray(0, n);
  }

  /**
   * The name of the first function symbol at `address` (in read()'s file order,
   * .symtab before .dynsym) with a name, looking only at the first `files` files:
   * what dwarf.ts's symbolNames() gives for those files, for addresses in
   * executable sections at or above the load address (where functions are).
   */
  nameAt(address: number, files: number): string | undefined {
    const ga = this.groupAddress;
    let lo = 0;
    let hi = ga.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const a = ga[mid]!;
      if (a < address) lo = mid + 1;
      else if (a > address) hi = mid - 1;
      else {
        const count = this.groupPos[mid + 1]! - this.groupPos[mid]!;
        for (let i = 0; i < count; i++) {
          const k = this.order[this.groupPos[mid]! + i]!;
          const ti = this.candTable[k]!;
          if (this.tableFile[ti]! >= files) continue;
          const name = symbolNameAt(this.tables[ti]!, this.candRow[k]!);
          if (name !== '') return name;
        }
        return undefined;
      }
    }
    return undefined;
  }

  /** Candidate i of group g (0: the one that names it). */
  private table(g: number, i: number): SymbolColumns {
    return this.tables[this.candTable[this.order[this.groupPos[g]! + i]!]!]!;
  }

  private row(g: number, i: number): number {
    return this.candRow[this.order[this.groupPos[g]! + i]!]!;
  }

  /** Whether the names of group g differ (as symbols() decodes them): the `m` flag. */
  private differs(g: number): boolean {
    const a = this.table(g, 0);
    const ra = this.row(g, 0);
    const count = this.groupPos[g + 1]! - this.groupPos[g]!;
    if (count === 1) return false;
    const first = symbolNameAt(a, ra);
    for (let i = 1; i < count; i++) if (symbolNameAt(this.table(g, i), this.row(g, i)) !== first) return true;
    return false;
  }

  /**
   * Shared memory holding every string table (the worker reads it in place): the
   * file's own buffer when all tables lie in one (a lazily read file) and end with
   * a NUL, else a copy of the tables end to end, each followed by a NUL so that no
   * name runs on. `base`: where each table starts; `missing`: a NUL (the name '').
   */
  private nameBytes(): { bytes: Uint8Array; base: number[]; missing: number } {
    const strings = this.tables.map((t) => t.strings).filter((s): s is Uint8Array => s !== undefined && s.length > 0);
    const shared = strings[0]?.buffer;
    if (shared instanceof SharedArrayBuffer && shared.byteLength < 2 ** 31 && strings.every((s) => s.buffer === shared && s[s.length - 1] === 0)) {
      const last = strings[0]!;
      return { bytes: new Uint8Array(shared), base: this.tables.map((t) => t.strings?.byteOffset ?? 0), missing: last.byteOffset + last.length - 1 };
    }
    const base: number[] = [];
    let total = 0;
    for (const t of this.tables) {
      base.push(total);
      total += (t.strings?.length ?? 0) + 1;
    }
    const bytes = new Uint8Array(new SharedArrayBuffer(total + 1));
    this.tables.forEach((t, i) => t.strings && bytes.set(t.strings, base[i]!));
    return { bytes, base, missing: total };
  }

  /** Groups that become PUBLIC records: not covered by a FUNC, not inside an earlier sized one. */
  private chosen(funcs: RangeSet | undefined): Int32Array {
    // Sized for every group (only the part written is touched).
    const out = new Int32Array(this.groupAddress.length);
    let n = 0;
    let coveredUntil = -1;
    // Addresses only grow: a forward cursor instead of a search per group.
    const covers = funcs?.ascending();
    for (let g = 0; g < this.groupAddress.length; g++) {
      const address = this.groupAddress[g]!;
      if (covers?.(address) || address < coveredUntil) continue;
      out[n++] = g;
      const size = this.groupSize[g]!;
      if (size > 0) coveredUntil = Math.max(coveredUntil, address + size);
    }
    return out.subarray(0, n);
  }

  /**
   * The names of the PUBLIC records as they look before FUNCs are known, to be
   * demangled (names that need not be pass through); remembers their batch slots.
   */
  demangleBatch(): NameBatch {
    const { bytes, base, missing } = this.nameBytes();
    const tableIndex = new Map(this.tables.map((t, i) => [t, i]));
    const at = (t: SymbolColumns, r: number): number => {
      const off = t.nameOff[r]!;
      return t.strings && off < t.strings.length ? base[tableIndex.get(t)!]! + off : missing;
    };
    const picked = this.chosen(undefined);
    const starts = new Int32Array(picked.length);
    const aliasStart = new Int32Array(picked.length + 1);
    const aliases: number[] = [];
    for (let k = 0; k < picked.length; k++) {
      const g = picked[k]!;
      starts[k] = at(this.table(g, 0), this.row(g, 0));
      aliasStart[k] = aliases.length;
      const count = this.groupPos[g + 1]! - this.groupPos[g]!;
      for (let i = 1; i < count; i++) aliases.push(at(this.table(g, i), this.row(g, i)));
      this.groupSlot[g] = k;
    }
    aliasStart[picked.length] = aliases.length;
    this.batchSize = picked.length;
    return { bytes, starts, aliasStart, aliases: Int32Array.from(aliases) };
  }

  /**
   * The PUBLIC records in address order: symbols (FUNC-covered ones dropped) and
   * the synthetic section names for section starts left without one.
   */
  select(funcs: RangeSet, synthetic: readonly PublicCandidate[]): PublicRows {
    const groups = this.chosen(funcs);
    // Taken addresses: the chosen groups' (sorted: binary search) and synthetic ones added.
    const taken = new Set<number>();
    const isChosen = (address: number): boolean => {
      let lo = 0;
      let hi = groups.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const a = this.groupAddress[groups[mid]!]!;
        if (a === address) return true;
        if (a < address) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    };
    const extra: PublicCandidate[] = [];
    for (const s of synthetic) {
      if (taken.has(s.address) || isChosen(s.address) || funcs.covers(s.address)) continue;
      taken.add(s.address);
      extra.push(s);
    }
    return new PublicRows(this, groups, extra);
  }

  address(g: number): number {
    return this.groupAddress[g]!;
  }

  /** The batch slot of group g's name, or -1 (demangled on the spot). */
  slot(g: number): number {
    const slot = this.groupSlot[g]!;
    return slot >= 0 && slot < this.batchSize ? slot : -1;
  }

  /** The `m` flag: from the batch (which compares the bytes), else by decoding the names. */
  multiple(g: number, demangled: DemangledBatch | undefined): boolean {
    const slot = this.groupSlot[g]!;
    const m = slot >= 0 && slot < this.batchSize && demangled ? demangled.differs(slot) : 2;
    return m === 2 ? this.differs(g) : m === 1;
  }

  /** Writes group g's name: demangled (batch or on the spot) or as it is. */
  writeName(w: SymWriter, g: number, demangled: DemangledBatch | undefined): void {
    const slot = this.groupSlot[g]!;
    // Batch names come cleaned under the writer's name rules.
    if (slot >= 0 && slot < this.batchSize && demangled) return w.range(demangled.bytesOf(slot), demangled.startOf(slot), demangled.endOf(slot));
    const t = this.table(g, 0);
    const r = this.row(g, 0);
    const end = nameEnd(t, r);
    const off = t.nameOff[r]!;
    if (end <= off) return w.name('<name omitted>');
    if (isMangledAt(t.strings!, off)) return w.name(demangleSymbol(symbolNameAt(t, r)));
    if (hasHigh(t.strings!, off, end)) return w.name(symbolNameAt(t, r));
    w.nameBytes(t.strings!.subarray(off, end));
  }
}

/** The chosen PUBLIC records: symbol groups merged with synthetic names, by address. */
export class PublicRows {
  private readonly syn: PublicCandidate[];
  /** Records written so far: groups, synthetic ones. */
  private g = 0;
  private s = 0;

  constructor(
    private readonly table: PublicTable,
    private readonly groups: Int32Array,
    synthetic: readonly PublicCandidate[],
  ) {
    this.syn = [...synthetic].sort((a, b) => a.address - b.address);
  }

  get length(): number {
    return this.groups.length + this.syn.length;
  }

  /** Every record is written. */
  get done(): boolean {
    return this.g === this.groups.length && this.s === this.syn.length;
  }

  /**
   * The batch slot whose name the next record waits for, or -1 when the records
   * left can all be written now (their names are demangled or not in the batch).
   */
  waitingFor(demangled: DemangledBatch | undefined): number {
    const g = this.groups[this.g];
    if (g === undefined || !demangled) return -1;
    const slot = this.table.slot(g);
    return slot >= 0 && !demangled.has(slot) ? slot : -1;
  }

  /**
   * Writes records in address order up to the first whose name is not demangled
   * yet (all of them once `demangled` is complete); returns how many it wrote.
   */
  writeReady(w: SymWriter, demangled: DemangledBatch | undefined): number {
    const t = this.table;
    const syn = this.syn;
    let n = 0;
    for (; this.g < this.groups.length; this.g++, n++) {
      const g = this.groups[this.g]!;
      const slot = t.slot(g);
      if (slot >= 0 && demangled && !demangled.has(slot)) return n;
      const address = t.address(g);
      for (; this.s < syn.length && syn[this.s]!.address < address; this.s++, n++) w.publicRecord(syn[this.s]!);
      w.publicStart(address, t.multiple(g, demangled));
      t.writeName(w, g, demangled);
      w.byte(0x0a);
    }
    for (; this.s < syn.length; this.s++, n++) w.publicRecord(syn[this.s]!);
    return n;
  }
}
