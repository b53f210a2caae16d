/**
 * x86 STACK WIN unwinding: Breakpad's StackwalkerX86::GetCallerByWindowsFrameInfo,
 * including its heuristics (.raSearchStart tweaks, scanning for a better
 * return address, recovering %ebp from the saved-register area).
 */
import { type Frame, type WalkContext, reg } from './context.js';
import { PostfixEvaluator } from './postfix.js';
import type { FrameTrust, WindowsFrameInfo } from './types.js';

/** WindowsFrameInfo::StackInfoTypes */
export const STACK_INFO_FPO = 0;
export const STACK_INFO_FRAME_DATA = 4;

const M32 = 0xffffffffn;
/** Bound on the saved-%ebp search (Breakpad has none): 4 MiB of stack. */
const MAX_EBP_SEARCH_STEPS = 1 << 20;

function u32(n: number): bigint {
  return Number.isFinite(n) ? BigInt(Math.trunc(n)) & M32 : 0n;
}

/** Program used when a record has no program string but allocates a base pointer. */
const ABP_PROGRAM = '$eip .raSearchStart ^ = $ebp $esp .cbCalleeParams + .cbSavedRegs + 8 - ^ = $esp .raSearchStart 4 + =';
/** Program used when the function does not touch %ebp at all. */
const NO_EBP_PROGRAM = '$eip .raSearchStart ^ = $esp .raSearchStart 4 + =';

/**
 * The callee parameter size Breakpad uses for `last`'s frame. Breakpad walks
 * frames[n-2] down to frames[0] *without breaking*, so the value from the
 * lowest-index frame that had any WindowsFrameInfo wins. Reproduced as is.
 */
function calleeParameterSize(frames: readonly Frame[]): bigint {
  let size = 0n;
  for (let i = frames.length - 2; i >= 0; i--) {
    const info = (frames[i] as Frame).windowsInfo;
    if (info) size = u32(info.parameterSize);
  }
  return size;
}

export async function x86ByWindowsFrameInfo(
  ctx: WalkContext,
  frames: readonly Frame[],
  info: WindowsFrameInfo,
  scanAllowed: boolean,
): Promise<Frame | null> {
  const last = frames[frames.length - 1] as Frame;
  const isContext = last.trust === 'context';
  const calleeParams = calleeParameterSize(frames);
  const savedRegs = u32(info.savedRegisterSize);
  const locals = u32(info.localSize);
  const lastEsp = reg(last, 'esp');
  const lastEbp = reg(last, 'ebp');

  const dict = new Map<string, bigint>();
  dict.set('$ebp', lastEbp);
  dict.set('$esp', lastEsp);
  if (last.valid.has('ebx')) dict.set('$ebx', reg(last, 'ebx'));
  dict.set('.cbCalleeParams', calleeParams);
  dict.set('.cbSavedRegs', savedRegs);
  dict.set('.cbLocals', locals);

  let raSearchStart = (lastEsp + calleeParams + locals + savedRegs) & M32;
  const raSearchStartOld = raSearchStart;
  // Up to three words above, in case the stack was aligned (not gated by scanAllowed in Breakpad).
  const near = await ctx.scanForReturnAddress(raSearchStart, 3);
  if (near) raSearchStart = near.location;
  if (
    near &&
    isContext &&
    info.type === STACK_INFO_FPO &&
    raSearchStartOld === raSearchStart &&
    near.ip === reg(last, 'eip')
  ) {
    // FPO system call whose callee already returned: the stale return
    // address on top of the stack points at the current instruction.
    raSearchStart = (raSearchStart + 4n) & M32;
    const again = await ctx.scanForReturnAddress(raSearchStart, 3);
    if (again) raSearchStart = again.location;
  }

  dict.set('.cbParams', u32(info.parameterSize));

  let program: string;
  let recoverEbp = true;
  if (info.programString) {
    program = info.programString;
  } else if (info.allocatesBasePointer) {
    program = ABP_PROGRAM;
  } else {
    program = NO_EBP_PROGRAM;
    // ntdll forwarding functions commonly leave %ebx untouched.
    if (last.valid.has('ebx')) program += ' $ebx $ebx =';
    recoverEbp = false;
  }

  // An aligned %esp makes the %esp-based .raSearchStart wrong; use %ebp.
  if (last.valid.has('ebp') && program.includes('@')) raSearchStart = (lastEbp + 4n) & M32;
  dict.set('.raSearchStart', raSearchStart);
  dict.set('.raSearch', raSearchStart);

  let trust: FrameTrust = 'cfi';
  const assigned = new Set<string>();
  const evaluator = new PostfixEvaluator(dict, 32, (a) => ctx.read32(a));
  // A failed program may leave partial assignments behind; Breakpad keeps them.
  if (!evaluator.evaluate(program, assigned) || !assigned.has('$eip') || !assigned.has('$esp')) {
    if (!scanAllowed) return null;
    const found = await ctx.scanForCaller(lastEsp, isContext);
    if (!found) return null;
    dict.set('$eip', found.ip);
    dict.set('$esp', (found.location + 4n) & M32);
    trust = 'scan';
  }

  const get = (name: string): bigint => dict.get(name) ?? 0n;
  // Program results of eip == 0 and ebp == 0 mean the end of the stack: no more guessing.
  if (get('$eip') !== 0n || get('$ebp') !== 0n) {
    let offset = 0n;
    if (!ctx.moduleAt(get('$eip'))) {
      // The return address from .raSearchStart is not in a module: scan above it.
      const locationStart = (get('.raSearchStart') + 4n) & M32;
      if (scanAllowed) {
        const found = await ctx.scanForCaller(locationStart, isContext);
        if (found) {
          dict.set('$eip', found.ip);
          dict.set('$esp', (found.location + 4n) & M32);
          offset = (found.location - locationStart) & M32;
          trust = 'cfi_scan';
        }
      }
    }

    if (recoverEbp) {
      const ebp = get('$ebp');
      // A scanned return address may have skipped frames; an %ebp below it hints at that.
      const skipped = trust !== 'cfi' && ebp <= ((raSearchStart + offset) & M32);
      if (skipped || ctx.read32(ebp) === undefined) {
        const searchBytes = (savedRegs + offset) & M32;
        const locationEnd = (lastEsp + calleeParams) & M32;
        // Highest to lowest: prologs save %ebp early. Each step needs a
        // readable stack word; the step cap only bites on hostile stacks.
        let steps = 0;
        for (
          let location = (locationEnd + searchBytes) & M32;
          location >= locationEnd && steps < MAX_EBP_SEARCH_STEPS;
          location = (location - 4n) & M32, steps++
        ) {
          const candidate = ctx.read32(location);
          if (candidate === undefined) break;
          if (ctx.read32(candidate) !== undefined) {
            dict.set('$ebp', candidate);
            break;
          }
        }
      }
    }
  }

  const regs = new Map(last.regs);
  regs.set('eip', get('$eip'));
  regs.set('esp', get('$esp'));
  regs.set('ebp', get('$ebp'));
  const valid = new Set(['eip', 'esp', 'ebp']);
  for (const name of ['ebx', 'esi', 'edi']) {
    if (assigned.has(`$${name}`)) {
      regs.set(name, get(`$${name}`));
      valid.add(name);
    }
  }
  return { trust, regs, valid, instruction: 0n, module: null };
}
