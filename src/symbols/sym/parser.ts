// Single pass over the .sym bytes. Record dispatch and field rules follow Breakpad's
// BasicSourceLineResolver::LoadMapFromMemory; see docs in breakpad-sym-format.md.
// Only offsets and numbers are stored here: names, line records, INLINE records and CFI
// rule text stay in the source bytes and are decoded on first lookup (symbol-file.ts).
import { SymbolError } from '../../errors.js';
import { BAD, decode, F64Vec, parseDec, parseHex, parseHexLenient, startsWith, tokE, tokenIs, tokenize, tokS } from './scan.js';
import { SymbolFileImpl, WIN_FIELDS, type RawSym } from './symbol-file.js';
import type { ParseOptions, SymbolFile, SymbolModuleInfo } from './types.js';

const LF = 10;
const CR = 13;

/** Parse Breakpad .sym text. Throws SymbolError('MALFORMED') only for empty input or no MODULE line. */
export function parseSymbolFile(input: Uint8Array | string, options: ParseOptions = {}): SymbolFile {
  try {
    return parse(input, options);
  } catch (err) {
    if (err instanceof SymbolError) throw err;
    // Allocation failures on giant inputs surface as RangeError: report them as a limit.
    throw new SymbolError('LIMIT', `symbol file too large to parse: ${(err as Error).message}`, { cause: err });
  }
}

