// One unit test per stream parser, on hand-laid-out bytes.
import { describe, expect, it } from 'vitest';
import {
  ByteView,
  fixedFileVersion,
  parseAssertion,
  parseBreakpadInfo,
  parseCrashpadInfo,
  parseException,
  parseHandleData,
  parseLinuxAuxv,
  parseLinuxCmdLine,
  parseLinuxCpuInfo,
  parseLinuxDsoDebug,
  parseLinuxEnviron,
  parseLinuxLsbRelease,
  parseLinuxMaps,
  parseLinuxProcStatus,
  parseMemory64List,
  parseMemoryInfoList,
  parseMemoryList,
  parseMiscInfo,
  parseModuleList,
  parseSystemInfo,
  parseThreadInfoList,
  parseThreadList,
  parseThreadNames,
  parseUnloadedModuleList,
  readMinidumpString,
  parseMozLinuxLimits,
  parseMozSoftErrors,
  parseMozMacosBootargs,
  parseMozMacosCrashInfo,
} from '../../src/format/index.js';
import { Writer } from '../reader/synth.js';

const view = (w: Writer | Uint8Array, le = true) => new ByteView(w instanceof Writer ? w.toBytes() : w, le);
const text = (s: string) => new TextEncoder().encode(s);

/** A "file" where rva-addressed data can be placed, for streams that point outside themselves. */
class FileImage {
  readonly w = new Writer();
  constructor() {
    this.w.zeros(16);
  }
  add(b: Writer): number {
    while (this.w.length % 4) this.w.u8(0);
    const rva = this.w.length;
    this.w.bytes(b.toBytes());
    return rva;
  }
  string(s: string): number {
    return this.add(new Writer().u32(s.length * 2).utf16(s).u16(0));
  }
  utf8(s: string): number {
    const b = text(s);
    return this.add(new Writer().u32(b.length).bytes(b).u8(0));
  }
  view(): ByteView {
    return view(this.w);
  }
}

describe('MINIDUMP_STRING', () => {
  it('reads and bounds strings', () => {
    const f = new FileImage();
    const rva = f.string('héllo');
    expect(readMinidumpString(f.view(), rva)).toBe('héllo');
    const bad = f.add(new Writer().u32(1000).u16(0x41));
    expect(() => readMinidumpString(f.view(), bad)).toThrowError(expect.objectContaining({ code: 'OUT_OF_BOUNDS' }));
    const huge = f.add(new Writer().u32(0xfffffff0));
    expect(() => readMinidumpString(f.view(), huge)).toThrowError(expect.objectContaining({ code: 'BAD_COUNT' }));
  });
});

describe('ThreadList', () => {
  it('parses threads', () => {
    const w = new Writer().u32(1).u32(7).u32(1).u32(0x20).u32(10).u64(0x7000n).u64(0x8000n).u32(0x100).u32(0x200).u32(716).u32(0x300);
    expect(parseThreadList(view(w))).toEqual([
      { threadId: 7, suspendCount: 1, priorityClass: 0x20, priority: 10, teb: 0x7000n, stack: { startOfMemoryRange: 0x8000n, memory: { dataSize: 0x100, rva: 0x200 } }, threadContext: { dataSize: 716, rva: 0x300 } },
    ]);
  });
  it('rejects a count the stream cannot hold', () => {
    expect(() => parseThreadList(view(new Writer().u32(2).zeros(48)))).toThrowError(expect.objectContaining({ code: 'BAD_COUNT' }));
  });
});

describe('ModuleList', () => {
  it('parses modules and VS_FIXEDFILEINFO versions', () => {
    const w = new Writer().u32(1).u64(0x400000n).u32(0x2d000).u32(0xabc).u32(0x45d35f6c).u32(0x99);
    w.u32(0xfeef04bd).u32(0x10000).u32((5 << 16) | 1).u32((2600 << 16) | 2180).zeros(36);
    w.u32(24).u32(0x500).u32(0).u32(0).zeros(16);
    const [m] = parseModuleList(view(w));
    expect(m).toMatchObject({ baseOfImage: 0x400000n, sizeOfImage: 0x2d000, checksum: 0xabc, timeDateStamp: 0x45d35f6c, moduleNameRva: 0x99, cvRecord: { dataSize: 24, rva: 0x500 } });
    expect(fixedFileVersion(m!.versionInfo)).toBe('5.1.2600.2180');
    expect(fixedFileVersion({ ...m!.versionInfo, signature: 0 })).toBeNull();
  });
});

