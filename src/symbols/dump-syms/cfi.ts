// STACK CFI records: .debug_frame first, then .eh_frame (mozilla's order; the CFI
// reader drops FDEs that overlap ones already yielded), made load-relative.
import { isCfiArch, readCfi, type CfiSection } from '../dwarf/cfi/index.js';
import { SHT_NOBITS, type ElfFile } from '../elf/index.js';
import type { SymWriter } from './writer.js';

function sectionFrom(elf: ElfFile, name: '.debug_frame' | '.eh_frame'): CfiSection | undefined {
  const s = elf.section(name) ?? (name === '.debug_frame' ? elf.section('.zdebug_frame') : undefined);
  if (!s || s.type === SHT_NOBITS || s.size === 0) return undefined;
  const bytes = name === '.debug_frame' ? elf.sectionData('.debug_frame') : elf.contents(s);
  if (!bytes || bytes.length === 0) return undefined;
  return { kind: name === '.debug_frame' ? 'debug_frame' : 'eh_frame', bytes, address: Number(s.addr) };
}

/**
 * Writes the STACK CFI records. `sources` are the files to take sections from, in
 * order of preference (the binary, then its debug file): the first one that has a
 * given section with bytes wins. An ObjectFileError thrown out of here leaves the
 * records before it written.
 */
export function writeCfi(w: SymWriter, sources: readonly ElfFile[], main: ElfFile, loadAddress: bigint, onWarning: (m: string) => void): void {
  const arch = main.arch;
  if (!isCfiArch(arch)) {
    onWarning(`no CFI register names for architecture ${arch}; STACK CFI skipped`);
    return;
  }
  const sections: CfiSection[] = [];
  for (const name of ['.debug_frame', '.eh_frame'] as const) {
    for (const elf of sources) {
      let s: CfiSection | undefined;
      try {
        s = sectionFrom(elf, name);
      } catch (e) {
        onWarning(`${name}: ${(e as Error).message}`);
      }
      if (s) {
        sections.push(s);
        break;
      }
    }
  }
  if (sections.length === 0) return;
  const text = main.section('.text');
  const got = main.section('.got');
  const base = Number(loadAddress);
  const entries = readCfi(sections, {
    arch,
    littleEndian: main.littleEndian,
    addressSize: main.is64 ? 8 : 4,
    ...(text ? { textAddress: Number(text.addr) } : {}),
    ...(got ? { dataAddress: Number(got.addr) } : {}),
    readMemory: (address, size) => {
      const off = main.fileOffsetOf(BigInt(address));
      if (off !== undefined) main.ensure(off, size);
      return off !== undefined && main.view.has(off, size) ? main.view.slice(off, size) : undefined;
    },
    // FDEs below the load address cannot be made module-relative (mozilla skips them too).
    addressRange: { start: base, end: Number.MAX_SAFE_INTEGER },
    onWarning,
  });
  for (const e of entries) {
    w.cfiInit(e.address - base, e.size, e.initRules);
    for (const d of e.deltas) w.cfiDelta(d.address - base, d.rules);
  }
}
