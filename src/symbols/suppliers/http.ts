// Symbol server client for the Tecken layout, with an on-disk cache and negative caching:
//   GET <base>/<debugFile>/<debugId>/<file.sym>?code_file=<basename>&code_id=<id>
// Modules with no debug id are asked for by code file + code id instead (see codeIdPath).
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SymbolError } from '../../errors.js';
import type { ModuleIdentity, SymbolSource, SymbolSupplier } from '../types.js';
import { codeIdPath, leafName, symbolPath, type SymbolPath } from './path.js';
import { Semaphore } from './semaphore.js';

export interface HttpSymbolSupplierOptions {
  /** Symbol server base URLs, tried in order. */
  urls: string[];
  /** Where downloaded .sym files (and miss markers) are kept, in the Breakpad layout. */
  cacheDir?: string;
  /** Per-request timeout, body included (default 30 s). */
  timeoutMs?: number;
  /** Maximum downloads in flight (default 8). */
  concurrency?: number;
  /** How long an on-disk miss marker stays valid (default 24 h). */
  notFoundTtlMs?: number;
  /** Largest body accepted (default 1 GiB); bigger ones fail with SymbolError('LIMIT'). */
  maxBytes?: number;
  /** Injected fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** Statuses that mean "this server does not have it" rather than "try again later". */
const DEFINITE_MISS = new Set([400, 403, 404, 410]);

export class HttpSymbolSupplier implements SymbolSupplier {
  private readonly urls: string[];
  private readonly cacheDir: string | null;
  private readonly timeoutMs: number;
  private readonly ttl: number;
  private readonly maxBytes: number;
  private readonly fetchImpl: typeof fetch;
  private readonly sem: Semaphore;
  private readonly misses = new Set<string>();
  private readonly inflight = new Map<string, Promise<SymbolSource | null>>();

  constructor(options: HttpSymbolSupplierOptions) {
    if (!Array.isArray(options.urls)) throw new SymbolError('BAD_ARGUMENT', 'HttpSymbolSupplier: urls must be an array');
    for (const u of options.urls) {
      let parsed: URL;
      try {
        parsed = new URL(u);
      } catch {
        throw new SymbolError('BAD_ARGUMENT', `HttpSymbolSupplier: bad URL ${JSON.stringify(u)}`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SymbolError('BAD_ARGUMENT', `HttpSymbolSupplier: unsupported URL scheme in ${u}`);
    }
    this.urls = options.urls.map((u) => u.replace(/\/+$/, ''));
    this.cacheDir = options.cacheDir ?? null;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.ttl = options.notFoundTtlMs ?? 24 * 3600_000;
    this.maxBytes = options.maxBytes ?? 2 ** 30;
    this.fetchImpl = options.fetch ?? fetch;
    const c = options.concurrency ?? 8;
    this.sem = new Semaphore(Number.isInteger(c) && c > 0 ? c : 8);
  }

  locate(module: ModuleIdentity): Promise<SymbolSource | null> {
    // Without a debug file/id, fall back to Tecken's code_file/code_id path (redirected).
    const sp = symbolPath(module) ?? (module.debugId ? null : codeIdPath(module));
    if (!sp) return Promise.resolve(null);
    if (this.misses.has(sp.rel)) return Promise.resolve(null);
    // Concurrent requests for one module share a single lookup/download.
    let p = this.inflight.get(sp.rel);
    if (!p) {
      p = this.load(module, sp).finally(() => this.inflight.delete(sp.rel));
      this.inflight.set(sp.rel, p);
    }
    return p;
  }

  private async load(module: ModuleIdentity, sp: SymbolPath): Promise<SymbolSource | null> {
    const cachePath = this.cacheDir ? join(this.cacheDir, sp.debugFile, sp.debugId, sp.symFile) : null;
    if (cachePath) {
      try {
        const bytes = await readFile(cachePath);
        return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), origin: cachePath, remote: false };
      } catch {
        // not cached
      }
      try {
        const st = await stat(`${cachePath}.notfound`);
        if (Date.now() - st.mtimeMs < this.ttl) {
          this.misses.add(sp.rel);
          return null;
        }
      } catch {
        // no marker
      }
    }

    if (this.urls.length === 0) return null; // cache-only use: nothing to ask, nothing to remember

    const query = new URLSearchParams();
    const codeFile = leafName(module.codeFile ?? '');
    if (codeFile) query.set('code_file', codeFile);
    if (module.codeId) query.set('code_id', module.codeId);
    const qs = query.toString();
    const rel = `${encodeURIComponent(sp.debugFile)}/${encodeURIComponent(sp.debugId)}/${encodeURIComponent(sp.symFile)}`;

    const failures: string[] = [];
    let allDefiniteMisses = true;
    for (const base of this.urls) {
      const url = `${base}/${rel}`;
      try {
        const bytes = await this.sem.run(() => this.download(qs ? `${url}?${qs}` : url));
        if (typeof bytes === 'number') {
          if (!DEFINITE_MISS.has(bytes)) allDefiniteMisses = false;
          continue;
        }
        if (cachePath) await this.store(cachePath, bytes);
        return { bytes, origin: url, remote: true };
      } catch (err) {
        allDefiniteMisses = false;
        failures.push(`${url}: ${(err as Error).message}`);
      }
    }
    if (allDefiniteMisses) {
      this.misses.add(sp.rel);
      if (cachePath) await this.markMissing(cachePath);
      return null;
    }
    if (failures.length > 0) throw new SymbolError('IO', `symbol download failed for ${sp.rel}: ${failures.join('; ')}`);
    return null; // only transient statuses (5xx, 429): not remembered, try again next time
  }

  /** The body, or the HTTP status when it is not 2xx. */
  private async download(url: string): Promise<Uint8Array | number> {
    const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      return res.status;
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.maxBytes && !res.headers.get('content-encoding')) {
      await res.body?.cancel().catch(() => {});
      throw new SymbolError('LIMIT', `symbol file larger than ${this.maxBytes} bytes`);
    }
    if (!res.body) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > this.maxBytes) {
        await reader.cancel().catch(() => {});
        throw new SymbolError('LIMIT', `symbol file larger than ${this.maxBytes} bytes`);
      }
      chunks.push(value);
    }
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      out.set(c, off);
      off += c.byteLength;
    }
    return out;
  }

  /** Write-then-rename so readers never see a partial file; cache failures are not fatal. */
  private async store(path: string, bytes: Uint8Array): Promise<void> {
    const dir = dirname(path);
    // globalThis.crypto rather than node:crypto: importing that costs every CLI run ~4 ms.
    const tmp = join(dir, `.tmp-${process.pid}-${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(6))).toString('hex')}`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(tmp, bytes);
      await rename(tmp, path);
      await unlink(`${path}.notfound`).catch(() => {});
    } catch {
      await unlink(tmp).catch(() => {});
    }
  }

  private async markMissing(path: string): Promise<void> {
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(`${path}.notfound`, `${new Date().toISOString()}\n`);
    } catch {
      // best effort
    }
  }
}
