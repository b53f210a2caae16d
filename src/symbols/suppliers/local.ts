// Symbols on disk: Breakpad store directories and/or individual .sym files.
import { open, readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { SymbolError } from '../../errors.js';
import type { ModuleIdentity, SymbolSource, SymbolSupplier } from '../types.js';
import { symbolPath } from './path.js';

/** Read the debug id from a .sym file's MODULE line (first 4 KiB only). */
async function moduleIdOf(path: string): Promise<string | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('latin1');
    const m = /^MODULE +\S+ +\S+ +(\S+)/m.exec(text);
    return m ? m[1]! : null;
  } finally {
    await fh.close();
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class LocalSymbolSupplier implements SymbolSupplier {
  private readonly entries: string[];
  /** path -> MODULE id for direct .sym entries, so each header is read once. */
  private readonly directIds = new Map<string, Promise<string | null>>();
  /** Directory-or-file per entry; a missing entry is re-checked on the next call. */
  private readonly kinds = new Map<string, 'dir' | 'file'>();

  constructor(entries: string[]) {
    this.entries = entries.map((e) => resolve(e));
  }

  private async kindOf(entry: string): Promise<'dir' | 'file' | 'missing'> {
    const known = this.kinds.get(entry);
    if (known) return known;
    try {
      const st = await stat(entry);
      const kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : null;
      if (!kind) return 'missing';
      this.kinds.set(entry, kind);
      return kind;
    } catch {
      return 'missing';
    }
  }

  async locate(module: ModuleIdentity): Promise<SymbolSource | null> {
    const sp = symbolPath(module);
    if (!sp) return null;
    let failure: unknown = null;
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      const kind = await this.kindOf(entry);
      try {
        if (kind === 'dir') {
          const root = entry.endsWith(sep) ? entry : entry + sep;
          const path = join(entry, sp.debugFile, sp.debugId, sp.symFile);
          if (!path.startsWith(root)) continue; // defence in depth; symbolPath already refuses
          const bytes = await readFile(path);
          return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), origin: path, remote: false };
        }
        if (kind === 'file') {
          let id = this.directIds.get(entry);
          if (!id) {
            id = moduleIdOf(entry).catch(() => null);
            this.directIds.set(entry, id);
          }
          if ((await id)?.toUpperCase() !== sp.debugId.toUpperCase()) continue;
          const bytes = await readFile(entry);
          return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), origin: entry, remote: false };
        }
      } catch (err) {
        if (!isNotFound(err)) failure ??= err;
      }
    }
    if (failure) throw new SymbolError('IO', `reading symbols for ${sp.rel}: ${(failure as Error).message}`, { cause: failure });
    return null;
  }
}
