// Functions, line records and inline records of one compilation unit.
//
// Per DW_TAG_subprogram with code: one function per address range (a function split
// into hot/cold parts gives several, like Breakpad's dump_syms). Lines: the unit's
// line rows clipped to the range, consecutive rows with the same (line, file)
// merged and line-0 rows dropped, like mozilla's dump_syms. Inlines: every
// DW_TAG_inlined_subroutine below the subprogram (lexical blocks are transparent),
// depth = number of inlined_subroutine ancestors below the function, in DIE (DFS)
// order. Without inline output, the rows inside a depth-0 inline range are replaced by
// its call site, as mozilla's dump_syms does, so a frame still shows the line of the
// call in the function itself.
import { ObjectFileError } from '../../errors.js';
import * as C from './constants.js';
import type { DwarfFile } from './file.js';
import type { LineTable } from './line-program.js';
import { dieName, isCLanguage } from './names.js';
import { F_DECLARATION, type UnitDies } from './unit.js';

export interface DwarfLine {
  address: number;
  size: number;
  line: number;
  /** FILE id. */
  file: number;
}

export interface DwarfInline {
  /** 0 for a call made directly by the function, 1 for a call inside that inline, ... */
  depth: number;
  callLine: number;
  /** FILE id of the call site. */
  callFile: number;
  /** INLINE_ORIGIN id. */
  origin: number;
  ranges: { address: number; size: number }[];
}

export interface DwarfFunction {
  name: string;
  address: number;
  size: number;
  lines: DwarfLine[];
  inlines: DwarfInline[];
}

/** State shared by every unit: FILE and INLINE_ORIGIN numbering, duplicate detection. */
export interface SymbolTables {
  files: string[];
  fileIds: Map<string, number>;
  inlineOrigins: string[];
  originIds: Map<string, number>;
  /** "begin:end" of every function range already emitted (templates and inline functions repeat across units). */
  seen: Set<string>;
  demangled: Map<string, string>;
  /** INLINE_ORIGIN id by resolved DIE name object (names of shared abstract origins are cached objects). */
  originOf: WeakMap<object, number>;
}

export interface UnitOptions {
  inlines: boolean;
  demangle: (name: string) => string;
  symbolName?: (address: number) => string | undefined;
  warn: (msg: string) => void;
}

export function newSymbolTables(): SymbolTables {
  return { files: [], fileIds: new Map(), inlineOrigins: [], originIds: new Map(), seen: new Set(), demangled: new Map(), originOf: new WeakMap() };
}

function internFile(t: SymbolTables, path: string): number {
  let id = t.fileIds.get(path);
  if (id === undefined) {
    id = t.files.length;
    t.files.push(path);
    t.fileIds.set(path, id);
  }
  return id;
}

function internOrigin(t: SymbolTables, name: string): number {
  let id = t.originIds.get(name);
  if (id === undefined) {
    id = t.inlineOrigins.length;
    t.inlineOrigins.push(name);
    t.originIds.set(name, id);
  }
  return id;
}

const UNKNOWN_FILE = '<unknown>';
const NAME_OMITTED = '<name omitted>';

interface RawInline {
  depth: number;
  callLine: number;
  callFile: number;
  origin: number;
  /** Sorted [begin, end) pairs. */
  ranges: number[];
}

/**
 * What the functions of one unit share. The work is split into small functions
 * over this (not one function with closures): it runs on every unit of a binary,
 * cold, and small functions are cheaper to compile.
 */
interface UnitContext {
  file: DwarfFile;
  u: UnitDies;
  t: SymbolTables;
  o: UnitOptions;
  lt: LineTable | undefined;
  /** DWARF file index -> FILE id, filled on first use (-1: not yet). */
  fileMap: Int32Array;
  isC: boolean;
  /** Inline depth of every kept DIE below its subprogram (-1 for the subprogram). */
  depth: Int32Array;
  /** The inlined subroutines of each subprogram, in DIE order. */
  inlinesOf: Map<number, number[]>;
  /** Scratch for ranges. */
  buf: number[];
}

