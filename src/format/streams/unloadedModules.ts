// UnloadedModuleList stream (14): sized header, MINIDUMP_UNLOADED_MODULE entries (24 bytes).
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { readMinidumpString, readSizedList } from '../common.js';

export const UNLOADED_MODULE_SIZE = 24;

export interface UnloadedModule {
  baseOfImage: bigint;
  sizeOfImage: number;
  checksum: number;
  timeDateStamp: number;
  moduleNameRva: number;
  /** '' when the name cannot be read. */
  codeFile: string;
  /** Breakpad's "%08X%x" code id (TimeDateStamp, SizeOfImage). */
  codeId: string;
}

export function parseUnloadedModuleList(v: ByteView, file: ByteView): UnloadedModule[] {
  const h = readSizedList(v, false, UNLOADED_MODULE_SIZE, 'UnloadedModuleList');
  const out: UnloadedModule[] = new Array(h.count);
  for (let i = 0; i < h.count; i++) {
    const o = h.sizeOfHeader + i * h.sizeOfEntry;
    const moduleNameRva = v.u32(o + 20);
    let codeFile = '';
    try {
      codeFile = readMinidumpString(file, moduleNameRva, 'unloaded module name');
    } catch (e) {
      if (!(e instanceof MinidumpError)) throw e;
    }
    const sizeOfImage = v.u32(o + 8);
    const timeDateStamp = v.u32(o + 16);
    out[i] = {
      baseOfImage: v.u64(o),
      sizeOfImage,
      checksum: v.u32(o + 12),
      timeDateStamp,
      moduleNameRva,
      codeFile,
      codeId: timeDateStamp.toString(16).toUpperCase().padStart(8, '0') + sizeOfImage.toString(16),
    };
  }
  return out;
}
