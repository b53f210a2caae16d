// Mozilla's extension streams that are plain data: MozLinuxLimits (/proc/self/limits),
// MozSoftErrors (a JSON string) and MozMacosBootargs (kernel boot args).
// MozMacosCrashInfo holds the __DATA,__crash_info records of a macOS process.
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { locationBytes, readLocation, readMinidumpString } from '../common.js';
import { ByteView as BV } from '../bytes.js';

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

/** rust-minidump's limits: at most 20 records, strings up to 8 KiB. */
export const MAC_CRASH_INFOS_MAX = 20;
export const MAC_CRASH_INFO_STRING_MAX_SIZE = 8192;

export interface MacCrashInfoRecord {
  streamType: bigint;
  version: bigint;
  /** v4+ fields (undefined in older records). */
  thread?: bigint;
  dialogMode?: bigint;
  /** v5+. */
  abortCause?: bigint;
  modulePath?: string;
  message?: string;
  signatureString?: string;
  backtrace?: string;
  message2?: string;
}

export interface MacCrashInfo {
  streamType: number;
  recordCount: number;
  recordStartSize: number;
  records: MacCrashInfoRecord[];
}

/**
 * MINIDUMP_MAC_CRASH_INFO: stream_type, record_count, record_start_size, then 20 location
 * descriptors. Each record is a fixed part of record_start_size bytes (u64 fields)
 * followed by NUL-terminated C strings.
 */
export function parseMozMacosCrashInfo(v: ByteView, file: ByteView): MacCrashInfo {
  if (v.length < 12 + 8 * MAC_CRASH_INFOS_MAX) throw new MinidumpError('TRUNCATED', `MacCrashInfo stream is ${v.length} bytes`);
  const recordCount = v.u32(4);
  const recordStartSize = v.u32(8);
  if (recordCount > MAC_CRASH_INFOS_MAX) throw new MinidumpError('BAD_COUNT', `MacCrashInfo: ${recordCount} records (max ${MAC_CRASH_INFOS_MAX})`);
  if (recordStartSize < 16) throw new MinidumpError('MALFORMED', `MacCrashInfo: record_start_size ${recordStartSize}`);
  const records: MacCrashInfoRecord[] = [];
  for (let i = 0; i < recordCount; i++) {
    const rv = new BV(locationBytes(file, readLocation(v, 12 + i * 8), 'mac crash info record'), file.littleEndian);
    if (rv.length < recordStartSize) throw new MinidumpError('TRUNCATED', `MacCrashInfo record ${i} is ${rv.length} bytes`);
    const version = rv.u64(8);
    const rec: MacCrashInfoRecord = { streamType: rv.u64(0), version };
    if (version >= 4n && recordStartSize >= 32) {
      rec.thread = rv.u64(16);
      rec.dialogMode = rv.u64(24);
    }
    if (version >= 5n && recordStartSize >= 40) rec.abortCause = rv.u64(32);
    if (version >= 4n) {
      let o = recordStartSize;
      const next = (): string => {
        const max = Math.min(rv.length, o + MAC_CRASH_INFO_STRING_MAX_SIZE + 1);
        let e = o;
        while (e < max && rv.bytes[e] !== 0) e++;
        if (e >= max && e < rv.length) throw new MinidumpError('MALFORMED', 'MacCrashInfo: string too long');
        const str = utf8.decode(rv.bytes.subarray(o, e));
        o = Math.min(rv.length, e + 1);
        return str;
      };
      rec.modulePath = next();
      rec.message = next();
      rec.signatureString = next();
      rec.backtrace = next();
      rec.message2 = next();
    }
    records.push(rec);
  }
  return { streamType: v.u32(0), recordCount, recordStartSize, records };
}
