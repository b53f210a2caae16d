// The in-memory shape of a module's symbols between the readers and the writer.

export interface SymLine {
  address: number;
  size: number;
  line: number;
  file: number;
}

export interface SymInline {
  depth: number;
  callLine: number;
  callFile: number;
  origin: number;
  ranges: Array<{ address: number; size: number }>;
}

export interface SymFunc {
  address: number;
  size: number;
  name: string;
  multiple?: boolean;
  lines: SymLine[];
  inlines: SymInline[];
}

export interface SymPublic {
  address: number;
  name: string;
  multiple?: boolean;
}

export interface ModuleHeader {
  os: string;
  arch: string;
  debugId: string;
  name: string;
  codeId?: string | undefined;
  generator?: string | undefined;
}
