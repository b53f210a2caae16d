// STACK CFI records: .debug_frame first, then .eh_frame (mozilla's order; the CFI
// reader drops FDEs that overlap ones already yielded), made load-relative.
import { cfiRecordSteps, isCfiArch, type CfiRuleWriter, type CfiSection } from '../dwarf/cfi/index.js';
import { SHT_NOBITS, type ElfFile, type ElfSection } from '../elf/index.js';
import type { SymWriter } from './writer.js';

const NAMES = ['.debug_frame', '.eh_frame'] as const;
type CfiName = (typeof NAMES)[number];

/** The header of section `name` when it has bytes in the file. */
function header(elf: ElfFile, name: CfiName): ElfSection | undefined {
  const s = elf.section(name) ?? (name === '.debug_frame' ? elf.section('.zdebug_frame') : undefined);
  return s && s.type !== SHT_NOBITS && s.size > 0 ? s : undefined;
}

/** The sections writeCfi() reads, with their files (for reading them ahead). */
export function cfiSectionHeaders(sources: readonly ElfFile[]): [ElfFile, ElfSection][] {
  const out: [ElfFile, ElfSection][] = [];
  for (const name of NAMES) {
    const elf = sources.find((e) => header(e, name));
    if (elf) out.push([elf, header(elf, name)!]);
  }
  return out;
}

function sectionFrom(elf: ElfFile, name: CfiName): CfiSection | undefined {
  const s = header(elf, name);
  if (!s) return undefined;
  const bytes = name === '.debug_frame' ? elf.sectionData('.debug_frame') : elf.contents(s);
  if (!bytes || bytes.length === 0) return undefined;
  return { kind: name === '.debug_frame' ? 'debug_frame' : 'eh_frame', bytes, address: Number(s.addr) };
}

/**
 * Writes the STACK CFI records. `sources` are the files to take sections from, in
 * order of preference (the binary, then its debug file): the first one that has a
 * given section with bytes wins. One step per CFI_STEP_ENTRIES entries (flush output between them).
 * An ObjectFileError thrown out of here leaves the records before it written.
 */
export function* writeCfi(w: SymWriter, sources: readonly ElfFile[], main: ElfFile, loadAddress: bigint, onWarning: (m: string) => void): Generator<void> {
  const arch = main.arch;
  if (!isCfiArch(arch)) {
    onWarning(`no CFI register names for architecture ${arch}; STACK CFI skipped`);
    return;
  }
  const sections: CfiSection[] = [];
  for (const name of NAMES) {
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
  yield* cfiRecordSteps(sections, {
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
  }, new CfiBytes(w, base));
}

// Plain Uint8Arrays (not Buffers), like the names the writer copies too: SymWriter.bytes
// then sees one kind of array.
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const INIT = latin1('STACK CFI INIT ');
const DELTA = latin1('STACK CFI ');

/** Rules kept as bytes; a few hundred distinct rules make up nearly all of them. */
const MAX_CACHED = 1 << 14;

/** Formats records into the writer, each distinct rule text encoded once. */
class CfiBytes implements CfiRuleWriter {
  /** " name: text" as bytes, by name then text. */
  private readonly rules = new Map<string, Map<string, Uint8Array>>();
  private cached = 0;
  constructor(
    private readonly w: SymWriter,
    private readonly base: number,
  ) {}

  init(address: number, size: number): void {
    this.w.bytes(INIT);
    this.w.hex(address - this.base);
    this.w.byte(0x20);
    this.w.hex(size);
  }

  delta(address: number): void {
    this.w.bytes(DELTA);
    this.w.hex(address - this.base);
  }

  rule(name: string, text: string): void {
    let byText = this.rules.get(name);
    if (!byText) this.rules.set(name, (byText = new Map()));
    let b = byText.get(text);
    if (!b) {
      b = latin1(` ${name}: ${text}`);
      if (this.cached < MAX_CACHED) {
        byText.set(text, b);
        this.cached++;
      }
    }
    this.w.bytes(b);
  }

  end(): void {
    this.w.byte(0x0a);
  }
}
