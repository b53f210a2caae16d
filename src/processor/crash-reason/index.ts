// Crash reason and crash address from a minidump's exception and system-info streams, in
// Breakpad's spelling (crashReason, what minidump_stackwalk prints) and rust-minidump's
// (crashReasonRust, its JSON crash_info.type). Plain inputs in, so any reader can feed it.
export type { CrashReason, ExceptionInput } from './types.js';
export { crashReason } from './breakpad.js';
export { crashReasonRust } from './rust.js';
export {
  LINUX_SIGNAL_NAMES,
  LINUX_SI_CODE_NAMES,
  BREAKPAD_LINUX_SI_CODES,
  RUST_LINUX_SI_CODES,
  linuxSignalName,
  linuxSiCodeName,
} from './linux-signals.js';
export { MAC_EXCEPTION, MAC_EXCEPTION_NAMES } from './mac-exceptions.js';
export { SOLARIS_SIGNAL_REASONS, PS3_EXCEPTION_REASONS, FUCHSIA_EXCEPTION_NAMES } from './other-os.js';
export { WIN_EXCEPTION, fastFailName } from './windows.js';
export { ntstatusName } from './windows-ntstatus.js';
export { winErrorName, ntstatusExtraName } from './windows-errors-rust.js';
