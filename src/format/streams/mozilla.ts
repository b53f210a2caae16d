// Mozilla's extension streams that are plain data: MozLinuxLimits (/proc/self/limits),
// MozSoftErrors (a JSON string) and MozMacosBootargs (kernel boot args).
// MozMacosCrashInfo (__DATA,__crash_info records) is not parsed yet.
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { readMinidumpString } from '../common.js';

const utf8 = new TextDecoder('utf-8');

export interface ProcessLimit {
  name: string;
  soft: string;
  hard: string;
  unit: string;
}

/** /proc/self/limits rows: "Max open files   1024   4096   files" (header line skipped). */
export function parseMozLinuxLimits(bytes: Uint8Array): ProcessLimit[] {
  const out: ProcessLimit[] = [];
  for (const line of utf8.decode(bytes).split('\n')) {
    if (line.startsWith('Limit') || line.trim() === '') continue;
    const m = /^(.+?)\s{2,}(\S+)\s+(\S+)(?:\s+(\S+))?\s*$/.exec(line);
    if (m) out.push({ name: m[1]!.trim(), soft: m[2]!, hard: m[3]!, unit: m[4] ?? '' });
  }
  return out;
}

export interface SoftErrors {
  text: string;
  /** The parsed JSON, or null if the text is not valid JSON. */
  json: unknown;
}
export function parseMozSoftErrors(bytes: Uint8Array): SoftErrors {
  const text = utf8.decode(bytes);
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { text, json };
}

export interface MacBootargs {
  streamType: number;
  /** null when the string cannot be read. */
  bootargs: string | null;
}
/** MINIDUMP_MAC_BOOTARGS (packed): stream_type u32, bootargs RVA64 to a MINIDUMP_STRING. */
export function parseMozMacosBootargs(v: ByteView, file: ByteView): MacBootargs {
  if (v.length < 12) throw new MinidumpError('TRUNCATED', `MacBootargs stream is ${v.length} bytes, need 12`);
  const rva = v.u64(4);
  let bootargs: string | null = null;
  if (rva !== 0n && rva < BigInt(file.length)) {
    try {
      bootargs = readMinidumpString(file, Number(rva), 'boot args');
    } catch (e) {
      if (!(e instanceof MinidumpError)) throw e;
    }
  }
  return { streamType: v.u32(0), bootargs };
}
