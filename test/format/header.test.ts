import { describe, expect, it } from 'vitest';
import { ByteView, DIRECTORY_ENTRY_SIZE, HEADER_SIZE, parseDirectory, parseHeader, StreamType, streamTypeName } from '../../src/format/index.js';
import { Writer } from '../reader/synth.js';

function header(le: boolean, version = 0xa793, count = 1, rva = 32): Uint8Array {
  return new Writer(le).u32(0x504d444d).u32(version).u32(count).u32(rva).u32(0).u32(0x45d35f73).u64(0n).u32(StreamType.CrashpadInfo).u32(52).u32(0x40).toBytes();
}

describe('header', () => {
  for (const le of [true, false]) {
    it(`parses a ${le ? 'little' : 'big'}-endian header and directory`, () => {
      const b = header(le);
      const h = parseHeader(b);
      expect(h).toMatchObject({ littleEndian: le, version: 0xa793, streamCount: 1, streamDirectoryRva: 32, timeDateStamp: 0x45d35f73, flags: 0n });
      const dir = parseDirectory(new ByteView(b, le), h);
      expect(dir).toEqual([{ index: 0, streamType: 0x43500001, name: 'CrashpadInfo', location: { dataSize: 52, rva: 0x40 } }]);
    });
  }
  it('sizes', () => {
    expect(HEADER_SIZE).toBe(32);
    expect(DIRECTORY_ENTRY_SIZE).toBe(12);
  });
  it('errors', () => {
    expect(() => parseHeader(new Uint8Array(3))).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => parseHeader(new Uint8Array(32))).toThrowError(expect.objectContaining({ code: 'BAD_SIGNATURE' }));
    expect(() => parseHeader(header(true).subarray(0, 16))).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => parseHeader(header(true, 0xa794))).toThrowError(expect.objectContaining({ code: 'BAD_VERSION' }));
    const b = header(true, 0xa793, 2);
    expect(() => parseDirectory(new ByteView(b), parseHeader(b))).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
    const c = header(true, 0xa793, 1, 0x7fffffff);
    expect(() => parseDirectory(new ByteView(c), parseHeader(c))).toThrowError(expect.objectContaining({ code: 'OUT_OF_BOUNDS' }));
  });
  it('names stream types, including Breakpad/Crashpad/Mozilla ones', () => {
    expect(streamTypeName(3)).toBe('ThreadList');
    expect(streamTypeName(0x47670009)).toBe('LinuxMaps');
    expect(streamTypeName(0x4767000a)).toBe('LinuxDsoDebug');
    expect(streamTypeName(0x43500001)).toBe('CrashpadInfo');
    expect(streamTypeName(0x4d7a0004)).toBe('MozSoftErrors');
    expect(streamTypeName(0x12345)).toBeUndefined();
  });
});
