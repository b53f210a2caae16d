/**
 * 32-bit ARM caller recovery, after Breakpad's StackwalkerARM::GetCallerFrame:
 * STACK CFI (ignored on iOS), frame pointer r7 (iOS only: elsewhere there is
 * no reliable frame-pointer convention), then stack scan.
 */
import { findCallerRegs } from './cfi-eval.js';
import { type Frame, type WalkContext, reg, terminateWalk } from './context.js';

const M32 = 0xffffffffn;
const NAMES = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'sp', 'lr', 'pc'];
/** r4..r11 are callee-saves in the AAPCS. */
const CALLEE_SAVES = new Set(['r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11']);
/** MD_CONTEXT_ARM_REG_IOS_FP */
export const ARM_IOS_FP = 'r7';

function isIos(ctx: WalkContext): boolean {
  return ctx.env.os === 'iOS';
}

async function byCfi(ctx: WalkContext, last: Frame): Promise<Frame | null> {
  const rules = await ctx.cfiRulesFor(last);
  if (!rules) return null;
  const callee = new Map<string, bigint>();
  for (const name of NAMES) if (last.valid.has(name)) callee.set(name, reg(last, name));
  const caller = findCallerRegs(rules, callee, 32, (a) => ctx.read32(a));
  if (!caller) return null;
  // A fresh StackFrameARM: zeroed registers, nothing valid.
  const regs = new Map<string, bigint>();
  const valid = new Set<string>();
  for (const name of NAMES) {
    const v = caller.get(name);
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
  // Breakpad's fp_register_ != -1 branch (pc from lr) is unreachable: CFI is skipped on iOS.
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
  return { trust: 'cfi', regs, valid, instruction: 0n, module: null };
}

function byFramePointer(ctx: WalkContext, last: Frame, fp: string): Frame | null {
  if (!last.valid.has(fp)) return null;
  const lastFp = reg(last, fp);
  let callerFp = 0n;
  let callerLr = 0n;
  if (lastFp !== 0n) {
    const f = ctx.read32(lastFp);
    if (f === undefined) return null;
    const l = ctx.read32((lastFp + 4n) & M32);
    if (l === undefined) return null;
    callerFp = f;
    callerLr = l;
  }
  const callerSp = lastFp !== 0n ? (lastFp + 8n) & M32 : reg(last, 'sp');
  const regs = new Map(last.regs);
  regs.set(fp, callerFp);
  regs.set('sp', callerSp);
  // lr is used whatever its validity, like Breakpad.
  regs.set('pc', reg(last, 'lr'));
  regs.set('lr', callerLr);
  return { trust: 'frame_pointer', regs, valid: new Set(['pc', 'lr', fp, 'sp']), instruction: 0n, module: null };
}

async function byStackScan(ctx: WalkContext, last: Frame): Promise<Frame | null> {
  const found = await ctx.scanForCaller(reg(last, 'sp'), last.trust === 'context');
  if (!found) return null;
  const regs = new Map(last.regs);
  regs.set('pc', found.ip);
  regs.set('sp', (found.location + 4n) & M32);
  return { trust: 'scan', regs, valid: new Set(['pc', 'sp']), instruction: 0n, module: null };
}

export async function armCallerFrame(ctx: WalkContext, frames: readonly Frame[], scanAllowed: boolean): Promise<Frame | null> {
  if (!ctx.memory) return null;
  const last = frames[frames.length - 1] as Frame;
  let frame: Frame | null = null;
  // Breakpad ignores iOS CFI (google-breakpad issue 764).
  if (!isIos(ctx)) frame = await byCfi(ctx, last);
  if (!frame && isIos(ctx)) frame = byFramePointer(ctx, last, ARM_IOS_FP);
  if (!frame && scanAllowed) frame = await byStackScan(ctx, last);
  if (!frame) return null;
  const pc = reg(frame, 'pc');
  if (terminateWalk(pc, reg(frame, 'sp'), reg(last, 'sp'), last.trust === 'context')) return null;
  frame.instruction = (pc - 2n) & M32;
  return frame;
}
