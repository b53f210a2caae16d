import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SymbolError } from '../../src/errors.js';
import { ChainSymbolSupplier, HttpSymbolSupplier, LocalSymbolSupplier, StringSymbolSupplier, symbolPath } from '../../src/symbols/suppliers/index.js';
import type { ModuleIdentity, SymbolSupplier } from '../../src/symbols/types.js';

const ID = '0123456789ABCDEF0123456789ABCDEF1';
const SYM = `MODULE windows x86 ${ID} app.pdb\nPUBLIC 1000 0 main\n`;
const app: ModuleIdentity = { codeFile: 'C:\\build\\app.exe', codeId: '5F3E2A1B9000', debugFile: 'C:\\build\\app.pdb', debugId: ID };

const tmps: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'symsup-'));
  tmps.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

describe('symbolPath', () => {
  it('follows the Breakpad layout', () => {
    expect(symbolPath(app)?.rel).toBe(`app.pdb/${ID}/app.sym`);
    expect(symbolPath({ ...app, debugFile: 'XUL.PDB' })?.rel).toBe(`XUL.PDB/${ID}/XUL.sym`);
    expect(symbolPath({ codeFile: '/usr/lib/libc.so.6', codeId: null, debugFile: '/usr/lib/libc.so.6', debugId: ID })?.rel).toBe(`libc.so.6/${ID}/libc.so.6.sym`);
    // Empty debug file: the code file's leaf (MinGW).
    expect(symbolPath({ codeFile: 'C:\\x\\mingw.dll', codeId: null, debugFile: '', debugId: ID })?.rel).toBe(`mingw.dll/${ID}/mingw.dll.sym`);
    expect(symbolPath({ ...app, debugId: null })).toBeNull();
  });

  it('refuses names that could leave the store', () => {
    for (const debugFile of ['../../etc/passwd', '..', '.', 'a\0b', 'x/..', '..\\..\\win.ini', 'dir/', 'bad\nname']) {
      expect(symbolPath({ ...app, debugFile }), JSON.stringify(debugFile)).toBeNull();
    }
    expect(symbolPath({ ...app, debugId: '../../x' })).toBeNull();
  });
});

describe('LocalSymbolSupplier', () => {
  const root = tmp();
  beforeAll(() => {
    mkdirSync(join(root, 'store', 'app.pdb', ID), { recursive: true });
    writeFileSync(join(root, 'store', 'app.pdb', ID, 'app.sym'), SYM);
    writeFileSync(join(root, 'direct.sym'), SYM.replace('app.pdb', 'other.pdb').replace(ID, 'AAAA0'));
    writeFileSync(join(root, 'passwd'), 'secret');
  });

  it('finds symbols in a store directory', async () => {
    const s = new LocalSymbolSupplier([join(root, 'missing'), join(root, 'store')]);
    const found = await s.locate(app);
    expect(new TextDecoder().decode(found!.bytes)).toBe(SYM);
    expect(found!.origin).toBe(join(root, 'store', 'app.pdb', ID, 'app.sym'));
    expect(found!.remote).toBe(false);
    expect(await s.locate({ ...app, debugId: 'FFFF0' })).toBeNull();
  });

  it('accepts direct .sym paths matched by MODULE id', async () => {
    const s = new LocalSymbolSupplier([join(root, 'direct.sym')]);
    expect(await s.locate({ ...app, debugId: 'AAAA0', debugFile: 'other.pdb' })).not.toBeNull();
    expect(await s.locate({ ...app, debugId: 'aaaa0', debugFile: 'whatever.pdb' })).not.toBeNull();
    expect(await s.locate(app)).toBeNull();
  });

  it('never escapes the directory', async () => {
    const s = new LocalSymbolSupplier([join(root, 'store')]);
    for (const debugFile of ['../../passwd', '..', 'a\0b']) expect(await s.locate({ ...app, debugFile, debugId: ID })).toBeNull();
    expect(await s.locate({ ...app, debugId: `../../../${ID}` })).toBeNull();
  });
});

