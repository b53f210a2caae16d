// Breakpad's Linux streams: copies of /proc files (cpuinfo, status, lsb-release,
// cmdline, environ, auxv, maps) and the r_debug/link_map snapshot (DsoDebug).
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { readMinidumpString } from '../common.js';

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** Text of a /proc copy (UTF-8, invalid bytes replaced). */
export function streamText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** "key : value" lines; /proc/cpuinfo processors are separated by blank lines. */
export interface LinuxCpuInfo {
  text: string;
  processors: Map<string, string>[];
  /** The first processor's "microcode" value as a number, if any. */
  microcode: bigint | null;
}

function colonPairs(block: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of block.split('\n')) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim();
    if (k && !m.has(k)) m.set(k, line.slice(i + 1).trim());
  }
  return m;
}

export function parseLinuxCpuInfo(bytes: Uint8Array): LinuxCpuInfo {
  const text = streamText(bytes);
  const processors = text
    .split(/\n\s*\n/)
    .filter((b) => b.trim() !== '')
    .map(colonPairs);
  const mc = processors[0]?.get('microcode');
  let microcode: bigint | null = null;
  if (mc && /^(0x[0-9a-f]+|\d+)$/i.test(mc)) microcode = BigInt(mc);
  return { text, processors, microcode };
}

export interface LinuxProcStatus {
  text: string;
  fields: Map<string, string>;
}
export function parseLinuxProcStatus(bytes: Uint8Array): LinuxProcStatus {
  const text = streamText(bytes);
  return { text, fields: colonPairs(text) };
}

export interface LinuxLsbRelease {
  text: string;
  /** All KEY=value pairs, quotes removed. */
  fields: Map<string, string>;
  /** rust-minidump's summary (DISTRIB_* from lsb-release, else os-release keys). */
  id: string | null;
  release: string | null;
  codename: string | null;
  description: string | null;
}
export function parseLinuxLsbRelease(bytes: Uint8Array): LinuxLsbRelease {
  const text = streamText(bytes);
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i <= 0) continue;
    let val = line.slice(i + 1).trim();
    if (val.length >= 2 && (val[0] === '"' || val[0] === "'") && val[val.length - 1] === val[0]) val = val.slice(1, -1);
    fields.set(line.slice(0, i).trim(), val);
  }
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = fields.get(k);
      if (v !== undefined) return v;
    }
    return null;
  };
  return {
    text,
    fields,
    id: pick('DISTRIB_ID', 'ID'),
    release: pick('DISTRIB_RELEASE', 'VERSION_ID'),
    codename: pick('DISTRIB_CODENAME', 'VERSION_CODENAME'),
    description: pick('DISTRIB_DESCRIPTION', 'PRETTY_NAME'),
  };
}

/** NUL-separated strings (a trailing NUL does not make an empty last entry). */
export function splitNul(bytes: Uint8Array): string[] {
  if (bytes.length === 0) return [];
  const end = bytes[bytes.length - 1] === 0 ? bytes.length - 1 : bytes.length;
  return utf8.decode(bytes.subarray(0, end)).split('\0');
}

export interface LinuxCmdLine {
  args: string[];
}
export function parseLinuxCmdLine(bytes: Uint8Array): LinuxCmdLine {
  return { args: splitNul(bytes) };
}

export interface LinuxEnviron {
  /** In stream order; entries without '=' get an empty value. */
  entries: [string, string][];
  vars: Map<string, string>;
}
export function parseLinuxEnviron(bytes: Uint8Array): LinuxEnviron {
  const entries = splitNul(bytes)
    .filter((s) => s !== '')
    .map((s): [string, string] => {
      const i = s.indexOf('=');
      return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
    });
  return { entries, vars: new Map(entries) };
}

export const AuxvType = { Null: 0, Phdr: 3, Phent: 4, Phnum: 5, Pagesz: 6, Base: 7, Entry: 9, Hwcap: 16, Platform: 15, Random: 25, Hwcap2: 26, Execfn: 31, SysinfoEhdr: 33 } as const;

