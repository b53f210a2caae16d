import { describe, expect, it } from 'vitest';
import { codeIdentifier, debugFile, debugIdentifier, elfDebugId, parseCodeView } from '../../src/format/index.js';
import { Writer } from '../reader/synth.js';

describe('CodeView records and identifiers', () => {
  it('RSDS (PDB 7.0): GUID uppercase + age lowercase hex', () => {
    const w = new Writer().u32(0x53445352).u32(0x1b504308).u16(0x5f17).u16(0x4da3).bytes([0x85, 0x52, 0x1d, 0xd4, 0x74, 0x0d, 0x17, 0x30]).u32(0x1c).ascii('crashme.pdb').u8(0);
    const cv = parseCodeView(w.toBytes());
    expect(cv.kind).toBe('pdb70');
    expect(debugIdentifier(cv)).toBe('1B5043085F174DA385521DD4740D17301c');
    expect(debugFile(cv, 'c:\\crashme.exe')).toBe('crashme.pdb');
  });
  it('NB10 (PDB 2.0): "%08X%x" of signature and age', () => {
    const cv = parseCodeView(new Writer().u32(0x3031424e).u32(0).u32(0x3a2b).u32(0xa).ascii('old.pdb').u8(0).toBytes());
    expect(cv).toMatchObject({ kind: 'pdb20', signature: 0x3a2b, age: 10, pdbFileName: 'old.pdb' });
    expect(debugIdentifier(cv)).toBe('00003A2Ba');
  });
  it('ELF build id: GUID-swapped first 16 bytes + 0; code id is the whole id', () => {
    const id = [0x10, 0xfa, 0xa6, 0xbb, 0xaa, 0xb8, 0x3d, 0xb3];
    const cv = parseCodeView(new Writer().u32(0x4270454c).bytes(id).toBytes());
    expect(cv.kind).toBe('elf');
    // linux_inline.dmp: code id 10faa6bbaab83db3, debug id BBA6FA10B8AAB33D00000000000000000.
    expect(debugIdentifier(cv)).toBe('BBA6FA10B8AAB33D00000000000000000');
    expect(codeIdentifier(cv, 'linux', 0, 0x442d0)).toBe('10faa6bbaab83db3');
    expect(debugFile(cv, '/usr/bin/x')).toBe('/usr/bin/x');
    const long = Uint8Array.from({ length: 20 }, (_, i) => i);
    expect(elfDebugId(long)).toBe('03020100050407060809' + '0A0B0C0D0E0F' + '0');
    expect(elfDebugId(long)).toHaveLength(33);
  });
  it('Windows code id is "%08X%x" of TimeDateStamp and SizeOfImage', () => {
    expect(codeIdentifier(null, 'windows', 0x45d35f6c, 0x2d000)).toBe('45D35F6C2d000');
    expect(codeIdentifier(null, 'windows', 0x1234, 0xabc)).toBe('00001234abc');
    expect(codeIdentifier(null, 'linux', 1, 2)).toBeNull();
    expect(codeIdentifier(null, 'mac', 1, 2)).toBeNull();
  });
  it('unknown and short records', () => {
    expect(parseCodeView(new Writer().u32(0x12345678).toBytes()).kind).toBe('unknown');
    expect(debugIdentifier(parseCodeView(new Writer().u32(0x12345678).toBytes()))).toBeNull();
    expect(() => parseCodeView(new Uint8Array(2))).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => parseCodeView(new Writer().u32(0x53445352).u32(0).toBytes())).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(debugIdentifier(null)).toBeNull();
  });
});
