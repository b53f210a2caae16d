// Check the reader against Breakpad's own `minidump_dump` for every corpus dump,
// and against the Module| lines of the reference `minidump_stackwalk -m` output.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMinidumpSync, type Minidump } from '../../src/reader/index.js';
import { type DumpBlock, num, parseMinidumpDumpOutput, unquote } from './breakpadDump.js';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
const CORPUS = `${SHARED}/corpus/breakpad`;
const DUMP_BIN = fileURLToPath(new URL('../../node_modules/minidump/bin/linux-x64/minidump_dump', import.meta.url));
const dumps = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.dmp')).sort() : [];

function breakpadDump(file: string): DumpBlock[] {
  let out: string;
  try {
    out = execFileSync(DUMP_BIN, [file], { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // minidump_dump exits non-zero when some stream fails; its stdout is still usable.
    out = (e as { stdout?: string }).stdout ?? '';
  }
  return parseMinidumpDumpOutput(out);
}

function blocks(bs: DumpBlock[], heading: string): DumpBlock[] {
  return bs.filter((b) => b.heading === heading);
}
function f(b: DumpBlock | undefined, key: string): string | undefined {
  return b?.fields.get(key);
}

/** Registers Breakpad prints under the same name as ours, per CPU. */
const CTX_KEYS: Record<string, string[]> = {
  MDRawContextX86: ['eip', 'esp', 'ebp', 'ebx', 'esi', 'edi', 'eax', 'ecx', 'edx', 'cs', 'ss', 'gs', 'fs', 'es', 'ds', 'dr0', 'dr7'],
  MDRawContextAMD64: ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r12', 'r15', 'rip', 'eflags', 'cs', 'ss', 'ds', 'gs', 'dr0', 'dr7'],
};

function checkContext(ours: Minidump['exception'] extends infer _ ? import('../../src/reader/index.js').CpuContext | null : never, block: DumpBlock | undefined): void {
  if (!block || !(block.heading in CTX_KEYS)) return;
  expect(ours, 'context').not.toBeNull();
  expect(ours!.contextFlags).toBe(Number(num(f(block, 'context_flags'))));
  expect(ours!.cpu).toBe(block.heading === 'MDRawContextX86' ? 'x86' : 'amd64');
  for (const k of CTX_KEYS[block.heading]!) {
    const v = ours!.registers.get(k);
    if (v !== undefined) expect(v, k).toBe(num(f(block, k)));
  }
  const pc = block.heading === 'MDRawContextX86' ? 'eip' : 'rip';
  if ((ours!.contextFlags & 1) !== 0) expect(ours!.registers.get(pc)).toBe(num(f(block, pc)));
}

describe.skipIf(!existsSync(CORPUS) || !existsSync(DUMP_BIN))('corpus vs Breakpad minidump_dump', () => {
  it('has dumps', () => expect(dumps.length).toBeGreaterThan(10));

  for (const name of dumps) {
    it(name, () => {
      const path = `${CORPUS}/${name}`;
      const ref = breakpadDump(path);
      const d = readMinidumpSync(readFileSync(path));

      // Header and directory.
      const hdr = blocks(ref, 'MDRawHeader')[0];
      expect(d.header.streamCount).toBe(Number(num(f(hdr, 'stream_count'))));
      expect(d.header.version >>> 0).toBe(Number(num(f(hdr, 'version'))));
      const dirs = blocks(ref, 'MDRawDirectory');
      expect(d.streams.map((s) => [s.streamType, s.location.dataSize, s.location.rva])).toEqual(
        dirs.map((b) => [Number(num(f(b, 'stream_type'))), Number(num(f(b, 'location.data_size'))), Number(num(f(b, 'location.rva')))]),
      );

      // Threads (each MDRawThread block is followed by its context block).
      const tl = blocks(ref, 'MinidumpThreadList')[0];
      const threads = d.threads ?? [];
      expect(threads.length).toBe(Number(num(f(tl, 'thread_count'))));
      const threadIdx = ref.flatMap((b, i) => (b.heading === 'MDRawThread' ? [i] : []));
      threads.forEach((t, i) => {
        const b = ref[threadIdx[i]!]!;
        expect(t.threadId).toBe(Number(num(f(b, 'thread_id'))));
        expect(t.suspendCount).toBe(Number(num(f(b, 'suspend_count'))));
        expect(t.priority).toBe(Number(num(f(b, 'priority'))));
        expect(t.teb).toBe(num(f(b, 'teb')));
        expect(t.stack.start).toBe(num(f(b, 'stack.start_of_memory_range')));
        expect(t.stack.size).toBe(Number(num(f(b, 'stack.memory.data_size'))));
        checkContext(t.context, ref[threadIdx[i]! + 1]);
      });
      // Stack bytes: Breakpad prints "Stack" then the bytes as one 0x-prefixed hex line.
      const stackIdx = ref.flatMap((b, i) => (b.heading === 'Stack' ? [i] : []));
      if (stackIdx.length === threads.length) {
        threads.forEach((t, i) => {
          const line = ref[stackIdx[i]! + 1]?.heading ?? '';
          if (t.stack.size > 0 && line.startsWith('0x')) expect('0x' + Buffer.from(t.stack.bytes).toString('hex')).toBe(line);
        });
      }

      // Modules.
      const ml = blocks(ref, 'MinidumpModuleList')[0];
      const mods = d.modules ?? [];
      expect(mods.length).toBe(Number(num(f(ml, 'module_count'))));
      blocks(ref, 'MDRawModule').forEach((b, i) => {
        const m = mods[i]!;
        expect(m.baseOfImage).toBe(num(f(b, 'base_of_image')));
        expect(m.sizeOfImage).toBe(Number(num(f(b, 'size_of_image'))));
        expect(m.timeDateStamp).toBe(Number(num(f(b, 'time_date_stamp'))));
        expect(m.codeFile).toBe(unquote(f(b, '(code_file)')));
        // Breakpad prints the placeholder "id" where rust-minidump (and we) have no code id.
        const codeId = unquote(f(b, '(code_identifier)'));
        expect(m.codeId ?? 'id').toBe(codeId === '' ? 'id' : codeId);
        expect(m.debugFile ?? '').toBe(unquote(f(b, '(debug_file)')) ?? '');
        expect(m.debugId ?? '').toBe(unquote(f(b, '(debug_identifier)')) ?? '');
        expect(m.version ?? '').toBe(unquote(f(b, '(version)')) ?? '');
      });

      // Memory list.
      const mem = blocks(ref, 'MinidumpMemoryList')[0];
      if (mem) {
        const regions = blocks(ref, 'MDMemoryDescriptor');
        expect(regions.length).toBe(Number(num(f(mem, 'region_count'))));
        for (const r of regions) {
          const base = num(f(r, 'start_of_memory_range'));
          const size = Number(num(f(r, 'memory.data_size')));
          if (size === 0) continue;
          const ours = d.memoryAt(base);
          expect(ours?.base).toBe(base);
          expect(d.memoryAt(base + BigInt(size) - 1n)).toBeDefined();
        }
      }

      // Exception.
      const exb = blocks(ref, 'MDException')[0];
      if (exb) {
        const ex = d.exception!;
        expect(ex.threadId).toBe(Number(num(f(exb, 'thread_id'))));
        expect(ex.exceptionCode).toBe(Number(num(f(exb, 'exception_record.exception_code'))));
        expect(ex.exceptionFlags).toBe(Number(num(f(exb, 'exception_record.exception_flags'))));
        expect(ex.exceptionAddress).toBe(num(f(exb, 'exception_record.exception_address')));
        expect(ex.numberParameters).toBe(Number(num(f(exb, 'exception_record.number_parameters'))));
        ex.parameters.forEach((p, i) => expect(p).toBe(num(f(exb, `exception_record.exception_information[${String(i).padStart(2)}]`))));
        checkContext(ex.context, ref[ref.indexOf(exb) + 1]);
      } else {
        expect(d.exception).toBeUndefined();
      }

      // System info.
      const sib = blocks(ref, 'MDRawSystemInfo')[0];
      if (sib) {
        const si = d.systemInfo!;
        expect(si.processorArchitecture).toBe(Number(num(f(sib, 'processor_architecture'))));
        expect(si.processorLevel).toBe(Number(num(f(sib, 'processor_level'))));
        expect(si.processorRevision).toBe(Number(num(f(sib, 'processor_revision'))));
        expect(si.numberOfProcessors).toBe(Number(num(f(sib, 'number_of_processors'))));
        expect(si.majorVersion).toBe(Number(num(f(sib, 'major_version'))));
        expect(si.buildNumber).toBe(Number(num(f(sib, 'build_number'))));
        expect(si.platformId).toBe(Number(num(f(sib, 'platform_id'))));
        expect(si.csdVersion).toBe(unquote(f(sib, '(csd_version)')));
        expect(si.cpuVendor).toBe(unquote(f(sib, '(cpu_vendor)')));
      }

      // Misc info.
      const mib = blocks(ref, 'MDRawMiscInfo')[0];
      if (mib) {
        const mi = d.miscInfo!;
        expect(mi.sizeOfInfo).toBe(Number(num(f(mib, 'size_of_info'))));
        expect(mi.flags1).toBe(Number(num(f(mib, 'flags1'))));
        const pid = f(mib, 'process_id');
        if (pid && pid !== '(invalid)') expect(mi.processId).toBe(Number(num(pid)));
        const ct = f(mib, 'process_create_time');
        if (ct && ct !== '(invalid)') expect(mi.processCreateTime).toBe(Number(num(ct)));
        const mhz = f(mib, 'processor_max_mhz');
        if (mhz && mhz !== '(invalid)') expect(mi.processorMaxMhz).toBe(Number(num(mhz)));
      }

      // Breakpad info.
      const bib = blocks(ref, 'MDRawBreakpadInfo')[0];
      if (bib) {
        const bi = d.breakpadInfo!;
        expect(bi.validity).toBe(Number(num(f(bib, 'validity'))));
        if (bi.dumpThreadId !== undefined) expect(bi.dumpThreadId).toBe(Number(num(f(bib, 'dump_thread_id'))));
        if (bi.requestingThreadId !== undefined) expect(bi.requestingThreadId).toBe(Number(num(f(bib, 'requesting_thread_id'))));
      }

      // Thread names.
      const tnl = blocks(ref, 'MinidumpThreadNameList')[0];
      if (tnl) {
        const names = d.threadNames!;
        expect(names.length).toBe(Number(num(f(tnl, 'thread_name_count'))));
        blocks(ref, 'MDRawThreadName').forEach((b, i) => {
          expect(names[i]!.threadId).toBe(Number(num(f(b, 'thread_id'))));
          expect(names[i]!.name).toBe(unquote(f(b, 'thread_name')));
        });
      }

      // Crashpad info.
      const cpb = blocks(ref, 'MDRawCrashpadInfo')[0];
      if (cpb) {
        const ci = d.crashpadInfo!;
        expect(ci.version).toBe(Number(num(f(cpb, 'version'))));
        expect(ci.reportId).toBe(f(cpb, 'report_id'));
        expect(ci.clientId).toBe(f(cpb, 'client_id'));
        for (const [k, v] of ci.simpleAnnotations) expect(f(cpb, `simple_annotations["${k}"]`)).toBe(v);
        ci.moduleList.forEach((m, i) => {
          expect(m.moduleIndex).toBe(Number(num(f(cpb, `module_list[${i}].minidump_module_list_index`))));
          for (const a of m.annotationObjects) {
            if (a.stringValue !== null && !a.stringValue.includes('\n')) {
              expect(f(cpb, `module_list[${i}].crashpad_annotations["${a.name}"] (type`)).toBe(`${a.type}) = ${a.stringValue}`.trim());
            }
          }
          m.listAnnotations.forEach((s, j) => {
            if (!s.includes('\n')) expect(f(cpb, `module_list[${i}].list_annotations[${j}]`)).toBe(s);
          });
          for (const [k, v] of m.simpleAnnotations) expect(f(cpb, `module_list[${i}].simple_annotations["${k}"]`)).toBe(v);
        });
      }
    });
  }
});

describe.skipIf(!existsSync(`${CORPUS}/refs`))('corpus vs reference Module| lines', () => {
  for (const name of dumps) {
    const mtxt = `${CORPUS}/refs/${name.replace(/\.dmp$/, '.m.txt')}`;
    if (!existsSync(mtxt)) continue;
    it(name, () => {
      const d = readMinidumpSync(readFileSync(`${CORPUS}/${name}`));
      const lines = readFileSync(mtxt, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('Module|'))
        .map((l) => l.split('|'));
      const mods = d.modules!;
      expect(mods.length).toBe(lines.length);
      const base = (p: string | null) => (p ?? '').split(/[\\/]/).pop() ?? '';
      lines.forEach((l) => {
        // Module| lines are not in directory order; match by base address.
        const m = mods.find((x) => x.baseOfImage === BigInt(l[5]!))!;
        expect(m).toBeDefined();
        expect(base(m.codeFile)).toBe(l[1]);
        expect(m.version ?? '').toBe(l[2]);
        expect(base(m.debugFile)).toBe(l[3]);
        expect(m.debugId ?? '').toBe(l[4]);
        expect(m.baseOfImage).toBe(BigInt(l[5]!));
        expect(m.baseOfImage + BigInt(m.sizeOfImage) - 1n).toBe(BigInt(l[6]!));
      });
      const cpu = readFileSync(mtxt, 'utf8').split('\n').find((l) => l.startsWith('CPU|'))?.split('|');
      if (cpu) {
        expect(d.systemInfo!.cpuArch).toBe(cpu[1]);
        expect(d.systemInfo!.cpuInfo ?? '').toBe(cpu[2]);
        expect(String(d.systemInfo!.numberOfProcessors)).toBe(cpu[3]);
      }
    });
  }
});