function parse(input: Uint8Array | string, options: ParseOptions): SymbolFile {
  let b: Uint8Array;
  if (typeof input === 'string') b = new TextEncoder().encode(input);
  else if (input instanceof Uint8Array) b = input;
  else throw new SymbolError('BAD_ARGUMENT', 'parseSymbolFile expects a Uint8Array or a string');
  const maxErrors = options.maxErrors ?? 100;

  // Trailing NULs are harmless (Breakpad strips them); others count as one error.
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  if (n === 0) throw new SymbolError('MALFORMED', 'empty symbol file');
  const buf = Buffer.from(b.buffer, b.byteOffset, n); // memchr-backed indexOf

  let errors = 0;
  let inlineErrors = 0;
  if (buf.indexOf(0) >= 0) errors++;

  let module: SymbolModuleInfo | null = null;
  let codeId: string | null = null;
  let generator: string | null = null;
  let url: string | null = null;

  const f = { base: new F64Vec(), size: new F64Vec(), param: new F64Vec(), nameS: new F64Vec(), nameE: new F64Vec(), bodyS: new F64Vec(), bodyE: new F64Vec(), multi: new F64Vec() };
  const p = { addr: new F64Vec(), param: new F64Vec(), nameS: new F64Vec(), nameE: new F64Vec(), multi: new F64Vec() };
  const cfiI = { base: new F64Vec(), size: new F64Vec(), ruleS: new F64Vec(), ruleE: new F64Vec(), dFirst: new F64Vec() };
  const cfiD = { addr: new F64Vec(), ruleS: new F64Vec(), ruleE: new F64Vec() };
  // STACK WIN: 13 numbers per record (see symbol-file.ts WIN_* offsets).
  const win = new F64Vec();
  const files = new Map<number, number>(); // id -> packed index into fileS/fileE
  const fileS = new F64Vec(256);
  const fileE = new F64Vec(256);
  const origins = new Map<number, number>();
  const originS = new F64Vec(256);
  const originE = new F64Vec(256);
  let lineRecords = 0;
  let inlineRecords = 0;

  let curFunc = -1;
  let truncated = false;
  let pos = 0;
  let nextLF = -1;
  let nextCR = -1;
  const cur = new Cursor();
  const runs = n >= RUNS_MIN_BYTES;
  const pub: PublicState = { last: -1, set: null, duplicates: 0 };

  // A FUNC's body ends after its last line/INLINE record, so a lazy body parse never
  // rescans unrelated records (e.g. the whole STACK CFI section after the last FUNC).
  const closeBody = (): void => {
    curFunc = -1;
  };

  while (pos < n) {
    const c0 = b[pos]!;
    if (c0 === LF || c0 === CR) {
      pos++;
      continue;
    }
    // In a big file, STACK and PUBLIC records come in long runs (most of its lines):
    // each run is consumed by its own small loop, which V8 optimizes on its own, instead
    // of this loop deoptimizing and recompiling when a new section begins. A small file
    // is done before V8 optimizes anything, and compiling the run loops would only add
    // work, so it takes the line-by-line path below.
    if (runs && c0 === 83 && hasPrefix(b, pos, n, STACK_)) {
      const stop = stackRun(b, buf, n, cur.set(pos, nextLF, nextCR, errors), maxErrors, win, cfiI, cfiD);
      ({ pos, nextLF, nextCR, errors } = cur);
      if (stop) {
        truncated = true;
        break;
      }
      continue;
    }
    if (runs && c0 === 80 && hasPrefix(b, pos, n, PUBLIC_)) {
      closeBody();
      const stop = publicRun(b, buf, n, cur.set(pos, nextLF, nextCR, errors), maxErrors, p, pub);
      ({ pos, nextLF, nextCR, errors } = cur);
      if (stop) {
        truncated = true;
        break;
      }
      continue;
    }
    if (nextLF < pos) {
      nextLF = buf.indexOf(LF, pos);
      if (nextLF < 0) nextLF = n;
    }
    if (nextCR < pos) {
      nextCR = buf.indexOf(CR, pos);
      if (nextCR < 0) nextCR = n;
    }
    const s = pos;
    const e = nextLF < nextCR ? nextLF : nextCR;
    pos = e + 1;

    let ok = true;
    let inlineRecord = false;
    if (c0 === 83 && startsWith(b, s, e, 'STACK ')) {
      ok = parseStack(b, s + 6, e, win, cfiI, cfiD);
    } else if (c0 === 80 && startsWith(b, s, e, 'PUBLIC ')) {
      closeBody();
      ok = parsePublic(b, s + 7, e, p, pub);
    } else if (c0 === 70 && startsWith(b, s, e, 'FILE ')) {
      ok = tokenize(b, s + 5, e, 2) === 2;
      if (ok) {
        const id = parseDec(b, tokS[0]!, tokE[0]!);
        ok = id >= 0;
        if (ok && !files.has(id)) {
          files.set(id, fileS.n);
          fileS.push(tokS[1]!);
          fileE.push(tokE[1]!);
        }
      }
    } else if (c0 === 70 && startsWith(b, s, e, 'FUNC ')) {
      closeBody();
      ok = false;
      if (tokenize(b, s + 5, e, 4) === 4) {
        let multi = 0;
        let a0 = tokS[0]!, a1 = tokE[0]!, s0 = tokS[1]!, s1 = tokE[1]!, q0 = tokS[2]!, q1 = tokE[2]!, n0 = tokS[3]!, n1 = tokE[3]!;
        if (tokenIs(b, a0, a1, 'm')) {
          multi = 1;
          const rest = n0;
          if (tokenize(b, rest, e, 2) === 2) {
            a0 = s0; a1 = s1; s0 = q0; s1 = q1;
            q0 = tokS[0]!; q1 = tokE[0]!; n0 = tokS[1]!; n1 = tokE[1]!;
          } else n0 = -1;
        }
        if (n0 >= 0) {
          const addr = parseHex(b, a0, a1);
          const size = parseHex(b, s0, s1);
          const param = parseHex(b, q0, q1);
          if (addr >= 0 && size >= 0 && param >= 0) {
            ok = true;
            curFunc = f.base.n;
            f.base.push(addr);
            f.size.push(size);
            f.param.push(param);
            f.nameS.push(n0);
            f.nameE.push(n1);
            f.bodyS.push(pos);
            f.bodyE.push(pos);
            f.multi.push(multi);
          }
        }
      }
    } else if (c0 === 77 && startsWith(b, s, e, 'MODULE ')) {
      // Breakpad ignores MODULE; we keep the first well-formed one.
      if (!module && tokenize(b, s + 7, e, 4) === 4) {
        module = {
          os: decode(b, tokS[0]!, tokE[0]!),
          cpu: decode(b, tokS[1]!, tokE[1]!),
          id: decode(b, tokS[2]!, tokE[2]!),
          name: decode(b, tokS[3]!, tokE[3]!),
        };
      }
    } else if (c0 === 73 && startsWith(b, s, e, 'INFO ')) {
      if (tokenize(b, s + 5, e, 2) === 2) {
        const k0 = tokS[0]!, k1 = tokE[0]!, r0 = tokS[1]!;
        if (tokenIs(b, k0, k1, 'CODE_ID') && codeId === null) {
          if (tokenize(b, r0, e, 2) >= 1) codeId = decode(b, tokS[0]!, tokE[0]!);
        } else if (tokenIs(b, k0, k1, 'GENERATOR') && generator === null) generator = decode(b, r0, e);
        else if (tokenIs(b, k0, k1, 'URL') && url === null) url = decode(b, r0, e);
      }
    } else if (c0 === 73 && startsWith(b, s, e, 'INLINE ')) {
      inlineRecord = true;
      // Breakpad dereferences a null function here; we just count it.
      ok = curFunc >= 0 && validInline(b, s + 7, e);
      if (ok) {
        inlineRecords++;
        f.bodyE.a[curFunc] = e;
      }
    } else if (c0 === 73 && startsWith(b, s, e, 'INLINE_ORIGIN ')) {
      inlineRecord = true;
      ok = parseInlineOrigin(b, s + 14, e, origins, originS, originE);
    } else {
      // Anything else is a line record (unknown keywords fail here, as in Breakpad).
      ok = curFunc >= 0 && validLine(b, s, e);
      if (ok) {
        lineRecords++;
        f.bodyE.a[curFunc] = e;
      }
    }
    if (!ok) {
      if (inlineRecord) inlineErrors++;
      else errors++;
    }
    if (errors > maxErrors) {
      truncated = true;
      break;
    }
  }
  closeBody();

  if (!module) throw new SymbolError('MALFORMED', 'symbol file has no MODULE line');

  const raw: RawSym = {
    bytes: b,
    f: { base: f.base.view(), size: f.size.view(), param: f.param.view(), nameS: f.nameS.view(), nameE: f.nameE.view(), bodyS: f.bodyS.view(), bodyE: f.bodyE.view(), multi: f.multi.view() },
    p: { addr: p.addr.view(), param: p.param.view(), nameS: p.nameS.view(), nameE: p.nameE.view(), multi: p.multi.view() },
    cfiI: { base: cfiI.base.view(), size: cfiI.size.view(), ruleS: cfiI.ruleS.view(), ruleE: cfiI.ruleE.view(), dFirst: cfiI.dFirst.view() },
    cfiD: { addr: cfiD.addr.view(), ruleS: cfiD.ruleS.view(), ruleE: cfiD.ruleE.view() },
    win: win.view(),
    files,
    fileS: fileS.view(),
    fileE: fileE.view(),
    origins,
    originS: originS.view(),
    originE: originE.view(),
  };
  return new SymbolFileImpl(raw, { os: module.os, cpu: module.cpu, id: module.id, name: module.name }, codeId, generator, url, {
    corruptLines: errors + inlineErrors,
    inlineCorruptLines: inlineErrors,
    isCorrupt: errors > 0,
    truncated,
    duplicatePublics: pub.duplicates,
    functions: f.base.n,
    publics: p.addr.n,
    lineRecords,
    inlineRecords,
    files: files.size,
    inlineOrigins: origins.size,
    cfiInit: cfiI.base.n,
    cfiDelta: cfiD.addr.n,
    stackWin: win.n / WIN_FIELDS,
  });
}

