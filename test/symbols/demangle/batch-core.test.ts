// The batch demangler (demangle/core.ts, run on a worker and the main thread)
// must give, name by name, what demangleSymbol() and the .sym name rules give one
// name at a time, and must flag aliases that differ. It has a fast lane for
// visible-ASCII names and a byte-wise lane for the rest; both are covered here.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BatchDemangleJob, DemangleWorker } from '../../../src/symbols/demangle/batch.js';
import { makeBatchCore } from '../../../src/symbols/demangle/core.js';
import { geckoWasm } from '../../../src/symbols/demangle/gecko.js';
import { demangleSymbol, SUFFIX } from '../../../src/symbols/demangle/index.js';
import { demangleFastBytes, demangleItanium, fastOutput } from '../../../src/symbols/demangle/itanium/index.js';
import { cleanName } from '../../../src/symbols/dump-syms/writer.js';

/** Packs names (and per-name alias lists) the way PublicTable.demangleBatch() does. */
function pack(entries: { name: string | null; aliases?: string[] }[]) {
  const chunks: Buffer[] = [];
  let at = 0;
  const put = (s: string): number => {
    const b = Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
    chunks.push(b);
    const start = at;
    at += b.length;
    return start;
  };
  const starts = new Int32Array(entries.length);
  const aliasStart = new Int32Array(entries.length + 1);
  const aliasList: number[] = [];
  entries.forEach((e, i) => {
    starts[i] = e.name === null ? -1 : put(e.name);
    aliasStart[i] = aliasList.length;
    for (const a of e.aliases ?? []) aliasList.push(put(a));
  });
  aliasStart[entries.length] = aliasList.length;
  return { bytes: new Uint8Array(Buffer.concat(chunks)), starts, aliasStart, aliases: Int32Array.from(aliasList) };
}

const NAMES: { name: string | null; aliases?: string[]; differs?: number }[] = [
  { name: '_ZN2v88internal4Heap7CollectENS0_16GarbageCollectorEPKc', aliases: ['_ZN2v88internal4Heap7CollectENS0_16GarbageCollectorEPKc'] },
  { name: '_ZNSt6vectorIiSaIiEE9push_backERKi' },
  { name: '_ZN4node7FPrintFIJRjEEEvP8_IO_FILEPKcDpOT_' },
  { name: 'main', aliases: ['main'] },
  { name: 'memcpy', aliases: ['__memcpy_avx'], differs: 1 },
  { name: 'foo', aliases: ['f\u00f6o'], differs: 2 },
  { name: '_ZN1A1fEv.cold' },
  { name: '_ZN1A1fEi.constprop.0.isra.0' },
  { name: '_ZN1A1fEv.foo.cold' },
  { name: '_ZN1A1fEv.part.12' },
  { name: '_ZN1A1fEv.cold [clone .isra.0]' },
  { name: '_ZN1A1fEv.' },
  { name: '_ZZN1A1fEvE1x_0' },
  { name: '_ZTVN1A1BE' },
  { name: '_ZN1a1fILi3EEEvT_' },
  { name: 'poll_cb.isra.0' },
  { name: '_ZN12_GLOBAL__N_13fooEv' },
  { name: 'f\u00e9e' },
  { name: 'tab\there' },
  { name: '   ' },
  { name: '' },
  { name: null },
  { name: '_Znot_valid_mangling' },
  { name: '_RNvCs1234_7mycrate3foo' },
  { name: '_ZN3foo3barE17h0123456789abcdefE' },
  { name: 'with space' },
  { name: 'a`b' },
];