describe('MemoryList and Memory64List', () => {
  it('MemoryList descriptors', () => {
    const w = new Writer().u32(2).u64(0x1000n).u32(16).u32(0x40).u64(0x2000n).u32(32).u32(0x50);
    expect(parseMemoryList(view(w)).map((d) => [d.startOfMemoryRange, d.memory.dataSize, d.memory.rva])).toEqual([
      [0x1000n, 16, 0x40],
      [0x2000n, 32, 0x50],
    ]);
  });
  it('Memory64List ranges are contiguous from base_rva', () => {
    const w = new Writer().u64(3n).u64(0x1000n).u64(0x10000n).u64(0x100n).u64(0x20000n).u64(0x200n).u64(0x30000n).u64(8n);
    expect(parseMemory64List(view(w))).toEqual([
      { startOfMemoryRange: 0x10000n, dataSize: 0x100, rva: 0x1000 },
      { startOfMemoryRange: 0x20000n, dataSize: 0x200, rva: 0x1100 },
      { startOfMemoryRange: 0x30000n, dataSize: 8, rva: 0x1300 },
    ]);
    expect(() => parseMemory64List(view(new Writer().u64(1n << 40n).u64(0n)))).toThrowError(expect.objectContaining({ code: 'BAD_COUNT' }));
  });
});

