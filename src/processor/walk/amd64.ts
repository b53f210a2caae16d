/**
 * amd64 caller recovery, after Breakpad's StackwalkerAMD64::GetCallerFrame:
 * STACK CFI; on Windows, for the context frame only, "simulate a return from
 * a leaf function"; frame pointer (never on Windows); stack scan.
 */
import { simpleCfiWalk, type CfiRegister } from './cfi-eval.js';
import { type Frame, type WalkContext, reg, terminateWalk } from './context.js';

const NAMES = ['rax', 'rdx', 'rcx', 'rbx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip'];
const CALLEE_SAVES = new Set(['rbx', 'rbp', 'r12', 'r13', 'r14', 'r15']);

export const AMD64_CFI_MAP: readonly CfiRegister[] = NAMES.map((name) => ({
  name,
  cfiName: `$${name}`,
  alternate: name === 'rsp' ? '.cfa' : name === 'rip' ? '.ra' : null,
  calleeSaves: CALLEE_SAVES.has(name),
}));

/** x86-64 canonical form: the gap between the lower and upper halves is invalid. */
function isNonCanonical(p: bigint): boolean {
  return p > 0x7fffffffffffn && p < 0xffff800000000000n;
}

async function byCfi(ctx: WalkContext, last: Frame): Promise<Frame | null> {
  const rules = await ctx.cfiRulesFor(last);
  if (!rules) return null;
  const r = simpleCfiWalk(AMD64_CFI_MAP, rules, last.regs, last.valid, 64, (a) => ctx.read64(a));
  if (!r || !r.valid.has('rip') || !r.valid.has('rsp')) return null;
  if ((r.regs.get('rip') ?? 0n) === 0n || (r.regs.get('rsp') ?? 0n) === 0n) return null;
  return { trust: 'cfi', regs: r.regs, valid: r.valid, instruction: 0n, module: null };
}

async function bySimulatingReturn(ctx: WalkContext, last: Frame): Promise<Frame | null> {
  const found = await ctx.scanForReturnAddress(reg(last, 'rsp'), 1);
  if (!found) return null;
  const regs = new Map(last.regs);
  regs.set('rip', found.ip);
  regs.set('rsp', (found.location + 8n) & ctx.mask);
  return { trust: 'leaf', regs, valid: new Set(last.valid), instruction: 0n, module: null };
}

function byFramePointer(ctx: WalkContext, last: Frame): Frame | null {
  // rbp is read whatever its validity, like Breakpad.
  const lastRbp = reg(last, 'rbp');
  if (lastRbp % 8n !== 0n) return null;
  const callerRip = ctx.read64(lastRbp + 8n);
  const callerRbp = ctx.read64(lastRbp);
  if (callerRip === undefined || callerRbp === undefined) return null;
  const callerRsp = (lastRbp + 16n) & ctx.mask;
  if (isNonCanonical(callerRip)) return null;
  if (callerRsp <= lastRbp || callerRbp < callerRsp) return null;
  // The caller's rbp must still point into the stack.
  if (ctx.read64(callerRbp) === undefined) return null;
  const regs = new Map(last.regs);
  regs.set('rip', callerRip);
  regs.set('rsp', callerRsp);
  regs.set('rbp', callerRbp);
  return { trust: 'frame_pointer', regs, valid: new Set(['rip', 'rsp', 'rbp']), instruction: 0n, module: null };
}

async function byStackScan(ctx: WalkContext, last: Frame): Promise<Frame | null> {
  const found = await ctx.scanForCaller(reg(last, 'rsp'), last.trust === 'context');
  if (!found) return null;
  const regs = new Map(last.regs);
  regs.set('rip', found.ip);
  regs.set('rsp', (found.location + 8n) & ctx.mask);
  const valid = new Set(['rip', 'rsp']);
  if (last.valid.has('rbp')) {
    const lastRbp = reg(last, 'rbp');
    if (((found.location - 8n) & ctx.mask) === lastRbp) {
      // The callee pushed the caller's rbp right below the return address.
      const callerRbp = ctx.read64(lastRbp);
      if (callerRbp !== undefined && callerRbp > found.location) {
        regs.set('rbp', callerRbp);
        valid.add('rbp');
      }
    } else if (lastRbp >= ((found.location + 8n) & ctx.mask)) {
      // Plausible as the caller's rbp: presume the callee left it alone.
      valid.add('rbp');
    }
  }
  return { trust: 'scan', regs, valid, instruction: 0n, module: null };
}

export async function amd64CallerFrame(ctx: WalkContext, frames: readonly Frame[], scanAllowed: boolean): Promise<Frame | null> {
  if (!ctx.memory) return null;
  const last = frames[frames.length - 1] as Frame;
  let frame = await byCfi(ctx, last);
  if (!frame && last.trust === 'context' && ctx.isWindows) frame = await bySimulatingReturn(ctx, last);
  // MSVC and LLVM on Windows x64 never keep a usable rbp chain.
  if (!frame && !ctx.isWindows) frame = byFramePointer(ctx, last);
  if (!frame && scanAllowed) frame = await byStackScan(ctx, last);
  if (!frame) return null;
  const rip = reg(frame, 'rip');
  if (terminateWalk(rip, reg(frame, 'rsp'), reg(last, 'rsp'), last.trust === 'context')) return null;
  frame.instruction = (rip - 1n) & ctx.mask;
  return frame;
}
