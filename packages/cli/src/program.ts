import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT_ERROR, EXIT_OK } from './cliError';
import type { CommandsHost } from './commands/commandsHost';
import { registerInspectCommands } from './commands/inspectCommands';
import { registerMaintenanceCommands } from './commands/maintenanceCommands';
import { registerMerkleCommands } from './commands/merkleCommands';
import { registerTransferCommands } from './commands/transferCommands';
import { commandContext, type CommandContext } from './context';
import type { CliIo, Sink } from './io';
import { secretMask } from './redact';
import { safeLines, safeText } from './render/safeText';
import { STORE_URL_FORMS } from './storeUrl';
import { CLI_VERSION } from './version';

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

  const host: CommandsHost = { context, setExit, storeOption: (description) => storeOption(io.env, description), exitCodes: EXIT_CODES };
  registerInspectCommands(program, host);
  registerMerkleCommands(program, host);
  registerTransferCommands(program, host);
  registerMaintenanceCommands(program, host);

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
