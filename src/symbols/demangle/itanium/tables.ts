// Fixed tables of the Itanium mangling: operators, builtin types, the
// standard substitutions (expanded the way c++filt prints them, i.e. verbose).
import { BP, type OpInfo } from './ast.js';

const OP_LIST: ReadonlyArray<readonly [string, string, number]> = [
  ['aN', '&=', 2], ['aS', '=', 2], ['aa', '&&', 2], ['ad', '&', 1], ['an', '&', 2],
  ['at', 'alignof ', 1], ['aw', 'co_await ', 1], ['az', 'alignof ', 1],
  ['cc', 'const_cast', 2], ['cl', '()', 2], ['cm', ',', 2], ['co', '~', 1],
  ['dV', '/=', 2], ['dX', '[...]=', 3], ['da', 'delete[] ', 1], ['dc', 'dynamic_cast', 2],
  ['de', '*', 1], ['di', '=', 2], ['dl', 'delete ', 1], ['ds', '.*', 2], ['dt', '.', 2],
  ['dv', '/', 2], ['dx', ']=', 2], ['eO', '^=', 2], ['eo', '^', 2], ['eq', '==', 2],
  ['fL', '...', 3], ['fR', '...', 3], ['fl', '...', 2], ['fr', '...', 2],
  ['ge', '>=', 2], ['gs', '::', 1], ['gt', '>', 2], ['ix', '[]', 2], ['lS', '<<=', 2],
  ['le', '<=', 2], ['li', 'operator"" ', 1], ['ls', '<<', 2], ['lt', '<', 2],
  ['mI', '-=', 2], ['mL', '*=', 2], ['mi', '-', 2], ['ml', '*', 2], ['mm', '--', 1],
  ['na', 'new[]', 3], ['ne', '!=', 2], ['ng', '-', 1], ['nt', '!', 1], ['nw', 'new', 3],
  ['oR', '|=', 2], ['oo', '||', 2], ['or', '|', 2], ['pL', '+=', 2], ['pl', '+', 2],
  ['pm', '->*', 2], ['pp', '++', 1], ['ps', '+', 1], ['pt', '->', 2], ['qu', '?', 3],
  ['rM', '%=', 2], ['rS', '>>=', 2], ['rc', 'reinterpret_cast', 2], ['rm', '%', 2],
  ['rs', '>>', 2], ['sP', 'sizeof...', 1], ['sZ', 'sizeof...', 1], ['sc', 'static_cast', 2],
  ['ss', '<=>', 2], ['st', 'sizeof ', 1], ['sz', 'sizeof ', 1], ['tr', 'throw', 0],
  ['tw', 'throw ', 1],
];

/** Operators indexed by (c1 << 7) | c2, so a lookup needs no substring. */
export const OPS: ReadonlyArray<OpInfo | undefined> = (() => {
  const t: Array<OpInfo | undefined> = new Array(128 * 128);
  for (const [code, name, args] of OP_LIST) t[(code.charCodeAt(0) << 7) | code.charCodeAt(1)] = { code, name, args };
  return t;
})();

export interface BuiltinInfo {
  readonly name: string;
  readonly print: BP;
}

const b = (name: string, print: BP = BP.Default): BuiltinInfo => ({ name, print });

/** One-letter builtin types, indexed by letter - 'a'; undefined for letters that are not types. */
export const BUILTINS: ReadonlyArray<BuiltinInfo | undefined> = [
  b('signed char'), b('bool', BP.Bool), b('char'), b('double', BP.Float), b('long double', BP.Float),
  b('float', BP.Float), b('__float128', BP.Float), b('unsigned char'), b('int', BP.Int),
  b('unsigned int', BP.Unsigned), undefined, b('long', BP.Long), b('unsigned long', BP.UnsignedLong),
  b('__int128'), b('unsigned __int128'), undefined, undefined, undefined, b('short'),
  b('unsigned short'), undefined, b('void', BP.Void), b('wchar_t'), b('long long', BP.LongLong),
  b('unsigned long long', BP.UnsignedLongLong), b('...'),
];

/** Indexes a small table by character code, so lookups need no string key. */
function byCode<T>(entries: Record<string, T>): ReadonlyArray<T | undefined> {
  const t: Array<T | undefined> = new Array(128).fill(undefined);
  for (const [k, v] of Object.entries(entries)) t[k.charCodeAt(0)] = v;
  return t;
}

/** `D?` builtin types by the second letter's code. */
export const D_BUILTINS: ReadonlyArray<BuiltinInfo | undefined> = byCode({
  f: b('decimal32'), d: b('decimal64'), e: b('decimal128'), h: b('half', BP.Float),
  u: b('char8_t'), s: b('char16_t'), i: b('char32_t'), n: b('decltype(nullptr)'),
});
export const BFLOAT16: BuiltinInfo = b('std::bfloat16_t', BP.Float);

export interface StdSub {
  /** Printed text (c++filt runs with DMGL_VERBOSE, so the full expansion). */
  readonly text: string;
  /** What a following constructor/destructor is named after, if anything. */
  readonly lastName: string | null;
}

/** Standard substitutions `S?` by the second letter's code. */
export const STD_SUBS: ReadonlyArray<StdSub | undefined> = byCode<StdSub>({
  t: { text: 'std', lastName: null },
  a: { text: 'std::allocator', lastName: 'allocator' },
  b: { text: 'std::basic_string', lastName: 'basic_string' },
  s: { text: 'std::basic_string<char, std::char_traits<char>, std::allocator<char> >', lastName: 'basic_string' },
  i: { text: 'std::basic_istream<char, std::char_traits<char> >', lastName: 'basic_istream' },
  o: { text: 'std::basic_ostream<char, std::char_traits<char> >', lastName: 'basic_ostream' },
  d: { text: 'std::basic_iostream<char, std::char_traits<char> >', lastName: 'basic_iostream' },
});

/** Integer literal suffixes by the builtin's print kind, as libiberty prints them ("4u", "8ul"). */
export const INT_SUFFIX: Partial<Record<BP, string>> = {
  [BP.Int]: '',
  [BP.Unsigned]: 'u',
  [BP.Long]: 'l',
  [BP.UnsignedLong]: 'ul',
  [BP.LongLong]: 'll',
  [BP.UnsignedLongLong]: 'ull',
};
