import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT_ERROR, EXIT_OK } from './cliError';
import { auditCommand } from './commands/audit';
import { demoCommand } from './commands/demo';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { migrateCommand } from './commands/migrate';
import { projectionNames, rebuildCommand } from './commands/rebuild';
import { readmitCommand } from './commands/readmit';
import { replayCommand } from './commands/replay';
import { serveCommand } from './commands/serve';
import { verifyCommand } from './commands/verify';
import { verifyCheckpointCommand } from './commands/verifyCheckpoint';
import { registerMerkleCommands } from './commands/merkleCommands';
import { commandContext, type CommandContext } from './context';
import type { CliIo, Sink } from './io';
import { secretMask } from './redact';
import { safeLines, safeText } from './render/safeText';
import { STORE_URL_FORMS } from './storeUrl';

/** The CLI's version, shown by `--version`. */
export const CLI_VERSION = '0.1.0';

const EXIT_CODES = `

Exit status: 0 clean, 2 problems found (rule violations, broken hash chains, corrupt events), 3 empty (no event to check), 1 error.
Colour is used only on a terminal, never with NO_COLOR set or --no-color.`;

/**
 * The `--store` option, defaulting to `DISPUTEKIT_STORE` from the CLI's own environment (`io.env`,
 * not `process.env`, so an in-process run sees what it was given). The help names the variable,
 * never its value: the URL may hold a password.
 */
const storeOption = (env: CliIo['env'], description = 'the event store') => {
  const option = new Option('--store <url>', `${description}: ${STORE_URL_FORMS} (env: DISPUTEKIT_STORE)`).makeOptionMandatory();
  const fromEnv = env['DISPUTEKIT_STORE'];
  return fromEnv === undefined || fromEnv === '' ? option : option.default(fromEnv, 'DISPUTEKIT_STORE');
};

