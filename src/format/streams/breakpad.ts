// Breakpad's own streams: BreakpadInfo (0x47670001) and AssertionInfo (0x47670002).
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { BreakpadInfoValid } from '../constants.js';
import { fixedUtf16 } from './miscInfo.js';

export interface BreakpadInfo {
  validity: number;
  /** undefined unless the validity bit says it is set. */
  dumpThreadId?: number;
  requestingThreadId?: number;
}

export function parseBreakpadInfo(v: ByteView): BreakpadInfo {
  if (v.length < 12) throw new MinidumpError('TRUNCATED', `BreakpadInfo stream is ${v.length} bytes, need 12`);
  const validity = v.u32(0);
  const out: BreakpadInfo = { validity };
  if (validity & BreakpadInfoValid.DumpThreadId) out.dumpThreadId = v.u32(4);
  if (validity & BreakpadInfoValid.RequestingThreadId) out.requestingThreadId = v.u32(8);
  return out;
}

export const ASSERTION_INFO_SIZE = 776;
export const AssertionType = { Unknown: 0, InvalidParameter: 1, PureVirtualCall: 2 } as const;

export interface AssertionInfo {
  expression: string;
  function: string;
  file: string;
  line: number;
  type: number;
}

export function parseAssertion(v: ByteView): AssertionInfo {
  if (v.length < ASSERTION_INFO_SIZE) throw new MinidumpError('TRUNCATED', `AssertionInfo stream is ${v.length} bytes, need ${ASSERTION_INFO_SIZE}`);
  return {
    expression: fixedUtf16(v, 0, 128),
    function: fixedUtf16(v, 256, 128),
    file: fixedUtf16(v, 512, 128),
    line: v.u32(768),
    type: v.u32(772),
  };
}
