// Synthetic dumps shared by the reader tests.
import { ContextCpuFlag, PlatformId, ProcessorArchitecture, StreamType } from '../../src/format/index.js';
import { DumpBuilder, contextBlob, memoryDescriptor } from './synth.js';

export function amd64Context(le: boolean, rip: bigint, rsp: bigint): Uint8Array {
  return contextBlob(
    1232,
    [
      [48, 4, ContextCpuFlag.Amd64 | 0x3],
      [68, 4, 0x202],
      [120, 8, 0x1111n], // rax
      [152, 8, rsp],
      [160, 8, 0x2222n], // rbp
      [248, 8, rip],
    ],
    le,
  );
}

export function systemInfo(b: DumpBuilder, arch: number, platform: number, csd: string): Uint8Array {
  const csdRva = b.string(csd);
  return b
    .w()
    .u16(arch)
    .u16(6)
    .u16(0x5504)
    .u8(4)
    .u8(1)
    .u32(5)
    .u32(10)
    .u32(28)
    .u32(platform)
    .u32(csdRva)
    .u16(0)
    .u16(0)
    .u32(0x756e6547)
    .u32(0x49656e69)
    .u32(0x6c65746e)
    .u32(0)
    .u32(0)
    .u32(0)
    .toBytes();
}

/** A small amd64 Linux dump with every core stream. */
export function buildAmd64Dump(le = true): Uint8Array {
  const b = new DumpBuilder(le);
  b.stream(StreamType.SystemInfo, systemInfo(b, ProcessorArchitecture.Amd64, PlatformId.Linux, 'test kernel'));
  const stack = new Uint8Array(64).map((_, i) => i);
  const stackDesc = memoryDescriptor(b, 0x7fff0000n, stack);
  const ctxRva = b.add(amd64Context(le, 0x401000n, 0x7fff0010n));
  const threads = b.w().u32(1).u32(0x1234).u32(0).u32(0).u32(0).u64(0x7000n).bytes(stackDesc.toBytes()).u32(1232).u32(ctxRva);
  b.stream(StreamType.ThreadList, threads);
  // Module with an ELF build-id CodeView record and a valid VS_FIXEDFILEINFO.
  const name = b.string('/usr/lib/libtest.so');
  const buildId = [0x10, 0xfa, 0xa6, 0xbb, 0xaa, 0xb8, 0x3d, 0xb3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const cv = b.add(b.w().u32(0x4270454c).bytes(buildId));
  const mods = b
    .w()
    .u32(1)
    .u64(0x400000n)
    .u32(0x2000)
    .u32(0)
    .u32(0)
    .u32(name)
    .u32(0xfeef04bd)
    .u32(0x10000)
    .u32((1 << 16) | 2)
    .u32((3 << 16) | 4)
    .zeros(36)
    .u32(24)
    .u32(cv)
    .u32(0)
    .u32(0)
    .zeros(16);
  b.stream(StreamType.ModuleList, mods);
  const heap = new Uint8Array(32).fill(0xab);
  const heapDesc = memoryDescriptor(b, 0x10000n, heap);
  b.stream(StreamType.MemoryList, b.w().u32(2).bytes(stackDesc.toBytes()).bytes(heapDesc.toBytes()));
  const exCtx = b.add(amd64Context(le, 0x401234n, 0x7fff0008n));
  const ex = b.w().u32(0x1234).u32(0).u32(11).u32(0).u64(0).u64(0x401234n).u32(2).u32(0).u64(5n).u64(6n).zeros(13 * 8).u32(1232).u32(exCtx);
  b.stream(StreamType.Exception, ex);
  b.stream(StreamType.BreakpadInfo, b.w().u32(3).u32(0x99).u32(0x1234));
  b.stream(StreamType.LinuxCmdLine, new TextEncoder().encode('./a.out\0--flag\0'));
  return b.build();
}

