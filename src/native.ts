// Loads the C++ addon (a prebuild from prebuilds/ made by prebuildify, or a
// build/ from source by node-gyp) and wraps its calls with typed errors.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { PipelineError } from './errors.js';

interface NativeAddon {
  readProcessMemory(pid: number, address: bigint, length: number): Uint8Array | number;
}

let addon: NativeAddon | null | undefined;

/** The addon, or null when neither a prebuild nor a local build fits this platform. */
export function loadNative(): NativeAddon | null {
  if (addon !== undefined) return addon;
  try {
    const require = createRequire(import.meta.url);
    const gypBuild = require('node-gyp-build') as (dir: string) => NativeAddon;
    // src/native.ts and dist/index.js both sit one folder below the package root.
    addon = gypBuild(join(dirname(fileURLToPath(import.meta.url)), '..'));
  } catch {
    addon = null;
  }
  return addon;
}

/**
 * Reads `length` bytes at `address` in process `pid` (Linux: process_vm_readv).
 * Returns fewer bytes when the range runs off a mapping.
 */
export function readProcessMemory(pid: number, address: bigint, length: number): Uint8Array {
  const native = loadNative();
  if (!native) throw new PipelineError('UNSUPPORTED', 'the native addon is not built for this platform (run `npm run build:native`)');
  if (!Number.isInteger(pid) || pid <= 0) throw new PipelineError('BAD_ARGUMENT', `bad pid ${pid}`);
  if (!Number.isInteger(length) || length < 0 || length > 64 * 1024 * 1024) throw new PipelineError('BAD_ARGUMENT', `bad length ${length}`);
  const result = native.readProcessMemory(pid, BigInt.asUintN(64, address), length);
  if (typeof result === 'number') throw new PipelineError('IO', `reading ${length} bytes at 0x${address.toString(16)} in pid ${pid} failed (errno ${-result})`);
  return result;
}
