// ELF notes and the GNU build-id.
import { objectFileError } from '../../errors.js';
import { ByteView } from '../../format/bytes.js';
import { NT_GNU_BUILD_ID, PT_NOTE, SHT_NOTE } from './constants.js';
import type { ElfFile } from './file.js';

export interface ElfNote {
  name: string;
  type: number;
  desc: Uint8Array;
}

/** Parses a note area; stops quietly at the first malformed entry (notes are advisory). */
export function parseNotes(data: Uint8Array, littleEndian: boolean, align = 4): ElfNote[] {
  const v = new ByteView(data, littleEndian, objectFileError);
  const a = align === 8 ? 8 : 4;
  const pad = (n: number) => (n + a - 1) & ~(a - 1);
  const out: ElfNote[] = [];
  let o = 0;
  while (o + 12 <= data.length) {
    const namesz = v.u32(o);
    const descsz = v.u32(o + 4);
    const type = v.u32(o + 8);
    const nameAt = o + 12;
    const descAt = nameAt + pad(namesz);
    if (!v.has(nameAt, namesz) || !v.has(descAt, descsz)) break;
    const name = v.cstring(nameAt, namesz);
    out.push({ name, type, desc: data.subarray(descAt, descAt + descsz) });
    o = descAt + pad(descsz);
  }
  return out;
}

/**
 * The NT_GNU_BUILD_ID descriptor: PT_NOTE segments first, then SHT_NOTE sections
 * (`.note.gnu.build-id` first), as Breakpad and symbolic do. Undefined if absent or empty.
 */
export function findBuildId(elf: ElfFile): Uint8Array | undefined {
  const pick = (notes: ElfNote[]) => notes.find((n) => n.type === NT_GNU_BUILD_ID && n.name === 'GNU' && n.desc.length > 0)?.desc;
  for (const p of elf.segments) {
    if (p.type !== PT_NOTE || !elf.view.has(p.offset, p.filesz)) continue;
    elf.ensure(p.offset, p.filesz);
    const id = pick(parseNotes(elf.view.slice(p.offset, p.filesz), elf.littleEndian, Number(p.align)));
    if (id) return id;
  }
  const sections = [...elf.sections].filter((s) => s.type === SHT_NOTE);
  sections.sort((a, b) => Number(b.name === '.note.gnu.build-id') - Number(a.name === '.note.gnu.build-id'));
  for (const s of sections) {
    if (!elf.view.has(s.offset, s.size)) continue;
    const id = pick(parseNotes(elf.rawData(s), elf.littleEndian, Number(s.addralign)));
    if (id) return id;
  }
  return undefined;
}
