// demangleSymbol() on UTF-8 bytes, for batches: names go from a string table
// straight into WASM memory and the result comes back as bytes, so neither side
// builds a JS string for the common case (an ASCII name without clone suffix).
// makeBatchCore must stay self-contained (no imports, no outer names): the worker
// in batch.ts runs a copy of its source text.

/** The exports of gecko-profiler-demangle's WASM module that we use. */
export interface DemangleWasm {
  memory: { buffer: ArrayBuffer };
  demangle_any(ptr: number, len: number): [number, number];
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
}

/** Growable output: `bytes[ends[i-1] .. ends[i])` is name i. */
export interface BatchOutput {
  bytes: Uint8Array;
  ends: Int32Array;
}

export interface BatchCore {
  /** Demangles names starts[i]..ends[i] of `src` for i in [from, to) (demangleSymbol's rules). */
  run(src: Uint8Array, starts: Int32Array, ends: Int32Array, from: number, to: number): BatchOutput;
}

/** `suffix`: the source of demangle/index.ts's SUFFIX; `w` undefined: no demangler (names only have their suffix stripped). */
export function makeBatchCore(w: DemangleWasm | undefined, suffix: string): BatchCore {
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
  const push = (b: Uint8Array): void => {
    reserve(b.length);
    out.set(b, len);
    len += b.length;
  };

  // Demangles `input` (already suffix-free) and appends the result.
  const demangleInto = (input: Uint8Array): void => {
    if (!w) return push(input);
    try {
      const p = w.__wbindgen_malloc(input.length, 1) >>> 0;
      // memory.buffer is replaced when WASM memory grows.
      if (heap.buffer !== w.memory.buffer) heap = new Uint8Array(w.memory.buffer);
      heap.set(input, p);
      const r = w.demangle_any(p, input.length);
      const op = r[0] >>> 0;
      const ol = r[1] >>> 0;
      if (heap.buffer !== w.memory.buffer) heap = new Uint8Array(w.memory.buffer);
      // demangle_any's last resort strips one leading underscore (a Mach-O C name):
      // an undemanglable `_Z…` name stays as it is.
      let same = ol === input.length - 1;
      for (let i = 0; same && i < ol; i++) same = heap[op + i] === input[i + 1];
      if (same) push(input);
      else {
        reserve(ol);
        out.set(heap.subarray(op, op + ol), len);
        len += ol;
      }
      w.__wbindgen_free(op, ol, 1);
    } catch {
      push(input);
    }
  };

  return {
    run(src, starts, ends, from, to) {
      out = new Uint8Array(Math.max(1024, (ends[to - 1]! - starts[from]!) * 2));
      len = 0;
      const outEnds = new Int32Array(to - from);
      for (let i = from; i < to; i++) {
        const s = starts[i]!;
        const e = ends[i]!;
        const b0 = src[s];
        const b1 = src[s + 1];
        // isMangled: _Z, __Z, ___Z, _R
        const mangled = b0 === 0x5f && (b1 === 0x5a || b1 === 0x52 || (b1 === 0x5f && (src[s + 2] === 0x5a || (src[s + 2] === 0x5f && src[s + 3] === 0x5a))));
        if (!mangled) {
          push(src.subarray(s, e));
        } else {
          // Clone suffixes ('.', '[') and "`anonymous namespace'" need the string rules;
          // non-ASCII goes through a string too (TextDecoder's replacement characters).
          let plain = true;
          for (let k = s; k < e; k++) {
            const c = src[k]!;
            if (c === 0x2e || c === 0x5b || c === 0x60 || c >= 0x80) {
              plain = false;
              break;
            }
          }
          if (plain) demangleInto(src.subarray(s, e));
          else {
            const fixed = dec
              .decode(src.subarray(s, e))
              .replace(SUFFIX, '')
              .replace(/`anonymous namespace'/g, '(anonymous namespace)');
            demangleInto(enc.encode(fixed));
          }
        }
        outEnds[i - from] = len;
      }
      return { bytes: out.slice(0, len), ends: outEnds };
    },
  };
}