/** Where commander prints help and usage errors; they may quote the user's arguments, so they are escaped (`safeLines`). */
const commanderOutput = (io: CliIo) => ({
  writeOut: (text: string) => io.stdout.write(safeLines(text)),
  writeErr: (text: string) => io.stderr.write(safeLines(text)),
});

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
    .configureOutput(commanderOutput(io));

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
    .addOption(storeOption(io.env))
    .option('--as-of <instant>', 'show the dispute as it stood at this ISO-8601 instant, e.g. 2026-03-24T12:00:00Z')
    .option('--heads <file>', 'also check the heads saved earlier by verify --save-heads (catches deleted or rewritten tails)')
    .option('--json', 'print the audit as JSON')
    .option('--html <file>', 'write the audit as one self-contained HTML report (timeline, states, money and deadline charts, integrity; no network)')
    .option('--checkpoint <file>', "also check the dispute's events against a signed checkpoint (signature, inclusion proofs)")
    .option('--public-key <pem>', 'the Ed25519 public key (PEM) that signed the checkpoint')
    .addHelpText(
      'after',
      `\nExample:\n  disputekit audit seed-1001 --store sqlite:./demo.db --as-of 2026-03-24T12:00:00Z\n  disputekit audit seed-1001 --store sqlite:./demo.db --html seed-1001.html --checkpoint cp.json --public-key pub.pem${EXIT_CODES}`,
    )
    .action(async (disputeId: string, options: { store: string; asOf?: string; heads?: string; json?: boolean; html?: string; checkpoint?: string; publicKey?: string }) =>
      setExit(await auditCommand(disputeId, options, context())),
    );

  program
    .command('verify')
    .description('check every stream of a store, streaming: decode, fold, process rules and hash chains; print a summary')
    .addOption(storeOption(io.env))
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

  registerMerkleCommands(program, { context, setExit, storeOption: (description) => storeOption(io.env, description), exitCodes: EXIT_CODES });

  program
    .command('export')
    .description('write the global log (or one dispute) to stdout as JSON Lines, one event a line, hashes included')
    .addOption(storeOption(io.env))
    .option('--dispute <id>', 'export only this dispute')
    .addHelpText('after', '\nExample:\n  disputekit export --store sqlite:./demo.db > history.jsonl')
    .action(async (options: { store: string; dispute?: string }) => setExit(await exportCommand(options, context())));

  program
    .command('import')
    .description('read a history (JSON Lines) from stdin, check all of it, and only then write it; nothing is written if anything is wrong')
    .addOption(storeOption(io.env, 'the event store to write to'))
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
    .option('--html <file>', "with --dispute: write that dispute's audit as one self-contained HTML report")
    .addHelpText('after', `\nExample:\n  disputekit replay --file history.jsonl --dispute seed-1001\n  disputekit replay --file history.jsonl --dispute seed-1001 --html seed-1001.html${EXIT_CODES}`)
    .action(async (options: { file: string; dispute?: string; summary?: boolean; json?: boolean; html?: string }) => setExit(await replayCommand(options, context())));

  program
    .command('rebuild')
    .description('rebuild read models from the global log, beside the ones in service, with progress')
    .addOption(storeOption(io.env))
    .addOption(new Option('--projection <name>', 'rebuild only this read model').choices([...projectionNames()]))
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  disputekit rebuild --store sqlite:./demo.db --projection dispute_summary')
    .action(async (options: { store: string; projection?: string; json?: boolean }) => setExit(await rebuildCommand(options, context())));

  program
    .command('migrate')
    .description("create or upgrade the event store's schema, for deployments (PostgreSQL: migratePostgres; SQLite: creates or upgrades the file; memory and KurrentDB: nothing to do)")
    .addOption(storeOption(io.env, 'the event store to migrate'))
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  disputekit migrate --store postgres://app@db.internal:5432/disputes?schema=disputekit')
    .action(async (options: { store: string; json?: boolean }) => setExit(await migrateCommand(options, context())));

  program
    .command('readmit')
    .description('re-admit a repaired stream the read models parked (an event of it could not be decoded)')
    .addOption(storeOption(io.env))
    .requiredOption('--stream <id>', 'the parked stream, e.g. dispute-d42')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  disputekit readmit --store sqlite:./demo.db --stream dispute-d42')
    .action(async (options: { store: string; stream: string; json?: boolean }) => setExit(await readmitCommand(options, context())));

  program
    .command('serve')
    .description('a local read-only web console over a store: search disputes, queues, seller scorecards, each dispute\'s audit page, verification')
    .addOption(storeOption(io.env, 'the event store (opened read-only)'))
    .option('--port <n>', 'the port to listen on (default 8080; 0 picks a free one)')
    .option('--host <address>', 'the address to listen on (default 127.0.0.1: this machine only)')
    .option('--token <t>', 'require this access token (open URL?token=T once; or Authorization: Bearer T); default: DISPUTEKIT_CONSOLE_TOKEN')
    .option('--checkpoint <file>', 'also check the store against a signed checkpoint (the whole log, and each dispute on its page)')
    .option('--public-key <pem>', 'the Ed25519 public key (PEM) that signed the checkpoint')
    .addHelpText('after', '\nExample:\n  disputekit serve --store sqlite:./demo.db --port 8080\n  disputekit serve --store sqlite:./demo.db --checkpoint cp.json --public-key pub.pem')
    .action(async (options: { store: string; port?: string; host?: string; token?: string; checkpoint?: string; publicKey?: string }) =>
      setExit(await serveCommand(options, context())),
    );

  for (const command of program.commands) {
    command
      .helpOption('-h, --help', 'show help')
      .showHelpAfterError(`(add --help for usage of disputekit ${command.name()})`)
      .exitOverride()
      .configureOutput(commanderOutput(io));
  }
  return program;
};

/** Stderr with the run's secrets masked: messages and errors quote URLs and driver errors. */
const masked = (sink: Sink, mask: (text: string) => string): Sink => ({
  write: (text: string) => sink.write(mask(text)),
  ...(sink.isTTY === undefined ? {} : { isTTY: sink.isTTY }),
  ...(sink.columns === undefined ? {} : { columns: sink.columns }),
});

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit status: 0 clean,
 * 2 problems found, 1 error. Never throws; every failure is printed with what to do about it.
 */
export const runCli = async (argv: ReadonlyArray<string>, given: CliIo): Promise<number> => {
  const io: CliIo = { ...given, stderr: masked(given.stderr, secretMask(argv, given.env)) };
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
      io.stderr.write(`${err.red('error:')} ${safeText(error.message)}\n${error.hint === undefined ? '' : `${err.dim('hint:')} ${safeText(error.hint)}\n`}`);
      return EXIT_ERROR;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`error: unexpected failure (a bug in disputekit; please report it):\n${safeLines(message)}\n`);
    return EXIT_ERROR;
  }
};