interface Recorded {
  url: string;
}

describe('HttpSymbolSupplier', () => {
  let server: Server;
  let base = '';
  const requests: Recorded[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  let inFlight = 0;
  let maxInFlight = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '' });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    requests.length = 0;
    maxInFlight = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const serveSym = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url?.startsWith(`/sym/app.pdb/${ID}/app.sym`)) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(SYM);
    } else {
      res.writeHead(404);
      res.end('Symbol Not Found');
    }
  };

  it('downloads with the Tecken layout and query string, then serves from the cache', async () => {
    handler = serveSym;
    const cacheDir = tmp();
    const s = new HttpSymbolSupplier({ urls: [`${base}/missing/`, `${base}/sym`], cacheDir });
    const found = await s.locate(app);
    expect(new TextDecoder().decode(found!.bytes)).toBe(SYM);
    expect(found!.origin).toBe(`${base}/sym/app.pdb/${ID}/app.sym`);
    expect(found!.remote).toBe(true);
    expect(requests.map((r) => r.url)).toEqual([
      `/missing/app.pdb/${ID}/app.sym?code_file=app.exe&code_id=5F3E2A1B9000`,
      `/sym/app.pdb/${ID}/app.sym?code_file=app.exe&code_id=5F3E2A1B9000`,
    ]);
    // Cached byte-for-byte, with no temp files left behind.
    expect(readFileSync(join(cacheDir, 'app.pdb', ID, 'app.sym'), 'utf8')).toBe(SYM);
    expect(existsSync(join(cacheDir, 'app.pdb', ID))).toBe(true);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(cacheDir, 'app.pdb', ID))).toEqual(['app.sym']);

    requests.length = 0;
    const again = new HttpSymbolSupplier({ urls: [`${base}/sym`], cacheDir });
    const cached = await again.locate(app);
    expect(new TextDecoder().decode(cached!.bytes)).toBe(SYM);
    expect(requests).toHaveLength(0);
  });

  it('404 is a miss, remembered in memory and on disk', async () => {
    handler = serveSym;
    const cacheDir = tmp();
    const other = { ...app, debugFile: 'nope.pdb' };
    const s = new HttpSymbolSupplier({ urls: [`${base}/sym`], cacheDir });
    expect(await s.locate(other)).toBeNull();
    expect(requests).toHaveLength(1);
    expect(await s.locate(other)).toBeNull();
    expect(requests).toHaveLength(1);
    const marker = join(cacheDir, 'nope.pdb', ID, 'nope.sym.notfound');
    expect(existsSync(marker)).toBe(true);
    // A second supplier sharing the cache honours the marker...
    const t = new HttpSymbolSupplier({ urls: [`${base}/sym`], cacheDir });
    expect(await t.locate(other)).toBeNull();
    expect(requests).toHaveLength(1);
    // ...until it expires.
    const old = new Date(Date.now() - 25 * 3600_000);
    utimesSync(marker, old, old);
    const u = new HttpSymbolSupplier({ urls: [`${base}/sym`], cacheDir });
    expect(await u.locate(other)).toBeNull();
    expect(requests).toHaveLength(2);
  });

  it('a server error is not remembered as a miss', async () => {
    handler = (_req, res) => {
      res.writeHead(503);
      res.end();
    };
    const s = new HttpSymbolSupplier({ urls: [`${base}/sym`] });
    expect(await s.locate(app)).toBeNull();
    expect(await s.locate(app)).toBeNull();
    expect(requests).toHaveLength(2);
  });

  it('times out on a server that never answers', async () => {
    handler = () => {}; // never respond
    const s = new HttpSymbolSupplier({ urls: [`${base}/sym`], timeoutMs: 200 });
    const t0 = Date.now();
    const err = await s.locate(app).then(() => null, (e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(err).toBeInstanceOf(SymbolError);
    expect((err as SymbolError).code).toBe('IO');
  });

  it('limits concurrent downloads and shares one download per module', async () => {
    handler = (req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end(`MODULE windows x86 ${ID} x.pdb\n`);
      }, 50);
    };
    const s = new HttpSymbolSupplier({ urls: [`${base}/sym`], concurrency: 3 });
    const modules = Array.from({ length: 10 }, (_, i) => ({ ...app, debugFile: `m${i}.pdb` }));
    const results = await Promise.all([...modules, ...modules].map((m) => s.locate(m)));
    expect(results.every((r) => r !== null)).toBe(true);
    expect(requests).toHaveLength(10);
    expect(maxInFlight).toBe(3);
  });

  it('rejects bodies over maxBytes', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.end('x'.repeat(5000));
    };
    const s = new HttpSymbolSupplier({ urls: [`${base}/sym`], maxBytes: 1000 });
    await expect(s.locate(app)).rejects.toThrow(SymbolError);
  });

  it('validates its options', () => {
    expect(() => new HttpSymbolSupplier({ urls: ['not a url'] })).toThrow(SymbolError);
    expect(() => new HttpSymbolSupplier({ urls: ['file:///etc'] })).toThrow(SymbolError);
  });

  it('uses an injected fetch', async () => {
    const seen: string[] = [];
    const fakeFetch = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response(SYM, { status: 200 });
    }) as typeof fetch;
    const s = new HttpSymbolSupplier({ urls: ['https://symbols.example.com'], fetch: fakeFetch });
    expect(await s.locate({ ...app, codeId: null })).not.toBeNull();
    expect(seen).toEqual([`https://symbols.example.com/app.pdb/${ID}/app.sym?code_file=app.exe`]);
  });

  it('asks by code file and code id when the module has no debug id', async () => {
    const seen: string[] = [];
    const fakeFetch = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response(SYM, { status: 200 });
    }) as typeof fetch;
    const s = new HttpSymbolSupplier({ urls: ['https://symbols.example.com'], fetch: fakeFetch });
    const found = await s.locate({ codeFile: 'C:\\x\\xul.dll', codeId: '652de0ed706d000', debugFile: null, debugId: null });
    expect(found?.origin).toBe('https://symbols.example.com/xul.dll/652DE0ED706D000/xul.sym');
    expect(seen).toEqual(['https://symbols.example.com/xul.dll/652DE0ED706D000/xul.sym?code_file=xul.dll&code_id=652de0ed706d000']);
    expect(await s.locate({ codeFile: '../x.dll', codeId: '1', debugFile: null, debugId: null })).toBeNull();
  });
});

