// Lookup side of a parsed .sym file: sorted typed arrays + binary search, with function
// bodies (line/INLINE records), CFI rule text and STACK WIN trees built on first use.
import { ContainedRangeMap, floorIndex, keepExclusive, sortedOrder } from './ranges.js';
import { decode, parseDec, parseHex, startsWith, tokE, tokenize, tokS } from './scan.js';
import type { InlineFrameInfo, SymbolFile, SymbolFileStats, SymbolLookup, SymbolModuleInfo, WindowsFrameInfo } from './types.js';

/** Numbers per STACK WIN record: type rva size prolog epilog param saved locals max hasProg allocBP progS progE. */
export const WIN_FIELDS = 13;

export interface RawSym {
  bytes: Uint8Array;
  f: { base: Float64Array; size: Float64Array; param: Float64Array; nameS: Float64Array; nameE: Float64Array; bodyS: Float64Array; bodyE: Float64Array; multi: Float64Array };
  p: { addr: Float64Array; param: Float64Array; nameS: Float64Array; nameE: Float64Array; multi: Float64Array };
  /** dFirst: index of the first delta after each INIT (its group ends at the next INIT's). */
  cfiI: { base: Float64Array; size: Float64Array; ruleS: Float64Array; ruleE: Float64Array; dFirst: Float64Array };
  cfiD: { addr: Float64Array; ruleS: Float64Array; ruleE: Float64Array };
  win: Float64Array;
  files: Map<number, number>;
  fileS: Float64Array;
  fileE: Float64Array;
  origins: Map<number, number>;
  originS: Float64Array;
  originE: Float64Array;
}

interface InlineRec {
  callLine: number;
  /** -2 when the record has no call-site file (old form). */
  callFile: number;
  origin: number;
  ranges: number[]; // base, size pairs
}

interface Body {
  lineBase: Float64Array;
  lineEnd: Float64Array;
  lineNo: Float64Array;
  lineFile: Float64Array;
  inlines: InlineRec[];
  inlineMap: ContainedRangeMap;
}

/** Cap on cached function bodies so long-running processors stay bounded. */
const BODY_CACHE_MAX = 4096;

export class SymbolFileImpl implements SymbolFile {
  private readonly funcBase: Float64Array;
  private readonly funcEnd: Float64Array;
  private readonly funcIdx: Int32Array;
  private readonly pubAddr: Float64Array;
  private readonly pubIdx: Int32Array;
  private readonly bodies = new Map<number, Body>();
  private readonly fileNames = new Map<number, string | null>();
  private cfi: CfiIndex | null = null;
  private winMaps: [ContainedRangeMap, ContainedRangeMap] | null = null;

