// The processed-crash report, in rust-minidump's minidump-stackwalk JSON schema
// (minidump-processor/json-schema.md): same field names, pointers as 0x-prefixed
// hex strings zero-padded to the CPU's pointer width, inlines deepest first.
// Every field may be null, as in the schema.

/** A pointer-sized value: "0x" + hex digits (8 for 32-bit CPUs, 16 for 64-bit). */
export type HexString = string;

/** How a frame was found. `leaf` is Breakpad's "simulating a return from leaf function" (not in rust-minidump). */
export type FrameTrust = 'context' | 'cfi' | 'frame_pointer' | 'scan' | 'prewalked' | 'cfi_scan' | 'leaf' | 'none';

export interface InlineFrameReport {
  function: string | null;
  file: string | null;
  line: number | null;
}

export interface UnloadedModuleHit {
  module: string;
  offsets: HexString[];
}

export interface FrameReport {
  frame: number;
  trust: FrameTrust;
  offset: HexString;
  module: string | null;
  module_offset: HexString | null;
  unloaded_modules: UnloadedModuleHit[] | null;
  function: string | null;
  function_offset: HexString | null;
  file: string | null;
  line: number | null;
  missing_symbols: boolean;
  inlines: InlineFrameReport[] | null;
  /** Offset of the pc from the start of its line record (our addition, for the human report). */
  line_offset?: HexString | null;
  /** Only on the crashing thread's first frame, unless every frame's registers were asked for. */
  registers?: Record<string, HexString>;
}

export interface ThreadReport {
  thread_name: string | null;
  thread_id: number;
  last_error_value: string | null;
  frame_count: number;
  frames: FrameReport[];
}

export interface CrashingThreadReport extends ThreadReport {
  threads_index: number;
}

export interface CrashInfoReport {
  type: string | null;
  address: HexString | null;
  crashing_thread: number | null;
  assertion: string | null;
  adjusted_address?: { kind: 'non-canonical' | 'null-pointer'; address?: HexString; offset?: HexString } | null;
}

export interface SystemInfoReport {
  os: string;
  os_ver: string | null;
  cpu_arch: string;
  cpu_info: string | null;
  cpu_count: number;
  cpu_microcode_version: HexString | null;
}

export interface ModuleReport {
  base_addr: HexString;
  end_addr: HexString;
  filename: string;
  code_id: string | null;
  debug_file: string | null;
  debug_id: string | null;
  version: string | null;
  missing_symbols: boolean;
  loaded_symbols: boolean;
  corrupt_symbols: boolean;
  symbol_url: string | null;
}

export interface UnloadedModuleReport {
  base_addr: HexString;
  end_addr: HexString;
  code_id: string | null;
  filename: string;
}

export interface HandleReport {
  handle: number;
  type_name: string | null;
  object_name: string | null;
}

export interface LsbReleaseReport {
  id: string | null;
  release: string | null;
  codename: string | null;
  description: string | null;
}

export interface ProcessReport {
  status: 'OK' | string;
  pid: number | null;
  process_uptime: number | null;
  crash_info: CrashInfoReport;
  system_info: SystemInfoReport;
  lsb_release: LsbReleaseReport | null;
  linux_memory_map_count: number | null;
  thread_count: number;
  threads: ThreadReport[];
  crashing_thread: CrashingThreadReport | null;
  main_module: number | null;
  modules: ModuleReport[];
  unloaded_modules: UnloadedModuleReport[];
  handles: HandleReport[] | null;
  /** Crashpad simple annotations (process-wide) and per-module annotations. Not in rust-minidump's JSON; our addition. */
  crashpad_info?: {
    report_id: string | null;
    client_id: string | null;
    simple_annotations: Record<string, string>;
    module_annotations: { module: string; list_annotations: string[]; simple_annotations: Record<string, string>; annotation_objects: Record<string, string> }[];
  } | null;
}
