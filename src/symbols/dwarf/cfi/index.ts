// DWARF call frame information (.eh_frame, .debug_frame) -> Breakpad STACK CFI.
//
//   readCfi(sections, options): Iterable<CfiEntry>
//     Lazily yields one entry per FDE, sorted by address. Pass .debug_frame
//     before .eh_frame to prefer it when both describe a function: an FDE that
//     overlaps an entry already yielded is dropped (the processor would drop it
//     too, but its deltas would still leak into the other entry's range).
//     Addresses are absolute (FDE initial locations); subtract the module's
//     load address when writing (formatCfi's `bias`). Options: see types.ts
//     (textAddress/dataAddress for textrel/datarel pointers, readMemory for
//     indirect ones, addressRange/codeRanges to keep only FDEs in code,
//     expressions: 'translate' | 'skip', stats, onWarning).
//   formatCfi(entry, bias = 0): "STACK CFI INIT addr size rules\nSTACK CFI addr rules\n..."
//   writeCfiRecords(sections, options, out): the same records as calls (no strings per record).
//
// The rule text is Breakpad's dump_syms text (DwarfCFIToModule, checked line
// for line against its output): names sorted bytewise within a line;
// `.cfa: $rsp 8 +`, `$rbx: .cfa -16 + ^`, `$r12: .cfa 8 +` (val_offset),
// `$rbx: $r13` (register), `$rbx: $rbx` (same_value, and restore of a register
// the CIE says nothing about); a delta whenever an instruction sets a rule, even
// to the rule already in force; restore_state writes only what changes back.
// Rules Breakpad cannot express are left out and the previous rule stays in
// force, as in Breakpad: `undefined` (no `.undef` is written) and DWARF
// expressions, including a CFA expression (neither the FDE nor the row is
// dropped; an INIT whose first CFA rule is an expression has no `.cfa`). One
// exception, as in mozilla's dump_syms: a register undefined at the FDE's start
// has no rule in the INIT (`_start`'s return address), where Breakpad keeps the
// CIE's. With
// `expressions: 'translate'` (the default) expressions postfix can express
// exactly (register+offset, deref, + - *, and-by-power-of-two) are translated,
// e.g. glibc's signal frame `.cfa: $rsp 160 + ^ ... .ra: $rsp 168 + ^`.
//
// Deliberate differences from Breakpad: deltas outside [address, address+size)
// are dropped; same_value on the return-address column gives `.ra: <register>`
// (Breakpad writes `.ra: .ra`, which its processor cannot evaluate); a CFA rule
// value naming the RA column register uses its real name; def_cfa_register with
// no CFA rule yet means offset 0 (Breakpad reads an uninitialised offset); the
// old GCC 'eh' augmentation and unknown characters after 'z' are accepted;
// zero-length FDEs and entries with no rule at their start are dropped. As in
// Breakpad, an instruction error keeps the rules read before it (with a warning).
//
// Malformed input never throws out of the iterator: entries that cannot be read
// are skipped with a warning, and a section whose entry framing is broken stops
// there. Only bad options throw (ObjectFileError 'BAD_ARGUMENT').
import { ObjectFileError } from '../../../errors.js';
import { parseCie, parseFdeHeader, type Cie, type FdeHeader } from './cie.js';
import { Cursor } from './cursor.js';
import { readEntryHeader, type EntryHeader } from './entries.js';
import { interpret, type InterpretContext } from './instructions.js';
import type { PointerBases } from './pointer-encoding.js';
import { isCfiArch, registerNames } from './registers.js';
import { emitRuleMap, formatRuleMap, type CfiRuleWriter, type Recorder } from './rules.js';
import { emptyCfiStats, type CfiEntry, type CfiOptions, type CfiSection, type CfiStats } from './types.js';

export type { CfiArch, CfiDelta, CfiEntry, CfiOptions, CfiSection, CfiStats } from './types.js';
export { emptyCfiStats } from './types.js';
export { registerNames, isCfiArch } from './registers.js';
export type { CfiRuleWriter } from './rules.js';

/** Warnings beyond this many are counted but not passed to onWarning. */
const MAX_WARNINGS = 1000;

function checkOptions(options: CfiOptions): void {
  if (!isCfiArch(options.arch)) throw new ObjectFileError('BAD_ARGUMENT', `CFI: unknown architecture '${String(options.arch)}'`);
  if (options.addressSize !== 4 && options.addressSize !== 8) throw new ObjectFileError('BAD_ARGUMENT', `CFI: address size must be 4 or 8`);
}

