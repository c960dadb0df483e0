import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT_ERROR, EXIT_OK } from './cliError';
import { auditCommand } from './commands/audit';
import { demoCommand } from './commands/demo';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { projectionNames, rebuildCommand } from './commands/rebuild';
import { replayCommand } from './commands/replay';
import { verifyCommand } from './commands/verify';
import { verifyCheckpointCommand } from './commands/verifyCheckpoint';
import { registerMerkleCommands } from './commands/merkleCommands';
import { commandContext, type CommandContext } from './context';
import type { CliIo } from './io';
import { STORE_URL_FORMS } from './storeUrl';

/** The CLI's version, shown by `--version`. */
export const CLI_VERSION = '0.1.0';

const EXIT_CODES = `

Exit status: 0 clean, 2 problems found (rule violations, broken hash chains, corrupt events), 1 error.
Colour is used only on a terminal, never with NO_COLOR set or --no-color.`;

const storeOption = (description = 'the event store') =>
  new Option('--store <url>', `${description}: ${STORE_URL_FORMS}`).env('DISPUTEKIT_STORE').makeOptionMandatory();

/**
 * Builds the `disputekit` program. Each action sets `exit` to the command's exit status; errors are
 * thrown as `CliError` (shown with their hint) or `CommanderError` (bad flags, shown by commander).
 */
const buildProgram = (io: CliIo, setExit: (code: number) => void): Command => {
  const program = new Command('disputekit');
  const context = (): CommandContext => commandContext(io, program.opts<{ color: boolean }>().color);
  program
    .description('Audit, verify and demo disputekit histories: event-sourced buyer disputes with tamper-evident logs.')
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--no-color', 'never colour the output')
    .addHelpText('after', EXIT_CODES)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  program
    .command('demo')
    .description('run five realistic disputes end to end (real reactors, simulated clock) and print timelines and read models')
    .addOption(new Option('--store <url>', `where to store them (default: a new SQLite file in a temporary folder): ${STORE_URL_FORMS}`))
    .addHelpText('after', '\nExample:\n  disputekit demo\n  disputekit demo --store sqlite:./demo.db')
    .action(async (options: { store?: string }) => setExit(await demoCommand(options, context())));

  program
    .command('audit')
    .description("one dispute's audit: timeline (when, who, what, money), state after each event, deadlines and what fired them, rule violations, hash chain")
    .argument('<disputeId>', 'the dispute id (its stream is dispute-<disputeId>)')
    .addOption(storeOption())
    .option('--as-of <instant>', 'show the dispute as it stood at this ISO-8601 instant, e.g. 2026-03-24T12:00:00Z')
    .option('--heads <file>', 'also check the heads saved earlier by verify --save-heads (catches deleted or rewritten tails)')
    .option('--json', 'print the audit as JSON')
    .addHelpText('after', `\nExample:\n  disputekit audit seed-1001 --store sqlite:./demo.db --as-of 2026-03-24T12:00:00Z${EXIT_CODES}`)
    .action(async (disputeId: string, options: { store: string; asOf?: string; heads?: string; json?: boolean }) =>
      setExit(await auditCommand(disputeId, options, context())),
    );

  program
    .command('verify')
    .description('check every stream of a store, streaming: decode, fold, process rules and hash chains; print a summary')
    .addOption(storeOption())
    .option('--json', 'print the summary and findings as JSON')
    .option('--save-heads <file>', 'when clean, save every stream head (stream, version, hash) to keep outside the database')
    .option('--heads <file>', 'check that the heads saved earlier are still there (catches deleted or rewritten tails)')
    .option('--checkpoint <file>', 'check the log against a signed checkpoint (repeat it for two: a consistency proof between them)', (file: string, files: string[]) => [...files, file], [] as string[])
    .option('--public-key <pem>', 'the Ed25519 public key (PEM) that signed the checkpoints')
    .addHelpText('after', `\nExample:\n  disputekit verify --store postgres://postgres@127.0.0.1:5432/disputes\n  disputekit verify --store sqlite:./demo.db --checkpoint cp.json --public-key pub.pem${EXIT_CODES}`)
    .action(async (options: { store: string; json?: boolean; saveHeads?: string; heads?: string; checkpoint: string[]; publicKey?: string }) =>
      setExit(
        options.checkpoint.length > 0
          ? await verifyCheckpointCommand({ ...options, checkpoint: options.checkpoint }, context())
          : await verifyCommand(options, context()),
      ),
    );

  registerMerkleCommands(program, { context, setExit, storeOption, exitCodes: EXIT_CODES });

  program
    .command('export')
    .description('write the global log (or one dispute) to stdout as JSON Lines, one event a line, hashes included')
    .addOption(storeOption())
    .option('--dispute <id>', 'export only this dispute')
    .addHelpText('after', '\nExample:\n  disputekit export --store sqlite:./demo.db > history.jsonl')
    .action(async (options: { store: string; dispute?: string }) => setExit(await exportCommand(options, context())));

  program
    .command('import')
    .description('read a history (JSON Lines) from stdin, check all of it, and only then write it; nothing is written if anything is wrong')
    .addOption(storeOption('the event store to write to'))
    .option('--file <path>', 'read the history from this file instead of stdin')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `\nExample:\n  disputekit import --store sqlite:./copy.db < history.jsonl${EXIT_CODES}`)
    .action(async (options: { store: string; file?: string; json?: boolean }) => setExit(await importCommand(options, context())));

  program
    .command('replay')
    .description('the audit of an exported history file, with no store: each dispute, then the verification of the whole file (streaming)')
    .requiredOption('--file <path>', 'the history file (JSON Lines, as export writes it)')
    .option('--dispute <id>', "show only this dispute's audit (the whole file is still verified)")
    .option('--summary', 'show only the verification summary')
    .option('--json', 'print JSON Lines: one {"kind":"dispute"} per dispute, then {"kind":"summary"}')
    .addHelpText('after', `\nExample:\n  disputekit replay --file history.jsonl --dispute seed-1001${EXIT_CODES}`)
    .action(async (options: { file: string; dispute?: string; summary?: boolean; json?: boolean }) => setExit(await replayCommand(options, context())));

  program
    .command('rebuild')
    .description('rebuild read models from the global log, beside the ones in service, with progress')
    .addOption(storeOption())
    .addOption(new Option('--projection <name>', 'rebuild only this read model').choices([...projectionNames()]))
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  disputekit rebuild --store sqlite:./demo.db --projection dispute_summary')
    .action(async (options: { store: string; projection?: string; json?: boolean }) => setExit(await rebuildCommand(options, context())));

  for (const command of program.commands) {
    command
      .helpOption('-h, --help', 'show help')
      .showHelpAfterError(`(add --help for usage of disputekit ${command.name()})`)
      .exitOverride()
      .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  }
  return program;
};

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit status: 0 clean,
 * 2 problems found, 1 error. Never throws; every failure is printed with what to do about it.
 */
export const runCli = async (argv: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  let exit = EXIT_OK;
  const program = buildProgram(io, (code) => {
    exit = code;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_ERROR;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; bad flags with 1 (commander printed the message).
      return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    if (error instanceof CliError) {
      const err = commandContext(io, program.opts<{ color: boolean }>().color).err;
      io.stderr.write(`${err.red('error:')} ${error.message}\n${error.hint === undefined ? '' : `${err.dim('hint:')} ${error.hint}\n`}`);
      return EXIT_ERROR;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`error: unexpected failure (a bug in disputekit; please report it):\n${message}\n`);
    return EXIT_ERROR;
  }
};