  constructor(
    private readonly raw: RawSym,
    readonly module: SymbolModuleInfo | null,
    readonly codeId: string | null,
    readonly generator: string | null,
    readonly url: string | null,
    readonly stats: SymbolFileStats,
  ) {
    const f = raw.f;
    this.funcIdx = keepExclusive(f.base, f.size, f.base.length);
    const k = this.funcIdx.length;
    this.funcBase = new Float64Array(k);
    this.funcEnd = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const j = this.funcIdx[i]!;
      this.funcBase[i] = f.base[j]!;
      this.funcEnd[i] = f.base[j]! + f.size[j]!;
    }
    // PUBLIC addresses are unique (duplicates were rejected); sort if not already sorted.
    const pa = raw.p.addr;
    const idx = sortedOrder(pa);
    this.pubIdx = idx;
    this.pubAddr = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) this.pubAddr[i] = pa[idx[i]!]!;
  }

  lookup(offset: number): SymbolLookup | null {
    if (!Number.isFinite(offset) || offset < 0) return null;
    const raw = this.raw;
    const b = raw.bytes;
    // RetrieveNearestRange: ranges are disjoint, so the greatest base <= offset either
    // contains offset or is the nearest function below it.
    const fi = floorIndex(this.funcBase, offset);
    if (fi >= 0 && offset < this.funcEnd[fi]!) {
      const j = this.funcIdx[fi]!;
      return this.funcLookup(j, offset);
    }
    // Breakpad: PUBLIC = greatest address <= offset, accepted unless the nearest FUNC below
    // the offset starts at or after it (public_address > function_base).
    // rust-minidump instead rejects the PUBLIC when any FUNC lies between it and the offset.
    const pi = floorIndex(this.pubAddr, offset);
    if (pi < 0) return null;
    const addr = this.pubAddr[pi]!;
    if (fi >= 0 && !(addr > this.funcBase[fi]!)) return null;
    const j = this.pubIdx[pi]!;
    return {
      function: decode(b, raw.p.nameS[j]!, raw.p.nameE[j]!),
      functionAddress: addr,
      functionSize: null,
      parameterSize: raw.p.param[j]!,
      isPublic: true,
      isMultiple: raw.p.multi[j]! !== 0,
      file: null,
      line: null,
      lineAddress: null,
      inlines: [],
    };
  }

  private funcLookup(j: number, offset: number): SymbolLookup {
    const raw = this.raw;
    const b = raw.bytes;
    const body = this.body(j);
    let file: string | null = null;
    let line: number | null = null;
    let lineAddress: number | null = null;
    const li = floorIndex(body.lineBase, offset);
    if (li >= 0 && offset < body.lineEnd[li]!) {
      file = this.fileName(body.lineFile[li]!);
      line = body.lineNo[li]!;
      lineAddress = body.lineBase[li]!;
    }
    const inlines: InlineFrameInfo[] = [];
    const chain = body.inlineMap.retrieveAll(offset);
    if (chain.length > 0) {
      // ConstructInlineFrames: each inline starts with its call site, then positions shift
      // one step inward: the innermost gets the line record, the physical frame gets the
      // outermost call site.
      for (const k of chain) {
        const rec = body.inlines[k]!;
        const o = raw.origins.get(rec.origin);
        let base = 0;
        for (let r = 0; r < rec.ranges.length; r += 2) {
          const rb = rec.ranges[r]!;
          if (offset >= rb && offset < rb + rec.ranges[r + 1]!) {
            base = rb;
            break;
          }
        }
        inlines.push({
          function: o === undefined ? '<name omitted>' : decode(b, raw.originS[o]!, raw.originE[o]!),
          functionAddress: base,
          file: rec.callFile === -2 ? file : (this.fileName(rec.callFile) ?? file),
          line: rec.callLine,
        });
      }
      let pf = file;
      let pl = line;
      file = inlines[inlines.length - 1]!.file;
      line = inlines[inlines.length - 1]!.line;
      for (const fr of inlines) {
        const tf = fr.file;
        const tl = fr.line;
        fr.file = pf;
        fr.line = pl;
        pf = tf;
        pl = tl;
      }
    }
    return {
      function: decode(b, raw.f.nameS[j]!, raw.f.nameE[j]!),
      functionAddress: raw.f.base[j]!,
      functionSize: raw.f.size[j]!,
      parameterSize: raw.f.param[j]!,
      isPublic: false,
      isMultiple: raw.f.multi[j]! !== 0,
      file,
      line,
      lineAddress,
      inlines,
    };
  }

  private fileName(id: number): string | null {
    let v = this.fileNames.get(id);
    if (v !== undefined) return v;
    const k = this.raw.files.get(id);
    v = k === undefined ? null : decode(this.raw.bytes, this.raw.fileS[k]!, this.raw.fileE[k]!);
    if (this.fileNames.size < 1 << 16) this.fileNames.set(id, v);
    return v;
  }

  /** Parse a FUNC's line and INLINE records (they follow it until the next FUNC/PUBLIC). */
  private body(j: number): Body {
    const cached = this.bodies.get(j);
    if (cached) return cached;
    const b = this.raw.bytes;
    const end = this.raw.f.bodyE[j]!;
    let pos = this.raw.f.bodyS[j]!;
    const lb: number[] = [];
    const ls: number[] = [];
    const ln: number[] = [];
    const lf: number[] = [];
    const inlines: InlineRec[] = [];
    const inlineMap = new ContainedRangeMap(true);
    let lastNest = 0;
    while (pos < end) {
      const c = b[pos]!;
      if (c === 10 || c === 13) {
        pos++;
        continue;
      }
      let e = pos;
      while (e < end && b[e] !== 10 && b[e] !== 13) e++;
      const s = pos;
      pos = e + 1;
      if (c === 73 && startsWith(b, s, e, 'INLINE ')) {
        const rec = parseInline(b, s + 7, e);
        // AppendInline: a jump of more than one nesting level means a parent was dropped.
        if (!rec || rec.nest > lastNest + 1) continue;
        lastNest = rec.nest;
        const k = inlines.length;
        inlines.push(rec);
        for (let r = 0; r < rec.ranges.length; r += 2) inlineMap.store(rec.ranges[r]!, rec.ranges[r + 1]!, k);
        continue;
      }
      if (isKeyword(b, s, e)) continue;
      if (tokenize(b, s, e, 4) !== 4) continue;
      const a = parseHex(b, tokS[0]!, tokE[0]!);
      const sz = parseHex(b, tokS[1]!, tokE[1]!);
      const no = parseDec(b, tokS[2]!, tokE[2]!);
      const fid = parseDec(b, tokS[3]!, tokE[3]!);
      if (a < 0 || sz < 0 || no < 0 || fid < 0) continue;
      lb.push(a);
      ls.push(sz);
      ln.push(no);
      lf.push(fid);
    }
    const base = Float64Array.from(lb);
    const size = Float64Array.from(ls);
    const keep = keepExclusive(base, size, base.length);
    const body: Body = {
      lineBase: Float64Array.from(keep, (i) => lb[i]!),
      lineEnd: Float64Array.from(keep, (i) => lb[i]! + ls[i]!),
      lineNo: Float64Array.from(keep, (i) => ln[i]!),
      lineFile: Float64Array.from(keep, (i) => lf[i]!),
      inlines,
      inlineMap,
    };
    if (this.bodies.size >= BODY_CACHE_MAX) this.bodies.delete(this.bodies.keys().next().value!);
    this.bodies.set(j, body);
    return body;
  }

  cfiRulesAt(offset: number): Map<string, string> | null {
    if (!Number.isFinite(offset) || offset < 0) return null;
    const c = (this.cfi ??= this.buildCfi());
    const i = floorIndex(c.base, offset);
    if (i < 0 || offset >= c.end[i]!) return null;
    const raw = this.raw;
    const j = c.idx[i]!;
    const rules = new Map<string, string>();
    if (!applyRuleSet(decode(raw.bytes, raw.cfiI.ruleS[j]!, raw.cfiI.ruleE[j]!), rules)) return null;
    // Every delta in [INIT base, offset], in address order (Breakpad does not tie a delta
    // to its INIT).
    if (!c.dAddr) {
      for (const k of groupDeltas(raw, j, offset)) applyRuleSet(decode(raw.bytes, raw.cfiD.ruleS[k]!, raw.cfiD.ruleE[k]!), rules);
      return rules;
    }
    let d = floorIndex(c.dAddr, c.base[i]! - 0.5) + 1;
    for (; d < c.dAddr.length && c.dAddr[d]! <= offset; d++) {
      const k = c.dIdx![d]!;
      applyRuleSet(decode(raw.bytes, raw.cfiD.ruleS[k]!, raw.cfiD.ruleE[k]!), rules);
    }
    return rules;
  }

  private buildCfi(): CfiIndex {
    const ci = this.raw.cfiI;
    const idx = keepExclusive(ci.base, ci.size, ci.base.length);
    const base = new Float64Array(idx.length);
    const end = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i]!;
      base[i] = ci.base[j]!;
      end[i] = ci.base[j]! + ci.size[j]!;
    }
    // The usual file: every delta lies inside the INIT it follows and that INIT was kept.
    // Kept INITs are disjoint, so the deltas in [base, offset] of a kept INIT are exactly
    // its own group's: no global sort of all deltas is needed.
    if (deltasStayInTheirInit(this.raw, idx)) return { base, end, idx, dAddr: null, dIdx: null };
    // map<addr, string>: a later delta at the same address overwrites an earlier one.
    const da = this.raw.cfiD.addr;
    const order = sortedOrder(da);
    const dAddr = new Float64Array(order.length);
    const dIdx = new Int32Array(order.length);
    let m = 0;
    for (let i = 0; i < order.length; i++) {
      const k = order[i]!;
      const a = da[k]!;
      if (m > 0 && dAddr[m - 1] === a) dIdx[m - 1] = k;
      else {
        dAddr[m] = a;
        dIdx[m++] = k;
      }
    }
    return { base, end, idx, dAddr: dAddr.subarray(0, m), dIdx: dIdx.subarray(0, m) };
  }

  windowsFrameInfo(offset: number): WindowsFrameInfo | null {
    if (!Number.isFinite(offset) || offset < 0) return null;
    const w = this.raw.win;
    if (!this.winMaps) {
      const frameData = new ContainedRangeMap();
      const fpo = new ContainedRangeMap();
      for (let r = 0; r < w.length; r += WIN_FIELDS) {
        const type = w[r]!;
        if (type === 4) frameData.store(w[r + 1]!, w[r + 2]!, r);
        else if (type === 0) fpo.store(w[r + 1]!, w[r + 2]!, r);
      }
      this.winMaps = [frameData, fpo];
    }
    const r = this.winMaps[0].retrieve(offset) ?? this.winMaps[1].retrieve(offset);
    if (r === null) return null;
    const hasProgram = w[r + 9]! !== 0;
    return {
      type: w[r]!,
      rva: w[r + 1]!,
      codeSize: w[r + 2]!,
      prologSize: w[r + 3]!,
      epilogSize: w[r + 4]!,
      parameterSize: w[r + 5]!,
      savedRegisterSize: w[r + 6]!,
      localSize: w[r + 7]!,
      maxStackSize: w[r + 8]!,
      allocatesBasePointer: w[r + 10]! !== 0,
      programString: hasProgram ? decode(this.raw.bytes, w[r + 11]!, w[r + 12]!) : null,
    };
  }
}

