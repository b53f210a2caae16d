// Differential test against the real thing: synthesizes minimal minidumps (empty thread list,
// system info, exception) for thousands of code/flag/CPU/OS combinations, runs Breakpad's
// minidump_stackwalk from the `minidump` dev dependency on each, and compares its
// "Crash reason:" / "Crash address:" lines with crashReason(). Skipped where no binary ships.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { crashReason, type ExceptionInput } from '../../../src/processor/crash-reason/index.js';

const STACKWALK = fileURLToPath(
  new URL(`../../../node_modules/minidump/bin/${process.platform}-${process.arch}/minidump_stackwalk`, import.meta.url),
);
const run = promisify(execFile);

interface Case {
  platformId: number;
  arch: number;
  code: number;
  flags: number;
  address: bigint;
  params: bigint[];
}

/** Header, 3-entry directory, empty ThreadList (Breakpad requires one), SystemInfo, Exception. */
function synthesize(c: Case): Buffer {
  const dirOff = 32;
  const threadsOff = dirOff + 3 * 12;
  const sysOff = threadsOff + 4;
  const excOff = sysOff + 56;
  const csdOff = excOff + 168; // empty CSD version string
  const b = Buffer.alloc(csdOff + 8);
  b.writeUInt32LE(0x504d444d, 0);
  b.writeUInt32LE(0xa793, 4);
  b.writeUInt32LE(3, 8);
  b.writeUInt32LE(dirOff, 12);
  [[3, 4, threadsOff], [7, 56, sysOff], [6, 168, excOff]].forEach(([type, size, rva], i) => {
    b.writeUInt32LE(type!, dirOff + i * 12);
    b.writeUInt32LE(size!, dirOff + i * 12 + 4);
    b.writeUInt32LE(rva!, dirOff + i * 12 + 8);
  });
  b.writeUInt16LE(c.arch, sysOff);
  b.writeUInt32LE(c.platformId, sysOff + 20);
  b.writeUInt32LE(csdOff, sysOff + 24);
  b.writeUInt32LE(1, excOff);
  b.writeUInt32LE(c.code >>> 0, excOff + 8);
  b.writeUInt32LE(c.flags >>> 0, excOff + 12);
  b.writeBigUInt64LE(c.address, excOff + 24);
  b.writeUInt32LE(c.params.length, excOff + 32);
  c.params.forEach((p, i) => b.writeBigUInt64LE(p, excOff + 40 + i * 8));
  return b;
}

const ADDR = 0xffffffff80001234n;

