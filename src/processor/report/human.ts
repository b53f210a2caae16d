// Renders a ProcessReport as text in the layout of Breakpad's and rust-minidump's
// human output: summary, every thread's frames with the registers each frame
// recovered, then the module list with missing-symbol warnings.
import { FRAME_TRUST_DESCRIPTION as TRUST_TEXT } from '../walk/types.js';
import type { FrameReport, ProcessReport, ThreadReport } from './types.js';


export interface HumanOptions {
  /** Only the summary and the crashing thread (minidump-stackwalk --brief). */
  brief?: boolean;
}

export function renderHuman(report: ProcessReport, options: HumanOptions = {}): string {
  const out: string[] = [];
  const sys = report.system_info;
  out.push(`Operating system: ${sys.os}`);
  out.push(`                  ${sys.os_ver ?? ''}`);
  out.push(`CPU: ${sys.cpu_arch}`);
  if (sys.cpu_info) out.push(`     ${sys.cpu_info}`);
  out.push(`     ${sys.cpu_count} CPU${sys.cpu_count === 1 ? '' : 's'}`);
  out.push('');
  out.push('GPU: UNKNOWN');
  out.push('');
  if (report.lsb_release) {
    const l = report.lsb_release;
    out.push('Linux Standard Base:');
    if (l.id) out.push(`  ID: ${l.id}`);
    if (l.release) out.push(`  Release: ${l.release}`);
    if (l.codename) out.push(`  Codename: ${l.codename}`);
    if (l.description) out.push(`  Description: ${l.description}`);
    out.push('');
  }
  const crash = report.crash_info;
  if (crash.type && crash.address !== null) {
    out.push(`Crash reason:  ${crash.type}`);
    out.push(`Crash address: ${shortHex(crash.address)}`);
  } else {
    out.push('No crash');
  }
  if (crash.assertion) out.push(`Assertion: ${crash.assertion}`);
  out.push(`Process uptime: ${report.process_uptime === null ? 'not available' : `${report.process_uptime} seconds`}`);
  out.push('');

  const crashedIndex = report.crashing_thread?.threads_index ?? null;
  if (crashedIndex !== null && report.threads[crashedIndex]) {
    renderThread(out, report, report.threads[crashedIndex]!, crashedIndex, true);
  }
  if (!options.brief) {
    report.threads.forEach((thread, index) => {
      if (index !== crashedIndex) renderThread(out, report, thread, index, false);
    });
  }

  out.push('Loaded modules:');
  // Sorted by address, as Breakpad prints them.
  const order = report.modules.map((m, index) => ({ m, index })).sort((a, b) => (BigInt(a.m.base_addr) < BigInt(b.m.base_addr) ? -1 : 1));
  order.forEach(({ m, index }) => {
    let line = `${addr8(m.base_addr)} - ${addr8(hexMinus1(m.end_addr))}  ${m.filename}  ${m.version ?? '???'}`;
    if (index === report.main_module) line += '  (main)';
    if (m.missing_symbols) line += `  (WARNING: No symbols, ${m.debug_file ?? ''}, ${m.debug_id ?? ''})`;
    if (m.corrupt_symbols) line += '  (WARNING: Corrupt symbols)';
    out.push(line);
  });
  if (report.unloaded_modules.length > 0) {
    out.push('');
    out.push('Unloaded modules:');
    for (const m of report.unloaded_modules) out.push(`${addr8(m.base_addr)} - ${addr8(hexMinus1(m.end_addr))}  ${m.filename}`);
  }
  return out.join('\n') + '\n';
}

function renderThread(out: string[], report: ProcessReport, thread: ThreadReport, index: number, crashed: boolean): void {
  const name = thread.thread_name ? ` (name: ${thread.thread_name})` : '';
  out.push(`Thread ${index}${crashed ? ' (crashed)' : ''}${name}`);
  const width = report.system_info.cpu_arch === 'x86' || report.system_info.cpu_arch === 'arm' ? 4 : 8;
  let n = 0;
  if (thread.frames.length === 0) out.push(' <no frames>');
  for (const frame of thread.frames) {
    // Inline frames first, innermost first, each numbered as a frame of its own.
    for (const inline of frame.inlines ?? []) {
      out.push(`${String(n++).padStart(2)}  ${frame.module ?? ''}!${inline.function ?? '?'}${inline.file ? ` [${leaf(inline.file)} : ${inline.line ?? 0}]` : ''}`);
      out.push('    Found by: inlining');
    }
    out.push(`${String(n++).padStart(2)}  ${frameTitle(frame)}`);
    if (frame.registers) out.push(...registerLines(frame.registers, width));
    out.push(`    Found by: ${TRUST_TEXT[frame.trust]}`);
  }
  out.push('');
}

function frameTitle(frame: FrameReport): string {
  if (!frame.module) return shortHex(frame.offset);
  if (!frame.function) return `${frame.module} + ${shortHex(frame.module_offset)}`;
  let s = `${frame.module}!${frame.function}`;
  if (frame.file) {
    // As Breakpad: the offset is from the start of the pc's line record.
    s += ` [${leaf(frame.file)} : ${frame.line ?? 0} + ${shortHex(frame.line_offset ?? '0x0')}]`;
  } else {
    s += ` + ${shortHex(frame.function_offset)}`;
  }
  return s;
}

/** Registers laid out like Breakpad: 4 per line for 32-bit CPUs, 2 per line for 64-bit. */
function registerLines(registers: Record<string, string>, width: 4 | 8): string[] {
  const perLine = width === 4 ? 4 : 2;
  const cells = Object.entries(registers).map(([name, value]) => `${name.padStart(3)} = ${value}`);
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += perLine) lines.push(`    ${cells.slice(i, i + perLine).join('   ')}`);
  return lines;
}

/** Source paths are shown by file name only, as Breakpad does. */
function leaf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** Module addresses are printed with at least 8 hex digits (Breakpad's 0x%08llx). */
function addr8(h: string): string {
  return '0x' + (h.replace(/^0x0*/, '') || '0').padStart(8, '0');
}

function shortHex(h: string | null): string {
  if (!h) return '0x0';
  return '0x' + (h.replace(/^0x0*/, '') || '0');
}

function hexMinus1(h: string): string {
  const digits = h.length - 2;
  const v = BigInt(h) - 1n;
  return '0x' + (v < 0n ? 0n : v).toString(16).padStart(digits, '0');
}
