import { describe, expect, it } from 'vitest';
import { MinidumpError } from '../../src/errors.js';
import { StreamType } from '../../src/format/index.js';
import { readMinidump, readMinidumpSync } from '../../src/reader/index.js';
import { DumpBuilder } from './synth.js';
import { buildAmd64Dump } from './fixtures.js';

describe('readMinidump on a synthetic amd64 dump', () => {
  for (const le of [true, false]) {
    it(`parses core streams (${le ? 'little' : 'big'}-endian)`, async () => {
      const d = await readMinidump(buildAmd64Dump(le));
      expect(d.littleEndian).toBe(le);
      expect(d.streams.map((s) => s.name)).toEqual(['SystemInfo', 'ThreadList', 'ModuleList', 'MemoryList', 'Exception', 'BreakpadInfo', 'LinuxCmdLine']);
      const si = d.systemInfo!;
      expect(si.cpuArch).toBe('amd64');
      expect(si.os).toBe('linux');
      expect(si.osName).toBe('Linux');
      expect(si.csdVersion).toBe('test kernel');
      expect(si.osVersion).toBe('5.10.28 test kernel');
      expect(si.cpuVendor).toBeNull(); // vendor only trusted for x86
      expect(si.cpuInfo).toBe('family 6 model 85 stepping 4');
      expect(si.numberOfProcessors).toBe(4);

      const [t] = d.threads!;
      expect(t!.threadId).toBe(0x1234);
      expect(t!.teb).toBe(0x7000n);
      expect(t!.stack.start).toBe(0x7fff0000n);
      expect(t!.stack.size).toBe(64);
      expect(t!.stack.readU32(0x7fff0004n)).toBe(le ? 0x07060504 : 0x04050607);
      const ctx = t!.context!;
      expect(ctx.cpu).toBe('amd64');
      expect(ctx.registers.get('rip')).toBe(0x401000n);
      expect(ctx.registers.get('rsp')).toBe(0x7fff0010n);
      expect(ctx.registers.get('rax')).toBe(0x1111n);
      expect(ctx.registers.get('rbp')).toBe(0x2222n);
      expect(ctx.registers.has('ds')).toBe(false); // SEGMENTS not in context_flags
      expect([...ctx.registers.keys()].slice(0, 17)).toEqual(['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip']);

      const [m] = d.modules!;
      expect(m!.codeFile).toBe('/usr/lib/libtest.so');
      expect(m!.baseOfImage).toBe(0x400000n);
      expect(m!.version).toBe('1.2.3.4');
      expect(m!.cvRecordKind).toBe('elf');
      expect(m!.codeId).toBe('10faa6bbaab83db30102030405060708090a0b0c');
      expect(m!.debugId).toBe('BBA6FA10B8AAB33D01020304050607080');
      expect(m!.debugFile).toBe('/usr/lib/libtest.so');
      expect(d.moduleAt(0x401fffn)).toBe(m);
      expect(d.moduleAt(0x402000n)).toBeUndefined();

      expect(d.memory!.map((r) => r.base)).toEqual([0x10000n, 0x7fff0000n]);
      expect(d.memoryAt(0x10010n)?.readU8(0x10010n)).toBe(0xab);
      expect(d.memoryAt(0x1001fn)?.base).toBe(0x10000n);
      expect(d.memoryAt(0x10020n)).toBeUndefined();
      expect(d.memoryAt(0x7fff0000n)?.readPointer(0x7fff0038n, 8)).toBeDefined();
      expect(d.memoryAt(0x7fff0000n)?.readU64(0x7fff0039n)).toBeUndefined(); // runs past the end
      expect(d.threadStack(t!)?.base).toBe(0x7fff0000n);

      const ex = d.exception!;
      expect(ex.threadId).toBe(0x1234);
      expect(ex.exceptionCode).toBe(11);
      expect(ex.exceptionAddress).toBe(0x401234n);
      expect(ex.parameters).toEqual([5n, 6n]);
      expect(ex.context?.registers.get('rip')).toBe(0x401234n);
      expect(d.crashingThread()).toBe(t);

      expect(d.breakpadInfo).toEqual({ validity: 3, dumpThreadId: 0x99, requestingThreadId: 0x1234 });
      expect(d.linuxCmdLine?.args).toEqual(['./a.out', '--flag']);
      expect(d.miscInfo).toBeUndefined();
      expect(d.crashpadInfo).toBeUndefined();
      expect(d.linuxMaps).toBeUndefined();
    });
  }

  it('memoizes streams', () => {
    const d = readMinidumpSync(buildAmd64Dump());
    expect(d.threads).toBe(d.threads);
    expect(d.modules).toBe(d.modules);
  });
});

