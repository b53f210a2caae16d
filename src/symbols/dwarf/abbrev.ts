// .debug_abbrev: the attribute layout of each DIE kind. A table is parsed once per
// abbrev offset and shared by every unit that points at it.
import { DW_FORM_implicit_const } from './constants.js';
import { Reader, dwarfError } from './reader.js';

export interface Abbrev {
  tag: number;
  hasChildren: boolean;
  /** Attribute names and forms, in order. */
  names: number[];
  forms: number[];
  /** DW_FORM_implicit_const values, by attribute position (0 elsewhere). */
  consts: number[];
  /** Total size of the attributes when every form has a fixed size for unit format `fixedKey`, else -1. */
  fixedSize: number;
  fixedKey: number;
}

export type AbbrevTable = Map<number, Abbrev>;

export function parseAbbrevTable(section: Uint8Array, offset: number, le: boolean): AbbrevTable {
  if (!(offset >= 0) || offset > section.length) throw dwarfError('OUT_OF_BOUNDS', `.debug_abbrev offset ${offset} is outside the ${section.length}-byte section`);
  const r = new Reader(section, le, '.debug_abbrev', offset);
  const table: AbbrevTable = new Map();
  const names: number[] = [];
  const forms: number[] = [];
  const consts: number[] = [];
  for (;;) {
    // A table ends with code 0; a section that just ends is tolerated too.
    if (r.remaining === 0) break;
    const code = r.uleb();
    if (code === 0) break;
    const tag = r.uleb();
    const hasChildren = r.u8() !== 0;
    names.length = 0;
    forms.length = 0;
    consts.length = 0;
    for (;;) {
      const name = r.uleb();
      const form = r.uleb();
      if (name === 0 && form === 0) break;
      names.push(name);
      forms.push(form);
      consts.push(form === DW_FORM_implicit_const ? r.sleb() : 0);
    }
    // Plain arrays: a unit's table has hundreds of entries, and three typed arrays
    // each cost more to make than all of their reads.
    if (!table.has(code)) table.set(code, { tag, hasChildren, names: names.slice(), forms: forms.slice(), consts: consts.slice(), fixedSize: -1, fixedKey: -1 });
  }
  return table;
}
