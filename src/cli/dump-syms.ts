// `minidump-pipeline dump-syms`: ELF/DWARF → Breakpad .sym, to stdout, a file, or a symbol store.
import { createWriteStream } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { dumpSyms, dumpSymsToStore } from '../symbols/dump-syms/index.js';
import { makeProgress } from './progress.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Inputs at least this big get a progress display. */
const PROGRESS_THRESHOLD = 16 * 1024 * 1024;

interface DumpSymsFlags {
  output?: string;
  store?: string;
  inlines: boolean;
  cfi: boolean;
  debugDir: string[];
  progress?: boolean;
  quiet?: boolean;
}

export function registerDumpSyms(program: Command): void {
  program
    .command('dump-syms')
    .description('Write the Breakpad symbol file (.sym) of an ELF binary from its DWARF debug info, symbol tables and CFI.')
    .argument('<binary>', 'the ELF file (executable, shared library or debug file)')
    .argument('[debug-file...]', 'files that hold its debug info (split .debug files, dwz supplementary files)')
    .option('-o, --output <file>', 'write the .sym here instead of stdout')
    .option('--store <dir>', 'write into a symbol store as NAME/ID/NAME.sym')
    .option('--no-inlines', 'leave out INLINE_ORIGIN and INLINE records')
    .option('--no-cfi', 'leave out STACK CFI records')
    .option('--debug-dir <dir>', 'where to look for .build-id/xx/*.debug and .gnu_debuglink targets (repeatable; default /usr/lib/debug)', collect, [])
    .option('--progress', 'always show progress on stderr')
    .option('-q, --quiet', 'no progress and no warnings on stderr')
    .action(async (binary: string, debugFiles: string[], flags: DumpSymsFlags) => {
      // A dump is a short batch job in a fresh process. With V8's default inlining
      // budget TurboFan spends more CPU compiling the demangler and the DWARF and
      // CFI readers (on background threads, next to the demangling worker) than
      // the bigger graphs save. With the hot code in small functions, a budget of
      // 40 bytecodes (the default is 920) took node's dump from 1.35 to 1.30 s and
      // its CPU from 2.33 to 2.21 s against 200, in alternating runs. Only the CLI
      // does this: the library leaves its host's V8 flags alone.
      setFlagsFromString('--max-inlined-bytecode-size-cumulative=40');
      const size = (await stat(binary).catch(() => null))?.size ?? 0;
      const progress = makeProgress('dump-syms', !flags.quiet && (flags.progress === true || size >= PROGRESS_THRESHOLD));
      const options = {
        debugFiles,
        debugDirs: flags.debugDir.length > 0 ? flags.debugDir : undefined,
        inlines: flags.inlines,
        cfi: flags.cfi,
        onProgress: (done: number, total: number, phase: string) => progress.update(done, total, phase),
        onWarning: flags.quiet ? undefined : (msg: string) => process.stderr.write(`dump-syms: warning: ${msg}\n`),
      };
      try {
        if (flags.store) {
          const path = await dumpSymsToStore(binary, flags.store, options);
          progress.stop();
          process.stdout.write(`${path}\n`);
          return;
        }
        const output = flags.output ? createWriteStream(flags.output) : process.stdout;
        await dumpSyms(binary, { ...options, output });
        if (flags.output) await new Promise<void>((resolve, reject) => (output as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())));
      } finally {
        progress.stop();
      }
    });
}