/** Scan state handed between the main loop and the record-run loops. */
class Cursor {
  pos = 0;
  /** Next LF / CR at or after the last line start (n when none). */
  nextLF = -1;
  nextCR = -1;
  errors = 0;
  set(pos: number, nextLF: number, nextCR: number, errors: number): this {
    this.pos = pos;
    this.nextLF = nextLF;
    this.nextCR = nextCR;
    this.errors = errors;
    return this;
  }
}

/** Files from this size on are parsed with the record-run loops (see parse). */
const RUNS_MIN_BYTES = 2 * 1024 * 1024;

interface PublicState {
  /** Greatest PUBLIC address so far; a set of all of them once one comes out of order. */
  last: number;
  set: Set<number> | null;
  duplicates: number;
}

const STACK_ = Uint8Array.from('STACK ', (ch) => ch.charCodeAt(0));
const PUBLIC_ = Uint8Array.from('PUBLIC ', (ch) => ch.charCodeAt(0));

/** b[s..] starts with `lit` (which holds no line break, so it cannot cross a line end). */
function hasPrefix(b: Uint8Array, s: number, n: number, lit: Uint8Array): boolean {
  if (s + lit.length > n) return false;
  for (let i = 0; i < lit.length; i++) if (b[s + i] !== lit[i]) return false;
  return true;
}

