// `minidump-pipeline` command line: one subcommand per pipeline stage.
// Bad input ends with a one-line error on stderr and a non-zero exit, never a stack trace.
import module, { createRequire } from 'node:module';
import type * as Commander from 'commander';
import { PipelineError } from '../errors.js';
import { VERSION } from '../version.js';

// Node >= 22.1 can keep compiled code on disk between runs (NODE_DISABLE_COMPILE_CACHE=1
// turns it off); Node 20 has no such API. Must run before the subcommand chunks load.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// commander is CommonJS: require() skips the ESM loader's translation of it, ~10 ms
// of every start.
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof Commander;

type Register = (program: Commander.Command) => void;

// Each subcommand's module is loaded only when needed: `stackwalk` then never loads
// dump-syms (ELF, DWARF, the demangler, xz/zstd, cli-progress), which is most of the
// CLI's start-up time. The top-level help and unknown commands still load them all.
const SUBCOMMANDS: Record<string, () => Promise<Register>> = {
  stackwalk: async () => (await import('./stackwalk.js')).registerStackwalk,
  'dump-syms': async () => (await import('./dump-syms.js')).registerDumpSyms,
};

const program = new Command();
program
  .name('minidump-pipeline')
  .description('Native crash reporting: dump symbols, process minidumps, serve symbols and crashes.')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const loaders = Object.hasOwn(SUBCOMMANDS, name) ? [SUBCOMMANDS[name]!] : name === '-V' || name === '--version' ? [] : Object.values(SUBCOMMANDS);
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program);
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  const message = err instanceof PipelineError ? `${err.name} ${err.code}: ${err.message}` : `error: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(`minidump-pipeline: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
