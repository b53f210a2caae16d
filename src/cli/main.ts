// `minidump-pipeline` command line: one subcommand per pipeline stage.
// Bad input ends with a one-line error on stderr and a non-zero exit, never a stack trace.
import { Command, CommanderError } from 'commander';
import { PipelineError } from '../errors.js';
import { registerStackwalk } from './stackwalk.js';
import { registerDumpSyms } from './dump-syms.js';
import { VERSION } from '../version.js';

const program = new Command();
program
  .name('minidump-pipeline')
  .description('Native crash reporting: dump symbols, process minidumps, serve symbols and crashes.')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerStackwalk(program);
registerDumpSyms(program);

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  const message = err instanceof PipelineError ? `${err.name} ${err.code}: ${err.message}` : `error: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(`minidump-pipeline: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
