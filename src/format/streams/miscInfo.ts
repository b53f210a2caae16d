// MiscInfo stream (15): MINIDUMP_MISC_INFO versions 1-5, told apart by size_of_info.
// Each group of fields is present only when the struct is big enough and its flags1 bit is set.
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { MiscInfoFlag } from '../constants.js';

export const MISC_INFO_SIZES = { 1: 24, 2: 44, 3: 232, 4: 832, 5: 1364 } as const;

export interface SystemTime {
  year: number;
  month: number;
  dayOfWeek: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  milliseconds: number;
}

export interface TimeZoneInformation {
  bias: number;
  standardName: string;
  standardDate: SystemTime;
  standardBias: number;
  daylightName: string;
  daylightDate: SystemTime;
  daylightBias: number;
}

export interface MiscInfo {
  /** 1..5 by size_of_info. */
  version: 1 | 2 | 3 | 4 | 5;
  sizeOfInfo: number;
  flags1: number;
  processId?: number;
  processCreateTime?: number;
  processUserTime?: number;
  processKernelTime?: number;
  processorMaxMhz?: number;
  processorCurrentMhz?: number;
  processorMhzLimit?: number;
  processorMaxIdleState?: number;
  processorCurrentIdleState?: number;
  processIntegrityLevel?: number;
  processExecuteFlags?: number;
  protectedProcess?: number;
  timeZoneId?: number;
  timeZone?: TimeZoneInformation;
  buildString?: string;
  dbgBldStr?: string;
  xstateData?: { sizeOfInfo: number; contextSize: number; enabledFeatures: bigint; features: { offset: number; size: number }[] };
  processCookie?: number;
}

/** Fixed-size UTF-16 array, cut at the first NUL. */
export function fixedUtf16(v: ByteView, offset: number, units: number): string {
  const s = v.utf16(offset, units * 2);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function systemTime(v: ByteView, o: number): SystemTime {
  return {
    year: v.u16(o),
    month: v.u16(o + 2),
    dayOfWeek: v.u16(o + 4),
    day: v.u16(o + 6),
    hour: v.u16(o + 8),
    minute: v.u16(o + 10),
    second: v.u16(o + 12),
    milliseconds: v.u16(o + 14),
  };
}

export function parseMiscInfo(v: ByteView): MiscInfo {
  if (v.length < MISC_INFO_SIZES[1]) throw new MinidumpError('TRUNCATED', `MiscInfo stream is ${v.length} bytes`);
  const sizeOfInfo = v.u32(0);
  // Use what both the declared size and the stream allow.
  const size = Math.min(sizeOfInfo, v.length);
  const version = size >= MISC_INFO_SIZES[5] ? 5 : size >= MISC_INFO_SIZES[4] ? 4 : size >= MISC_INFO_SIZES[3] ? 3 : size >= MISC_INFO_SIZES[2] ? 2 : 1;
  const flags1 = v.u32(4);
  const out: MiscInfo = { version, sizeOfInfo, flags1 };
  const has = (bit: number) => (flags1 & bit) !== 0;
  if (has(MiscInfoFlag.ProcessId)) out.processId = v.u32(8);
  if (has(MiscInfoFlag.ProcessTimes)) {
    out.processCreateTime = v.u32(12);
    out.processUserTime = v.u32(16);
    out.processKernelTime = v.u32(20);
  }
  if (version >= 2 && has(MiscInfoFlag.ProcessorPowerInfo)) {
    out.processorMaxMhz = v.u32(24);
    out.processorCurrentMhz = v.u32(28);
    out.processorMhzLimit = v.u32(32);
    out.processorMaxIdleState = v.u32(36);
    out.processorCurrentIdleState = v.u32(40);
  }
  if (version >= 3) {
    if (has(MiscInfoFlag.ProcessIntegrity)) out.processIntegrityLevel = v.u32(44);
    if (has(MiscInfoFlag.ProcessExecuteFlags)) out.processExecuteFlags = v.u32(48);
    if (has(MiscInfoFlag.ProtectedProcess)) out.protectedProcess = v.u32(52);
    if (has(MiscInfoFlag.TimeZone)) {
      out.timeZoneId = v.u32(56);
      const t = 60;
      out.timeZone = {
        bias: v.i32(t),
        standardName: fixedUtf16(v, t + 4, 32),
        standardDate: systemTime(v, t + 68),
        standardBias: v.i32(t + 84),
        daylightName: fixedUtf16(v, t + 88, 32),
        daylightDate: systemTime(v, t + 152),
        daylightBias: v.i32(t + 168),
      };
    }
  }
  if (version >= 4 && has(MiscInfoFlag.BuildString)) {
    out.buildString = fixedUtf16(v, 232, 260);
    out.dbgBldStr = fixedUtf16(v, 752, 40);
  }
  if (version >= 5) {
    const x = 832;
    const features: { offset: number; size: number }[] = [];
    for (let i = 0; i < 64; i++) features.push({ offset: v.u32(x + 16 + i * 8), size: v.u32(x + 20 + i * 8) });
    out.xstateData = { sizeOfInfo: v.u32(x), contextSize: v.u32(x + 4), enabledFeatures: v.u64(x + 8), features };
    if (has(MiscInfoFlag.ProcessCookie)) out.processCookie = v.u32(x + 528);
  }
  return out;
}
