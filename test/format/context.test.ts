import { describe, expect, it } from 'vitest';
import { MinidumpError } from '../../src/errors.js';
import {
  AMD64_CONTEXT,
  ARM64_CONTEXT,
  ARM64_OLD_CONTEXT,
  ARM_CONTEXT,
  CONTEXT_LAYOUTS,
  type ContextLayout,
  type CpuContext,
  MIPS64_CONTEXT,
  MIPS_CONTEXT,
  PPC64_CONTEXT,
  PPC_CONTEXT,
  ProcessorArchitecture,
  SPARC_CONTEXT,
  X86_CONTEXT,
  parseContext,
  parseContextWithLayout,
  serializeContextWithLayout,
} from '../../src/format/index.js';

/** A context with every register of the layout set to a distinct value. */
function full(layout: ContextLayout, flags: number): CpuContext {
  const registers = new Map<string, bigint>();
  layout.registers.forEach((r, i) => {
    const v = BigInt(0x1000 + i) * (r.size >= 8 ? 0x100000001n : 1n);
    registers.set(r.name, BigInt.asUintN(r.size * 8, v));
  });
  return { cpu: layout.cpu, contextFlags: flags, registers };
}

describe('context layout tables', () => {
  it('struct sizes match the C definitions', () => {
    expect(X86_CONTEXT.size).toBe(716);
    expect(AMD64_CONTEXT.size).toBe(1232);
    expect(ARM_CONTEXT.size).toBe(368);
    expect(ARM64_CONTEXT.size).toBe(912);
    expect(ARM64_OLD_CONTEXT.size).toBe(796);
    expect(MIPS_CONTEXT.size).toBe(600);
    expect(PPC_CONTEXT.size).toBe(1004);
    expect(PPC64_CONTEXT.size).toBe(1160);
    expect(SPARC_CONTEXT.size).toBe(584);
  });
  it('no two registers of a layout overlap or leave the struct, names are unique', () => {
    for (const l of CONTEXT_LAYOUTS) {
      const names = new Set(l.registers.map((r) => r.name));
      expect(names.size, l.name).toBe(l.registers.length);
      const spans = [{ a: l.flagsOffset, b: l.flagsOffset + l.flagsSize }, ...l.registers.map((r) => ({ a: r.offset, b: r.offset + r.size }))].sort((x, y) => x.a - y.a);
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.a, `${l.name} overlap at ${spans[i]!.a}`).toBeGreaterThanOrEqual(spans[i - 1]!.b);
      expect(spans[spans.length - 1]!.b).toBeLessThanOrEqual(l.size);
    }
  });
  it('serialize then parse round-trips every layout, both byte orders', () => {
    for (const l of CONTEXT_LAYOUTS) {
      const flags = l.cpuFlag | 0x3f;
      for (const le of [true, false]) {
        const ctx = full(l, flags);
        const bytes = serializeContextWithLayout(l, ctx, le);
        expect(bytes.length).toBe(l.size);
        const back = parseContextWithLayout(l, bytes, le);
        expect(back.contextFlags >>> 0).toBe(flags >>> 0);
        expect(back.registers).toEqual(ctx.registers);
      }
    }
  });
  it('general registers come first in Breakpad print order', () => {
    const names = (l: ContextLayout) => l.registers.map((r) => r.name);
    expect(names(X86_CONTEXT).slice(0, 10)).toEqual(['eip', 'esp', 'ebp', 'ebx', 'esi', 'edi', 'eax', 'ecx', 'edx', 'efl']);
    expect(names(AMD64_CONTEXT).slice(0, 17)).toEqual(['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip']);
    expect(names(ARM_CONTEXT).slice(0, 16)).toEqual([...Array.from({ length: 13 }, (_, i) => `r${i}`), 'sp', 'lr', 'pc']);
    expect(names(ARM64_CONTEXT).slice(0, 33)).toEqual([...Array.from({ length: 29 }, (_, i) => `x${i}`), 'fp', 'lr', 'sp', 'pc']);
    expect(names(MIPS_CONTEXT).slice(0, 13)).toEqual(['gp', 'sp', 'fp', 'ra', 'pc', 's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
    expect(names(PPC_CONTEXT).slice(0, 2)).toEqual(['srr0', 'r1']);
    expect(names(SPARC_CONTEXT).slice(0, 3)).toEqual(['pc', 'sp', 'fp']);
  });
});

describe('context_flags sections', () => {
  it('x86: only CONTROL and INTEGER registers when flags say so', () => {
    const all = full(X86_CONTEXT, 0x1003f);
    const bytes = serializeContextWithLayout(X86_CONTEXT, { ...all, contextFlags: 0x10003 });
    const c = parseContextWithLayout(X86_CONTEXT, bytes);
    expect([...c.registers.keys()]).toEqual(['eip', 'esp', 'ebp', 'ebx', 'esi', 'edi', 'eax', 'ecx', 'edx', 'efl', 'cs', 'ss']);
    const onlyInt = parseContextWithLayout(X86_CONTEXT, serializeContextWithLayout(X86_CONTEXT, { ...all, contextFlags: 0x10002 }));
    expect(onlyInt.registers.has('eip')).toBe(false);
    expect(onlyInt.registers.has('eax')).toBe(true);
    const none = parseContextWithLayout(X86_CONTEXT, serializeContextWithLayout(X86_CONTEXT, { ...all, contextFlags: 0x10000 }));
    expect(none.registers.size).toBe(0);
  });
  it('amd64: rsp/rip are CONTROL, rbp is INTEGER', () => {
    const all = full(AMD64_CONTEXT, 0x10001f);
    const ctl = parseContextWithLayout(AMD64_CONTEXT, serializeContextWithLayout(AMD64_CONTEXT, { ...all, contextFlags: 0x100001 }));
    expect(ctl.registers.has('rip') && ctl.registers.has('rsp')).toBe(true);
    expect(ctl.registers.has('rbp')).toBe(false);
  });
});

describe('choosing the context type', () => {
  const ser = (l: ContextLayout, flags: number) => serializeContextWithLayout(l, full(l, flags));
  it('from processor_architecture', () => {
    expect(parseContext(ser(X86_CONTEXT, 0x1003f), true, ProcessorArchitecture.X86).cpu).toBe('x86');
    expect(parseContext(ser(AMD64_CONTEXT, 0x10001f), true, ProcessorArchitecture.Amd64).cpu).toBe('amd64');
    expect(parseContext(ser(ARM_CONTEXT, 0x40000006), true, ProcessorArchitecture.Arm).registers.get('pc')).toBeDefined();
    const a64 = parseContext(ser(ARM64_CONTEXT, 0x00400007), true, ProcessorArchitecture.Arm64);
    expect(a64.cpu).toBe('arm64');
    expect(a64.registers.get('pc')).toBe(full(ARM64_CONTEXT, 0).registers.get('pc'));
    const old = parseContext(ser(ARM64_OLD_CONTEXT, 0x80000006), true, ProcessorArchitecture.Arm64Old);
    expect(old.registers.get('pc')).toBe(full(ARM64_OLD_CONTEXT, 0).registers.get('pc'));
    expect(parseContext(ser(MIPS64_CONTEXT, 0x0008000e), true, ProcessorArchitecture.Mips).cpu).toBe('mips64');
    expect(parseContext(ser(MIPS_CONTEXT, 0x0004000e), true, ProcessorArchitecture.Mips).cpu).toBe('mips');
    expect(parseContext(ser(PPC_CONTEXT, 0x20000029), true, ProcessorArchitecture.Ppc).cpu).toBe('ppc');
    expect(parseContext(ser(PPC64_CONTEXT, 0x01000029), true, ProcessorArchitecture.Ppc64).cpu).toBe('ppc64');
    expect(parseContext(ser(SPARC_CONTEXT, 0x10000007), true, ProcessorArchitecture.Sparc).cpu).toBe('sparc');
  });
  it('an old-style arm64 context under processor_architecture ARM64 is detected by its flags', () => {
    expect(parseContext(ser(ARM64_OLD_CONTEXT, 0x80000006), true, ProcessorArchitecture.Arm64).registers.get('pc')).toBe(full(ARM64_OLD_CONTEXT, 0).registers.get('pc'));
  });
  it('without SystemInfo: from the flags and size', () => {
    for (const [l, flags] of [
      [X86_CONTEXT, 0x1003f],
      [AMD64_CONTEXT, 0x10001f],
      [ARM_CONTEXT, 0x40000006],
      [ARM64_CONTEXT, 0x00400007],
      [ARM64_OLD_CONTEXT, 0x80000006],
      [MIPS_CONTEXT, 0x0004000e],
      [PPC_CONTEXT, 0x20000029],
      [PPC64_CONTEXT, 0x01000029],
      [SPARC_CONTEXT, 0x10000007],
    ] as const) {
      expect(parseContext(ser(l, flags)).cpu, l.name).toBe(l.cpu);
    }
    // XSTATE tail after the fixed struct is ignored.
    const big = new Uint8Array(AMD64_CONTEXT.size + 512);
    big.set(ser(AMD64_CONTEXT, 0x10005f));
    expect(parseContext(big).cpu).toBe('amd64');
  });
  it('Windows CONTEXT_EXCEPTION_* bits do not confuse the choice', () => {
    expect(parseContext(ser(AMD64_CONTEXT, 0x8010001f | 0), true, ProcessorArchitecture.Amd64).cpu).toBe('amd64');
    expect(parseContext(ser(AMD64_CONTEXT, (0x8010001f | 0) >>> 0)).cpu).toBe('amd64');
  });
  it('unknown or short contexts are MinidumpErrors', () => {
    expect(() => parseContext(new Uint8Array(40))).toThrowError(expect.objectContaining({ code: 'UNSUPPORTED' }));
    expect(() => parseContext(new Uint8Array(100), true, ProcessorArchitecture.X86)).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});

describe('registersOfKind', () => {
  it('picks the general registers in print order', async () => {
    const { registersOfKind } = await import('../../src/format/index.js');
    const ctx = parseContextWithLayout(X86_CONTEXT, serializeContextWithLayout(X86_CONTEXT, full(X86_CONTEXT, 0x1003f)));
    expect(registersOfKind(ctx).map(([n]) => n)).toEqual(['eip', 'esp', 'ebp', 'ebx', 'esi', 'edi', 'eax', 'ecx', 'edx', 'efl']);
    expect(registersOfKind(ctx, ['segment']).map(([n]) => n)).toEqual(['cs', 'ss', 'gs', 'fs', 'es', 'ds']);
  });
});

describe('short contexts (LLDB writes 720 of CONTEXT_AMD64\'s 1232 bytes)', () => {
  it('keeps the registers the flags promise when they fit, and rejects them when they do not', () => {
    const full = new Uint8Array(1232);
    const dv = new DataView(full.buffer);
    dv.setUint32(0x30, 0x100007, true); // CONTEXT_AMD64 | CONTROL | INTEGER | SEGMENTS
    dv.setBigUint64(0x98, 0x7fffffffe6b8n, true); // rsp
    dv.setBigUint64(0xf8, 0x555555555150n, true); // rip
    const short = parseContext(full.subarray(0, 720), true, ProcessorArchitecture.Amd64);
    expect(short.registers.get('rip')).toBe(0x555555555150n);
    expect(short.registers.get('rsp')).toBe(0x7fffffffe6b8n);
    // Cut inside the integer registers: rip is promised but missing.
    expect(() => parseContext(full.subarray(0, 0xa0), true, ProcessorArchitecture.Amd64)).toThrowError(MinidumpError);
  });
});
