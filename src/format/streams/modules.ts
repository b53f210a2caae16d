// ModuleList stream (4): MINIDUMP_MODULE entries, 108 bytes each, with VS_FIXEDFILEINFO.
import type { ByteView } from '../bytes.js';
import { type Location, readLocation } from '../common.js';
import { VS_FFI_SIGNATURE, VS_FFI_STRUCVERSION } from '../constants.js';
import { readCountedList } from './lists.js';

export const MODULE_SIZE = 108;
export const FIXED_FILE_INFO_SIZE = 52;

export interface FixedFileInfo {
  signature: number;
  structVersion: number;
  fileVersionHi: number;
  fileVersionLo: number;
  productVersionHi: number;
  productVersionLo: number;
  fileFlagsMask: number;
  fileFlags: number;
  fileOs: number;
  fileType: number;
  fileSubtype: number;
  fileDateHi: number;
  fileDateLo: number;
}

export function parseFixedFileInfo(v: ByteView, o: number): FixedFileInfo {
  const f = (i: number) => v.u32(o + 4 * i);
  return {
    signature: f(0),
    structVersion: f(1),
    fileVersionHi: f(2),
    fileVersionLo: f(3),
    productVersionHi: f(4),
    productVersionLo: f(5),
    fileFlagsMask: f(6),
    fileFlags: f(7),
    fileOs: f(8),
    fileType: f(9),
    fileSubtype: f(10),
    fileDateHi: f(11),
    fileDateLo: f(12),
  };
}

/** 'a.b.c.d' from the file version, or null when the block is absent (rust-minidump rule). */
export function fixedFileVersion(ffi: FixedFileInfo): string | null {
  if (ffi.signature !== VS_FFI_SIGNATURE || ffi.structVersion !== VS_FFI_STRUCVERSION) return null;
  const hi = ffi.fileVersionHi >>> 0;
  const lo = ffi.fileVersionLo >>> 0;
  return `${hi >>> 16}.${hi & 0xffff}.${lo >>> 16}.${lo & 0xffff}`;
}

export interface RawModule {
  baseOfImage: bigint;
  sizeOfImage: number;
  checksum: number;
  timeDateStamp: number;
  moduleNameRva: number;
  versionInfo: FixedFileInfo;
  cvRecord: Location;
  miscRecord: Location;
}

export function parseModule(v: ByteView, o: number): RawModule {
  return {
    baseOfImage: v.u64(o),
    sizeOfImage: v.u32(o + 8),
    checksum: v.u32(o + 12),
    timeDateStamp: v.u32(o + 16),
    moduleNameRva: v.u32(o + 20),
    versionInfo: parseFixedFileInfo(v, o + 24),
    cvRecord: readLocation(v, o + 76),
    miscRecord: readLocation(v, o + 84),
  };
}

export function parseModuleList(v: ByteView): RawModule[] {
  const [count, start] = readCountedList(v, MODULE_SIZE, 'ModuleList');
  const out: RawModule[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = parseModule(v, start + i * MODULE_SIZE);
  return out;
}
