// Breakpad's dump_syms differs from mozilla's (whose naming we follow) in ways that
// are choices, not errors. To compare by meaning, its .sym is normalised first:
// - template function names carry a return type ("void std::sort<…>(…)"): dropped;
// - INLINE ranges of size 0 (it writes some for empty DW_AT_ranges pieces): dropped.
// Both sides: "(anonymous namespace)::" is dropped, since Breakpad leaves it out of
// names it builds from DW_AT_name (internal functions have no linkage name).

/**
 * The name with the brackets that are not nesting hidden (same length, so indexes
 * still line up): "(anonymous namespace)" and operator names like `operator<`.
 */
export function maskName(name: string): string {
  return name
    .replaceAll('(anonymous namespace)', '\u0001'.repeat('(anonymous namespace)'.length))
    .replace(/operator\s*(<<=|>>=|<=>|<<|>>|<=|>=|->\*|->|<|>|\(\)|\[\])/g, (m) => '\u0001'.repeat(m.length));
}

/** `int ns::f<int>(int)` → `ns::f<int>(int)`; other names unchanged. */
export function dropReturnType(name: string): string {
  const masked = maskName(name);
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
      if (/operator$/.test(masked.slice(0, i)) || /\u0001$/.test(masked.slice(0, i))) continue;
      return name.slice(i + 1);
    }
  }
  return name;
}

/** Drops "(anonymous namespace)::" (applied to both sides). */
export function normalizeNamespaces(text: string): string {
  return text.replaceAll('(anonymous namespace)::', '');
}

/** Applies the normalisations above to a whole Breakpad .sym text. */
export function normalizeBreakpadSym(text: string): string {
  const out: string[] = [];
  for (const line of normalizeNamespaces(text).split('\n')) {
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