interface CfiIndex {
  /** Kept INIT ranges sorted by base, and their record indices. */
  base: Float64Array;
  end: Float64Array;
  idx: Int32Array;
  /** All deltas sorted by address (last one per address), or null when each INIT's own group suffices. */
  dAddr: Float64Array | null;
  dIdx: Int32Array | null;
}

/** Group of INIT j: the deltas between it and the next INIT, as [start, end). */
function groupOf(raw: RawSym, j: number): [number, number] {
  const first = raw.cfiI.dFirst;
  return [first[j]!, j + 1 < first.length ? first[j + 1]! : raw.cfiD.addr.length];
}

function deltasStayInTheirInit(raw: RawSym, kept: Int32Array): boolean {
  const ci = raw.cfiI;
  const addr = raw.cfiD.addr;
  const n = ci.base.length;
  if (n === 0) return addr.length === 0;
  if (ci.dFirst[0]! > 0) return false; // deltas before any INIT
  const isKept = new Uint8Array(n);
  for (let i = 0; i < kept.length; i++) isKept[kept[i]!] = 1;
  const first = ci.dFirst;
  for (let j = 0; j < n; j++) {
    const s = first[j]!;
    const e = j + 1 < n ? first[j + 1]! : addr.length;
    if (s === e) continue;
    if (!isKept[j]) return false;
    const lo = ci.base[j]!;
    const hi = lo + ci.size[j]!;
    for (let k = s; k < e; k++) if (!(addr[k]! >= lo && addr[k]! < hi)) return false;
  }
  return true;
}

