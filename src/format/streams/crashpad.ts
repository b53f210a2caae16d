// CrashpadInfo stream (0x43500001): report/client ids, simple annotations, and per-module
// list/simple/object annotations. Strings are MinidumpUTF8String (u32 length + bytes).
import { MinidumpError } from '../../errors.js';
import type { ByteView } from '../bytes.js';
import { checkCount, guidToString, type Location, locationBytes, readGuid, readLocation } from '../common.js';
import { ByteView as BV } from '../bytes.js';

export const CRASHPAD_INFO_MIN_SIZE = 52;
/** Crashpad annotation types (Annotation::Type). */
export const AnnotationType = { Invalid: 0, String: 1, UserDefined: 0x8000 } as const;

export interface CrashpadAnnotation {
  name: string;
  type: number;
  /** Raw value bytes (a view into the dump). */
  value: Uint8Array;
  /** The value decoded as UTF-8 when type is String. */
  stringValue: string | null;
}

export interface CrashpadModuleInfo {
  /** Index into the ModuleList stream. */
  moduleIndex: number;
  version: number;
  listAnnotations: string[];
  simpleAnnotations: Map<string, string>;
  annotationObjects: CrashpadAnnotation[];
}

export interface CrashpadInfo {
  version: number;
  /** Lowercase dashed UUID strings. */
  reportId: string;
  clientId: string;
  simpleAnnotations: Map<string, string>;
  moduleList: CrashpadModuleInfo[];
}

const utf8 = new TextDecoder('utf-8');

/** MinidumpUTF8String at rva: u32 length, bytes (NUL not counted). */
export function readUtf8String(file: ByteView, rva: number): string {
  const len = file.u32(rva);
  return utf8.decode(file.slice(rva + 4, len, 'UTF-8 string'));
}

function readByteArray(file: ByteView, rva: number): Uint8Array {
  const len = file.u32(rva);
  return file.slice(rva + 4, len, 'byte array');
}

function sub(file: ByteView, loc: Location, what: string): ByteView {
  return new BV(locationBytes(file, loc, what), file.littleEndian);
}

/** MinidumpSimpleStringDictionary: count, {key_rva, value_rva}. */
export function parseSimpleStringDictionary(file: ByteView, loc: Location): Map<string, string> {
  const out = new Map<string, string>();
  if (loc.dataSize === 0) return out;
  const v = sub(file, loc, 'simple annotations');
  const count = v.u32(0);
  checkCount(v, count, 4, 8, 'simple annotations');
  for (let i = 0; i < count; i++) out.set(readUtf8String(file, v.u32(4 + i * 8)), readUtf8String(file, v.u32(8 + i * 8)));
  return out;
}

function parseRvaStringList(file: ByteView, loc: Location): string[] {
  if (loc.dataSize === 0) return [];
  const v = sub(file, loc, 'list annotations');
  const count = v.u32(0);
  checkCount(v, count, 4, 4, 'list annotations');
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = readUtf8String(file, v.u32(4 + i * 4));
  return out;
}

function parseAnnotationObjects(file: ByteView, loc: Location): CrashpadAnnotation[] {
  if (loc.dataSize === 0) return [];
  const v = sub(file, loc, 'annotation objects');
  const count = v.u32(0);
  checkCount(v, count, 4, 12, 'annotation objects');
  const out: CrashpadAnnotation[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = 4 + i * 12;
    const type = v.u16(o + 4);
    const value = readByteArray(file, v.u32(o + 8));
    out[i] = { name: readUtf8String(file, v.u32(o)), type, value, stringValue: type === AnnotationType.String ? utf8.decode(value) : null };
  }
  return out;
}

function parseModuleInfo(file: ByteView, moduleIndex: number, loc: Location): CrashpadModuleInfo {
  const v = sub(file, loc, 'module crashpad info');
  if (v.length < 28) throw new MinidumpError('TRUNCATED', `MinidumpModuleCrashpadInfo is ${v.length} bytes, need 28`);
  return {
    moduleIndex,
    version: v.u32(0),
    listAnnotations: parseRvaStringList(file, readLocation(v, 4)),
    simpleAnnotations: parseSimpleStringDictionary(file, readLocation(v, 12)),
    annotationObjects: v.length >= 28 ? parseAnnotationObjects(file, readLocation(v, 20)) : [],
  };
}

export function parseCrashpadInfo(v: ByteView, file: ByteView): CrashpadInfo {
  if (v.length < CRASHPAD_INFO_MIN_SIZE) throw new MinidumpError('TRUNCATED', `CrashpadInfo stream is ${v.length} bytes, need ${CRASHPAD_INFO_MIN_SIZE}`);
  const moduleListLoc = readLocation(v, 44);
  const moduleList: CrashpadModuleInfo[] = [];
  if (moduleListLoc.dataSize !== 0) {
    const ml = sub(file, moduleListLoc, 'crashpad module list');
    const count = ml.u32(0);
    checkCount(ml, count, 4, 12, 'crashpad module list');
    for (let i = 0; i < count; i++) {
      const o = 4 + i * 12;
      moduleList.push(parseModuleInfo(file, ml.u32(o), readLocation(ml, o + 4)));
    }
  }
  return {
    version: v.u32(0),
    reportId: guidToString(readGuid(v, 4)),
    clientId: guidToString(readGuid(v, 20)),
    simpleAnnotations: parseSimpleStringDictionary(file, readLocation(v, 36)),
    moduleList,
  };
}
