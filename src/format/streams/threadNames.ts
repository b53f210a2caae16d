// ThreadNames stream (24): count, then packed {thread_id u32, rva_of_thread_name u64}.
import type { ByteView } from '../bytes.js';
import { checkCount, readMinidumpString } from '../common.js';
import { MinidumpError } from '../../errors.js';

export const THREAD_NAME_SIZE = 12;

export interface ThreadName {
  threadId: number;
  rvaOfThreadName: bigint;
  /** null when the name's MINIDUMP_STRING cannot be read. */
  name: string | null;
}

export function parseThreadNames(v: ByteView, file: ByteView): ThreadName[] {
  const count = v.u32(0);
  checkCount(v, count, 4, THREAD_NAME_SIZE, 'ThreadNames');
  const out: ThreadName[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = 4 + i * THREAD_NAME_SIZE;
    const rvaOfThreadName = v.u64(o + 4);
    let name: string | null = null;
    if (rvaOfThreadName <= BigInt(file.length)) {
      try {
        name = readMinidumpString(file, Number(rvaOfThreadName), 'thread name');
      } catch (e) {
        if (!(e instanceof MinidumpError)) throw e;
      }
    }
    out[i] = { threadId: v.u32(o), rvaOfThreadName, name };
  }
  return out;
}
