/**
 * Test-only helpers: a stack assembler with labels (in the spirit of
 * Breakpad's test_assembler Section), a tiny .sym subset for symbols, and an
 * environment builder.
 */
import type {
  Cpu,
  WalkerEnvironment,
  WalkerMemory,
  WalkerModule,
  WalkerSymbols,
  WindowsFrameInfo,
} from '../../../src/processor/walk/index.js';

export type Value = bigint | number | string; // string = label name, optionally "name+N" / "name-N"

interface Item {
  offset: number;
  size: 4 | 8;
  value: Value;
}

export class Section {
  private items: Item[] = [];
  private labels = new Map<string, number>();
  private size = 0;
  private filler: { offset: number; length: number; fill: number }[] = [];

  constructor(readonly start: bigint) {}

  d32(value: Value): this {
    this.items.push({ offset: this.size, size: 4, value });
    this.size += 4;
    return this;
  }

  d64(value: Value): this {
    this.items.push({ offset: this.size, size: 8, value });
    this.size += 8;
    return this;
  }

  append(length: number, fill = 0): this {
    this.filler.push({ offset: this.size, length, fill });
    this.size += length;
    return this;
  }

  mark(label: string): this {
    if (this.labels.has(label)) throw new Error(`duplicate label ${label}`);
    this.labels.set(label, this.size);
    return this;
  }

  /** Address of a label (or of "label+N"). */
  at(label: string): bigint {
    const m = /^([^+-]+)([+-]\d+)?$/.exec(label);
    if (!m) throw new Error(`bad label ${label}`);
    const off = this.labels.get(m[1] as string);
    if (off === undefined) throw new Error(`unknown label ${label}`);
    return this.start + BigInt(off) + BigInt(m[2] ?? 0);
  }

  get end(): bigint {
    return this.start + BigInt(this.size);
  }

  private resolve(v: Value): bigint {
    if (typeof v === 'string') return this.at(v);
    return BigInt(v);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    for (const f of this.filler) out.fill(f.fill, f.offset, f.offset + f.length);
    const view = new DataView(out.buffer);
    for (const it of this.items) {
      const v = this.resolve(it.value);
      if (it.size === 4) view.setUint32(it.offset, Number(v & 0xffffffffn), true);
      else view.setBigUint64(it.offset, v & 0xffffffffffffffffn, true);
    }
    return out;
  }

  memory(): WalkerMemory {
    const bytes = this.bytes();
    const view = new DataView(bytes.buffer);
    const start = this.start;
    const off = (a: bigint, n: number): number | undefined => {
      const o = a - start;
      return o < 0n || o + BigInt(n) > BigInt(bytes.length) ? undefined : Number(o);
    };
    return {
      readU32(a) {
        const o = off(a, 4);
        return o === undefined ? undefined : view.getUint32(o, true);
      },
      readU64(a) {
        const o = off(a, 8);
        return o === undefined ? undefined : view.getBigUint64(o, true);
      },
    };
  }
}

function parseRules(text: string, into: Map<string, string>): void {
  let name: string | null = null;
  let expr: string[] = [];
  const flush = () => {
    if (name !== null && expr.length) into.set(name, expr.join(' '));
  };
  for (const tok of text.trim().split(/\s+/)) {
    if (tok.endsWith(':')) {
      flush();
      name = tok.slice(0, -1);
      expr = [];
    } else expr.push(tok);
  }
  flush();
}

/** Symbols from a subset of the .sym format (FUNC, PUBLIC, STACK CFI, STACK WIN), Breakpad lookup semantics. */
export class TestSymbols implements WalkerSymbols {
  funcs: { addr: number; size: number; param: number; name: string }[] = [];
  publics: { addr: number; param: number; name: string }[] = [];
  cfiInit: { addr: number; size: number; rules: string }[] = [];
  cfiDelta = new Map<number, string>();
  win: WindowsFrameInfo[] = [];
  calls = { cfi: 0, win: 0 };

