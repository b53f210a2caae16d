// Every failure the pipeline reports on bad input is one of these typed errors,
// each with a stable machine-readable `code`. Callers can branch on
// `err instanceof MinidumpError` (or the other classes) and on `err.code`.

/** Codes shared by every error class. */
export type PipelineErrorCode =
  // Input shorter than a structure it must hold.
  | 'TRUNCATED'
  // A read or a range that lies outside the input.
  | 'OUT_OF_BOUNDS'
  // Magic number / signature is wrong.
  | 'BAD_SIGNATURE'
  // Version field we do not understand.
  | 'BAD_VERSION'
  // A count or size that cannot be right for the input it came from.
  | 'BAD_COUNT'
  // A structure whose fields contradict each other.
  | 'MALFORMED'
  // A requested stream or section is absent.
  | 'MISSING'
  // Something the format allows that we do not support.
  | 'UNSUPPORTED'
  // The file system or the network failed.
  | 'IO'
  // A limit (time, memory, recursion) stopped the work.
  | 'LIMIT'
  // A command-line or API argument is wrong.
  | 'BAD_ARGUMENT';

export class PipelineError extends Error {
  readonly code: PipelineErrorCode;
  constructor(code: PipelineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad or unreadable minidump. */
export class MinidumpError extends PipelineError {}

/** Bad Breakpad .sym text, or a symbol supplier failure. */
export class SymbolError extends PipelineError {}

/** Bad object file (ELF, later Mach-O and PE) or debug info (DWARF, CFI). */
export class ObjectFileError extends PipelineError {}

/** Bad command-line use. */
export class UsageError extends PipelineError {}

/** Factory so that low-level readers can throw the error class of their caller. */
export type ErrorFactory = (code: PipelineErrorCode, message: string) => PipelineError;

export const minidumpError: ErrorFactory = (code, message) => new MinidumpError(code, message);
export const objectFileError: ErrorFactory = (code, message) => new ObjectFileError(code, message);