describe('Exception', () => {
  it('parses the record and bounds the parameter count', () => {
    const w = new Writer().u32(0xbf4).u32(0).u32(0xc0000005).u32(0).u64(0n).u64(0x40429en).u32(99).u32(0);
    for (let i = 0; i < 15; i++) w.u64(BigInt(i + 1));
    w.u32(716).u32(0xac8);
    const e = parseException(view(w));
    expect(e).toMatchObject({ threadId: 0xbf4, exceptionCode: 0xc0000005, exceptionAddress: 0x40429en, numberParameters: 99, threadContext: { dataSize: 716, rva: 0xac8 } });
    expect(e.parameters).toHaveLength(15);
    expect(() => parseException(view(new Writer().zeros(100)))).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});

describe('SystemInfo', () => {
  it('x86 Windows: vendor, cpu_info, CSD version', () => {
    const f = new FileImage();
    const csd = f.string('Service Pack 2');
    const w = new Writer().u16(0).u16(6).u16(0xd08).u8(1).u8(1).u32(5).u32(1).u32(2600).u32(2).u32(csd).u16(0x100).u16(0);
    w.u32(0x756e6547).u32(0x49656e69).u32(0x6c65746e).u32(0x6d8).u32(0xafe9fbff).u32(0xffffffff);
    const si = parseSystemInfo(view(w), f.view());
    expect(si).toMatchObject({ cpuArch: 'x86', os: 'windows', osName: 'Windows NT', csdVersion: 'Service Pack 2', cpuVendor: 'GenuineIntel', osVersion: '5.1.2600 Service Pack 2' });
    expect(si.cpuInfo).toBe('GenuineIntel family 6 model 13 stepping 8');
  });
  it('other CPUs and platforms; unreadable CSD is null', () => {
    const f = new FileImage();
    const w = new Writer().u16(12).u16(0).u16(0).u8(8).u8(0).u32(1).u32(2).u32(3).u32(0x8203).u32(0xffff00).u16(0).u16(0).zeros(24);
    const si = parseSystemInfo(view(w), f.view());
    expect(si).toMatchObject({ cpuArch: 'arm64', os: 'android', osName: 'Android', csdVersion: null, cpuVendor: null, cpuInfo: null, numberOfProcessors: 8 });
    expect(parseSystemInfo(view(new Writer().u16(0x8003).zeros(54)), f.view()).cpuArch).toBe('arm64');
    const arm = new Writer().u16(5).u16(7).u16(0).u8(2).u8(0).zeros(12).u32(0x8203).u32(0).u16(0).u16(0).u32(0x410fc090).u32((1 << 2) | (1 << 12) | (1 << 15)).zeros(16);
    expect(parseSystemInfo(view(arm), f.view()).cpuInfo).toBe(' ARM Cortex-A9 features: thumb,neon,tls');
    expect(parseSystemInfo(view(new Writer().u16(0x8004).zeros(54)), f.view()).cpuArch).toBe('mips64');
  });
});

describe('MiscInfo', () => {
  it('v1 with process id and times', () => {
    const mi = parseMiscInfo(view(new Writer().u32(24).u32(3).u32(3932).u32(0x45d35f73).u32(1).u32(2)));
    expect(mi).toEqual({ version: 1, sizeOfInfo: 24, flags1: 3, processId: 3932, processCreateTime: 0x45d35f73, processUserTime: 1, processKernelTime: 2 });
  });
  it('v4: power info, time zone and build string by flags', () => {
    const w = new Writer().u32(832).u32(0x1 | 0x4 | 0x40 | 0x100).u32(42).zeros(12);
    w.u32(3000).u32(2000).u32(1000).u32(1).u32(0); // power
    w.u32(0).u32(0).u32(0); // integrity, execute flags, protected
    w.u32(2).u32(480 >>> 0).utf16('Pacific Standard Time', 32).zeros(16).u32(0).utf16('Pacific Daylight Time', 32).zeros(16).u32(-60 >>> 0);
    w.utf16('10.0.19041.1 (WinBuild)', 260).utf16('dbg', 40);
    const mi = parseMiscInfo(view(w));
    expect(mi.version).toBe(4);
    expect(mi.processId).toBe(42);
    expect(mi.processCreateTime).toBeUndefined();
    expect(mi.processorMaxMhz).toBe(3000);
    expect(mi.timeZoneId).toBe(2);
    expect(mi.timeZone).toMatchObject({ bias: 480, standardName: 'Pacific Standard Time', daylightName: 'Pacific Daylight Time', daylightBias: -60 });
    expect(mi.buildString).toBe('10.0.19041.1 (WinBuild)');
    expect(mi.dbgBldStr).toBe('dbg');
  });
  it('v5 xstate data and process cookie', () => {
    const w = new Writer().u32(1364).u32(0x200).zeros(832 - 8).u32(528).u32(0x340).u64(0x1fn);
    for (let i = 0; i < 64; i++) w.u32(i).u32(i * 2);
    w.u32(0xc0ffee);
    const mi = parseMiscInfo(view(w));
    expect(mi.version).toBe(5);
    expect(mi.xstateData?.enabledFeatures).toBe(0x1fn);
    expect(mi.xstateData?.features[3]).toEqual({ offset: 3, size: 6 });
    expect(mi.processCookie).toBe(0xc0ffee);
  });
  it('a size_of_info larger than the stream is clamped', () => {
    expect(parseMiscInfo(view(new Writer().u32(1364).u32(0).zeros(36))).version).toBe(2);
  });
});

describe('ThreadNames', () => {
  it('resolves names; unreadable ones are null', () => {
    const f = new FileImage();
    const a = f.string('main thread');
    const w = new Writer().u32(2).u32(0x19a4).u64(BigInt(a)).u32(0x2274).u64(0xffffffffffn);
    expect(parseThreadNames(view(w), f.view()).map((t) => [t.threadId, t.name])).toEqual([
      [0x19a4, 'main thread'],
      [0x2274, null],
    ]);
    expect(() => parseThreadNames(view(new Writer().u32(5)), f.view())).toThrowError(expect.objectContaining({ code: 'BAD_COUNT' }));
  });
});

describe('ThreadInfoList', () => {
  it('parses entries with the declared entry size', () => {
    const w = new Writer().u32(12).u32(72).u32(1).u32(5).u32(1).u32(0).u32(0).u64(1n).u64(2n).u64(3n).u64(4n).u64(0x401000n).u64(0xffn).zeros(8);
    expect(parseThreadInfoList(view(w))).toEqual([
      { threadId: 5, dumpFlags: 1, dumpError: 0, exitStatus: 0, createTime: 1n, exitTime: 2n, kernelTime: 3n, userTime: 4n, startAddress: 0x401000n, affinity: 0xffn },
    ]);
    expect(() => parseThreadInfoList(view(new Writer().u32(12).u32(8).u32(1).zeros(8)))).toThrowError(expect.objectContaining({ code: 'MALFORMED' }));
    expect(() => parseThreadInfoList(view(new Writer().u32(12).u32(64).u32(1000)))).toThrowError(expect.objectContaining({ code: 'BAD_COUNT' }));
  });
});

describe('UnloadedModuleList', () => {
  it('parses entries and names', () => {
    const f = new FileImage();
    const n = f.string('C:\\old.dll');
    const w = new Writer().u32(12).u32(24).u32(1).u64(0x10000000n).u32(0x5000).u32(7).u32(0x4ca3b56e).u32(n);
    expect(parseUnloadedModuleList(view(w), f.view())).toEqual([
      { baseOfImage: 0x10000000n, sizeOfImage: 0x5000, checksum: 7, timeDateStamp: 0x4ca3b56e, moduleNameRva: n, codeFile: 'C:\\old.dll', codeId: '4CA3B56E5000' },
    ]);
  });
});

describe('MemoryInfoList', () => {
  it('parses entries (u64 count header)', () => {
    const w = new Writer().u32(16).u32(48).u64(1n).u64(0x10000n).u64(0x10000n).u32(4).u32(0).u64(0x1000n).u32(0x1000).u32(0x20).u32(0x1000000).u32(0);
    expect(parseMemoryInfoList(view(w))).toEqual([
      { baseAddress: 0x10000n, allocationBase: 0x10000n, allocationProtection: 4, regionSize: 0x1000n, state: 0x1000, protection: 0x20, type: 0x1000000 },
    ]);
  });
});

describe('HandleData', () => {
  it('parses descriptor_2 entries with names', () => {
    const f = new FileImage();
    const t = f.string('File');
    const o = f.string('\\Device\\Null');
    const w = new Writer().u32(16).u32(40).u32(1).u32(0).u64(0x44n).u32(t).u32(o).u32(0).u32(0x12019f).u32(1).u32(2).u32(0).u32(0);
    expect(parseHandleData(view(w), f.view())).toEqual([
      { handle: 0x44n, typeName: 'File', objectName: '\\Device\\Null', attributes: 0, grantedAccess: 0x12019f, handleCount: 1, pointerCount: 2, objectInfoRva: 0 },
    ]);
  });
});

describe('Breakpad streams', () => {
  it('BreakpadInfo honours validity bits', () => {
    expect(parseBreakpadInfo(view(new Writer().u32(3).u32(0x11c0).u32(0xbf4)))).toEqual({ validity: 3, dumpThreadId: 0x11c0, requestingThreadId: 0xbf4 });
    expect(parseBreakpadInfo(view(new Writer().u32(1).u32(5).u32(6)))).toEqual({ validity: 1, dumpThreadId: 5 });
  });
  it('AssertionInfo fixed UTF-16 fields', () => {
    const w = new Writer().utf16('x != 0', 128).utf16('main', 128).utf16('a.c', 128).u32(12).u32(1);
    expect(parseAssertion(view(w))).toEqual({ expression: 'x != 0', function: 'main', file: 'a.c', line: 12, type: 1 });
  });
});

describe('CrashpadInfo', () => {
  it('ids, simple annotations and module annotations', () => {
    const f = new FileImage();
    const dict = (pairs: [string, string][]) => {
      const w = new Writer().u32(pairs.length);
      for (const [k, v] of pairs) w.u32(f.utf8(k)).u32(f.utf8(v));
      return w;
    };
    const top = dict([['prod', 'xcuitest'], ['ver', '1']]);
    const topRva = f.add(top);
    const listW = new Writer().u32(2).u32(f.utf8('first')).u32(f.utf8('second'));
    const listRva = f.add(listW);
    const modDict = dict([['k', 'v']]);
    const modDictRva = f.add(modDict);
    const val = f.add(new Writer().u32(3).ascii('abc'));
    const objs = new Writer().u32(1).u32(f.utf8('exceptionName')).u16(1).u16(0).u32(val);
    const objsRva = f.add(objs);
    const mod = new Writer().u32(1).u32(listW.length).u32(listRva).u32(modDict.length).u32(modDictRva).u32(objs.length).u32(objsRva);
    const modRva = f.add(mod);
    const mlist = new Writer().u32(1).u32(3).u32(mod.length).u32(modRva);
    const mlistRva = f.add(mlist);
    const s = new Writer().u32(1);
    s.u32(0x725058a6).u16(0x7289).u16(0x480f).bytes([0x8a, 0x41, 0x51, 0x7b, 0xd0, 0xba, 0x21, 0x6b]);
    s.u32(0x051a4158).u16(0xd7ae).u16(0x4c3c).bytes([0x88, 0x2e, 0xcd, 0x63, 0x80, 0xd9, 0x51, 0x37]);
    s.u32(top.length).u32(topRva).u32(mlist.length).u32(mlistRva);
    const ci = parseCrashpadInfo(view(s), f.view());
    expect(ci.reportId).toBe('725058a6-7289-480f-8a41-517bd0ba216b');
    expect(ci.clientId).toBe('051a4158-d7ae-4c3c-882e-cd6380d95137');
    expect([...ci.simpleAnnotations]).toEqual([['prod', 'xcuitest'], ['ver', '1']]);
    expect(ci.moduleList).toHaveLength(1);
    const m = ci.moduleList[0]!;
    expect(m.moduleIndex).toBe(3);
    expect(m.listAnnotations).toEqual(['first', 'second']);
    expect([...m.simpleAnnotations]).toEqual([['k', 'v']]);
    expect(m.annotationObjects.map((a) => [a.name, a.type, a.stringValue])).toEqual([['exceptionName', 1, 'abc']]);
  });
});

describe('Linux streams', () => {
  it('cpuinfo', () => {
    const ci = parseLinuxCpuInfo(text('processor\t: 0\nvendor_id\t: GenuineIntel\nmicrocode\t: 0xb4\n\nprocessor\t: 1\nvendor_id\t: GenuineIntel\n'));
    expect(ci.processors).toHaveLength(2);
    expect(ci.processors[0]!.get('vendor_id')).toBe('GenuineIntel');
    expect(ci.microcode).toBe(0xb4n);
  });
  it('proc status', () => {
    const ps = parseLinuxProcStatus(text('Name:\tcrash\nPid:\t1234\nVmRSS:\t  1000 kB\n'));
    expect(ps.fields.get('Pid')).toBe('1234');
    expect(ps.fields.get('VmRSS')).toBe('1000 kB');
  });
  it('lsb-release and os-release', () => {
    const l = parseLinuxLsbRelease(text('DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=14.04\nDISTRIB_CODENAME=trusty\nDISTRIB_DESCRIPTION="Ubuntu 14.04.2 LTS"\n'));
    expect([l.id, l.release, l.codename, l.description]).toEqual(['Ubuntu', '14.04', 'trusty', 'Ubuntu 14.04.2 LTS']);
    const o = parseLinuxLsbRelease(text('ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nPRETTY_NAME="Debian GNU/Linux 12"\n'));
    expect([o.id, o.release, o.codename, o.description]).toEqual(['debian', '12', 'bookworm', 'Debian GNU/Linux 12']);
  });
  it('cmdline and environ', () => {
    expect(parseLinuxCmdLine(text('/bin/x\0-v\0\0last\0')).args).toEqual(['/bin/x', '-v', '', 'last']);
    const e = parseLinuxEnviron(text('A=1\0B=x=y\0NOEQ\0'));
    expect(e.entries).toEqual([['A', '1'], ['B', 'x=y'], ['NOEQ', '']]);
    expect(e.vars.get('B')).toBe('x=y');
  });
  it('auxv, 64- and 32-bit', () => {
    const w64 = new Writer().u64(6n).u64(4096n).u64(25n).u64(0x7ffd0000n).u64(0n).u64(0n).u64(7n).u64(1n);
    expect(parseLinuxAuxv(view(w64), 8)).toEqual([{ type: 6n, value: 4096n }, { type: 25n, value: 0x7ffd0000n }]);
    expect(parseLinuxAuxv(view(new Writer().u32(6).u32(4096).u32(0).u32(0)), 4)).toEqual([{ type: 6n, value: 4096n }]);
  });
  it('maps lines', () => {
    const maps = parseLinuxMaps(
      text('00400000-00417000 r-xp 00000000 fc:01 1234  /usr/bin/driver\n7fff1669d000-7fff166be000 rw-p 00000000 00:00 0                          [stack]\n7f0000000000-7f0000001000 ---p 00000000 00:00 0 \ngarbage line\n'),
    );
    expect(maps).toHaveLength(3);
    expect(maps[0]).toMatchObject({ start: 0x400000n, end: 0x417000n, perms: 'r-xp', executable: true, writable: false, offset: 0n, dev: 'fc:01', inode: 1234n, path: '/usr/bin/driver' });
    expect(maps[1]).toMatchObject({ path: '[stack]', writable: true, privateMapping: true });
    expect(maps[2]!.path).toBe('');
  });
  it('DsoDebug with link_map entries', () => {
    const f = new FileImage();
    const name = f.string('/lib/libc.so.6');
    const map = f.add(new Writer().u64(0x7f00n).u32(name).u32(0).u64(0x600000n));
    const s = new Writer().u32(1).u32(map).u32(1).u32(0).u64(0x1000n).u64(0x7f0000n).u64(0x600e28n);
    const dd = parseLinuxDsoDebug(view(s), f.view(), 8);
    expect(dd).toMatchObject({ version: 1, dsoCount: 1, brk: 0x1000n, ldbase: 0x7f0000n, dynamic: 0x600e28n });
    expect(dd.linkMap).toEqual([{ addr: 0x7f00n, nameRva: name, name: '/lib/libc.so.6', ld: 0x600000n }]);
    const bogus = new Writer().u32(1).u32(map).u32(0x7fffffff).u32(0).zeros(24);
    expect(() => parseLinuxDsoDebug(view(bogus), f.view(), 8)).toThrowError(expect.objectContaining({ code: 'BAD_COUNT' }));
  });
});

describe('Mozilla streams', () => {
  it('linux limits', () => {
    const l = parseMozLinuxLimits(
      text('Limit                     Soft Limit           Hard Limit           Units     \nMax cpu time              unlimited            unlimited            seconds   \nMax open files            1024                 524288               files     \nMax nice priority         0                    0                    \n'),
    );
    expect(l).toEqual([
      { name: 'Max cpu time', soft: 'unlimited', hard: 'unlimited', unit: 'seconds' },
      { name: 'Max open files', soft: '1024', hard: '524288', unit: 'files' },
      { name: 'Max nice priority', soft: '0', hard: '0', unit: '' },
    ]);
  });
  it('soft errors JSON', () => {
    expect(parseMozSoftErrors(text('[{"x":1}]')).json).toEqual([{ x: 1 }]);
    expect(parseMozSoftErrors(text('not json')).json).toBeNull();
  });
  it('mac crash info records (v5)', () => {
    const f = new FileImage();
    const rec = new Writer().u64(0x4d7a0001n).u64(5n).u64(0x1234n).u64(0n).u64(0x5n).ascii('/usr/lib/libA.dylib').u8(0).ascii('boom').u8(0).u8(0).ascii('bt').u8(0).u8(0);
    const rva = f.add(rec);
    const s = new Writer().u32(0x4d7a0001).u32(1).u32(40).u32(rec.length).u32(rva).zeros(19 * 8);
    const ci = parseMozMacosCrashInfo(view(s), f.view());
    expect(ci.records).toEqual([
      { streamType: 0x4d7a0001n, version: 5n, thread: 0x1234n, dialogMode: 0n, abortCause: 5n, modulePath: '/usr/lib/libA.dylib', message: 'boom', signatureString: '', backtrace: 'bt', message2: '' },
    ]);
    const tooMany = new Writer().u32(0x4d7a0001).u32(21).u32(40).zeros(20 * 8);
    expect(() => parseMozMacosCrashInfo(view(tooMany), f.view())).toThrowError(expect.objectContaining({ code: 'BAD_COUNT' }));
  });
  it('mac boot args', () => {
    const f = new FileImage();
    const rva = f.string('-v keepsyms=1');
    expect(parseMozMacosBootargs(view(new Writer().u32(0x4d7a0002).u64(BigInt(rva))), f.view())).toEqual({ streamType: 0x4d7a0002, bootargs: '-v keepsyms=1' });
  });
});
