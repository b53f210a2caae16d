// processMinidump() against Breakpad's minidump_stackwalk, frame by frame, on the real corpus.
// The references (refs/NAME.m.txt) were printed by Breakpad, not by us.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { processMinidump, renderHuman, type ProcessReport } from '../../src/index.js';
import { CORPUS, CORPUS_SYMBOLS, HAS_CORPUS, REFS } from '../helpers.js';

interface RefFrame {
  module: string;
  func: string;
  file: string;
  line: string;
  offset: bigint;
}

function breakpadFrames(text: string): RefFrame[][] {
  const threads: RefFrame[][] = [];
  for (const line of text.split('\n')) {
    const f = line.split('|');
    if (!/^\d+$/.test(f[0]!) || f.length < 7) continue;
    (threads[Number(f[0])] ??= []).push({ module: f[2]!, func: f[3]!, file: f[4]!, line: f[5]!, offset: BigInt(f[6]!) });
  }
  return threads;
}

/** Our frames flattened like Breakpad's -m output: inline frames first, then the physical frame. */
function ourFrames(report: ProcessReport): RefFrame[][] {
  return report.threads.map((t) =>
    t.frames.flatMap((fr) => {
      const pc = BigInt(fr.offset);
      const physical: RefFrame = {
        module: fr.module ?? '',
        func: fr.function ?? '',
        file: fr.file ?? '',
        line: fr.line === null ? '' : String(fr.line),
        // Breakpad's offset: from the line record, else the function, else the module.
        offset: fr.file && fr.line_offset ? BigInt(fr.line_offset) : fr.function_offset ? BigInt(fr.function_offset) : fr.module_offset ? BigInt(fr.module_offset) : pc,
      };
      const inlines = (fr.inlines ?? []).map((i) => ({ module: fr.module ?? '', func: i.function ?? '', file: i.file ?? '', line: i.line === null ? '' : String(i.line), offset: -1n }));
      return [...inlines, physical];
    }),
  );
}

const dumps = HAS_CORPUS ? readdirSync(CORPUS).filter((f) => f.endsWith('.dmp') && existsSync(join(REFS, f.replace(/\.dmp$/, '.m.txt')))) : [];

describe.skipIf(!HAS_CORPUS)('processMinidump on the Breakpad corpus', () => {
  it.each(dumps)('%s: frames, files, lines and offsets as Breakpad prints them', async (file) => {
    const ref = readFileSync(join(REFS, file.replace(/\.dmp$/, '.m.txt')), 'utf8');
    const report = await processMinidump(join(CORPUS, file), { symbolsPaths: [CORPUS_SYMBOLS] });
    const want = breakpadFrames(ref);
    const got = ourFrames(report);
    want.forEach((frames, t) => {
      if (!frames || frames.length === 0) return;
      frames.forEach((w, i) => {
        const g = got[t]?.[i];
        expect(g, `thread ${t} frame ${i}`).toBeDefined();
        expect({ module: g!.module, func: g!.func, file: g!.file, line: g!.line }, `thread ${t} frame ${i}`).toEqual({ module: w.module, func: w.func, file: w.file, line: w.line });
        if (g!.offset >= 0n) expect(g!.offset, `thread ${t} frame ${i} offset`).toBe(w.offset);
      });
      expect(got[t]!.length, `thread ${t} frame count`).toBe(frames.length);
    });
    // The crash line: reason, address, crashing thread.
    const crash = ref.split('\n').find((l) => l.startsWith('Crash|'))!.split('|');
    expect(report.crash_info.type).toBe(crash[1]);
    if (crash[2]) expect(BigInt(report.crash_info.address!)).toBe(BigInt(crash[2]));
    if (crash[3]) expect(report.crash_info.crashing_thread).toBe(Number(crash[3]));
    // Modules: file, version, debug file and id, range, main module.
    const refModules = ref.split('\n').filter((l) => l.startsWith('Module|')).map((l) => l.split('|'));
    expect(report.modules.length).toBe(refModules.length);
    for (const [, name, , debugFile, debugId, base, end, main] of refModules) {
      const m = report.modules.find((x) => x.filename === name && BigInt(x.base_addr) === BigInt(base!))!;
      expect(m, name).toBeDefined();
      expect(m.debug_file).toBe(debugFile);
      expect(m.debug_id).toBe(debugId);
      expect(BigInt(m.end_addr) - 1n).toBe(BigInt(end!));
      if (main === '1') expect(report.modules.indexOf(m)).toBe(report.main_module);
    }
  });

  it.each(dumps.filter((d) => !d.startsWith('tiny-exe-with-cet-xsave-x86')))('%s: human report threads match Breakpad --human', async (file) => {
    const ref = readFileSync(join(REFS, file.replace(/\.dmp$/, '.human.txt')), 'utf8');
    const report = await processMinidump(join(CORPUS, file), { symbolsPaths: [CORPUS_SYMBOLS], frameRegisters: 'all' });
    const ours = renderHuman(report);
    // Compare the thread sections (frames, registers, trust); the header differs on purpose
    // (we add Linux Standard Base and thread names).
    const threads = (text: string) =>
      text
        .split('\n')
        .filter((l) => /^\s*\d+\s\s\S/.test(l) || /^\s+Found by:/.test(l) || /^\s+[a-z0-9]{2,3} = 0x/.test(l));
    expect(threads(ours)).toEqual(threads(ref));
  });
});
