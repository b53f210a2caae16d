/**
 * x86 caller recovery, after Breakpad's StackwalkerX86::GetCallerFrame:
 * STACK WIN (FRAME_DATA, then FPO), STACK CFI, then the %ebp chain with a
 * stack-scan fallback inside it.
 */
import { simpleCfiWalk, type CfiRegister } from './cfi-eval.js';
import { type Frame, type WalkContext, reg, terminateWalk } from './context.js';
import { x86ByWindowsFrameInfo } from './win-eval.js';

const M32 = 0xffffffffn;
/** Breakpad kMaxReasonableGapBetweenFrames: 99.5% of real frames are smaller. */
export const MAX_REASONABLE_GAP_BETWEEN_FRAMES = 128n * 1024n;

const cfi = (name: string, alternate: string | null, calleeSaves: boolean): CfiRegister => ({
  name,
  cfiName: `$${name}`,
  alternate,
  calleeSaves,
});

export const X86_CFI_MAP: readonly CfiRegister[] = [
  cfi('eip', '.ra', false),
  cfi('esp', '.cfa', false),
  cfi('ebp', null, true),
  cfi('eax', null, false),
  cfi('ebx', null, true),
  cfi('ecx', null, false),
  cfi('edx', null, false),
  cfi('esi', null, true),
  cfi('edi', null, true),
];

async function byCfi(ctx: WalkContext, last: Frame): Promise<Frame | null> {
  const rules = await ctx.cfiRulesFor(last);
  if (!rules) return null;
  const r = simpleCfiWalk(X86_CFI_MAP, rules, last.regs, last.valid, 32, (a) => ctx.read32(a));
  if (!r || !r.valid.has('eip') || !r.valid.has('esp') || !r.valid.has('ebp')) return null;
  return { trust: 'cfi', regs: r.regs, valid: r.valid, instruction: 0n, module: null };
}

async function byEbpAtBase(ctx: WalkContext, last: Frame, scanAllowed: boolean): Promise<Frame | null> {
  const lastEsp = reg(last, 'esp');
  const lastEbp = reg(last, 'ebp');
  let callerEip = ctx.read32((lastEbp + 4n) & M32);
  let callerEbp = ctx.read32(lastEbp);
  let callerEsp: bigint;
  let trust: Frame['trust'];
  if (callerEip !== undefined && callerEbp !== undefined) {
    callerEsp = (lastEbp + 8n) & M32;
    trust = 'frame_pointer';
  } else {
    // %ebp does not point into the stack: code without frame pointers.
    if (!scanAllowed) return null;
    const found = await ctx.scanForCaller(lastEsp, last.trust === 'context');
    if (!found) return null;
    callerEip = found.ip;
    callerEsp = (found.location + 4n) & M32;
    // The caller's %ebp may sit right below the return address; accept it
    // only if it points up the stack by a reasonable amount.
    const chain = (callerEsp - 8n) & M32;
    callerEbp = ctx.read32(chain);
    if (callerEbp === undefined || callerEbp <= chain || callerEbp - chain > MAX_REASONABLE_GAP_BETWEEN_FRAMES) {
      callerEbp = lastEbp;
    }
    trust = 'scan';
  }
  const regs = new Map(last.regs);
  regs.set('eip', callerEip);
  regs.set('esp', callerEsp);
  regs.set('ebp', callerEbp);
  return { trust, regs, valid: new Set(['eip', 'esp', 'ebp']), instruction: 0n, module: null };
}

export async function x86CallerFrame(ctx: WalkContext, frames: readonly Frame[], scanAllowed: boolean): Promise<Frame | null> {
  if (!ctx.memory) return null;
  const last = frames[frames.length - 1] as Frame;
  let frame: Frame | null = null;

  // Remembered on the frame: later frames need it for .cbCalleeParams.
  last.windowsInfo = await ctx.windowsInfoFor(last);
  if (last.windowsInfo?.full) frame = await x86ByWindowsFrameInfo(ctx, frames, last.windowsInfo.full, scanAllowed);
  if (!frame) frame = await byCfi(ctx, last);
  if (!frame) frame = await byEbpAtBase(ctx, last, scanAllowed);
  if (!frame) return null;

  const eip = reg(frame, 'eip');
  if (terminateWalk(eip, reg(frame, 'esp'), reg(last, 'esp'), last.trust === 'context')) return null;
  frame.instruction = (eip - 1n) & M32;
  return frame;
}