export interface AuxvEntry {
  type: bigint;
  value: bigint;
}
/** Pairs of pointer-width words, stopping at AT_NULL. */
export function parseLinuxAuxv(v: ByteView, width: 4 | 8): AuxvEntry[] {
  const n = Math.floor(v.length / (2 * width));
  const out: AuxvEntry[] = [];
  for (let i = 0; i < n; i++) {
    const type = v.ptr(i * 2 * width, width);
    if (type === 0n) break;
    out.push({ type, value: v.ptr(i * 2 * width + width, width) });
  }
  return out;
}

export interface LinuxMapping {
  start: bigint;
  end: bigint;
  /** e.g. "r-xp". */
  perms: string;
  readable: boolean;
  writable: boolean;
  executable: boolean;
  privateMapping: boolean;
  offset: bigint;
  dev: string;
  inode: bigint;
  /** Path or pseudo-name like "[stack]"; '' for anonymous. */
  path: string;
}

const MAPS_LINE = /^([0-9a-fA-F]+)-([0-9a-fA-F]+)\s+(\S{4})\s+([0-9a-fA-F]+)\s+(\S+)\s+(\d+)\s*(.*)$/;

/** One line of /proc/self/maps, or null if it does not parse. */
export function parseMapsLine(line: string): LinuxMapping | null {
  const m = MAPS_LINE.exec(line);
  if (!m) return null;
  const perms = m[3]!;
  return {
    start: BigInt('0x' + m[1]!),
    end: BigInt('0x' + m[2]!),
    perms,
    readable: perms[0] === 'r',
    writable: perms[1] === 'w',
    executable: perms[2] === 'x',
    privateMapping: perms[3] === 'p',
    offset: BigInt('0x' + m[4]!),
    dev: m[5]!,
    inode: BigInt(m[6]!),
    path: m[7]!.trim(),
  };
}

/** All parseable lines (maps paths are bytes; decode as latin1 so nothing is lost). */
export function parseLinuxMaps(bytes: Uint8Array): LinuxMapping[] {
  const out: LinuxMapping[] = [];
  for (const line of latin1.decode(bytes).split('\n')) {
    const m = parseMapsLine(line);
    if (m) out.push(m);
  }
  return out;
}

export interface LinkMapEntry {
  addr: bigint;
  nameRva: number;
  name: string | null;
  ld: bigint;
}
export interface LinuxDsoDebug {
  version: number;
  mapRva: number;
  dsoCount: number;
  brk: bigint;
  ldbase: bigint;
  dynamic: bigint;
  linkMap: LinkMapEntry[];
}

/**
 * MDRawDebug: 64-bit layout (40 bytes; link_map entries 24) or 32-bit (24; 12),
 * chosen by `width` (the dump's pointer size).
 */
export function parseLinuxDsoDebug(v: ByteView, file: ByteView, width: 4 | 8): LinuxDsoDebug {
  const size = width === 8 ? 40 : 24;
  if (v.length < size) throw new MinidumpError('TRUNCATED', `DsoDebug stream is ${v.length} bytes, need ${size}`);
  const p = width === 8 ? 16 : 12;
  const mapRva = v.u32(4);
  const dsoCount = v.u32(8);
  const entry = width === 8 ? 24 : 12;
  if (dsoCount > 0 && !file.has(mapRva, dsoCount * entry)) {
    throw new MinidumpError('BAD_COUNT', `DsoDebug: ${dsoCount} link_map entries at 0x${mapRva.toString(16)} do not fit in the dump`);
  }
  const linkMap: LinkMapEntry[] = new Array(dsoCount);
  for (let i = 0; i < dsoCount; i++) {
    const o = mapRva + i * entry;
    const nameRva = file.u32(o + width);
    let name: string | null = null;
    try {
      name = nameRva ? readMinidumpString(file, nameRva, 'link_map name') : null;
    } catch (e) {
      if (!(e instanceof MinidumpError)) throw e;
    }
    linkMap[i] = { addr: file.ptr(o, width), nameRva, name, ld: file.ptr(o + (width === 8 ? 16 : 8), width) };
  }
  return {
    version: v.u32(0),
    mapRva,
    dsoCount,
    brk: v.ptr(p, width),
    ldbase: v.ptr(p + width, width),
    dynamic: v.ptr(p + 2 * width, width),
    linkMap,
  };
}
