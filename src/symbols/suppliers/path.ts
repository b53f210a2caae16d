// The Breakpad symbol-store layout, shared by the local and HTTP suppliers:
//   <leaf(debugFile)>/<debugId>/<leaf with a trailing .pdb replaced by .sym, else + .sym>
// Every piece comes from an untrusted minidump, so anything that could name another
// directory (separators, `..`, NUL, control characters) makes the module unlookupable.
import type { ModuleIdentity } from '../types.js';

/** Last component of a Windows or POSIX path. */
export function leafName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** True when a file name is safe to use as one path component. */
export function isSafeComponent(name: string): boolean {
  if (name === '' || name === '.' || name === '..' || name.length > 255) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f/\\]/.test(name);
}

/** The file name to look up for a module: debugFile, or codeFile when that is empty (MinGW). */
export function debugFileOf(module: ModuleIdentity): string | null {
  const f = module.debugFile && module.debugFile !== '' ? module.debugFile : module.codeFile;
  return f && f !== '' ? f : null;
}

export interface SymbolPath {
  /** Directory name: leaf of the debug file. */
  debugFile: string;
  debugId: string;
  /** File name: `xul.pdb` -> `xul.sym`, `libc.so.6` -> `libc.so.6.sym`. */
  symFile: string;
  /** `debugFile/debugId/symFile` with forward slashes. */
  rel: string;
}

/** Relative store path for a module, or null when it lacks an id or has an unsafe name. */
export function symbolPath(module: ModuleIdentity): SymbolPath | null {
  const file = debugFileOf(module);
  const id = module.debugId;
  if (!file || !id || !/^[0-9A-Za-z]{1,64}$/.test(id)) return null;
  // Refuse `..` segments anywhere, not just in the leaf: such a name is never legitimate.
  if (file.split(/[/\\]/).some((seg) => seg === '..') || file.includes('\0')) return null;
  const leaf = leafName(file);
  if (!isSafeComponent(leaf)) return null;
  const symFile = /\.pdb$/i.test(leaf) ? `${leaf.slice(0, -4)}.sym` : `${leaf}.sym`;
  if (!isSafeComponent(symFile)) return null;
  return { debugFile: leaf, debugId: id, symFile, rel: `${leaf}/${id}/${symFile}` };
}

/**
 * Tecken's code-file lookup for modules without debug identifiers (PE files with no
 * CodeView record): `<code file leaf>/<CODE_ID uppercase>/<code file with its extension
 * replaced by .sym>`, e.g. `xul.dll/652DE0ED706D000/xul.sym`; the server redirects to the
 * real debug-file path.
 */
export function codeIdPath(module: ModuleIdentity): SymbolPath | null {
  const file = module.codeFile;
  const id = module.codeId;
  if (!file || !id || !/^[0-9A-Za-z]{1,64}$/.test(id)) return null;
  if (file.split(/[/\\]/).some((seg) => seg === '..') || file.includes('\0')) return null;
  const leaf = leafName(file);
  if (!isSafeComponent(leaf)) return null;
  const dot = leaf.lastIndexOf('.');
  const symFile = `${dot > 0 ? leaf.slice(0, dot) : leaf}.sym`;
  const upper = id.toUpperCase();
  return { debugFile: leaf, debugId: upper, symFile, rel: `${leaf}/${upper}/${symFile}` };
}
