// Breakpad's dump_syms differs from mozilla's (whose naming we follow) in ways that
// are choices, not errors. To compare by meaning, its .sym is normalised first:
// - template function names carry a return type ("void std::sort<…>(…)"): dropped;
// - INLINE ranges of size 0 (it writes some for empty DW_AT_ranges pieces): dropped.

/** `int ns::f<int>(int)` → `ns::f<int>(int)`; other names unchanged. */
export function dropReturnType(name: string): string {
  const masked = name.replaceAll('(anonymous namespace)', '\u0001'.repeat('(anonymous namespace)'.length));
  let depth = 0;
  let paren = -1;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (c === '(' && depth === 0) {
      paren = i;
      break;
    }
  }
  if (paren < 0) return name;
  depth = 0;
  for (let i = paren - 1; i >= 0; i--) {
    const c = masked[i];
    if (c === '>') depth++;
    else if (c === '<') depth--;
    else if (c === ' ' && depth === 0) {
      if (/operator$/.test(masked.slice(0, i))) continue;
      return name.slice(i + 1);
    }
  }
  return name;
}

/** Applies the normalisations above to a whole Breakpad .sym text. */
export function normalizeBreakpadSym(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let m: RegExpMatchArray | null;
    if ((m = /^(FUNC (?:m )?[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ )(.*)$/.exec(line))) out.push(m[1] + dropReturnType(m[2]!));
    else if ((m = /^(PUBLIC (?:m )?[0-9a-f]+ [0-9a-f]+ )(.*)$/.exec(line))) out.push(m[1] + dropReturnType(m[2]!));
    else if ((m = /^(INLINE_ORIGIN \d+ )(.*)$/.exec(line))) out.push(m[1] + dropReturnType(m[2]!));
    else if (line.startsWith('INLINE ')) {
      // INLINE depth line file origin [addr size]+ : keep only non-empty ranges.
      const f = line.split(' ');
      const head = f.slice(0, 5);
      const ranges: string[] = [];
      for (let i = 5; i + 1 < f.length; i += 2) if (f[i + 1] !== '0') ranges.push(f[i]!, f[i + 1]!);
      if (ranges.length > 0) out.push([...head, ...ranges].join(' '));
    } else out.push(line);
  }
  return out.join('\n');
}