/**
 * Consumes consecutive STACK lines from c.pos. Returns true when the error limit is passed.
 * Line splitting and the common `STACK CFI <address> <rules>` record are written out
 * inline: most of a file's lines come through here, often before V8 has optimized
 * anything, and calls are what costs most in unoptimized code.
 */
function stackRun(b: Uint8Array, buf: Buffer, n: number, c: Cursor, maxErrors: number, win: F64Vec, ci: CfiInitVecs, cd: CfiDeltaVecs): boolean {
  let pos = c.pos;
  let nextLF = c.nextLF;
  let nextCR = c.nextCR;
  let errors = c.errors;
  const da = cd.addr;
  const ds = cd.ruleS;
  const de = cd.ruleE;
  let stop = false;
  for (;;) {
    while (pos < n && (b[pos] === LF || b[pos] === CR)) pos++;
    // "STACK "
    if (pos + 6 > n || b[pos] !== 83 || b[pos + 1] !== 84 || b[pos + 2] !== 65 || b[pos + 3] !== 67 || b[pos + 4] !== 75 || b[pos + 5] !== 32) break;
    const s = pos;
    if (nextLF < s) {
      nextLF = buf.indexOf(LF, s);
      if (nextLF < 0) nextLF = n;
    }
    if (nextCR < s) {
      nextCR = buf.indexOf(CR, s);
      if (nextCR < 0) nextCR = n;
    }
    const e = nextLF < nextCR ? nextLF : nextCR;
    pos = e + 1;
    // "CFI " then an address (not INIT): the result parseStack would give.
    const q = s + 10;
    if (b[s + 6] === 67 && b[s + 7] === 70 && b[s + 8] === 73 && b[s + 9] === 32 && q < e && b[q] !== 32 && b[q] !== 73) {
      let t = q;
      while (t < e && b[t] !== 32) t++;
      if (t + 1 < e) {
        if (da.n === da.a.length) da.grow();
        da.a[da.n++] = parseHexLenient(b, q, t);
        if (ds.n === ds.a.length) ds.grow();
        ds.a[ds.n++] = t + 1;
        if (de.n === de.a.length) de.grow();
        de.a[de.n++] = e;
      } else errors++;
    } else if (b[s + 6] === 67 && b[s + 7] === 70 && b[s + 8] === 73 && b[s + 9] === 32 && b[q] === 73 && b[q + 1] === 78 && b[q + 2] === 73 && b[q + 3] === 84 && q + 4 < e && b[q + 4] === 32) {
      // `STACK CFI INIT <address> <size> <rules>`, as parseStack does it.
      if (tokenize(b, q, e, 4) === 4) {
        ci.base.push(parseHexLenient(b, tokS[1]!, tokE[1]!));
        ci.size.push(parseHexLenient(b, tokS[2]!, tokE[2]!));
        ci.ruleS.push(tokS[3]!);
        ci.ruleE.push(e);
        ci.dFirst.push(da.n); // the deltas that follow belong to this INIT
      } else errors++;
    } else if (!parseStack(b, s + 6, e, win, ci, cd)) errors++;
    if (errors > maxErrors) {
      stop = true;
      break;
    }
  }
  c.pos = pos;
  c.nextLF = nextLF;
  c.nextCR = nextCR;
  c.errors = errors;
  return stop;
}