export function unitFunctions(file: DwarfFile, u: UnitDies, t: SymbolTables, o: UnitOptions): DwarfFunction[] {
  const out: DwarfFunction[] = [];
  if (u.count === 0) return out;
  const rootTag = u.tag[0]!;
  if (rootTag !== C.DW_TAG_compile_unit && rootTag !== C.DW_TAG_skeleton_unit) return out;

  let lt: LineTable | undefined;
  try {
    lt = file.lineTable(u);
  } catch (e) {
    if (!(e instanceof ObjectFileError)) throw e;
    o.warn(`line program of the unit at offset ${u.header.offset}: ${e.message}`);
  }
  const cx: UnitContext = {
    file,
    u,
    t,
    o,
    lt,
    fileMap: new Int32Array(lt ? lt.files.length : 0).fill(-1),
    isC: isCLanguage(u.language),
    depth: new Int32Array(u.count),
    inlinesOf: new Map(),
    buf: [],
  };
  ownersAndDepths(cx);
  for (let i = 1; i < u.count; i++) {
    if (u.tag[i] !== C.DW_TAG_subprogram || u.flags[i]! & F_DECLARATION) continue;
    subprogram(cx, i, out);
  }
  return out;
}

/** FILE id of a DWARF file index of the unit's line table. */
function fileId(cx: UnitContext, index: number): number {
  const lt = cx.lt;
  if (!lt || index < 0 || index >= lt.files.length) return internFile(cx.t, UNKNOWN_FILE);
  let id = cx.fileMap[index]!;
  if (id < 0) {
    id = internFile(cx.t, lt.files[index] ?? UNKNOWN_FILE);
    cx.fileMap[index] = id;
  }
  return id;
}

function finishName(cx: UnitContext, name: string, mangled: boolean): string {
  if (!mangled || cx.isC) return name;
  let d = cx.t.demangled.get(name);
  if (d === undefined) {
    d = cx.o.demangle(name);
    cx.t.demangled.set(name, d);
  }
  return d;
}

/** Owner subprogram and inline depth of every kept DIE (the table is in DFS order, so parents come first). */
function ownersAndDepths(cx: UnitContext): void {
  const u = cx.u;
  const n = u.count;
  const owner = new Int32Array(n).fill(-1);
  const depth = cx.depth;
  for (let i = 1; i < n; i++) {
    const tag = u.tag[i]!;
    const p = u.parent[i]!;
    if (tag === C.DW_TAG_subprogram) {
      owner[i] = i;
      depth[i] = -1;
    } else if (tag === C.DW_TAG_inlined_subroutine && p >= 0 && owner[p]! >= 0) {
      owner[i] = owner[p]!;
      depth[i] = depth[p]! + 1;
      let list = cx.inlinesOf.get(owner[i]!);
      if (!list) cx.inlinesOf.set(owner[i]!, (list = []));
      list.push(i);
    }
  }
}

/** Range pairs of DIE i into cx.buf; -1 (with a warning) when they cannot be read. */
function rangesOf(cx: UnitContext, i: number, what: string): number {
  try {
    return cx.file.ranges(cx.u, i, cx.buf);
  } catch (e) {
    if (!(e instanceof ObjectFileError)) throw e;
    cx.o.warn(`ranges of the ${what} at offset ${cx.u.offset[i]}: ${e.message}`);
    return -1;
  }
}

/** The functions of subprogram DIE i (one per address range not emitted before). */
function subprogram(cx: UnitContext, i: number, out: DwarfFunction[]): void {
  const { file, u, t, o, buf } = cx;
  const pairs = rangesOf(cx, i, 'DIE');
  if (pairs <= 0) return;
  const ranges = buf.slice(0, 2 * pairs);
  const pieces: number[] = [];
  for (let k = 0; k < ranges.length; k += 2) {
    const key = `${ranges[k]}:${ranges[k + 1]}`;
    if (t.seen.has(key)) continue;
    t.seen.add(key);
    pieces.push(ranges[k]!, ranges[k + 1]!);
  }
  if (pieces.length === 0) return;

  let name: string;
  const sym = o.symbolName?.(ranges[0]!);
  if (sym) name = finishName(cx, sym, true);
  else {
    const dn = dieName(file, u, i);
    name = dn ? finishName(cx, dn.name, dn.mangled) : '';
  }
  const raw = rawInlines(cx, i);
  for (let k = 0; k < pieces.length; k += 2) out.push(piece(cx, name, pieces[k]!, pieces[k + 1]!, raw));
}

