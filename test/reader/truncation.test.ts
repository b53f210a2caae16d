// Every prefix of a real dump, and randomly corrupted copies, must either read or
// fail with a MinidumpError: never a RangeError/TypeError from inside the reader.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MinidumpError } from '../../src/errors.js';
import { readMinidumpSync } from '../../src/reader/index.js';
import { buildAmd64Dump } from './fixtures.js';
import { seededRandom } from '../helpers.js';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
const CORPUS = `${SHARED}/corpus/breakpad`;

const GETTERS = [
  'threads', 'modules', 'memory', 'exception', 'systemInfo', 'miscInfo', 'threadNames', 'threadInfo', 'unloadedModules',
  'memoryInfo', 'handles', 'assertion', 'breakpadInfo', 'crashpadInfo', 'linuxCpuInfo', 'linuxProcStatus', 'linuxLsbRelease',
  'linuxCmdLine', 'linuxEnviron', 'linuxAuxv', 'linuxMaps', 'linuxDsoDebug', 'mozLinuxLimits', 'mozSoftErrors', 'mozMacosBootargs', 'mozMacosCrashInfo',
] as const;

/** A MinidumpError that is not a wrapped internal exception (the reader wraps stray errors as MALFORMED with a cause). */
function isTyped(e: unknown): boolean {
  return e instanceof MinidumpError && !(e.cause instanceof Error && !(e.cause instanceof MinidumpError));
}

/** Open and touch everything; return the number of non-MinidumpError failures (0 expected). */
function exercise(bytes: Uint8Array): string | null {
  try {
    const d = readMinidumpSync(bytes);
    for (const g of GETTERS) {
      try {
        void d[g];
      } catch (e) {
        if (!isTyped(e)) return `${g}: ${String(e)} ${String((e as Error).cause)}`;
      }
    }
    try {
      for (const t of d.threads ?? []) {
        d.threadStack(t);
        const sp = t.context?.registers.get('rsp') ?? t.context?.registers.get('esp');
        if (sp !== undefined) d.memoryAt(sp)?.readPointer(sp, 8);
      }
      d.memoryAt(0n);
      d.crashingThread();
      for (const t of d.threads ?? []) d.moduleAt(t.context?.registers.get('rip') ?? t.context?.registers.get('eip') ?? 0n);
    } catch (e) {
      if (!isTyped(e)) return `memory: ${String(e)}`;
    }
  } catch (e) {
    if (!isTyped(e)) return `open: ${String(e)}`;
  }
  return null;
}

function prefixes(bytes: Uint8Array, step: number): string[] {
  const bad: string[] = [];
  for (let n = 0; n <= bytes.length; n += step) {
    const r = exercise(bytes.slice(0, n));
    if (r) bad.push(`${n}: ${r}`);
  }
  return bad;
}


function corruptions(bytes: Uint8Array, rounds: number, seed: number): string[] {
  const r = seededRandom(seed);
  const bad: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const b = bytes.slice();
    const flips = 1 + Math.floor(r() * 8);
    for (let j = 0; j < flips; j++) {
      // Bias toward the header/directory and stream headers where counts live.
      const pos = r() < 0.5 ? Math.floor(r() * Math.min(b.length, 4096)) : Math.floor(r() * b.length);
      b[pos] = r() < 0.3 ? 0xff : Math.floor(r() * 256);
    }
    const res = exercise(b);
    if (res) bad.push(`round ${i}: ${res}`);
  }
  return bad;
}

describe('truncated and corrupted input', () => {
  it('every prefix of a synthetic dump', () => {
    expect(prefixes(buildAmd64Dump(), 1)).toEqual([]);
    expect(prefixes(buildAmd64Dump(false), 1)).toEqual([]);
  });
  it('random corruption of a synthetic dump', () => {
    expect(corruptions(buildAmd64Dump(), 2000, 1)).toEqual([]);
  });
});

describe.skipIf(!existsSync(CORPUS))('truncated and corrupted corpus dumps', () => {
  it('every prefix of minidump2.dmp', () => {
    expect(prefixes(readFileSync(`${CORPUS}/minidump2.dmp`), 1)).toEqual([]);
  });
  for (const [name, step] of [
    ['linux_divide_by_zero.dmp', 7],
    ['linux_inline.dmp', 5],
    ['thread_name_list.dmp', 5],
    ['minidump_crashpad_annotation.dmp', 331],
  ] as const) {
    it(`prefixes of ${name} (step ${step})`, () => {
      expect(prefixes(readFileSync(`${CORPUS}/${name}`), step)).toEqual([]);
    });
  }
  for (const name of ['minidump2.dmp', 'linux_raise_sigabrt.dmp', 'minidump_crashpad_annotation.dmp', 'thread_name_list.dmp', 'tiny-exe-with-cet-xsave.dmp']) {
    it(`random corruption of ${name}`, () => {
      expect(corruptions(readFileSync(`${CORPUS}/${name}`), 300, name.length)).toEqual([]);
    });
  }
});
