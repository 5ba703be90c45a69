import { analyzePython } from '../core/lint/analysis';
import { diagnoseCommand } from './diagnose-command';
import { lintCommand } from './lint-command';
import { parseCommand } from './parse-command';
import { UsageError, type CliIo } from './usage';

const USAGE = `usage: train-doctor <command> [options]

commands:
  parse <log> [--json] [--format <id>]       read a training log into curves
  lint <file.py | notebook.ipynb>... [--format text|json|sarif] [--fix [--unsafe-fixes]] [--no-config]
                                             find training bugs in Python code
  diagnose <log> [--script <file.py> | --no-script] [--format text|json] [--fail-on error|warning|info]
           [--lang en|de]                    explain what a run's curves mean and which script lines cause it

exit codes: 0 ok, 1 findings / unreadable log (diagnose: a finding at or above --fail-on),
            2 bad usage / unreadable Python file (diagnose: also an unreadable log)`;

/** Runs one CLI invocation and returns its exit code; output goes through `io` so tests can read it. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'parse':
        return await parseCommand(rest, io);
      case 'lint':
        return await lintCommand(rest, io);
      case 'diagnose':
        return await diagnoseCommand(rest, io, analyzePython);
      case undefined:
      case '-h':
      case '--help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.err(`train-doctor: unknown command '${command}'\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`train-doctor ${command}: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  const io: CliIo = { out: t => process.stdout.write(t + '\n'), err: t => process.stderr.write(t + '\n') };
  main(process.argv.slice(2), io).then(
    code => {
      process.exitCode = code;
    },
    e => {
      process.stderr.write(`train-doctor: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
