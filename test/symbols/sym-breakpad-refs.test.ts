// Compares our lookups with what Breakpad's minidump_stackwalk printed for the corpus
// dumps: for every frame of a module whose .sym is in corpus/breakpad/symbols, the
// function, file, line and printed offset must match.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalSymbolSupplier } from '../../src/symbols/suppliers/index.js';
import { parseSymbolFile, type SymbolFile } from '../../src/symbols/sym/index.js';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
const CORPUS = join(SHARED, 'corpus/breakpad');

interface RefFrame {
  thread: number;
  frame: number;
  module: string;
  fn: string;
  file: string;
  line: string;
  offset: number;
}

function parseMachine(text: string): { modules: Map<string, { debugFile: string; debugId: string; base: number }>; frames: RefFrame[] } {
  const modules = new Map<string, { debugFile: string; debugId: string; base: number }>();
  const frames: RefFrame[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('|');
    if (f[0] === 'Module' && f.length >= 8) modules.set(f[1]!, { debugFile: f[3]!, debugId: f[4]!, base: Number(f[5]) });
    else if (/^\d+$/.test(f[0]!) && f.length === 7) {
      frames.push({ thread: Number(f[0]), frame: Number(f[1]), module: f[2]!, fn: f[3]!, file: f[4]!, line: f[5]!, offset: Number(f[6]) });
    }
  }
  return { modules, frames };
}

/** thread -> frame -> { pc register value, is context frame } from the human output. */
function parseHuman(text: string): Map<string, { ip: number; context: boolean }> {
  const out = new Map<string, { ip: number; context: boolean }>();
  let thread = -1;
  let frame = -1;
  for (const line of text.split('\n')) {
    let m = /^Thread (\d+)/.exec(line);
    if (m) {
      thread = Number(m[1]);
      continue;
    }
    m = /^ ?(\d+) {2}\S/.exec(line);
    if (m && thread >= 0) {
      frame = Number(m[1]);
      continue;
    }
    m = /\b(?:rip|eip) = (0x[0-9a-f]+)/.exec(line);
    if (m && thread >= 0 && frame >= 0) out.set(`${thread}/${frame}`, { ip: Number(m[1]), context: false });
    if (/Found by: given as instruction pointer/.test(line)) {
      const k = out.get(`${thread}/${frame}`);
      if (k) k.context = true;
    }
  }
  return out;
}

describe.skipIf(!existsSync(SHARED))('lookups match Breakpad minidump_stackwalk output', () => {
  const refs = existsSync(CORPUS) ? readdirSync(join(CORPUS, 'refs')).filter((f) => f.endsWith('.m.txt')) : [];
  const supplier = new LocalSymbolSupplier([join(CORPUS, 'symbols')]);
  const cache = new Map<string, SymbolFile | null>();

  it('checks every frame of every module that has symbols', async () => {
    let checked = 0;
    let named = 0;
    for (const ref of refs) {
      const machine = parseMachine(readFileSync(join(CORPUS, 'refs', ref), 'utf8'));
      const human = parseHuman(readFileSync(join(CORPUS, 'refs', ref.replace('.m.txt', '.human.txt')), 'utf8'));
      for (const fr of machine.frames) {
        const mod = machine.modules.get(fr.module);
        if (!mod) continue;
        const key = `${mod.debugFile}/${mod.debugId}`;
        if (!cache.has(key)) {
          const src = await supplier.locate({ codeFile: fr.module, codeId: null, debugFile: mod.debugFile, debugId: mod.debugId });
          cache.set(key, src ? parseSymbolFile(src.bytes) : null);
        }
        const sym = cache.get(key);
        if (!sym) continue;
        const regs = human.get(`${fr.thread}/${fr.frame}`);
        if (!regs) continue;
        // Caller frames are looked up at return address - 1; offsets are printed from the return address.
        const pc = regs.context ? regs.ip : regs.ip - 1;
        const hit = sym.lookup(pc - mod.base);
        const where = `${ref} ${fr.thread}/${fr.frame}`;
        if (fr.fn === '') {
          expect(hit, where).toBeNull();
        } else {
          expect(hit?.function, where).toBe(fr.fn);
          expect(hit?.file ?? '', where).toBe(fr.file);
          expect(hit?.line == null ? '' : String(hit.line), where).toBe(fr.line);
          const base = fr.file !== '' ? hit!.lineAddress! : hit!.functionAddress;
          expect(regs.ip - mod.base - base, where).toBe(fr.offset);
          named++;
        }
        checked++;
      }
    }
    expect(named).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(named);
  });
});
