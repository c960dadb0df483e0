import { Option, type Command } from 'commander';
import { migrateCommand } from './migrate';
import { projectionNames, rebuildCommand } from './rebuild';
import { readmitCommand } from './readmit';
import { serveCommand } from './serve';
import type { CommandsHost } from './commandsHost';

/** Registers `rebuild`, `migrate`, `readmit` and `serve`: the commands that keep a store and its read models in service. */
export const registerMaintenanceCommands = (program: Command, host: CommandsHost): void => {
  const { context, setExit, storeOption } = host;
  program
    .command('rebuild')
    .description('rebuild read models from the global log, beside the ones in service, with progress')
    .addOption(storeOption())
    .addOption(new Option('--projection <name>', 'rebuild only this read model').choices([...projectionNames()]))
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  disputekit rebuild --store sqlite:./demo.db --projection dispute_summary')
    .action(async (options: { store: string; projection?: string; json?: boolean }) => setExit(await rebuildCommand(options, context())));

  program
    .command('migrate')
    .description("create or upgrade the event store's schema, for deployments (PostgreSQL: migratePostgres; SQLite: creates or upgrades the file; memory and KurrentDB: nothing to do)")
    .addOption(storeOption('the event store to migrate'))
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  disputekit migrate --store postgres://app@db.internal:5432/disputes?schema=disputekit')
    .action(async (options: { store: string; json?: boolean }) => setExit(await migrateCommand(options, context())));

  program
    .command('readmit')
    .description('re-admit a repaired stream the read models parked (an event of it could not be decoded)')
    .addOption(storeOption())
    .requiredOption('--stream <id>', 'the parked stream, e.g. dispute-d42')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  disputekit readmit --store sqlite:./demo.db --stream dispute-d42')
    .action(async (options: { store: string; stream: string; json?: boolean }) => setExit(await readmitCommand(options, context())));

  program
    .command('serve')
    .description('a local read-only web console over a store: search disputes, queues, seller scorecards, each dispute\'s audit page, verification')
    .addOption(storeOption('the event store (opened read-only)'))
    .option('--port <n>', 'the port to listen on (default 8080; 0 picks a free one)')
    .option('--host <address>', 'the address to listen on (default 127.0.0.1: this machine only)')
    .option('--token <t>', 'require this access token (open URL?token=T once; or Authorization: Bearer T); default: DISPUTEKIT_CONSOLE_TOKEN')
    .option('--checkpoint <file>', 'also check the store against a signed checkpoint (the whole log, and each dispute on its page)')
    .option('--public-key <pem>', 'the Ed25519 public key (PEM) that signed the checkpoint')
    .addHelpText('after', '\nExample:\n  disputekit serve --store sqlite:./demo.db --port 8080\n  disputekit serve --store sqlite:./demo.db --checkpoint cp.json --public-key pub.pem')
    .action(async (options: { store: string; port?: string; host?: string; token?: string; checkpoint?: string; publicKey?: string }) =>
      setExit(await serveCommand(options, context())),
    );
};
