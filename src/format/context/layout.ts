// CPU contexts are described by layout tables (register name, offset, size, the
// context_flags section that must be set for it to be present). One table drives
// both parsing and (later) serialization, so the two can never disagree.
import { MinidumpError } from '../../errors.js';
import { ByteView } from '../bytes.js';

export type Cpu = 'x86' | 'amd64' | 'arm' | 'arm64' | 'mips' | 'mips64' | 'ppc' | 'ppc64' | 'sparc' | 'unknown';

export interface CpuContext {
  cpu: Cpu;
  contextFlags: number;
  /** Breakpad register names, general registers first in the order minidump_stackwalk prints them. */
  registers: Map<string, bigint>;
}

/** What a register is, so callers can pick e.g. only the general ones. */
export type RegisterKind = 'general' | 'control' | 'segment' | 'float' | 'vector' | 'debug';

export interface RegisterField {
  name: string;
  offset: number;
  size: 2 | 4 | 8 | 16;
  /** context_flags bits (below the CPU bits) that must all be set for this register to be present. */
  section: number;
  kind: RegisterKind;
}

export interface ContextLayout {
  /** Raw struct name, e.g. 'CONTEXT_AMD64'. */
  name: string;
  cpu: Cpu;
  /** sizeof the raw struct. */
  size: number;
  flagsOffset: number;
  flagsSize: 4 | 8;
  /** CPU bit(s) of context_flags identifying this layout. */
  cpuFlag: number;
  /** In output order. */
  registers: readonly RegisterField[];
}

/** Helper for tables: `count` consecutive registers named prefix+i. */
export function regSeries(
  prefix: string,
  count: number,
  offset: number,
  size: RegisterField['size'],
  section: number,
  kind: RegisterKind,
  first = 0,
): RegisterField[] {
  const out: RegisterField[] = [];
  for (let i = 0; i < count; i++) out.push({ name: `${prefix}${first + i}`, offset: offset + i * size, size, section, kind });
  return out;
}

export function readContextFlags(layout: ContextLayout, v: ByteView): number {
  return layout.flagsSize === 8 ? Number(BigInt.asUintN(32, v.u64(layout.flagsOffset))) : v.u32(layout.flagsOffset);
}

function readField(v: ByteView, f: RegisterField): bigint {
  switch (f.size) {
    case 2:
      return BigInt(v.u16(f.offset));
    case 4:
      return BigInt(v.u32(f.offset));
    case 8:
      return v.u64(f.offset);
    case 16: {
      const a = v.u64(f.offset);
      const b = v.u64(f.offset + 8);
      return v.littleEndian ? (b << 64n) | a : (a << 64n) | b;
    }
  }
}

/** True when the register's section bits are all present in `flags`. */
export function registerPresent(f: RegisterField, flags: number): boolean {
  return (flags & f.section) === f.section;
}

/**
 * Parse `bytes` (at least layout.size long; extra trailing bytes such as XSTATE
 * are ignored) with the table.
 */
export function parseContextWithLayout(layout: ContextLayout, bytes: Uint8Array, littleEndian = true): CpuContext {
  const v = new ByteView(bytes, littleEndian);
  if (bytes.length < layout.size && !v.has(layout.flagsOffset, 4)) {
    throw new MinidumpError('TRUNCATED', `${layout.name}: ${bytes.length} bytes, need ${layout.size}`);
  }
  const contextFlags = readContextFlags(layout, v);
  const registers = new Map<string, bigint>();
  for (const f of layout.registers) {
    if (!registerPresent(f, contextFlags)) continue;
    // A short context (LLDB writes 720 of CONTEXT_AMD64's 1232 bytes) is accepted as long
    // as every register its flags promise is inside it; Breakpad rejects such contexts.
    if (!v.has(f.offset, f.size)) {
      if (f.kind === 'float' || f.kind === 'vector' || f.kind === 'debug') continue;
      throw new MinidumpError('TRUNCATED', `${layout.name}: ${bytes.length} bytes, register ${f.name} needs ${f.offset + f.size}`);
    }
    registers.set(f.name, readField(v, f));
  }
  if (bytes.length < layout.size && registers.size === 0) {
    throw new MinidumpError('TRUNCATED', `${layout.name}: ${bytes.length} bytes with no registers, need ${layout.size}`);
  }
  return { cpu: layout.cpu, contextFlags, registers };
}

/** Serialize a context with the table (registers not in the map are written as 0). */
export function serializeContextWithLayout(layout: ContextLayout, ctx: CpuContext, littleEndian = true): Uint8Array {
  const out = new Uint8Array(layout.size);
  const dv = new DataView(out.buffer);
  if (layout.flagsSize === 8) dv.setBigUint64(layout.flagsOffset, BigInt(ctx.contextFlags >>> 0), littleEndian);
  else dv.setUint32(layout.flagsOffset, ctx.contextFlags >>> 0, littleEndian);
  for (const f of layout.registers) {
    const val = ctx.registers.get(f.name);
    if (val === undefined) continue;
    switch (f.size) {
      case 2:
        dv.setUint16(f.offset, Number(BigInt.asUintN(16, val)), littleEndian);
        break;
      case 4:
        dv.setUint32(f.offset, Number(BigInt.asUintN(32, val)), littleEndian);
        break;
      case 8:
        dv.setBigUint64(f.offset, BigInt.asUintN(64, val), littleEndian);
        break;
      case 16: {
        const lo = BigInt.asUintN(64, val);
        const hi = BigInt.asUintN(64, val >> 64n);
        dv.setBigUint64(f.offset, littleEndian ? lo : hi, littleEndian);
        dv.setBigUint64(f.offset + 8, littleEndian ? hi : lo, littleEndian);
        break;
      }
    }
  }
  return out;
}
