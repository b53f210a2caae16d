/**
 * The walk loop, after Breakpad's Stackwalker::Walk: context frame, then
 * callers until a CPU walker gives up, a stop rule fires, or the frame limit
 * is reached.
 */
import { amd64CallerFrame } from './amd64.js';
import { arm64ContextFrame, arm64CallerFrame } from './arm64.js';
import { armCallerFrame } from './arm.js';
import { type Frame, WalkContext, validRegisters } from './context.js';
import type { Cpu, Registers, WalkedFrame, WalkerEnvironment, WalkOptions } from './types.js';
import { x86CallerFrame } from './x86.js';

type CallerFn = (ctx: WalkContext, frames: readonly Frame[], scanAllowed: boolean) => Promise<Frame | null>;

const CALLERS: Record<Cpu, CallerFn> = {
  x86: x86CallerFrame,
  amd64: amd64CallerFrame,
  arm: armCallerFrame,
  arm64: arm64CallerFrame,
};

const PC: Record<Cpu, string> = { x86: 'eip', amd64: 'rip', arm: 'pc', arm64: 'pc' };

export const DEFAULT_MAX_FRAMES = 1024;
/** Breakpad Stackwalker::max_frames_scanned_. */
export const DEFAULT_MAX_SCANNED_FRAMES = 1 << 14;

function contextFrame(ctx: WalkContext, context: Registers): Frame {
  const regs = new Map<string, bigint>();
  for (const [name, value] of context) regs.set(name, value & ctx.mask);
  const frame: Frame = {
    trust: 'context',
    regs,
    valid: new Set(regs.keys()),
    instruction: regs.get(PC[ctx.env.cpu]) ?? 0n,
    module: null,
  };
  if (ctx.env.cpu === 'arm64') arm64ContextFrame(ctx, frame);
  return frame;
}

function toWalked(frame: Frame, cpu: Cpu): WalkedFrame {
  return {
    instruction: frame.regs.get(PC[cpu]) ?? 0n,
    lookupAddress: frame.instruction,
    trust: frame.trust,
    registers: validRegisters(frame),
    module: frame.module,
  };
}

export async function walkStack(context: Registers, env: WalkerEnvironment, options: WalkOptions = {}): Promise<WalkedFrame[]> {
  const ctx = new WalkContext(env);
  const maxFrames = options.maxFrames ?? DEFAULT_MAX_FRAMES;
  const maxScanned = options.maxScannedFrames ?? DEFAULT_MAX_SCANNED_FRAMES;
  const callerFrame = CALLERS[env.cpu];
  const frames: Frame[] = [];
  let scanned = 0;
  let frame: Frame | null = contextFrame(ctx, context);
  while (frame && frames.length < maxFrames) {
    frame.module = ctx.moduleAt(frame.instruction);
    if (frame.trust === 'scan' || frame.trust === 'cfi_scan' || frame.trust === 'none') scanned++;
    frames.push(frame);
    if (frames.length >= maxFrames) break;
    frame = await callerFrame(ctx, frames, scanned < maxScanned);
  }
  return frames.map((f) => toWalked(f, env.cpu));
}
