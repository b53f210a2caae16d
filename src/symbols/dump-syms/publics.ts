// PUBLIC records from ELF symbol tables, following mozilla's dump_syms (symbolic's
// ElfSymbolIterator + dump_syms collect_publics):
// * STT_FUNC symbols of .symtab then .dynsym, defined in an executable section,
//   at or above the load address; addresses made load-relative;
// * skipped when a FUNC starts at or covers the address, or when the address lies
//   inside an earlier sized PUBLIC (aliases and labels inside a function);
// * one record per address: the first name wins, and a different name at the same
//   address sets the `m` flag;
// * a synthetic `<.plt ELF section in NAME>` for each executable section that has
//   no symbol at its start (PLT stubs would otherwise be attributed to whatever
//   precedes them).
import { demangleSymbol } from '../demangle/index.js';
import { EM_ARM, SHF_EXECINSTR, STT_FUNC, type ElfFile } from '../elf/index.js';
import type { SymPublic } from './model.js';

export interface PublicCandidate {
  address: number;
  size: number;
  name: string;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_U32 = 0xffffffffn;

/** STT_FUNC symbols of one ELF file as load-relative candidates, in table order. */
export function functionSymbols(elf: ElfFile, loadAddress: bigint): PublicCandidate[] {
  const out: PublicCandidate[] = [];
  // ARM marks Thumb functions with bit 0 of st_value; the code starts at the even address.
  const thumb = elf.machine === EM_ARM;
  for (const dynamic of [false, true]) {
    for (const s of elf.symbols(dynamic)) {
      if (s.type !== STT_FUNC || s.shndx === 0 || s.value < loadAddress) continue;
      const section = elf.sections[s.shndx];
      if (!section || (section.flags & SHF_EXECINSTR) === 0n) continue;
      const rva = (thumb ? s.value & ~1n : s.value) - loadAddress;
      if (rva > MAX_SAFE) continue;
      out.push({ address: Number(rva), size: s.size > MAX_U32 ? 0 : Number(s.size), name: s.name });
    }
  }
  return out;
}

/** Executable sections as synthetic candidates (`<.plt ELF section in NAME>`). */
export function sectionSymbols(elf: ElfFile, loadAddress: bigint, moduleName: string): PublicCandidate[] {
  const out: PublicCandidate[] = [];
  for (const s of elf.sections) {
    if ((s.flags & SHF_EXECINSTR) === 0n || s.addr < loadAddress) continue;
    out.push({ address: Number(s.addr - loadAddress), size: 0, name: `<${s.name || 'unknown'} ELF section in ${moduleName || 'unknown'}>` });
  }
  return out;
}

/** Sorted, non-overlapping FUNC ranges for the "covered by a FUNC" test. */
export class RangeSet {
  private readonly starts: number[] = [];
  /** maxEnd[i]: the furthest end among ranges 0..i (ranges may nest or overlap). */
  private readonly maxEnd: number[] = [];
  constructor(ranges: Iterable<{ address: number; size: number }>) {
    const sorted = [...ranges].sort((a, b) => a.address - b.address);
    let max = -1;
    for (const r of sorted) {
      this.starts.push(r.address);
      max = Math.max(max, r.address + Math.max(1, r.size));
      this.maxEnd.push(max);
    }
  }
  /** covers() for addresses given in ascending order (a cursor moves forward instead of searching). */
  ascending(): (address: number) => boolean {
    let i = -1;
    return (address) => {
      while (i + 1 < this.starts.length && this.starts[i + 1]! <= address) i++;
      return i >= 0 && address < this.maxEnd[i]!;
    };
  }

  /** True if some range contains the address (start inclusive). */
  covers(address: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= address) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best >= 0 && address < this.maxEnd[best]!;
  }
}

/**
 * Chooses the PUBLIC records. `symbols` are candidates in priority order (debug
 * file, binary, MiniDebugInfo); `synthetic` fill section starts left without a name.
 */
export function selectPublics(symbols: PublicCandidate[], synthetic: PublicCandidate[], funcs: RangeSet, demangle: (name: string) => string = demangleSymbol): SymPublic[] {
  const byAddress = new Map<number, { pub: SymPublic; raw: string; size: number }>();
  for (const c of symbols) {
    if (funcs.covers(c.address)) continue;
    const seen = byAddress.get(c.address);
    if (seen) {
      if (seen.raw !== c.name) seen.pub.multiple = true;
      if (c.size > seen.size) seen.size = c.size;
      continue;
    }
    byAddress.set(c.address, { pub: { address: c.address, name: c.name ? demangle(c.name) : '<name omitted>' }, raw: c.name, size: c.size });
  }
  const sorted = [...byAddress.values()].sort((a, b) => a.pub.address - b.pub.address);
  const out: SymPublic[] = [];
  let coveredUntil = -1;
  for (const e of sorted) {
    if (e.pub.address < coveredUntil) continue;
    out.push(e.pub);
    if (e.size > 0) coveredUntil = Math.max(coveredUntil, e.pub.address + e.size);
  }
  const taken = new Set(out.map((p) => p.address));
  let added = false;
  for (const s of synthetic) {
    if (taken.has(s.address) || funcs.covers(s.address)) continue;
    taken.add(s.address);
    out.push({ address: s.address, name: s.name });
    added = true;
  }
  if (added) out.sort((a, b) => a.address - b.address);
  return out;
}