export function readCfi(sections: readonly CfiSection[], options: CfiOptions): Iterable<CfiEntry> {
  checkOptions(options);
  return { [Symbol.iterator]: () => entries(sections, options) };
}

function* entries(sections: readonly CfiSection[], options: CfiOptions): Generator<CfiEntry> {
  const ready: CfiEntry[] = [];
  for (const _ of recorded(sections, options, (e) => ready.push({ address: e.address, size: e.size, initRules: formatRuleMap(e.recorder.initial), deltas: e.recorder.deltas(e.address + e.size) }))) {
    yield* ready;
    ready.length = 0;
  }
  yield* ready;
}

/**
 * What readCfi yields, as calls: out.init(address, size), out.rule(name, text)
 * per rule, out.end(), then the same with out.delta(address) for each delta. No
 * string is built per record, so a writer can turn the (recurring) rule texts
 * into bytes once. Same order, rules and warnings as readCfi.
 */
export function writeCfiRecords(sections: readonly CfiSection[], options: CfiOptions, out: CfiRuleWriter): void {
  for (const _ of cfiRecordSteps(sections, options, out));
}

/** Entries written per step of cfiRecordSteps. */
export const CFI_STEP_ENTRIES = 64;

/** writeCfiRecords() in steps of CFI_STEP_ENTRIES entries, so that a caller can flush output between them. */
export function* cfiRecordSteps(sections: readonly CfiSection[], options: CfiOptions, out: CfiRuleWriter): Generator<void> {
  checkOptions(options);
  yield* recorded(sections, options, (e) => {
    out.init(e.address, e.size);
    emitRuleMap(e.recorder.initial, out);
    out.end();
    e.recorder.emitDeltas(e.address + e.size, out);
  });
}

export function formatCfi(entry: CfiEntry, bias = 0): string {
  let s = `STACK CFI INIT ${(entry.address - bias).toString(16)} ${entry.size.toString(16)} ${entry.initRules}\n`;
  for (const d of entry.deltas) s += `STACK CFI ${(d.address - bias).toString(16)} ${d.rules}\n`;
  return s;
}

/** One entry's rules; the object and its recorder are reused for the next entry. */
interface Recorded {
  address: number;
  size: number;
  recorder: Recorder;
}

/**
 * Interprets the entries in address order and hands each to `visit` (the object
 * and its recorder are reused: take what is needed before returning). Yields
 * after every CFI_STEP_ENTRIES entries, not per entry: a step per entry would be
 * an object per entry.
 */
/** Indices of `address` in address order, ties in index order. */
function addressOrder(address: Float64Array): Uint32Array {
  const order = new Uint32Array(address.length);
  let sorted = true;
  for (let i = 0; i < order.length; i++) {
    order[i] = i;
    if (i > 0 && address[i]! < address[i - 1]!) sorted = false;
  }
  // Linkers usually leave .eh_frame in address order already. Otherwise sort keys
  // packing address and index when that is exact (a native sort), else compare.
  if (!sorted) {
    const n = order.length;
    let max = 0;
    for (let i = 0; i < n; i++) if (address[i]! > max) max = address[i]!;
    if ((max + 1) * n <= Number.MAX_SAFE_INTEGER) {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = address[i]! * n + i;
      keys.sort();
      for (let i = 0; i < n; i++) order[i] = keys[i]! % n;
    } else order.sort((a, b) => address[a]! - address[b]! || a - b);
  }
  return order;
}