  constructor(text: string) {
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const p = line.split(/\s+/);
      const hex = (s: string | undefined) => parseInt(s ?? '0', 16);
      if (p[0] === 'FUNC') {
        const m = p[1] === 'm' ? 1 : 0;
        this.funcs.push({ addr: hex(p[1 + m]), size: hex(p[2 + m]), param: hex(p[3 + m]), name: p.slice(4 + m).join(' ') });
      } else if (p[0] === 'PUBLIC') {
        const m = p[1] === 'm' ? 1 : 0;
        this.publics.push({ addr: hex(p[1 + m]), param: hex(p[2 + m]), name: p.slice(3 + m).join(' ') });
      } else if (p[0] === 'STACK' && p[1] === 'CFI' && p[2] === 'INIT') {
        this.cfiInit.push({ addr: hex(p[3]), size: hex(p[4]), rules: p.slice(5).join(' ') });
      } else if (p[0] === 'STACK' && p[1] === 'CFI') {
        const a = hex(p[2]);
        this.cfiDelta.set(a, `${this.cfiDelta.get(a) ?? ''} ${p.slice(3).join(' ')}`);
      } else if (p[0] === 'STACK' && p[1] === 'WIN') {
        const hasProgram = hex(p[11]) !== 0;
        this.win.push({
          type: hex(p[2]),
          rva: hex(p[3]),
          codeSize: hex(p[4]),
          prologSize: hex(p[5]),
          epilogSize: hex(p[6]),
          parameterSize: hex(p[7]),
          savedRegisterSize: hex(p[8]),
          localSize: hex(p[9]),
          maxStackSize: hex(p[10]),
          allocatesBasePointer: !hasProgram && hex(p[12]) !== 0,
          programString: hasProgram ? p.slice(12).join(' ') : null,
        });
      }
    }
  }

  private funcAt(offset: number) {
    let best: (typeof this.funcs)[number] | undefined;
    for (const f of this.funcs) if (f.addr <= offset && (!best || f.addr > best.addr)) best = f;
    return best;
  }

  hasFunction(offset: number): boolean {
    const f = this.funcAt(offset);
    if (f && offset < f.addr + f.size) return true;
    let pub: (typeof this.publics)[number] | undefined;
    for (const p of this.publics) if (p.addr <= offset && (!pub || p.addr > pub.addr)) pub = p;
    return !!pub && (!f || pub.addr > f.addr);
  }

  cfiRulesAt(offset: number): Map<string, string> | null {
    this.calls.cfi++;
    const init = this.cfiInit.find((c) => c.addr <= offset && offset < c.addr + c.size);
    if (!init) return null;
    const rules = new Map<string, string>();
    parseRules(init.rules, rules);
    for (const a of [...this.cfiDelta.keys()].sort((x, y) => x - y)) {
      if (a >= init.addr && a <= offset) parseRules(this.cfiDelta.get(a) as string, rules);
    }
    return rules;
  }

  windowsFrameInfo(offset: number): WindowsFrameInfo | null {
    this.calls.win++;
    for (const type of [4, 0]) {
      const w = this.win.find((x) => x.type === type && x.rva <= offset && offset < x.rva + x.codeSize);
      if (w) return w;
    }
    return null;
  }

  functionParameterSize(offset: number): number | null {
    const f = this.funcAt(offset);
    return f && offset < f.addr + f.size ? f.param : null;
  }
}

export interface TestModule {
  name: string;
  base: bigint;
  size: bigint;
  symbols?: string;
}

export function makeEnv(opts: {
  cpu: Cpu;
  os?: string;
  stack: Section | null;
  modules: TestModule[];
}): WalkerEnvironment & { symbolRequests: string[] } {
  const mods: (WalkerModule & { name: string; syms: TestSymbols | null })[] = opts.modules.map((m, i) => ({
    base: m.base,
    size: m.size,
    id: i,
    name: m.name,
    syms: m.symbols === undefined ? null : new TestSymbols(m.symbols),
  }));
  const symbolRequests: string[] = [];
  const stack = opts.stack;
  return {
    cpu: opts.cpu,
    os: opts.os ?? 'Linux',
    memory: stack ? stack.memory() : { readU32: () => undefined, readU64: () => undefined },
    moduleAt: (a) => mods.find((m) => a >= m.base && a - m.base < m.size) ?? null,
    symbolsFor: async (m) => {
      const mm = mods[m.id];
      symbolRequests.push(mm?.name ?? '?');
      return mm?.syms ?? null;
    },
    stackStart: stack ? stack.start : 0n,
    stackEnd: stack ? stack.end : 0n,
    modules: mods,
    symbolRequests,
  };
}

export function regs(entries: Record<string, bigint | number>): Map<string, bigint> {
  return new Map(Object.entries(entries).map(([k, v]) => [k, BigInt(v)]));
}

/** Breakpad's BrandContext-like distinctive register values for a CPU. */
export function brand(names: string[], bits: 32 | 64): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  let x = 173n;
  const mask = bits === 32 ? 0xffffffffn : 0xffffffffffffffffn;
  for (const n of names) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    out[n] = x & mask;
  }
  return out;
}

export const AMD64_REGS = ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'];
export const X86_REGS = ['eip', 'esp', 'ebp', 'ebx', 'esi', 'edi', 'eax', 'ecx', 'edx', 'efl'];
export const ARM_REGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'];
export const ARM64_REGS = [...Array.from({ length: 29 }, (_, i) => `x${i}`), 'fp', 'lr', 'sp', 'pc'];