/** Consumes consecutive PUBLIC lines from c.pos, like stackRun. Returns true when the error limit is passed. */
function publicRun(b: Uint8Array, buf: Buffer, n: number, c: Cursor, maxErrors: number, p: PublicVecs, st: PublicState): boolean {
  let pos = c.pos;
  let nextLF = c.nextLF;
  let nextCR = c.nextCR;
  let errors = c.errors;
  let stop = false;
  for (;;) {
    while (pos < n && (b[pos] === LF || b[pos] === CR)) pos++;
    // "PUBLIC "
    if (pos + 7 > n || b[pos] !== 80 || b[pos + 1] !== 85 || b[pos + 2] !== 66 || b[pos + 3] !== 76 || b[pos + 4] !== 73 || b[pos + 5] !== 67 || b[pos + 6] !== 32) break;
    const s = pos;
    if (nextLF < s) {
      nextLF = buf.indexOf(LF, s);
      if (nextLF < 0) nextLF = n;
    }
    if (nextCR < s) {
      nextCR = buf.indexOf(CR, s);
      if (nextCR < 0) nextCR = n;
    }
    const e = nextLF < nextCR ? nextLF : nextCR;
    pos = e + 1;
    if (!parsePublic(b, s + 7, e, p, st)) errors++;
    if (errors > maxErrors) {
      stop = true;
      break;
    }
  }
  c.pos = pos;
  c.nextLF = nextLF;
  c.nextCR = nextCR;
  c.errors = errors;
  return stop;
}

type PublicVecs = { addr: F64Vec; param: F64Vec; nameS: F64Vec; nameE: F64Vec; multi: F64Vec };

/** PUBLIC body (after the keyword): `[m] <address> <param_size> <name>`. */
function parsePublic(b: Uint8Array, s: number, e: number, p: PublicVecs, st: PublicState): boolean {
  if (tokenize(b, s, e, 3) !== 3) return false;
  let multi = 0;
  let a0 = tokS[0]!, a1 = tokE[0]!, q0 = tokS[1]!, q1 = tokE[1]!, n0 = tokS[2]!, n1 = tokE[2]!;
  if (tokenIs(b, a0, a1, 'm')) {
    multi = 1;
    if (tokenize(b, n0, e, 2) !== 2) return false;
    a0 = q0; a1 = q1; q0 = tokS[0]!; q1 = tokE[0]!; n0 = tokS[1]!; n1 = tokE[1]!;
  }
  const addr = parseHex(b, a0, a1);
  const param = parseHex(b, q0, q1);
  if (addr < 0 || param < 0) return false;
  // Address 0 is accepted and ignored (ntdll has several such symbols).
  if (addr === 0) return true;
  if (addr <= st.last && seenPublic(addr, p, st)) {
    // AddressMap::Store fails: Breakpad logs it as a parse error.
    st.duplicates++;
    return false;
  }
  if (st.set !== null) st.set.add(addr);
  if (addr > st.last) st.last = addr;
  p.addr.push(addr);
  p.param.push(param);
  p.nameS.push(n0);
  p.nameE.push(n1);
  p.multi.push(multi);
  return true;
}

/** Out of parsePublic, which then stays small to compile: PUBLICs rarely come out of order. */
function seenPublic(addr: number, p: PublicVecs, st: PublicState): boolean {
  st.set ??= new Set(p.addr.view());
  return st.set.has(addr);
}

/** `<address> <size> <line> <file>`: the 4th field may carry trailing junk after a space. */
function validLine(b: Uint8Array, s: number, e: number): boolean {
  if (tokenize(b, s, e, 4) !== 4) return false;
  return parseHex(b, tokS[0]!, tokE[0]!) >= 0 && parseHex(b, tokS[1]!, tokE[1]!) >= 0 && parseDec(b, tokS[2]!, tokE[2]!) >= 0 && parseDec(b, tokS[3]!, tokE[3]!) >= 0;
}

/** INLINE body (after the keyword); token-count parity picks the old or new form. */
export function validInline(b: Uint8Array, s: number, e: number): boolean {
  const count = tokenize(b, s, e, 512);
  if (count < 5) return false;
  const hasFile = count % 2 === 0;
  let i = 0;
  if (parseDec(b, tokS[i]!, tokE[i++]!) < 0) return false;
  if (parseDec(b, tokS[i]!, tokE[i++]!) < 0) return false;
  if (hasFile && parseDec(b, tokS[i]!, tokE[i++]!) < -1) return false;
  if (parseDec(b, tokS[i]!, tokE[i++]!) < 0) return false;
  while (i < count) {
    if (parseHex(b, tokS[i]!, tokE[i++]!) < 0) return false;
    if (parseHex(b, tokS[i]!, tokE[i++]!) < 0) return false;
  }
  return true;
}