describe('batch demangling core', () => {
  it.each([
    ['with', true],
    ['without', false],
  ])('gives each name what demangleSymbol and the name rules give, in both lanes and on chunk boundaries (%s the byte fast path)', (_, withFast) => {
    const batch = pack(NAMES);
    const fast = withFast ? { demangle: (b: Uint8Array, from: number, to: number) => demangleFastBytes(b, from, to), output: fastOutput } : undefined;
    const core = makeBatchCore(() => geckoWasm()?.exports, SUFFIX.source, (n) => demangleItanium(n), fast);
    // Run in two uneven chunks so that chunk offsets are exercised too.
    const cut = 7;
    const parts = [core.run(batch.bytes, batch.starts, batch.aliasStart, batch.aliases, 0, cut), core.run(batch.bytes, batch.starts, batch.aliasStart, batch.aliases, cut, NAMES.length)];
    const dec = new TextDecoder();
    NAMES.forEach((e, i) => {
      const o = i < cut ? parts[0]! : parts[1]!;
      const k = i < cut ? i : i - cut;
      const got = dec.decode(o.bytes.subarray(k === 0 ? 0 : o.ends[k - 1]!, o.ends[k]!));
      const want = cleanName(e.name === null ? '' : demangleSymbol(e.name));
      expect(got, JSON.stringify(e.name)).toBe(want);
      expect(o.differs[k], `differs of ${JSON.stringify(e.name)}`).toBe(e.differs ?? 0);
    });
  });
});

describe('BatchDemangleJob', () => {
  // 2,000 names: a started worker and this thread share the chunks.
  const many = Array.from({ length: 2000 }, (_, i) => NAMES[i % NAMES.length]!);
  const check = (got: (i: number) => string, differs: (i: number) => number): void => {
    many.forEach((e, i) => {
      expect(got(i), JSON.stringify(e.name)).toBe(cleanName(e.name === null ? '' : demangleSymbol(e.name)));
      expect(differs(i), `differs of ${JSON.stringify(e.name)}`).toBe(e.differs ?? 0);
    });
  };
  const dec = new TextDecoder();

  it('with a worker started ahead (needs the build: dist/demangle-itanium.cjs), gives the same names', async () => {
    const worker = DemangleWorker.start();
    const job = new BatchDemangleJob(pack(many), { worker, minWorkerNames: 100, chunk: 16 });
    // Let the worker boot and take chunks before this thread helps.
    await new Promise((r) => setTimeout(r, worker ? 500 : 0));
    const out = await job.results();
    check((i) => dec.decode(out.get(i)), (i) => out.differs(i));
    if (worker) expect(job.workerChunks).toBeGreaterThan(0);
  });

  it('without a worker (too few names), does everything on this thread', async () => {
    const job = new BatchDemangleJob(pack(many), { minWorkerNames: 1_000_000, chunk: 16 });
    const out = await job.results();
    expect(job.workerChunks).toBe(0);
    check((i) => dec.decode(out.get(i)), (i) => out.differs(i));
  });

  /** Asks for every name in order, as PublicRows.writeReady does. */
  async function drive(job: BatchDemangleJob, count: number): Promise<void> {
    for (let i = 0; i < count; i++) while (!job.partial.has(i)) await job.advance(i);
  }

  it('waits for a working worker instead of demangling here (needs the build)', async () => {
    const worker = DemangleWorker.start();
    if (!worker) return;
    // A stall bound no healthy worker reaches: every chunk must come from the worker.
    const job = new BatchDemangleJob(pack(many), { worker, minWorkerNames: 100, chunk: 16, stallMs: 60_000 });
    try {
      await drive(job, many.length);
      expect(job.workerChunks).toBe(Math.ceil(many.length / 16));
      check((i) => dec.decode(job.partial.get(i)), (i) => job.partial.differs(i));
    } finally {
      job.cancel();
    }
  });

  it('demangles here when the worker sends nothing for stallMs', async () => {
    // A worker that boots and never answers (starved, or stuck).
    const silent = new Worker('setInterval(() => {}, 1000);', { eval: true });
    const worker = new (DemangleWorker as unknown as new (w: Worker) => DemangleWorker)(silent);
    const job = new BatchDemangleJob(pack(many), { worker, minWorkerNames: 100, chunk: 100, stallMs: 10 });
    try {
      expect(job.working).toBe(true);
      await drive(job, many.length);
      expect(job.workerChunks).toBe(0);
      check((i) => dec.decode(job.partial.get(i)), (i) => job.partial.differs(i));
    } finally {
      job.cancel();
    }
  });
});
