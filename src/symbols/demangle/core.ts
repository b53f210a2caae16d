// demangleSymbol() on UTF-8 bytes, for batches: names go from a string table
// straight into WASM memory and the result comes back as bytes, so neither side
// builds a JS string for the common case (an ASCII name without clone suffix).
// Names that need no demangling pass through, so the output holds every name.
// makeBatchCore must stay self-contained (no imports, no outer names): the worker
// in batch.ts runs a copy of its source text.

/** The exports of gecko-profiler-demangle's WASM module that we use. */
export interface DemangleWasm {
  memory: { buffer: ArrayBuffer };
  demangle_any(ptr: number, len: number): [number, number];
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
}

/** Name i of the output is `bytes[ends[i-1] .. ends[i])`; differs[i] compares it with its aliases. */
export interface BatchOutput {
  bytes: Uint8Array;
  ends: Int32Array;
  /** 0: every alias has the same name, 1: some has another, 2: undecided (non-ASCII bytes differ). */
  differs: Uint8Array;
}

/** The Itanium fast path on bytes (itanium/fast.ts): the text's length in output(), or -1. */
export interface FastDemangler {
  demangle(src: Uint8Array, from: number, to: number): number;
  output(): Uint8Array;
}

export interface BatchCore {
  /**
   * demangleSymbol() of the NUL-terminated names at starts[i] in `src` for i in
   * [from, to), as UTF-8; a start of -1 is the empty name. Names that are not
   * mangled come out as they are (invalid UTF-8 replaced, as when decoded).
   * Names come out under the .sym name rules (see SymWriter.name).
   * Aliases of name i: the names at aliases[aliasStart[i] .. aliasStart[i+1]).
   */
  run(src: Uint8Array, starts: Int32Array, aliasStart: Int32Array, aliases: Int32Array, from: number, to: number): BatchOutput;
}

/**
 * `suffix`: the source of demangle/index.ts's SUFFIX; `wasm`: gives the WASM
 * demangler (undefined: none here), asked for only when a name needs it — most
 * batches have no Rust name and nothing the Itanium demangler rejects, and
 * loading the module costs milliseconds.
 * `itanium`: our Itanium demangler (demangle/itanium), tried first for C++ names; the
 * WASM (cpp_demangle + rustc-demangle) then only sees Rust names and what it rejects.
 * `fast`: its fast path on bytes, tried before it on ASCII names (no string made).
 */
