import type { Command } from 'commander';
import { exportCommand } from './export';
import { importCommand } from './import';
import { replayCommand } from './replay';
import type { CommandsHost } from './commandsHost';

/** Registers `export`, `import` and `replay`: the commands that move histories in and out of stores as JSON Lines. */
export const registerTransferCommands = (program: Command, host: CommandsHost): void => {
  const { context, setExit, storeOption, exitCodes } = host;
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
    .addHelpText('after', `\nExample:\n  disputekit import --store sqlite:./copy.db < history.jsonl${exitCodes}`)
    .action(async (options: { store: string; file?: string; json?: boolean }) => setExit(await importCommand(options, context())));

  program
    .command('replay')
    .description('the audit of an exported history file, with no store: each dispute, then the verification of the whole file (streaming)')
    .requiredOption('--file <path>', 'the history file (JSON Lines, as export writes it)')
    .option('--dispute <id>', "show only this dispute's audit (the whole file is still verified)")
    .option('--summary', 'show only the verification summary')
    .option('--json', 'print JSON Lines: one {"kind":"dispute"} per dispute, then {"kind":"summary"}')
    .option('--html <file>', "with --dispute: write that dispute's audit as one self-contained HTML report")
    .addHelpText('after', `\nExample:\n  disputekit replay --file history.jsonl --dispute seed-1001\n  disputekit replay --file history.jsonl --dispute seed-1001 --html seed-1001.html${exitCodes}`)
    .action(async (options: { file: string; dispute?: string; summary?: boolean; json?: boolean; html?: string }) => setExit(await replayCommand(options, context())));
};
