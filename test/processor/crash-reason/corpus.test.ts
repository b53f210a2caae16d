// Checks crashReason() against every "Crash|" line Breakpad's minidump_stackwalk printed for the
// shared corpus, reading the exception and system-info streams with a tiny test-only reader.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crashReason, crashReasonRust, type ExceptionInput } from '../../../src/processor/crash-reason/index.js';

const SHARED = fileURLToPath(new URL('../../../../shared', import.meta.url));
const CORPUS = join(SHARED, 'corpus', 'breakpad');
const REFS = join(CORPUS, 'refs');

// Breakpad's names for the platform ids and architectures these dumps use.
const OS_NAMES: Record<number, string> = { 0x2: 'Windows NT', 0x8101: 'Mac OS X', 0x8102: 'iOS', 0x8201: 'Linux', 0x8203: 'Android' };
const CPU_NAMES: Record<number, string> = { 0: 'x86', 5: 'arm', 9: 'amd64', 12: 'arm64', 0x8003: 'arm64' };

/** Header -> stream directory -> streams 6 (exception) and 7 (system info); undefined without an exception. */
function readException(file: string): ExceptionInput | undefined {
  const buf = readFileSync(file);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0, true) !== 0x504d444d) throw new Error(`${file}: not a minidump`);
  const count = view.getUint32(8, true);
  const dir = view.getUint32(12, true);
  const streams = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const entry = dir + i * 12;
    const type = view.getUint32(entry, true);
    if (!streams.has(type)) streams.set(type, view.getUint32(entry + 8, true));
  }
  const exc = streams.get(6);
  const sys = streams.get(7);
  if (exc === undefined || sys === undefined) return undefined;
  const arch = view.getUint16(sys, true);
  const platformId = view.getUint32(sys + 20, true);
  const rec = exc + 8; // skip ThreadId and alignment
  const count64 = Math.min(view.getUint32(rec + 24, true), 15);
  const parameters: bigint[] = [];
  for (let i = 0; i < count64; i++) parameters.push(view.getBigUint64(rec + 32 + i * 8, true));
  return {
    os: OS_NAMES[platformId] ?? `0x${platformId.toString(16).padStart(8, '0')}`,
    platformId,
    cpu: CPU_NAMES[arch] ?? `0x${arch.toString(16).padStart(4, '0')}`,
    processorArchitecture: arch,
    exceptionCode: view.getUint32(rec, true),
    exceptionFlags: view.getUint32(rec + 4, true),
    exceptionAddress: view.getBigUint64(rec + 16, true),
    parameters,
  };
}

/** What rust-minidump prints where Breakpad printed `reason`, for the codes in this corpus. */
function rustSpelling(reason: string): string {
  if (/^SIG[A-Z]+ ?\/ ?0x00000000$/.test(reason)) return reason.split(' ')[0]!; // si_code 0 is SI_USER, left out
  if (reason.startsWith('FAST_FAIL_')) return `EXCEPTION_STACK_BUFFER_OVERRUN / ${reason}`;
  if (reason === 'Uncaught NSException') return 'unknown 0x43506e78 / 0x00000000'; // Crashpad's 'CPnx'
  return reason;
}

interface RefCase {
  name: string;
  reason: string;
  address: string;
}

function loadRefs(): RefCase[] {
  const cases: RefCase[] = [];
  for (const file of readdirSync(REFS).filter((f) => f.endsWith('.m.txt')).sort()) {
    const line = readFileSync(join(REFS, file), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Crash|'));
    if (line === undefined) continue;
    const [, reason = '', address = ''] = line.split('|');
    cases.push({ name: file.slice(0, -'.m.txt'.length), reason, address });
  }
  return cases;
}

describe.skipIf(!existsSync(SHARED))('crashReason vs Breakpad refs (shared corpus)', () => {
  const cases = existsSync(REFS) ? loadRefs() : [];

  it('finds the reference lines', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('$name: $reason $address', ({ name, reason, address }) => {
    const input = readException(join(CORPUS, `${name}.dmp`));
    if (reason === 'No crash') {
      expect(input).toBeUndefined();
      return;
    }
    expect(input).toBeDefined();
    const got = crashReason(input!);
    expect(got.type).toBe(reason);
    expect(`0x${got.address.toString(16)}`).toBe(address);
  });

  // rust-minidump differs from Breakpad on these dumps only in spelling, never in address.
  it.each(cases.filter((c) => c.reason !== 'No crash'))('rust naming for $name', ({ name, reason, address }) => {
    const got = crashReasonRust(readException(join(CORPUS, `${name}.dmp`))!);
    expect(got.type).toBe(rustSpelling(reason));
    expect(`0x${got.address.toString(16)}`).toBe(address);
  });

  it('agrees with the human-readable refs too', () => {
    let checked = 0;
    for (const { name } of cases) {
      const human = readFileSync(join(REFS, `${name}.human.txt`), 'utf8');
      const reason = /^Crash reason: {2}(.*)$/m.exec(human)?.[1];
      const address = /^Crash address: (.*)$/m.exec(human)?.[1];
      const input = readException(join(CORPUS, `${name}.dmp`));
      if (reason === undefined || input === undefined) continue;
      const got = crashReason(input);
      expect(got.type, name).toBe(reason);
      expect(`0x${got.address.toString(16)}`, name).toBe(address);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });
});