export function makeBatchCore(wasm: () => DemangleWasm | undefined, suffix: string, itanium?: (name: string) => string | null, fast?: FastDemangler): BatchCore {
  const SUFFIX = new RegExp(suffix);
  const enc = new TextEncoder();
  const dec = new TextDecoder('utf-8');
  let heap = new Uint8Array(0);
  let out = new Uint8Array(1 << 16);
  let len = 0;

  const reserve = (n: number): void => {
    if (len + n <= out.length) return;
    const bigger = new Uint8Array(Math.max(out.length * 2, len + n));
    bigger.set(out.subarray(0, len));
    out = bigger;
  };
  // Copies b[from..to) to the output (a loop: no view object per name).
  const push = (b: Uint8Array, from = 0, to = b.length): void => {
    reserve(to - from);
    const o = out;
    let at = len;
    for (let k = from; k < to; k++) o[at++] = b[k]!;
    len = at;
  };

  // Appends str as UTF-8: ASCII (nearly every demangled name) without an encoder call.
  const pushString = (str: string): void => {
    const n = str.length;
    reserve(n);
    const o = out;
    let at = len;
    for (let k = 0; k < n; k++) {
      const c = str.charCodeAt(k);
      if (c >= 0x80) return push(enc.encode(str));
      o[at++] = c;
    }
    len = at;
  };
  // ASCII bytes to a string and back without a decoder call (globals of Node's, here and in the worker).
  const bufferProto = (globalThis as { Buffer?: { prototype: { latin1Slice?: (this: Uint8Array, from: number, to: number) => string; latin1Write?: (this: Uint8Array, s: string, at: number) => number } } }).Buffer?.prototype;
  const latin1 = bufferProto?.latin1Slice;
  const latin1Write = bufferProto?.latin1Write;
  // Appends an ASCII string (one native call).
  const pushAscii = (str: string): void => {
    if (!latin1Write) return pushString(str);
    reserve(str.length);
    len += latin1Write.call(out, str, len);
  };
  // A name that is only visible ASCII other than '.', '[' and '`' (clone suffixes,
  // "`anonymous namespace'"): no decoding, suffix or name rule applies to it.
  // CARE[c] is 1 for every other byte (NUL included: it ends the scan).
  const CARE = new Uint8Array(256).fill(1);
  for (let c = 0x21; c <= 0x7e; c++) if (c !== 0x2e && c !== 0x5b && c !== 0x60) CARE[c] = 0;

  // Demangles b[from..to) (already suffix-free) and appends the result; `ascii`: the bytes are.
  // Rust's legacy mangling is Itanium-shaped with a hash: rustc-demangle's job.
  const RUST_LEGACY = /17h[0-9a-f]{16}E$/;
  // The same test on bytes: "17h", 16 lowercase hex digits, "E" at the end.
  const rustLegacy = (b: Uint8Array, from: number, to: number): boolean => {
    if (to - from < 20 || b[to - 1] !== 0x45 || b[to - 18] !== 0x68 || b[to - 19] !== 0x37 || b[to - 20] !== 0x31) return false;
    for (let k = to - 17; k < to - 1; k++) {
      const c = b[k]!;
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
    }
    return true;
  };
  const demangleInto = (b: Uint8Array, from = 0, to = b.length, ascii = false): void => {
    if (ascii && itanium && fast && b[from + 1] === 0x5a && !rustLegacy(b, from, to)) {
      let n = -1;
      try {
        n = fast.demangle(b, from, to);
      } catch {
        // Stack exhaustion on hostile nesting: the guarded string path decides.
      }
      if (n >= 0) return push(fast.output(), 0, n);
    }
    if (itanium && b[from + 1] !== 0x52) {
      const name = ascii && latin1 ? latin1.call(b, from, to) : dec.decode(b.subarray(from, to));
      if (!RUST_LEGACY.test(name)) {
        const out = itanium(name);
        // What the demangler writes comes from an ASCII name's own chars and fixed ASCII text.
        if (out !== null) return ascii ? pushAscii(out) : pushString(out);
      }
    }
    const w = wasm();
    if (!w) return push(b, from, to);
    const n = to - from;
    try {
      const p = w.__wbindgen_malloc(n, 1) >>> 0;
      // memory.buffer is replaced when WASM memory grows.
      if (heap.buffer !== w.memory.buffer) heap = new Uint8Array(w.memory.buffer);
      for (let k = 0; k < n; k++) heap[p + k] = b[from + k]!;
      const r = w.demangle_any(p, n);
      const op = r[0] >>> 0;
      const ol = r[1] >>> 0;
      if (heap.buffer !== w.memory.buffer) heap = new Uint8Array(w.memory.buffer);
      // demangle_any's last resort strips one leading underscore (a Mach-O C name):
      // an undemanglable `_Z…` name stays as it is.
      let same = ol === n - 1;
      for (let i = 0; same && i < ol; i++) same = heap[op + i] === b[from + i + 1];
      if (same) push(b, from, to);
      else push(heap, op, op + ol);
      w.__wbindgen_free(op, ol, 1);
    } catch {
      push(b, from, to);
    }
  };

  const OMITTED = enc.encode('<name omitted>');
  // The .sym writer's name rules on out[start..len): control characters (never
  // part of a multi-byte character) removed, a blank name becomes '<name omitted>'.
  const clean = (start: number): void => {
    let visible = false;
    let high = false;
    let w = start;
    for (let r = start; r < len; r++) {
      const c = out[r]!;
      if (c < 0x20 || c === 0x7f) continue;
      if (c >= 0x80) high = true;
      else if (c !== 0x20) visible = true;
      out[w++] = c;
    }
    len = w;
    // Only spaces and non-ASCII: String#trim decides (Unicode spaces).
    if (!visible && (!high || dec.decode(out.subarray(start, len)).trim() === '')) {
      len = start;
      push(OMITTED);
    }
  };

  // The work per name is split into small functions: a batch runs once, cold, and
  // small functions get optimized after a few names where one big loop body waits
  // long for its (costly, repeated) on-stack replacement.

  /** End of the name at s when it is visible ASCII without '.', '[' or '`' (the common case); -1 otherwise. */
  const plainAsciiEnd = (src: Uint8Array, s: number): number => {
    let e = s;
    while (CARE[src[e]!] === 0) e++;
    return e > s && src[e] === 0 ? e : -1;
  };

  /** Whether the NUL-terminated names at p and q are byte-equal. */
  const sameBytes = (src: Uint8Array, p: number, q: number): boolean => {
    for (;;) {
      const c = src[p];
      if (c !== src[q]) return false;
      if (c === 0 || c === undefined) return true;
      p++;
      q++;
    }
  };

  /** BatchOutput.differs for a name whose aliases are not all byte-equal to it. */
  const differsFrom = (src: Uint8Array, s: number, q: number): number => {
    let high = false;
    for (let p = s; src[p] !== 0 && src[p] !== undefined; p++) if (src[p]! >= 0x80) high = true;
    for (; src[q] !== 0 && src[q] !== undefined; q++) if (src[q]! >= 0x80) high = true;
    return high ? 2 : 1;
  };

  /** _Z, __Z, ___Z, _R (isMangled). */
  const isMangledAt = (src: Uint8Array, s: number): boolean => {
    const b1 = src[s + 1];
    return src[s] === 0x5f && (b1 === 0x5a || b1 === 0x52 || (b1 === 0x5f && (src[s + 2] === 0x5a || (src[s + 2] === 0x5f && src[s + 3] === 0x5a))));
  };

  /** Any other name: one pass for its end and whether it needs the string rules. */
  const general = (src: Uint8Array, s: number): void => {
    // The name rules only change names with control characters or no visible
    // ASCII character (what the demangler writes comes from the name's own).
    let cleanIt = false;
    let visible = false;
    const start = len;
    if (s >= 0) {
      // Clone suffixes ('.', '['), "`anonymous namespace'", non-ASCII (decoded with
      // replacement characters, as the symbol table reader does).
      let e = s;
      let plain = true;
      let ascii = true;
      let dot = -1;
      let bracket = false;
      for (;;) {
        const c = src[e];
        if (c === 0 || c === undefined) break;
        if (c === 0x2e && dot < 0) dot = e;
        if (c === 0x5b || c === 0x60) bracket = true;
        if (c === 0x2e || c === 0x5b || c === 0x60) plain = false;
        else if (c >= 0x80) plain = ascii = false;
        else if (c < 0x20 || c === 0x7f) cleanIt = true;
        else if (c !== 0x20) visible = true;
        e++;
      }
      if (!isMangledAt(src, s)) {
        if (ascii) push(src, s, e);
        else push(enc.encode(dec.decode(src.subarray(s, e))));
      } else if (plain) demangleInto(src, s, e, true);
      else if (ascii && !bracket && !cleanIt && latin1) {
        // Only '.' suffixes (`.cold`, `.isra.0`, …): every match of SUFFIX starts at
        // a '.', so it is found in the text from the first one; the rest is
        // demangled from the bytes, like any plain name.
        const at = latin1.call(src, dot, e).search(SUFFIX);
        demangleInto(src, s, at < 0 ? e : dot + at, true);
      } else {
        const fixed = dec
          .decode(src.subarray(s, e))
          .replace(SUFFIX, '')
          .replace(/`anonymous namespace'/g, '(anonymous namespace)');
        demangleInto(enc.encode(fixed));
      }
    }
    if (cleanIt || !visible || len === start) clean(start);
  };

  return {
    run(src, starts, aliasStart, aliases, from, to) {
      // One scratch buffer for every chunk (grown when a chunk needs more): a fresh
      // one per chunk is zeroed and faulted in again; the result is a copy anyway.
      if (out.length < (to - from) * 160) out = new Uint8Array((to - from) * 160);
      len = 0;
      const outEnds = new Int32Array(to - from);
      const differs = new Uint8Array(to - from);
      for (let i = from; i < to; i++) {
        const s = starts[i]!;
        // Aliases: byte-equal names are equal; unequal ones are when ASCII.
        for (let a = aliasStart[i]!; a < aliasStart[i + 1]!; a++) {
          if (sameBytes(src, s, aliases[a]!)) continue;
          differs[i - from] = differsFrom(src, s, aliases[a]!);
          break;
        }
        // The common case: a name of visible ASCII, most of them mangled.
        const e = s >= 0 && latin1 ? plainAsciiEnd(src, s) : -1;
        if (e < 0) general(src, s);
        else if (isMangledAt(src, s)) demangleInto(src, s, e, true);
        else push(src, s, e);
        outEnds[i - from] = len;
      }
      return { bytes: out.slice(0, len), ends: outEnds, differs };
    },
  };
}