describe('header and directory validation', () => {
  it('rejects a bad signature', () => {
    const b = buildAmd64Dump();
    b[0] = 0x41;
    expect(() => readMinidumpSync(b)).toThrowError(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
  });
  it('rejects a bad version', () => {
    const b = new DumpBuilder();
    b.version = 0x1234;
    expect(() => readMinidumpSync(b.build())).toThrowError(expect.objectContaining({ code: 'BAD_VERSION' }));
  });
  it('accepts implementation bits in the high version word', () => {
    const b = new DumpBuilder();
    b.version = 0x5128a793;
    expect(readMinidumpSync(b.build()).header.version).toBe(0x5128a793);
  });
  it('rejects short input', () => {
    expect(() => readMinidumpSync(new Uint8Array(2))).toThrowError(MinidumpError);
    expect(() => readMinidumpSync(buildAmd64Dump().subarray(0, 20))).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
  });
  it('rejects a directory past the end', () => {
    const bytes = buildAmd64Dump();
    new DataView(bytes.buffer).setUint32(8, 1_000_000, true); // stream_count
    expect(() => readMinidumpSync(bytes)).toThrowError(MinidumpError);
  });
  it('reports IO errors for missing files as MinidumpError', async () => {
    await expect(readMinidump('/nonexistent/x.dmp')).rejects.toMatchObject({ code: 'IO' });
  });
});

describe('corrupt streams', () => {
  it('a bogus thread count is BAD_COUNT and does not break other streams', () => {
    const b = new DumpBuilder();
    b.stream(StreamType.ThreadList, b.w().u32(0xffffffff).zeros(48));
    b.stream(StreamType.BreakpadInfo, b.w().u32(1).u32(7).u32(0));
    const d = readMinidumpSync(b.build());
    expect(() => d.threads).toThrowError(expect.objectContaining({ code: 'BAD_COUNT' }));
    expect(() => d.threads).toThrowError(MinidumpError); // memoized error
    expect(d.breakpadInfo?.dumpThreadId).toBe(7);
  });
  it('a stream located outside the file throws OUT_OF_BOUNDS on access only', () => {
    const b = new DumpBuilder();
    b.rawEntry(StreamType.ModuleList, 0x100000, 108);
    const d = readMinidumpSync(b.build());
    expect(d.streams).toHaveLength(1);
    expect(() => d.modules).toThrowError(expect.objectContaining({ code: 'OUT_OF_BOUNDS' }));
  });
  it('a thread with an undecodable context keeps context null', () => {
    const b = new DumpBuilder();
    const junk = b.add(new Uint8Array(40));
    b.stream(StreamType.ThreadList, b.w().u32(1).u32(1).zeros(12).u64(0).u64(0).u32(0).u32(0).u32(40).u32(junk));
    const d = readMinidumpSync(b.build());
    expect(d.threads![0]!.context).toBeNull();
  });
  it('memory ranges past the end of the file are clamped', () => {
    const b = new DumpBuilder();
    const rva = b.add(new Uint8Array(8).fill(1));
    b.stream(StreamType.MemoryList, b.w().u32(1).u64(0x1000n).u32(0x10000).u32(rva));
    const d = readMinidumpSync(b.build());
    const r = d.memoryAt(0x1000n)!;
    expect(r.size).toBeLessThan(0x10000);
    expect(r.readU8(0x1000n)).toBe(1);
  });
  it('handles the DbgHelp 4-byte padding after list counts', () => {
    const b = new DumpBuilder();
    const rva = b.add(new Uint8Array(16).fill(2));
    b.stream(StreamType.MemoryList, b.w().u32(1).u32(0).u64(0x2000n).u32(16).u32(rva));
    const d = readMinidumpSync(b.build());
    expect(d.memory!.map((r) => [r.base, r.size])).toEqual([[0x2000n, 16]]);
  });
  it('first stream of a duplicated type wins', () => {
    const b = new DumpBuilder();
    b.stream(StreamType.BreakpadInfo, b.w().u32(1).u32(1).u32(0));
    b.stream(StreamType.BreakpadInfo, b.w().u32(1).u32(2).u32(0));
    expect(readMinidumpSync(b.build()).breakpadInfo?.dumpThreadId).toBe(1);
  });
});
