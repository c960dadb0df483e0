import { Option, type Command } from 'commander';
import { auditCommand } from './audit';
import { demoCommand } from './demo';
import { verifyCommand } from './verify';
import { verifyCheckpointCommand } from './verifyCheckpoint';
import { STORE_URL_FORMS } from '../storeUrl';
import type { CommandsHost } from './commandsHost';

/** Registers `demo`, `audit` and `verify`: the commands that show and check disputes. */
export const registerInspectCommands = (program: Command, host: CommandsHost): void => {
  const { context, setExit, storeOption, exitCodes } = host;
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
    .option('--html <file>', 'write the audit as one self-contained HTML report (timeline, states, money and deadline charts, integrity; no network)')
    .option('--checkpoint <file>', "also check the dispute's events against a signed checkpoint (signature, inclusion proofs)")
    .option('--public-key <pem>', 'the Ed25519 public key (PEM) that signed the checkpoint')
    .addHelpText(
      'after',
      `\nExample:\n  disputekit audit seed-1001 --store sqlite:./demo.db --as-of 2026-03-24T12:00:00Z\n  disputekit audit seed-1001 --store sqlite:./demo.db --html seed-1001.html --checkpoint cp.json --public-key pub.pem${exitCodes}`,
    )
    .action(async (disputeId: string, options: { store: string; asOf?: string; heads?: string; json?: boolean; html?: string; checkpoint?: string; publicKey?: string }) =>
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
    .option('--threads <n>', 'threads that read a SQLite or PostgreSQL log and hash its chains beside the checking one, 0 to 4 (default 1 with two cores or more, for logs of 32,768 events or more; not with --checkpoint)')
    .addHelpText('after', `\nExample:\n  disputekit verify --store postgres://postgres@127.0.0.1:5432/disputes\n  disputekit verify --store sqlite:./demo.db --checkpoint cp.json --public-key pub.pem${exitCodes}`)
    .action(async (options: { store: string; json?: boolean; saveHeads?: string; heads?: string; checkpoint: string[]; publicKey?: string; threads?: string }) =>
      setExit(
        options.checkpoint.length > 0
          ? await verifyCheckpointCommand({ ...options, checkpoint: options.checkpoint }, context())
          : await verifyCommand(options, context()),
      ),
    );
};
