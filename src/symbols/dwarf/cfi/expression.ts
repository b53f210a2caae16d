// Translates the DWARF expressions that CFI uses (DW_CFA_def_cfa_expression,
// DW_CFA_expression, DW_CFA_val_expression) into Breakpad postfix, when they
// only use operations postfix can express exactly: register+offset, constants,
// + - *, deref of a full word, and masking by -2^k ('@'). Anything else
// (branches, comparisons, shifts, signed division, ...) returns undefined so
// the caller skips the rule, as Breakpad does for every expression.
import { Cursor } from './cursor.js';

// Long fragments only come from dup/over/pick loops; refuse them rather than grow without bound.
const MAX_FRAGMENT = 200;
const MAX_STACK = 64;

interface Item {
  text: string;
  /** The value when it is a literal (for '@'), else undefined. */
  value?: number;
}

/**
 * @param expr     expression bytes
 * @param regName  value name of a register ('' / undefined when unknown)
 * @param initial  the stack before evaluation: ['.cfa'] for register rules, [] for the CFA rule
 */
export function translateExpression(
  expr: Uint8Array,
  littleEndian: boolean,
  addressSize: 4 | 8,
  regName: (reg: number) => string | undefined,
  initial: readonly string[],
): string | undefined {
  const c = new Cursor(expr, littleEndian);
  const stack: Item[] = initial.map((text) => ({ text }));
  const push = (text: string, value?: number): boolean => {
    if (text.length > MAX_FRAGMENT || stack.length >= MAX_STACK) return false;
    stack.push(value === undefined ? { text } : { text, value });
    return true;
  };
  const lit = (v: number): boolean => Number.isSafeInteger(v) && push(String(v), v);
  const breg = (reg: number, off: number): boolean => {
    const name = regName(reg);
    if (!name || !Number.isSafeInteger(off)) return false;
    return push(off === 0 ? name : `${name} ${off} +`);
  };
  const binary = (op: string): boolean => {
    const b = stack.pop();
    const a = stack.pop();
    if (!a || !b) return false;
    return push(`${a.text} ${b.text} ${op}`);
  };
  try {
    while (c.pos < c.end) {
      const op = c.u8();
      if (op >= 0x30 && op <= 0x4f) {
        if (!lit(op - 0x30)) return undefined; // DW_OP_lit0..31
        continue;
      }
      if (op >= 0x70 && op <= 0x8f) {
        if (!breg(op - 0x70, c.sleb())) return undefined; // DW_OP_breg0..31
        continue;
      }
      let ok: boolean;
      switch (op) {
        case 0x08: ok = lit(c.u8()); break; // const1u
        case 0x09: ok = lit((c.u8() << 24) >> 24); break; // const1s
        case 0x0a: ok = lit(c.u16()); break; // const2u
        case 0x0b: ok = lit(c.i16()); break; // const2s
        case 0x0c: ok = lit(c.u32()); break; // const4u
        case 0x0d: ok = lit(c.i32()); break; // const4s
        case 0x0e: ok = lit(c.u64()); break; // const8u
        case 0x0f: ok = lit(c.i64()); break; // const8s
        case 0x10: ok = lit(c.uleb()); break; // constu
        case 0x11: ok = lit(c.sleb()); break; // consts
        case 0x92: { // bregx
          const reg = c.uleb();
          ok = breg(reg, c.sleb());
          break;
        }
        case 0x12: { // dup
          const top = stack[stack.length - 1];
          ok = !!top && push(top.text, top.value);
          break;
        }
        case 0x13: ok = stack.pop() !== undefined; break; // drop
        case 0x14: { // over
          const item = stack[stack.length - 2];
          ok = !!item && push(item.text, item.value);
          break;
        }
        case 0x15: { // pick
          const item = stack[stack.length - 1 - c.u8()];
          ok = !!item && push(item.text, item.value);
          break;
        }
        case 0x16: { // swap
          const n = stack.length;
          ok = n >= 2;
          if (ok) [stack[n - 1], stack[n - 2]] = [stack[n - 2]!, stack[n - 1]!];
          break;
        }
        case 0x17: { // rot: (a b c -- c a b)
          const n = stack.length;
          ok = n >= 3;
          if (ok) {
            const top = stack[n - 1]!;
            stack[n - 1] = stack[n - 2]!;
            stack[n - 2] = stack[n - 3]!;
            stack[n - 3] = top;
          }
          break;
        }
        case 0x06: { // deref: postfix '^' reads one target word
          const a = stack.pop();
          ok = !!a && push(`${a.text} ^`);
          break;
        }
        case 0x94: { // deref_size: only a full word
          const n = c.u8();
          const a = stack.pop();
          ok = n === addressSize && !!a && push(`${a.text} ^`);
          break;
        }
        case 0x22: ok = binary('+'); break; // plus
        case 0x1c: ok = binary('-'); break; // minus
        case 0x1e: ok = binary('*'); break; // mul
        case 0x23: { // plus_uconst
          const n = c.uleb();
          const a = stack.pop();
          ok = !!a && Number.isSafeInteger(n) && push(n === 0 ? a.text : `${a.text} ${n} +`);
          break;
        }
        case 0x1a: { // and: only 'x & -2^k', which is postfix 'x 2^k @'
          const b = stack.pop();
          const a = stack.pop();
          let v = b?.value;
          if (v !== undefined && addressSize === 4 && v >= 0x8000_0000 && v <= 0xffff_ffff) v -= 0x1_0000_0000;
          const align = v !== undefined && v < 0 ? -v : 0;
          ok = !!a && align > 0 && (align & (align - 1)) === 0 && push(`${a.text} ${align} @`);
          break;
        }
        case 0x9c: // call_frame_cfa: only meaningful in register rules
          ok = initial.length > 0 && push('.cfa');
          break;
        case 0x96: // nop
          ok = true;
          break;
        default:
          return undefined;
      }
      if (!ok) return undefined;
    }
  } catch {
    return undefined; // truncated operand: not translatable
  }
  const top = stack[stack.length - 1];
  return top && top.text !== '' ? top.text : undefined;
}