/** Old form `<id> <file_id> <name>` (file id = digits with optional leading '-') or new `<id> <name>`. */
function parseInlineOrigin(b: Uint8Array, s: number, e: number, origins: Map<number, number>, os: F64Vec, oe: F64Vec): boolean {
  if (tokenize(b, s, e, 2) !== 2) return false;
  const id = parseDec(b, tokS[0]!, tokE[0]!);
  if (id < 0) return false;
  const rs = tokS[1]!;
  let hasFileId = true;
  for (let i = rs; i < e && b[i] !== 32 && hasFileId; i++) {
    if (b[i] === 45 && i === rs) continue;
    const c = b[i]!;
    hasFileId = c >= 48 && c <= 57;
  }
  let ns = rs;
  if (hasFileId) {
    if (tokenize(b, rs, e, 2) !== 2) return false;
    const fileId = parseDec(b, tokS[0]!, tokE[0]!);
    if (fileId === BAD || fileId < -1) return false;
    ns = tokS[1]!;
  }
  if (!origins.has(id)) {
    origins.set(id, os.n);
    os.push(ns);
    oe.push(e);
  }
  return true;
}

type CfiInitVecs = { base: F64Vec; size: F64Vec; ruleS: F64Vec; ruleE: F64Vec; dFirst: F64Vec };
type CfiDeltaVecs = { addr: F64Vec; ruleS: F64Vec; ruleE: F64Vec };

/** STACK WIN / STACK CFI [INIT]. Numeric fields use strtoul semantics (no validation), as Breakpad. */
function parseStack(b: Uint8Array, s: number, e: number, win: F64Vec, ci: CfiInitVecs, cd: CfiDeltaVecs): boolean {
  let p = s;
  while (p < e && b[p] === 32) p++;
  const ps = p;
  while (p < e && b[p] !== 32) p++;
  if (p >= e) return false;
  const pe = p;
  const rest = p + 1;
  if (tokenIs(b, ps, pe, 'WIN')) {
    if (tokenize(b, rest, e, 11) !== 11) return false;
    if (b[tokS[0]!] === 45) return false;
    const type = parseHexLenient(b, tokS[0]!, tokE[0]!);
    if (type > 4) return false;
    const hasProgram = parseHexLenient(b, tokS[9]!, tokE[9]!) !== 0;
    win.push(type);
    for (let i = 1; i <= 8; i++) win.push(parseHexLenient(b, tokS[i]!, tokE[i]!));
    win.push(hasProgram ? 1 : 0);
    win.push(hasProgram ? 0 : parseHexLenient(b, tokS[10]!, tokE[10]!) !== 0 ? 1 : 0);
    win.push(hasProgram ? tokS[10]! : -1);
    win.push(hasProgram ? tokE[10]! : -1);
    return true;
  }
  if (tokenIs(b, ps, pe, 'CFI')) {
    let q = rest;
    while (q < e && b[q] === 32) q++;
    if (startsWith(b, q, e, 'INIT') && (q + 4 === e || b[q + 4] === 32)) {
      if (tokenize(b, rest, e, 4) !== 4) return false;
      ci.base.push(parseHexLenient(b, tokS[1]!, tokE[1]!));
      ci.size.push(parseHexLenient(b, tokS[2]!, tokE[2]!));
      ci.ruleS.push(tokS[3]!);
      ci.ruleE.push(e);
      ci.dFirst.push(cd.addr.n); // the deltas that follow belong to this INIT
      return true;
    }
    if (tokenize(b, rest, e, 2) !== 2) return false;
    cd.addr.push(parseHexLenient(b, tokS[0]!, tokE[0]!));
    cd.ruleS.push(tokS[1]!);
    cd.ruleE.push(e);
    return true;
  }
  return false;
}