/** INIT j's deltas at or below offset, in address order, the last one per address. */
function groupDeltas(raw: RawSym, j: number, offset: number): number[] {
  const addr = raw.cfiD.addr;
  const [s, e] = groupOf(raw, j);
  const out: number[] = [];
  let ordered = true;
  for (let k = s; k < e; k++) {
    if (addr[k]! > offset) continue;
    if (out.length > 0 && addr[k]! <= addr[out[out.length - 1]!]!) ordered = false;
    out.push(k);
  }
  if (ordered) return out;
  out.sort((x, y) => addr[x]! - addr[y]! || x - y);
  const last: number[] = [];
  for (const k of out) {
    if (last.length > 0 && addr[last[last.length - 1]!] === addr[k]) last[last.length - 1] = k;
    else last.push(k);
  }
  return last;
}

const KEYWORDS = ['FILE ', 'STACK ', 'FUNC ', 'PUBLIC ', 'MODULE ', 'INFO ', 'INLINE_ORIGIN '];
function isKeyword(b: Uint8Array, s: number, e: number): boolean {
  const c = b[s]!;
  if (c < 65 || c > 90) return false;
  for (const k of KEYWORDS) if (startsWith(b, s, e, k)) return true;
  return false;
}

function parseInline(b: Uint8Array, s: number, e: number): (InlineRec & { nest: number }) | null {
  const count = tokenize(b, s, e, 512);
  if (count < 5) return null;
  const hasFile = count % 2 === 0;
  let i = 0;
  const nest = parseDec(b, tokS[i]!, tokE[i++]!);
  const callLine = parseDec(b, tokS[i]!, tokE[i++]!);
  const callFile = hasFile ? parseDec(b, tokS[i]!, tokE[i++]!) : -2;
  const origin = parseDec(b, tokS[i]!, tokE[i++]!);
  if (nest < 0 || callLine < 0 || callFile < -2 || (hasFile && callFile < -1) || origin < 0) return null;
  const ranges: number[] = [];
  while (i < count) {
    const a = parseHex(b, tokS[i]!, tokE[i++]!);
    const z = parseHex(b, tokS[i]!, tokE[i++]!);
    if (a < 0 || z < 0) return null;
    ranges.push(a, z);
  }
  return { nest, callLine, callFile, origin, ranges };
}

/**
 * CFIRuleParser: `name: expr...` pairs split on whitespace. Rules before a syntax error
 * are kept (Breakpad reports each as it goes); returns false on the error.
 */
export function applyRuleSet(text: string, rules: Map<string, string>): boolean {
  let name = '';
  let expr = '';
  const report = (): boolean => {
    if (name === '' || expr === '') return false;
    rules.set(name, expr);
    return true;
  };
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i >= n) return report();
    const s = i;
    while (i < n && !isWs(text.charCodeAt(i))) i++;
    const tok = text.slice(s, i);
    if (tok.endsWith(':')) {
      if (tok.length < 2) return false;
      if ((name !== '' || expr !== '') && !report()) return false;
      name = tok.slice(0, -1);
      expr = '';
    } else {
      expr = expr === '' ? tok : `${expr} ${tok}`;
    }
  }
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
