// .debug_line, versions 2–5: the header (file and directory tables, including the
// DWARF 5 entry formats) and the line-number state machine. The rows are kept per
// sequence in typed arrays so a function's lines are found by binary search.
import * as C from './constants.js';
import { MAX_ADDRESS } from './ranges.js';
import { Reader, dwarfError } from './reader.js';
import { skipForm, type FormContext } from './forms.js';

/** How line-table strings that live in other sections are resolved. */
export interface LineStrings {
  /** Resolves a DW_FORM_* string value found in a DWARF 5 entry; undefined when unknown. */
  string(form: number, r: Reader, is64: boolean): string | undefined;
}

export interface LineSequence {
  start: number;
  /** Address just past the sequence (from DW_LNE_end_sequence). */
  end: number;
  /** Rows [first, last) in the table arrays. */
  first: number;
  last: number;
}

export class LineTable {
  /** Full paths by DWARF file index (undefined for invalid indexes, e.g. 0 before DWARF 5). */
  files: (string | undefined)[] = [];
  count = 0;
  addr = new Float64Array(64);
  line = new Int32Array(64);
  file = new Int32Array(64);
  sequences: LineSequence[] = [];

  push(address: number, line: number, file: number): void {
    if (this.count === this.addr.length) {
      const n = this.count * 2;
      const a = new Float64Array(n);
      a.set(this.addr);
      this.addr = a;
      const l = new Int32Array(n);
      l.set(this.line);
      this.line = l;
      const f = new Int32Array(n);
      f.set(this.file);
      this.file = f;
    }
    this.addr[this.count] = address;
    this.line[this.count] = line;
    this.file[this.count] = file;
    this.count++;
  }

  /** Index of the last sequence starting at or before `address` (-1 if none). */
  sequenceIndex(address: number): number {
    const s = this.sequences;
    let lo = 0;
    let hi = s.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]!.start <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The first sequence overlapping [begin, end), or undefined. */
  sequenceFor(begin: number, end: number): LineSequence | undefined {
    const s = this.sequences;
    const i = this.sequenceIndex(begin);
    // Overlapping sequences (rare) may hide the right one behind a later start: look back a little.
    for (let j = i; j >= 0 && j >= i - 8; j--) if (begin < s[j]!.end) return s[j];
    // The range may start before its sequence (padding): take one starting inside it.
    const next = s[i + 1];
    return next && next.start < end ? next : undefined;
  }

