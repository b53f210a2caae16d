export { walkStack, DEFAULT_MAX_FRAMES, DEFAULT_MAX_SCANNED_FRAMES } from './walk.js';
export { FRAME_TRUST_DESCRIPTION } from './types.js';
export type {
  Cpu,
  FrameTrust,
  Registers,
  WalkerMemory,
  WalkerModule,
  WindowsFrameInfo,
  WalkerSymbols,
  WalkerEnvironment,
  WalkedFrame,
  WalkOptions,
} from './types.js';
export { PostfixEvaluator, evaluateExpression, type Bits, type Dictionary, type WordReader } from './postfix.js';
export { findCallerRegs } from './cfi-eval.js';
export { RA_SEARCH_WORDS } from './context.js';