describe('ChainSymbolSupplier and StringSymbolSupplier', () => {
  const failing: SymbolSupplier = {
    locate: async () => {
      throw new SymbolError('IO', 'boom');
    },
  };

  it('tries each supplier in order and returns the first hit', async () => {
    const chain = new ChainSymbolSupplier([failing, new StringSymbolSupplier({ 'app.pdb': SYM })]);
    const found = await chain.locate(app);
    expect(found?.origin).toBe('memory:app.pdb');
  });

  it('reports collected errors when nothing is found', async () => {
    const chain = new ChainSymbolSupplier([failing, new StringSymbolSupplier({})]);
    await expect(chain.locate(app)).rejects.toThrow(/boom/);
    expect(await new ChainSymbolSupplier([new StringSymbolSupplier({})]).locate(app)).toBeNull();
  });

  it('StringSymbolSupplier matches by store path, debug file or code file', async () => {
    expect(await new StringSymbolSupplier(new Map([[`app.pdb/${ID}/app.sym`, SYM]])).locate(app)).not.toBeNull();
    expect(await new StringSymbolSupplier({ [`app.pdb/${ID}`]: SYM }).locate(app)).not.toBeNull();
    expect(await new StringSymbolSupplier({ 'app.exe': new TextEncoder().encode(SYM) }).locate(app)).not.toBeNull();
  });
});
