// dumpSymsToStore(): writes STORE/NAME/DEBUG_ID/NAME.sym, the layout Breakpad's
// simple symbol supplier and `dump_syms --store` use. The file appears atomically
// (written to a temporary name in the same directory, then renamed).
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { planDumpSyms, writePlan, type DumpSymsOptions } from './dump.js';
import { StreamSink } from './writer.js';

/** Store path components must not escape the store. */
function safeComponent(s: string, what: string): string {
  if (s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s)) throw new UsageError('BAD_ARGUMENT', `${what} ${JSON.stringify(s)} cannot be used as a store path component`);
  return s;
}

/** Dumps `path` into the store; resolves to the .sym file's path. */
export async function dumpSymsToStore(path: string, storeDir: string, options: Omit<DumpSymsOptions, 'output'> = {}): Promise<string> {
  const plan = await planDumpSyms(path, options);
  let dir: string;
  let name: string;
  try {
    name = safeComponent(plan.header.name, 'module name');
    const id = safeComponent(plan.header.debugId, 'debug id');
    dir = join(storeDir, name, id);
    await mkdir(dir, { recursive: true });
  } catch (e) {
    plan.close(); // writePlan() would have
    throw e;
  }
  const final = join(dir, `${name}.sym`);
  const tmp = join(dir, `.${name}.sym.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const stream = createWriteStream(tmp);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    await writePlan(plan, new StreamSink(stream), options);
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
    await rename(tmp, final);
  } catch (e) {
    plan.close();
    stream.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  return final;
}
