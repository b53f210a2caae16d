// `minidump-pipeline stackwalk`: the minidump-stackwalk CLI (human by default, --json for machines).
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { processMinidump } from '../processor/process.js';
import { renderHuman } from '../processor/report/human.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface StackwalkFlags {
  json?: boolean;
  human?: boolean;
  pretty?: boolean;
  brief?: boolean;
  symbolsPath: string[];
  symbolsUrl: string[];
  symbolsCache?: string;
  symbolsDownloadTimeoutSecs?: string;
  outputFile?: string;
}

export function registerStackwalk(program: Command): void {
  program
    .command('stackwalk')
    .description('Walk every thread of a minidump, symbolicate it and print a report.')
    .argument('<minidump>', 'the minidump file')
    .argument('[symbols-path...]', 'more local symbol folders (NAME/ID/NAME.sym) or .sym files')
    .option('--json', 'machine-readable JSON (the minidump-stackwalk schema)')
    .option('--human', 'human-readable report (the default)')
    .option('--pretty', 'pretty-print the JSON')
    .option('--brief', 'human report: only the summary and the crashing thread')
    .option('--symbols-path <dir>', 'local symbol folder or .sym file (repeatable)', collect, [])
    .option('--symbols-url <url>', 'symbol server base URL, Tecken layout (repeatable)', collect, [])
    .option('--symbols-cache <dir>', 'where downloaded symbols are cached')
    .option('--symbols-download-timeout-secs <n>', 'timeout for one symbol download', '30')
    .option('--output-file <path>', 'write the report here instead of stdout')
    .action(async (dump: string, extraPaths: string[], flags: StackwalkFlags) => {
      if (flags.json && flags.human) throw new UsageError('BAD_ARGUMENT', '--json and --human cannot be combined');
      if (flags.pretty && !flags.json) throw new UsageError('BAD_ARGUMENT', '--pretty needs --json');
      if (flags.brief && flags.json) throw new UsageError('BAD_ARGUMENT', '--brief is for human output');
      const timeout = Number(flags.symbolsDownloadTimeoutSecs);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('BAD_ARGUMENT', '--symbols-download-timeout-secs needs a positive number');
      const report = await processMinidump(dump, {
        symbolsPaths: [...flags.symbolsPath, ...extraPaths],
        symbolsUrls: flags.symbolsUrl,
        symbolsCache: flags.symbolsCache,
        symbolsTimeoutMs: timeout * 1000,
        frameRegisters: flags.json ? 'crashing-frame' : 'all',
      });
      const text = flags.json
        ? JSON.stringify(report, null, flags.pretty ? 2 : undefined) + '\n'
        : renderHuman(report, { brief: flags.brief });
      if (flags.outputFile) await writeFile(flags.outputFile, text);
      else await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
    });
}