function* recorded(sections: readonly CfiSection[], options: CfiOptions, visit: (e: Recorded) => void): Generator<void> {
  const stats: CfiStats = options.stats ?? emptyCfiStats();
  const warn = (msg: string): void => {
    stats.warnings++;
    if (stats.warnings <= MAX_WARNINGS) options.onWarning?.(msg);
    else if (stats.warnings === MAX_WARNINGS + 1) options.onWarning?.('CFI: further warnings suppressed');
  };
  const names = registerNames(options.arch);
  const expressions = options.expressions ?? 'translate';
  const le = options.littleEndian;
  const cursors = sections.map((s) => new Cursor(s.bytes, le));
  const cies = sections.map(() => new Map<number, Cie | ObjectFileError>());

  const getCie = (si: number, offset: number): Cie | ObjectFileError => {
    const cache = cies[si]!;
    let cie = cache.get(offset);
    if (cie) return cie;
    const section = sections[si]!;
    const c = new Cursor(section.bytes, le);
    try {
      if (!(offset >= 0 && offset < section.bytes.length)) throw new ObjectFileError('MALFORMED', `CFI ${section.kind}: CIE pointer 0x${offset.toString(16)} is outside the section`);
      const h = readEntryHeader(section, c, offset);
      if (h.kind !== 'cie') throw new ObjectFileError('MALFORMED', `CFI ${section.kind}: CIE pointer 0x${offset.toString(16)} does not point to a CIE`);
      cie = parseCie(section, c, h, options.addressSize, warn);
    } catch (e) {
      if (!(e instanceof ObjectFileError)) throw e;
      cie = e;
      warn(`${e.message} (FDEs using it are skipped)`);
    }
    cache.set(offset, cie);
    return cie;
  };

  // Pointer bases per CIE (its section and address size), kept on the CIE object itself.
  const basesOf = (section: CfiSection, cie: Cie): PointerBases =>
    (cie.bases ??= { sectionAddress: section.address, textAddress: options.textAddress, dataAddress: options.dataAddress, addressSize: cie.addressSize });

  const code = options.codeRanges ? [...options.codeRanges].sort((a, b) => a.start - b.start) : undefined;
  const inCode = (address: number): boolean => {
    if (!code) return true;
    let lo = 0;
    let hi = code.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = code[mid]!;
      if (address < r.start) hi = mid - 1;
      else if (address >= r.end) lo = mid + 1;
      else return true;
    }
    // Ranges may overlap; fall back to a scan before rejecting.
    return code.some((r) => address >= r.start && address < r.end);
  };

  // Pass 1: find every FDE's address and instructions (CIEs are parsed once and cached).
  // Typed columns sized for the most entries the sections can hold (8 bytes each
  // at least): only the pages written are ever touched, and nothing grows.
  let capacity = 0;
  for (const sec of sections) capacity += Math.floor(sec.bytes.length / 8) + 1;
  const fdeSection = new Int32Array(capacity);
  const fdeOffset = new Float64Array(capacity);
  const fdeAddressAll = new Float64Array(capacity);
  const fdeSize = new Float64Array(capacity);
  const fdeStart = new Float64Array(capacity);
  const fdeEnd = new Float64Array(capacity);
  const fdeCie = new Int32Array(capacity);
  const cieList: Cie[] = [];
  const cieIndex = new Map<Cie, number>();
  let count = 0;
  // A function of its own: the generator's body stays small (cheaper to compile).
  const scan = (): void => {
    // One header and one FDE header object for the whole scan (filled per entry).
    const entry: EntryHeader = { kind: 'end', offset: 0, end: 0, fields: 0, cieOffset: -1, offsetSize: 4 };
    const fdeHeader: FdeHeader = { address: 0, size: 0, instructionsStart: 0, instructionsEnd: 0 };
    for (let si = 0; si < sections.length; si++) {
      const section = sections[si]!;
      const c = cursors[si]!;
      const len = section.bytes.length;
      let pos = 0;
      while (pos < len) {
        let h;
        try {
          h = readEntryHeader(section, c, pos, entry);
        } catch (e) {
          if (!(e instanceof ObjectFileError)) throw e;
          // Without a length we cannot find the next entry.
          warn(`${e.message}; rest of the section ignored`);
          break;
        }
        if (h.kind === 'end') {
          if (h.end < len && section.bytes.subarray(h.end).some((b) => b !== 0)) warn(`CFI ${section.kind}: data after the terminator at offset 0x${pos.toString(16)} ignored`);
          break;
        }
        pos = h.end;
        if (h.kind === 'short') warn(`CFI ${section.kind}: ${h.end - h.offset}-byte entry at offset 0x${h.offset.toString(16)} is too short; skipped`);
        if (h.kind !== 'fde') continue;
        stats.fdes++;
        const cie = getCie(si, h.cieOffset);
        if (cie instanceof ObjectFileError) {
          stats.skipped++;
          continue;
        }
        let fde;
        try {
          fde = parseFdeHeader(section, c, h, cie, basesOf(section, cie), options.readMemory, fdeHeader);
        } catch (e) {
          if (!(e instanceof ObjectFileError)) throw e;
          stats.skipped++;
          warn(`CFI ${section.kind}: FDE at offset 0x${h.offset.toString(16)}: ${e.message}`);
          continue;
        }
        const limit = cie.addressSize === 4 ? 0x1_0000_0000 : Number.MAX_SAFE_INTEGER;
        const range = options.addressRange;
        if (fde.size === 0 || (range && (fde.address < range.start || fde.address >= range.end)) || !inCode(fde.address)) {
          stats.skipped++;
          continue;
        }
        if (fde.address + fde.size > limit) {
          stats.skipped++;
          warn(`CFI ${section.kind}: FDE at offset 0x${h.offset.toString(16)} covers 0x${fde.address.toString(16)}+0x${fde.size.toString(16)}, past the end of the address space`);
          continue;
        }
        let ci = cieIndex.get(cie);
        if (ci === undefined) {
          ci = cieList.push(cie) - 1;
          cieIndex.set(cie, ci);
        }
        fdeSection[count] = si;
        fdeOffset[count] = h.offset;
        fdeAddressAll[count] = fde.address;
        fdeSize[count] = fde.size;
        fdeStart[count] = fde.instructionsStart;
        fdeEnd[count] = fde.instructionsEnd;
        fdeCie[count] = ci;
        count++;
      }
    }
  };
  scan();
  const fdeAddress = fdeAddressAll.subarray(0, count);

  // Pass 2: interpret in address order (ties: section order, then section offset).
  const order = addressOrder(fdeAddress);

  let lastEnd = -1;
  let currentFde = 0;
  let currentKind = '';
  const sink = {
    unsupported(what: string): void {
      stats.unsupportedRules++;
      warn(`CFI ${currentKind}: FDE at offset 0x${currentFde.toString(16)}: ${what}; rule left out`);
    },
    translated(): void {
      stats.translatedExpressions++;
    },
  };
  // One context, updated per FDE, to keep allocation per FDE low.
  const funcBases: PointerBases = { sectionAddress: 0, addressSize: options.addressSize };
  const ctx: InterpretContext = {
    bytes: new Uint8Array(0),
    littleEndian: le,
    arch: options.arch,
    names,
    cie: undefined as unknown as Cie,
    address: 0,
    instructionsStart: 0,
    instructionsEnd: 0,
    bases: funcBases,
    expressions,
    sink,
    textCache: new Map(),
    cieStates: new Map(),
  };
  const out: Recorded = { address: 0, size: 0, recorder: undefined as unknown as Recorder };
  let visited = 0;
  // One FDE: interpreted and visited (true), or dropped (false). A function of its own, as scan().
  const one = (i: number): boolean => {
      const address = fdeAddress[i]!;
      if (address < lastEnd) {
        stats.overlapping++;
        return false;
      }
      const si = fdeSection[i]!;
      const section = sections[si]!;
      const cie = cieList[fdeCie[i]!]!;
      const bases = basesOf(section, cie);
      currentFde = fdeOffset[i]!;
      currentKind = section.kind;
      ctx.bytes = section.bytes;
      ctx.cie = cie;
      ctx.address = address;
      ctx.instructionsStart = fdeStart[i]!;
      ctx.instructionsEnd = fdeEnd[i]!;
      funcBases.sectionAddress = bases.sectionAddress;
      funcBases.textAddress = bases.textAddress;
      funcBases.dataAddress = bases.dataAddress;
      funcBases.addressSize = bases.addressSize;
      funcBases.funcAddress = address;
      const result = interpret(ctx, cursors[si]!);
      const size = fdeSize[i]!;
      if (result.error) {
        stats.partial++;
        warn(`CFI ${section.kind}: FDE at offset 0x${currentFde.toString(16)}: ${result.error.message}; keeping the rules read before it`);
      }
      const rec = result.recorder;
      if (rec.initial.size === 0) {
        stats.skipped++;
        warn(`CFI ${section.kind}: FDE at offset 0x${currentFde.toString(16)}: no rules at the start address; entry dropped`);
        return false;
      }
      lastEnd = address + size;
      stats.emitted++;
      out.address = address;
      out.size = size;
      out.recorder = rec;
      visit(out);
      return true;
  };
  // An index loop: for-of over the array makes an iterator result per step here.
  for (let k = 0; k < order.length; k++) if (one(order[k]!) && ++visited % CFI_STEP_ENTRIES === 0) yield;
}
