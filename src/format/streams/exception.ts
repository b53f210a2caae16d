// Exception stream (6): MINIDUMP_EXCEPTION_STREAM, 168 bytes.
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { type Location, readLocation } from '../common.js';

export const EXCEPTION_STREAM_SIZE = 168;
export const EXCEPTION_MAXIMUM_PARAMETERS = 15;

export interface RawException {
  threadId: number;
  exceptionCode: number;
  exceptionFlags: number;
  exceptionRecord: bigint;
  exceptionAddress: bigint;
  numberParameters: number;
  /** The first min(numberParameters, 15) entries of exception_information. */
  parameters: bigint[];
  threadContext: Location;
}

export function parseException(v: ByteView): RawException {
  if (v.length < EXCEPTION_STREAM_SIZE) throw new MinidumpError('TRUNCATED', `Exception stream is ${v.length} bytes, need ${EXCEPTION_STREAM_SIZE}`);
  const numberParameters = v.u32(32);
  const n = Math.min(numberParameters, EXCEPTION_MAXIMUM_PARAMETERS);
  const parameters: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) parameters[i] = v.u64(40 + i * 8);
  return {
    threadId: v.u32(0),
    exceptionCode: v.u32(8),
    exceptionFlags: v.u32(12),
    exceptionRecord: v.u64(16),
    exceptionAddress: v.u64(24),
    numberParameters,
    parameters,
    threadContext: readLocation(v, 160),
  };
}