  /** Index of the last row of `seq` whose address is <= address (or seq.first). */
  rowAt(seq: LineSequence, address: number): number {
    const a = this.addr;
    let lo = seq.first;
    let hi = seq.last - 1;
    let found = seq.first;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

export function joinPath(dir: string | undefined, name: string): string {
  if (!dir || isAbsolute(name)) return name;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : dir + sep + name;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/** Rows are capped so a hostile program can't use more memory than ~its own size in rows. */
const MAX_ENTRY_FORMATS = 64;

export function parseLineProgram(section: Uint8Array, le: boolean, offset: number, addressSize: number, compDir: string | undefined, strings: LineStrings): LineTable {
  if (!(offset >= 0) || offset >= section.length) throw dwarfError('OUT_OF_BOUNDS', `.debug_line offset ${offset} is outside the ${section.length}-byte section`);
  const outer = new Reader(section, le, '.debug_line', offset);
  let unitLength = outer.u32();
  let is64 = false;
  if (unitLength === 0xffffffff) {
    is64 = true;
    unitLength = outer.u64();
  }
  if (outer.pos + unitLength > section.length) throw dwarfError('TRUNCATED', `.debug_line: program at ${offset} claims ${unitLength} bytes, only ${section.length - outer.pos} remain`);
  const r = outer.sub(outer.pos, outer.pos + unitLength);
  const version = r.u16();
  if (version < 2 || version > 5) throw dwarfError('BAD_VERSION', `.debug_line: program at ${offset} has version ${version}`);
  if (version >= 5) {
    const as = r.u8();
    r.u8(); // segment selector size
    if (as === 1 || as === 2 || as === 4 || as === 8) addressSize = as;
  }
  const headerLength = r.offset(is64);
  const programStart = r.pos + headerLength;
  if (programStart > r.end) throw dwarfError('TRUNCATED', `.debug_line: header of program at ${offset} runs past its end`);
  const minInst = r.u8();
  const maxOps = version >= 4 ? r.u8() || 1 : 1;
  const defaultIsStmt = r.u8() !== 0;
  void defaultIsStmt;
  const lineBase = r.i8();
  const lineRange = r.u8();
  const opcodeBase = r.u8();
  const stdLengths = new Uint8Array(Math.max(0, opcodeBase));
  for (let i = 1; i < opcodeBase; i++) stdLengths[i] = r.u8();

  const table = new LineTable();
  const dirs: (string | undefined)[] = [];
  if (version >= 5) {
    const forms: FormContext = { version, addressSize, is64, offset: 0 };
    const dirFormats = readEntryFormats(r);
    const dirCount = entryCount(r, dirFormats.length);
    for (let i = 0; i < dirCount; i++) {
      if (r.remaining <= 0 && dirFormats.length > 0) throw dwarfError('TRUNCATED', '.debug_line: directory table runs past the header');
      const e = readEntry(r, dirFormats, forms, strings);
      dirs.push(e.path === undefined ? undefined : i === 0 || !compDir ? e.path : joinPath(compDir, e.path));
    }
    const fileFormats = readEntryFormats(r);
    const fileCount = entryCount(r, fileFormats.length);
    for (let i = 0; i < fileCount; i++) {
      if (r.remaining <= 0 && fileFormats.length > 0) throw dwarfError('TRUNCATED', '.debug_line: file table runs past the header');
      const e = readEntry(r, fileFormats, forms, strings);
      const dir = dirs[e.dir] ?? (e.dir === 0 ? compDir : undefined);
      table.files.push(e.path === undefined ? undefined : joinPath(dir ?? compDir, e.path));
    }
  } else {
    dirs.push(compDir);
    for (;;) {
      const d = r.cstring();
      if (d === '') break;
      dirs.push(isAbsolute(d) ? d : joinPath(compDir, d));
    }
    table.files.push(undefined); // file 0 is not valid before DWARF 5
    for (;;) {
      const name = r.cstring();
      if (name === '') break;
      const dir = r.uleb();
      r.uleb(); // mtime
      r.uleb(); // length
      table.files.push(joinPath(dirs[dir], name));
    }
  }

  runProgram(r.sub(programStart, r.end), version, addressSize, minInst, maxOps, lineBase, lineRange, opcodeBase, stdLengths, dirs, table);
  table.sequences.sort((a, b) => a.start - b.start);
  return table;
}

/** A DWARF 5 table's entry count, checked against the bytes left (each entry takes at least one byte per field). */
function entryCount(r: Reader, fields: number): number {
  const n = r.uleb();
  if (n > 0 && (fields === 0 || n > r.remaining)) throw dwarfError('MALFORMED', `.debug_line: ${n} entries of ${fields} fields with ${r.remaining} bytes left`);
  return n;
}

function readEntryFormats(r: Reader): { type: number; form: number }[] {
  const n = r.u8();
  if (n > MAX_ENTRY_FORMATS) throw dwarfError('MALFORMED', `.debug_line: ${n} entry formats`);
  const out: { type: number; form: number }[] = [];
  for (let i = 0; i < n; i++) out.push({ type: r.uleb(), form: r.uleb() });
  return out;
}

// Other fields (timestamp, size, MD5, vendor data) are skipped with the .debug_info form rules.
function readEntry(r: Reader, formats: { type: number; form: number }[], forms: FormContext, strings: LineStrings): { path: string | undefined; dir: number } {
  const is64 = forms.is64;
  let path: string | undefined;
  let dir = 0;
  for (const f of formats) {
    if (f.type === C.DW_LNCT_path) {
      path = strings.string(f.form, r, is64);
    } else if (f.type === C.DW_LNCT_directory_index) {
      switch (f.form) {
        case C.DW_FORM_data1:
          dir = r.u8();
          break;
        case C.DW_FORM_data2:
          dir = r.u16();
          break;
        case C.DW_FORM_udata:
          dir = r.uleb();
          break;
        default:
          skipForm(r, f.form, forms);
      }
    } else {
      skipForm(r, f.form, forms);
    }
  }
  return { path, dir };
}

function runProgram(
  r: Reader,
  version: number,
  addressSize: number,
  minInst: number,
  maxOps: number,
  lineBase: number,
  lineRange: number,
  opcodeBase: number,
  stdLengths: Uint8Array,
  dirs: (string | undefined)[],
  table: LineTable,
): void {
  let address = 0;
  let opIndex = 0;
  let file = 1;
  let line = 1;
  // Rows of the current sequence go straight into the table; a dead sequence (address 0
  // or a tombstone: code the linker dropped) is rolled back at its end.
  let seqFirst = table.count;
  let lastAddr = -1;
  const advance = (opAdvance: number): void => {
    if (maxOps === 1) address += minInst * opAdvance;
    else {
      address += minInst * Math.floor((opIndex + opAdvance) / maxOps);
      opIndex = (opIndex + opAdvance) % maxOps;
    }
  };
  const emitRow = (): void => {
    if (table.count > seqFirst && address < lastAddr) return; // addresses may only increase in a sequence
    if (table.count > seqFirst && address === lastAddr) {
      // Several rows at one address: the last one describes the instruction there.
      table.line[table.count - 1] = line;
      table.file[table.count - 1] = file;
      return;
    }
    table.push(address, line, file);
    lastAddr = address;
  };
  const endSequence = (): void => {
    const first = seqFirst;
    const start = table.count > first ? table.addr[first]! : address;
    if (table.count > first && start > 0 && start <= MAX_ADDRESS && address <= MAX_ADDRESS) {
      const end = Math.max(address, table.addr[table.count - 1]! + 1);
      table.sequences.push({ start, end, first, last: table.count });
    } else {
      table.count = first;
    }
    seqFirst = table.count;
    lastAddr = -1;
    address = 0;
    opIndex = 0;
    file = 1;
    line = 1;
  };

  while (r.pos < r.end) {
    const op = r.u8();
    if (op >= opcodeBase) {
      const adj = op - opcodeBase;
      if (lineRange === 0) throw dwarfError('MALFORMED', '.debug_line: line_range is 0');
      advance(Math.floor(adj / lineRange));
      line += lineBase + (adj % lineRange);
      emitRow();
    } else if (op === 0) {
      const len = r.uleb();
      const start = r.pos;
      if (len === 0) continue;
      if (start + len > r.end) r.overrun(len);
      const sub = r.sub(start, start + len);
      const ext = sub.u8();
      if (ext === C.DW_LNE_end_sequence) {
        // The end row only gives the sequence's end address.
        endSequence();
      } else if (ext === C.DW_LNE_set_address) {
        const n = len - 1;
        address = n === 1 || n === 2 || n === 4 || n === 8 ? sub.uN(n) : sub.uN(addressSize);
        opIndex = 0;
      } else if (ext === C.DW_LNE_define_file && version < 5) {
        const name = sub.cstring();
        const dir = sub.uleb();
        table.files.push(joinPath(dirs[dir], name));
      }
      r.pos = start + len;
    } else {
      switch (op) {
        case C.DW_LNS_copy:
          emitRow();
          break;
        case C.DW_LNS_advance_pc:
          advance(r.uleb());
          break;
        case C.DW_LNS_advance_line:
          line += r.sleb();
          break;
        case C.DW_LNS_set_file:
          file = r.uleb();
          break;
        case C.DW_LNS_const_add_pc:
          if (lineRange === 0) throw dwarfError('MALFORMED', '.debug_line: line_range is 0');
          advance(Math.floor((255 - opcodeBase) / lineRange));
          break;
        case C.DW_LNS_fixed_advance_pc:
          address += r.u16();
          opIndex = 0;
          break;
        default:
          // set_column, negate_stmt, basic_block, prologue_end, epilogue_begin, isa and
          // unknown opcodes: skip their ULEB arguments.
          for (let i = stdLengths[op] ?? 0; i > 0; i--) r.uleb();
      }
    }
  }
  // A sequence without DW_LNE_end_sequence: assume its last row covers one byte.
  if (table.count > seqFirst) {
    address = table.addr[table.count - 1]! + 1;
    endSequence();
  }
}