/** Inlines of subprogram i, with resolved ranges. */
function rawInlines(cx: UnitContext, i: number): RawInline[] {
  const { file, u, t, buf, depth } = cx;
  const raw: RawInline[] = [];
  const list = cx.inlinesOf.get(i);
  if (!list) return raw;
  // An inline whose ranges can't be read is dropped with its whole subtree, so depths stay consistent.
  let skipBelow = -1;
  for (const j of list) {
    if (skipBelow >= 0) {
      if (depth[j]! > skipBelow) continue;
      skipBelow = -1;
    }
    const np = rangesOf(cx, j, 'inline');
    if (np <= 0) {
      skipBelow = depth[j]!;
      continue;
    }
    const dn = dieName(file, u, j);
    let origin = dn ? t.originOf.get(dn) : undefined;
    if (origin === undefined) {
      const originName = dn ? finishName(cx, dn.name, dn.mangled) : '';
      origin = internOrigin(t, originName.trim() === '' ? NAME_OMITTED : originName);
      if (dn) t.originOf.set(dn, origin);
    }
    raw.push({
      depth: depth[j]!,
      callLine: u.callLine[j]!,
      callFile: fileId(cx, u.callFile[j]!),
      origin,
      ranges: buf.slice(0, 2 * np),
    });
  }
  return raw;
}

/** The function for [b, e) of a subprogram: its lines, and its inlines clipped to the range. */
function piece(cx: UnitContext, name: string, b: number, e: number, raw: RawInline[]): DwarfFunction {
  let lines = cx.lt ? lineRecords(cx.lt, b, e, (index) => fileId(cx, index)) : [];
  const inlines: DwarfInline[] = [];
  for (const r of raw) {
    const rr = r.ranges;
    // Quick reject: the inline's ranges are sorted, so it misses [b, e) unless they straddle it.
    if (rr[0]! >= e || rr[rr.length - 1]! <= b) continue;
    let clipped: { address: number; size: number }[] | undefined;
    for (let q = 0; q < rr.length; q += 2) {
      const s = rr[q]! > b ? rr[q]! : b;
      const f = rr[q + 1]! < e ? rr[q + 1]! : e;
      if (f > s) (clipped ??= []).push({ address: s, size: f - s });
    }
    if (clipped) inlines.push({ depth: r.depth, callLine: r.callLine, callFile: r.callFile, origin: r.origin, ranges: clipped });
  }
  if (!cx.o.inlines) lines = overlayCallSites(lines, inlines);
  return { name, address: b, size: e - b, lines, inlines: cx.o.inlines ? inlines : [] };
}

/** Line records for [begin, end): rows clipped to the range, same-line neighbours merged, line 0 dropped. */
export function lineRecords(lt: LineTable, begin: number, end: number, fileId: (index: number) => number): DwarfLine[] {
  const out: DwarfLine[] = [];
  const seq = lt.sequenceFor(begin, end);
  if (!seq) return out;
  const addr = lt.addr;
  let last: DwarfLine | undefined;
  let lastFileIndex = -1;
  for (let j = lt.rowAt(seq, begin); j < seq.last; j++) {
    const ra = addr[j]!;
    if (ra >= end) break;
    const next = j + 1 < seq.last ? addr[j + 1]! : seq.end;
    const s = ra > begin ? ra : begin;
    const f = next < end ? next : end;
    if (f <= s) continue;
    const line = lt.line[j]!;
    if (line <= 0) continue;
    const fi = lt.file[j]!;
    if (last && last.line === line && lastFileIndex === fi && last.address + last.size === s) {
      last.size = f - last.address;
      continue;
    }
    last = { address: s, size: f - s, line, file: fileId(fi) };
    lastFileIndex = fi;
    out.push(last);
  }
  return out;
}

/** Replaces the lines inside depth-0 inline ranges by the inline's call site. */
function overlayCallSites(lines: DwarfLine[], inlines: DwarfInline[]): DwarfLine[] {
  const ov: { s: number; e: number; line: number; file: number }[] = [];
  for (const i of inlines) {
    if (i.depth !== 0 || i.callLine <= 0) continue;
    for (const r of i.ranges) ov.push({ s: r.address, e: r.address + r.size, line: i.callLine, file: i.callFile });
  }
  if (ov.length === 0) return lines;
  ov.sort((a, b) => a.s - b.s);
  const out: DwarfLine[] = [];
  const emit = (s: number, e: number, line: number, file: number): void => {
    const last = out[out.length - 1];
    if (last && last.line === line && last.file === file && last.address + last.size === s) last.size = e - last.address;
    else out.push({ address: s, size: e - s, line, file });
  };
  let k = 0;
  for (const l of lines) {
    let cur = l.address;
    const end = l.address + l.size;
    while (cur < end) {
      while (k < ov.length && ov[k]!.e <= cur) k++;
      const o = ov[k];
      if (o && o.s <= cur) {
        const stop = Math.min(end, o.e);
        emit(cur, stop, o.line, o.file);
        cur = stop;
      } else {
        const stop = o ? Math.min(end, o.s) : end;
        emit(cur, stop, l.line, l.file);
        cur = stop;
      }
    }
  }
  return out;
}
