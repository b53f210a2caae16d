// The "u32 count, then fixed-size entries" header of ThreadList, ModuleList and
// MemoryList. DbgHelp sometimes pads the count to 8 bytes; accept that like Breakpad.
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';

/** Returns [count, offset of first entry], with the count bounded by the stream size. */
export function readCountedList(v: ByteView, entrySize: number, what: string): [number, number] {
  const count = v.u32(0);
  const room = v.length - 4;
  if (count > Math.floor(room / entrySize)) {
    throw new MinidumpError('BAD_COUNT', `${what}: ${count} entries of ${entrySize} bytes do not fit in a ${v.length}-byte stream`);
  }
  // Exactly 4 bytes of padding after the count (DbgHelp 8-byte alignment).
  const offset = v.length === 8 + count * entrySize ? 8 : 4;
  return [count, offset];
}
