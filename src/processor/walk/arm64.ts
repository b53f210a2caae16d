/**
 * ARM64 caller recovery, after Breakpad's StackwalkerARM64::GetCallerFrame:
 * STACK CFI, frame pointer (x29/x30 frame records, with Breakpad's lr
 * correction), then stack scan. Pointer-authentication bits are stripped
 * from recovered return addresses.
 */
import { findCallerRegs } from './cfi-eval.js';
import { type Frame, type WalkContext, reg, terminateWalk } from './context.js';

const M64 = 0xffffffffffffffffn;
/** Walker names in Breakpad's iregs order; CFI rules call fp/lr x29/x30. */
const NAMES: readonly string[] = [...Array.from({ length: 29 }, (_, i) => `x${i}`), 'fp', 'lr', 'sp', 'pc'];
const CFI_NAME = (name: string): string => (name === 'fp' ? 'x29' : name === 'lr' ? 'x30' : name);
/** x19..x29 are callee-saves in the AAPCS64. */
const CALLEE_SAVES = new Set([...Array.from({ length: 10 }, (_, i) => `x${19 + i}`), 'fp']);

/**
 * Breakpad's address_range_mask_: the end of the last module in minidump
 * order, with every bit below its top bit set.
 */
export function ptrauthMask(ctx: WalkContext): bigint {
  const modules = ctx.env.modules;
  const high = modules && modules.length > 0 ? modules[modules.length - 1] : undefined;
  if (!high) return M64;
  let mask = (high.base + high.size) & M64;
  for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> s;
  return mask;
}

/** Strip only when the stripped pointer lands in a module. */
export function ptrauthStrip(ctx: WalkContext, ptr: bigint): bigint {
  const stripped = ptr & ptrauthMask(ctx);
  return ctx.moduleAt(stripped) ? stripped : ptr;
}

/** The context frame's lr is stripped (pc is not). */
export function arm64ContextFrame(ctx: WalkContext, frame: Frame): void {
  frame.regs.set('lr', ptrauthStrip(ctx, reg(frame, 'lr')));
}

async function byCfi(ctx: WalkContext, last: Frame): Promise<Frame | null> {
  const rules = await ctx.cfiRulesFor(last);
  if (!rules) return null;
  const callee = new Map<string, bigint>();
  for (const name of NAMES) if (last.valid.has(name)) callee.set(CFI_NAME(name), reg(last, name));
  const caller = findCallerRegs(rules, callee, 64, (a) => ctx.read64(a));
  if (!caller) return null;
  const regs = new Map<string, bigint>();
  const valid = new Set<string>();
  for (const name of NAMES) {
    const v = caller.get(CFI_NAME(name));
    if (v !== undefined) {
      regs.set(name, v);
      valid.add(name);
    } else if (CALLEE_SAVES.has(name) && last.valid.has(name)) {
      regs.set(name, reg(last, name));
      valid.add(name);
    } else {
      regs.set(name, 0n);
    }
  }
  if (!valid.has('pc')) {
    const ra = caller.get('.ra');
    if (ra !== undefined) {
      regs.set('pc', ra);
      valid.add('pc');
    }
  }
  if (!valid.has('sp')) {
    const cfa = caller.get('.cfa');
    if (cfa !== undefined) {
      regs.set('sp', cfa);
      valid.add('sp');
    }
  }
  if (!valid.has('pc') || !valid.has('sp')) return null;
  regs.set('pc', ptrauthStrip(ctx, regs.get('pc') ?? 0n));
  return { trust: 'cfi', regs, valid, instruction: 0n, module: null };
}

/**
 * Breakpad's CorrectRegLRByFramePointer: when the callee's CFI did not
 * recover lr, take it from the callee's frame record, provided that record's
 * saved fp agrees with this frame's fp. Mutates `last`'s lr (not its validity).
 */
function correctLrByFramePointer(ctx: WalkContext, frames: readonly Frame[], last: Frame): void {
  if (frames.length < 2 || reg(last, 'fp') <= reg(last, 'sp')) return;
  const callee = frames[frames.length - 2] as Frame;
  const calleeFp = reg(callee, 'fp');
  let lastFp = 0n;
  if (calleeFp !== 0n) {
    const v = ctx.read64(calleeFp);
    if (v === undefined) return;
    lastFp = v;
  }
  if (reg(last, 'fp') !== lastFp) return;
  let lastLr = 0n;
  if (calleeFp !== 0n) {
    const v = ctx.read64((calleeFp + 8n) & M64);
    if (v === undefined) return;
    lastLr = v;
  }
  last.regs.set('lr', ptrauthStrip(ctx, lastLr));
}

function byFramePointer(ctx: WalkContext, frames: readonly Frame[], last: Frame): Frame | null {
  if (!last.valid.has('lr')) correctLrByFramePointer(ctx, frames, last);
  // fp is read whatever its validity, like Breakpad.
  const lastFp = reg(last, 'fp');
  let callerFp = 0n;
  let callerLr = 0n;
  if (lastFp !== 0n) {
    const f = ctx.read64(lastFp);
    if (f === undefined) return null;
    const l = ctx.read64((lastFp + 8n) & M64);
    if (l === undefined) return null;
    callerFp = f;
    callerLr = l;
  }
  callerLr = ptrauthStrip(ctx, callerLr);
  const callerSp = lastFp !== 0n ? (lastFp + 16n) & M64 : reg(last, 'sp');
  const regs = new Map(last.regs);
  regs.set('fp', callerFp);
  regs.set('sp', callerSp);
  regs.set('pc', reg(last, 'lr'));
  regs.set('lr', callerLr);
  return { trust: 'frame_pointer', regs, valid: new Set(['pc', 'lr', 'fp', 'sp']), instruction: 0n, module: null };
}

async function byStackScan(ctx: WalkContext, last: Frame): Promise<Frame | null> {
  const found = await ctx.scanForCaller(reg(last, 'sp'), last.trust === 'context');
  if (!found) return null;
  const regs = new Map(last.regs);
  regs.set('pc', found.ip);
  regs.set('sp', (found.location + 8n) & M64);
  return { trust: 'scan', regs, valid: new Set(['pc', 'sp']), instruction: 0n, module: null };
}

export async function arm64CallerFrame(ctx: WalkContext, frames: readonly Frame[], scanAllowed: boolean): Promise<Frame | null> {
  if (!ctx.memory) return null;
  const last = frames[frames.length - 1] as Frame;
  let frame = await byCfi(ctx, last);
  if (!frame) frame = byFramePointer(ctx, frames, last);
  if (!frame && scanAllowed) frame = await byStackScan(ctx, last);
  if (!frame) return null;
  const pc = reg(frame, 'pc');
  if (terminateWalk(pc, reg(frame, 'sp'), reg(last, 'sp'), last.trust === 'context')) return null;
  frame.instruction = (pc - 4n) & M64;
  return frame;
}
