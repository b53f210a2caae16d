// Finding the debug information for a binary, the way gdb and Breakpad do:
// explicit debug files, then the build-id tree (`<dir>/.build-id/ab/cdef….debug`),
// then `.gnu_debuglink` (next to the binary, in `.debug/` beside it, and under each
// debug dir + the binary's directory; its CRC32 must match). dwz supplementary
// files (`.gnu_debugaltlink`) are found by path (absolute, or relative to the
// debug file), by build-id under the debug dirs, or among the explicit files;
// their build-id must match.
import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ObjectFileError } from '../../errors.js';
import { crc32, ElfFile, findBuildId, readAltLink, readDebugLink, toHex } from '../elf/index.js';

export interface LoadedElf {
  path: string;
  elf: ElfFile;
}

export interface LocateOptions {
  debugFiles: readonly string[];
  debugDirs: readonly string[];
  warn: (msg: string) => void;
}

export const DEFAULT_DEBUG_DIRS: readonly string[] = ['/usr/lib/debug'];

/** Reads and parses an ELF file; undefined (with a warning) if it is unreadable or not ELF. */
export async function tryLoad(path: string, warn: (m: string) => void, quietIfMissing = false): Promise<LoadedElf | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(quietIfMissing && (code === 'ENOENT' || code === 'ENOTDIR'))) warn(`cannot read ${path}: ${(e as Error).message}`);
    return undefined;
  }
  return parseLoaded(path, bytes, warn);
}

function parseLoaded(path: string, bytes: Uint8Array, warn: (m: string) => void): LoadedElf | undefined {
  try {
    return { path, elf: new ElfFile(bytes) };
  } catch (e) {
    if (e instanceof ObjectFileError) {
      warn(`${path}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

/** True when the file carries DWARF (a .debug_info or .zdebug_info with bytes). */
export function hasDwarf(elf: ElfFile): boolean {
  for (const name of ['.debug_info', '.zdebug_info']) {
    const s = elf.section(name);
    if (s && s.type !== 8 /* SHT_NOBITS */ && s.size > 0) return true;
  }
  return false;
}

function buildIdPath(dir: string, id: Uint8Array): string | undefined {
  if (id.length < 2) return undefined;
  const hex = toHex(id);
  return join(dir, '.build-id', hex.slice(0, 2), `${hex.slice(2)}.debug`);
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

async function samePath(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * The separate debug file for `main`, or undefined. Explicit files are matched by
 * build-id (or by the debuglink CRC when the binary has no build-id).
 */
export async function locateDebugFile(mainPath: string, main: ElfFile, opts: LocateOptions): Promise<LoadedElf | undefined> {
  const buildId = findBuildId(main);
  const link = readDebugLink(main);
  const matches = (c: LoadedElf): boolean => {
    const id = findBuildId(c.elf);
    if (buildId && id) return sameBytes(buildId, id);
    if (link) return crc32(c.elf.bytes) === link.crc;
    return false;
  };

  for (const p of opts.debugFiles) {
    if (await samePath(p, mainPath)) continue;
    const c = await tryLoad(p, opts.warn);
    if (!c) continue;
    // A non-matching explicit file may be a dwz supplementary file (see locateAltFile).
    if (matches(c)) return c;
  }

  if (buildId) {
    for (const dir of opts.debugDirs) {
      const p = buildIdPath(dir, buildId);
      if (!p || (await samePath(p, mainPath))) continue;
      const c = await tryLoad(p, opts.warn, true);
      if (c && sameBytes(findBuildId(c.elf), buildId)) return c;
    }
  }

  if (link) {
    const dir = dirname(resolve(mainPath));
    const candidates = [join(dir, link.name), join(dir, '.debug', link.name)];
    for (const d of opts.debugDirs) candidates.push(join(d, dir, link.name));
    for (const p of candidates) {
      if (await samePath(p, mainPath)) continue;
      let bytes: Uint8Array;
      try {
        bytes = await readFile(p);
      } catch {
        continue;
      }
      // The CRC comes first: a file that fails it is not ours, whatever it holds.
      if (crc32(bytes) !== link.crc) {
        opts.warn(`${p}: CRC32 does not match the .gnu_debuglink of ${mainPath}; ignored`);
        continue;
      }
      const c = parseLoaded(p, bytes, opts.warn);
      if (c) return c;
    }
    opts.warn(`debug file ${link.name} named by .gnu_debuglink was not found`);
  }
  return undefined;
}

/** The dwz supplementary file referenced by `debug`'s .gnu_debugaltlink, if found. */
export async function locateAltFile(debug: LoadedElf, opts: LocateOptions): Promise<LoadedElf | undefined> {
  const alt = readAltLink(debug.elf);
  if (!alt) return undefined;
  const candidates: string[] = [];
  if (isAbsolute(alt.path)) {
    candidates.push(alt.path);
    for (const d of opts.debugDirs) candidates.push(join(d, alt.path));
  } else candidates.push(resolve(dirname(debug.path), alt.path));
  for (const d of opts.debugDirs) {
    const p = buildIdPath(d, alt.buildId);
    if (p) candidates.push(p);
  }
  candidates.push(...opts.debugFiles);
  for (const p of candidates) {
    if (await samePath(p, debug.path)) continue;
    const c = await tryLoad(p, opts.warn, true);
    if (c && (alt.buildId.length === 0 || sameBytes(findBuildId(c.elf), alt.buildId))) return c;
  }
  opts.warn(`dwz supplementary file ${alt.path} (build-id ${toHex(alt.buildId)}) was not found; names and files it holds are missing`);
  return undefined;
}
