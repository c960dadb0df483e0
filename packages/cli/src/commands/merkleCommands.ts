import type { Command } from 'commander';
import type { CommandsHost } from './commandsHost';
import { checkpointCommand } from './checkpoint';
import { proveCommand } from './prove';
import { verifyProofCommand } from './verifyProof';

/** Registers `checkpoint`, `prove` and `verify-proof` (the signed Merkle log of docs/audits.md). */
export const registerMerkleCommands = (program: Command, host: CommandsHost): void => {
  const { context, setExit, storeOption, exitCodes } = host;
  program
    .command('checkpoint')
    .description('bring the store\'s Merkle tree up to date and write a signed checkpoint (log id, size, root, last position, time, Ed25519 signature)')
    .addOption(storeOption())
    .requiredOption('--key <pem>', 'the Ed25519 private key (PEM, from `openssl genpkey -algorithm ed25519`)')
    .option('--out <file>', 'write the checkpoint to this new file (default: stdout)')
    .option('--log-id <name>', 'the name of this log in the checkpoint (default: the store URL without its password)')
    .addHelpText('after', '\nExample:\n  disputekit checkpoint --store sqlite:./demo.db --key key.pem --out checkpoints/2026-03-20.json')
    .action(async (options: { store: string; key: string; out?: string; logId?: string }) => setExit(await checkpointCommand(options, context())));

  program
    .command('prove')
    .description("write a dispute's events with their inclusion proofs under a checkpoint: evidence checked with no store by verify-proof")
    .argument('<disputeId>', 'the dispute id (its stream is dispute-<disputeId>)')
    .addOption(storeOption())
    .requiredOption('--checkpoint <file>', 'the signed checkpoint to prove against')
    .option('--out <file>', 'write the proof to this new file (default: stdout)')
    .addHelpText('after', '\nExample:\n  disputekit prove seed-1001 --store sqlite:./demo.db --checkpoint cp.json --out seed-1001.proof')
    .action(async (disputeId: string, options: { store: string; checkpoint: string; out?: string }) => setExit(await proveCommand(disputeId, options, context())));

  program
    .command('verify-proof')
    .description("check a dispute proof with no store (signature, inclusion proofs, chain, process rules) and replay the dispute")
    .argument('<proof>', 'the proof file written by prove')
    .requiredOption('--public-key <pem>', 'the Ed25519 public key (PEM) that signed the checkpoint')
    .option('--json', 'print the result as JSON')
    .option('--html <file>', "write the proven dispute's audit as a self-contained HTML report, the proof's verdict in its integrity section")
    .addHelpText('after', `\nExample:\n  disputekit verify-proof seed-1001.proof --public-key pub.pem\n  disputekit verify-proof seed-1001.proof --public-key pub.pem --html seed-1001.html${exitCodes}`)
    .action(async (proof: string, options: { publicKey: string; json?: boolean; html?: string }) => setExit(await verifyProofCommand(proof, options, context())));
};
