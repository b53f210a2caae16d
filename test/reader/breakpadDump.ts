// Parser for the text Breakpad's `minidump_dump` prints: a sequence of blocks, each a
// heading line (no indent) followed by "  key = value" lines.
export interface DumpBlock {
  heading: string;
  fields: Map<string, string>;
}

export function parseMinidumpDumpOutput(text: string): DumpBlock[] {
  const blocks: DumpBlock[] = [];
  let cur: DumpBlock | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (!line.startsWith(' ')) {
      cur = { heading: line.trim(), fields: new Map() };
      blocks.push(cur);
      continue;
    }
    const i = line.indexOf(' = ');
    if (!cur || i < 0) continue;
    const key = line.slice(0, i).trim();
    if (!cur.fields.has(key)) cur.fields.set(key, line.slice(i + 3).trim());
  }
  return blocks;
}

/** A quoted value without quotes; (null) becomes null. */
export function unquote(v: string | undefined): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === '(null)') return null;
  if (v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1);
  return v;
}

/** "0x1f" / "31" / "0x45d35f73 2007-02-14 ..." -> bigint of the first token. */
export function num(v: string | undefined): bigint {
  if (v === undefined) throw new Error('missing field');
  return BigInt(v.split(' ')[0]!);
}