function cases(): Case[] {
  const out: Case[] = [];
  const add = (platformId: number, arch: number, code: number, flags: number, params: bigint[] = [], address = ADDR) =>
    out.push({ platformId, arch, code, flags, address, params });

  // Windows: every named code, access-violation kinds and parameter counts, in-page NTSTATUS, fast-fail.
  const winCodes = [
    0x40010005, 0x80000001, 0x80000002, 0x80000003, 0x80000004, 0xc0000008, 0xc000001d, 0xc0000025, 0xc0000026,
    0xc000008c, 0xc000008d, 0xc000008e, 0xc000008f, 0xc0000090, 0xc0000091, 0xc0000092, 0xc0000093, 0xc0000094,
    0xc0000095, 0xc0000096, 0xc00000fd, 0xc00000ff, 0xc0000194, 0xc0000374, 0xe0000008, 0xe06d7363, 0x0517a7ed,
    0xc0000142, 0xe0434352, 0x00000000, 0xc06d007e,
  ];
  for (const code of winCodes) add(0x2, 9, code, 0, [1n, 2n]);
  for (const kind of [0n, 1n, 2n, 8n, 0x100000001n, 0xffffffffffffffffn]) {
    for (const count of [0, 1, 2, 3]) {
      const params = [kind, 0xffffffff00000045n, 0xc000009cn].slice(0, count);
      add(0x2, 0, 0xc0000005, 0, params);
      add(0x2, 9, 0xc0000006, 0, params);
    }
  }
  for (let status = 0xc0000000; status <= 0xc0000400; status += 7) add(0x2, 9, 0xc0000006, 0, [0n, 1n, BigInt(status)]);
  for (const status of [0xc0190001, 0xc01e0001, 0xc0360001, 0xc03a0001, 0x80000005, 0x00000103, 0x1c0000001n]) {
    add(0x2, 9, 0xc0000006, 0, [8n, 1n, BigInt(status)]);
  }
  for (let sub = 0; sub <= 72; sub++) add(0x2, 9, 0xc0000409, 1, [BigInt(sub)]);
  add(0x2, 9, 0xc0000409, 1, [0xffffffffn]);
  add(0x2, 9, 0xc0000409, 1, [0x100000007n]);
  add(0x2, 9, 0xc0000409, 1, []);
  add(0x1, 0, 0xc00000fd, 0);

  // Linux and Android: every signal with the interesting si_codes.
  for (let signal = 0; signal <= 33; signal++) {
    for (const flags of [0, 1, 2, 3, 4, 5, 8, 9, 0x80, 0xfffffffa]) add(0x8201, 9, signal, flags);
  }
  for (const signal of [4, 5, 6, 7, 8, 11, 31]) add(0x8203, 12, signal, 2);
  add(0x8201, 9, 0xffffffff, 0);
  add(0x8203, 5, 0xffffffff, 0);

  // macOS and iOS: every exception type with codes from each CPU's tables, on each CPU.
  const macFlags = [0, 1, 2, 3, 5, 8, 9, 13, 17, 50, 0x101, 0x102, 0x103, 0x10002, 0xdeadc0de, 0x10100];
  for (const [platformId, arches] of [[0x8101, [0, 9, 3, 5, 12, 0x8003]], [0x8102, [12]]] as const) {
    for (const arch of arches) {
      for (const code of [1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 0x43507378, 0x43506e78]) {
        for (const flags of macFlags) add(platformId, arch, code, flags);
      }
    }
  }

  // Solaris, PS3, Fuchsia, NaCl, unknown platforms.
  for (let code = 0; code <= 42; code++) add(0x8202, 0x8001, code, 3);
  for (let code = 0; code <= 24; code++) add(0x8204, 3, code, 0);
  for (const code of [0x8, 0x108, 0x208, 0x308, 0x408, 0x508, 0x8008, 0x8108, 0x8208, 0x8308, 0x9, 0x0]) add(0x8206, 12, code, 0x42);
  add(0x8205, 0, 11, 1);
  add(0x8000, 9, 11, 1);
  add(0x1234, 9, 0xc0000005, 0, [1n, 2n]);

  // Address masking per architecture.
  for (const arch of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 0x8001, 0x8002, 0x8003, 0x8004, 0x8005, 0x8006, 0xffff]) {
    add(0x8201, arch, 11, 1);
    add(0x2, arch, 0xc0000005, 0, [1n, 0xffffffff00000045n]);
  }
  return out;
}

/** Breakpad's cpu string for an architecture, as our callers will pass it. */
const CPU: Record<number, string> = { 0: 'x86', 1: 'mips', 3: 'ppc', 5: 'arm', 9: 'amd64', 12: 'arm64', 0x8001: 'sparc', 0x8002: 'ppc64', 0x8003: 'arm64', 0x8004: 'mips64', 0x8005: 'riscv', 0x8006: 'riscv64' };

describe.skipIf(!existsSync(STACKWALK))("crashReason vs Breakpad's minidump_stackwalk on synthetic dumps", () => {
  const dir = mkdtempSync(join(tmpdir(), 'crash-reason-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches on every combination', async () => {
    const all = cases();
    const mismatches: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const i = next++;
        const c = all[i]!;
        const file = join(dir, `${i}.dmp`);
        writeFileSync(file, synthesize(c));
        const { stdout } = await run(STACKWALK, [file], { maxBuffer: 1 << 20 });
        const reason = /^Crash reason: {2}(.*)$/m.exec(stdout)?.[1];
        const address = /^Crash address: (.*)$/m.exec(stdout)?.[1];
        const cpu = CPU[c.arch] ?? `0x${c.arch.toString(16).padStart(4, '0')}`;
        // With ARM64_OLD the cpu string alone is ambiguous; pass the number like a reader would.
        const input: ExceptionInput = {
          os: '',
          platformId: c.platformId,
          cpu,
          ...(c.arch === 0x8003 ? { processorArchitecture: c.arch } : {}),
          exceptionCode: c.code,
          exceptionFlags: c.flags,
          exceptionAddress: c.address,
          parameters: c.params,
        };
        const got = crashReason(input);
        const gotAddress = `0x${got.address.toString(16)}`;
        if (got.type !== reason || gotAddress !== address) {
          mismatches.push(`${JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}: breakpad ${reason} @ ${address}, ours ${got.type} @ ${gotAddress}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
    expect(all.length).toBeGreaterThan(1500);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
