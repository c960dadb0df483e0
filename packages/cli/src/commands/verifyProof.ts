import { readFile } from 'node:fs/promises';
import { auditDispute, disputeStreamId, parseDisputeProof, StrictJsonError, verifyDisputeProof, type ChainedEvent, type DisputeProofVerification } from '@disputekit/core';
import { proofCheck } from '../checkpointChecks';
import { writeAuditReport } from '../html/writeReport';
import { safeJson, safeText } from '../render/safeText';
import { CliError, EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { writeLine } from '../io';
import { readPublicKey } from '../keyFiles';

/** Options of `disputekit verify-proof`. */
export interface VerifyProofOptions {
  readonly publicKey: string;
  readonly json?: boolean;
  /** Write the proven dispute's audit, with the proof's verdict, as a self-contained HTML report to this file. */
  readonly html?: string;
}

const stateSummary = (verification: DisputeProofVerification): Record<string, unknown> | undefined => {
  const state = verification.state;
  if (state === undefined || state.status === 'NONE') return undefined;
  return {
    status: state.status,
    orderId: state.orderId,
    buyerId: state.buyerId,
    sellerId: state.sellerId,
    refundable: state.refundable,
    refunded: state.refunded,
    ...(state.outcome === undefined ? {} : { outcome: state.outcome }),
    ...(state.closedAt === undefined ? {} : { closedAt: state.closedAt }),
  };
};

/**
 * `disputekit verify-proof PROOF --public-key PUB.pem`: checks a dispute proof with no store (the
 * checkpoint's signature, every inclusion proof, the events' chain, the process rules) and replays
 * the dispute; with `--html FILE`, writes the dispute's audit report with the proof's verdict in its
 * integrity section instead of printing. Exit 0 when it holds, 2 when it does not (a proof file that is not exactly as
 * written counts as not holding), 1 when a file cannot be read.
 */
export const verifyProofCommand = async (file: string, options: VerifyProofOptions, ctx: CommandContext): Promise<number> => {
  const publicKey = await readPublicKey(options.publicKey);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CliError(`Cannot read the proof ${file}: ${error instanceof Error ? error.message : String(error)}`, 'Pass the file written by `disputekit prove`.');
  }
  let verification: DisputeProofVerification;
  try {
    verification = verifyDisputeProof(parseDisputeProof(bytes), publicKey);
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    const message = `The proof ${file} does not hold: it is not a valid proof (${error.message}).`;
    writeLine(ctx.io.stdout, options.json === true ? safeJson({ file, holds: false, problems: [message] }, 2) : `${ctx.out.red('✘')} ${safeText(message)}`);
    return EXIT_FINDINGS;
  }
  const { proof } = verification;
  if (options.html !== undefined) {
    const records: ReadonlyArray<ChainedEvent> = proof.events.map(({ event }) => event);
    await writeAuditReport(auditDispute(disputeStreamId(proof.disputeId), records), options.html, `proof ${file}`, ctx, [proofCheck(verification, file)]);
    return verification.holds ? EXIT_OK : EXIT_FINDINGS;
  }
  const state = stateSummary(verification);
  if (options.json === true) {
    writeLine(
      ctx.io.stdout,
      safeJson({ file, holds: verification.holds, disputeId: proof.disputeId, events: proof.events.length, checkpoint: proof.checkpoint, state, violations: verification.violations, problems: verification.problems }, 2),
    );
  } else {
    const s = ctx.out;
    // Everything below but the styles comes from the proof file, which anyone may have written: escaped.
    const lines = [
      `Dispute ${safeText(proof.disputeId)}: ${proof.events.length} events, under a checkpoint of ${proof.checkpoint.size} events of log ${safeText(proof.checkpoint.logId)} signed ${safeText(proof.checkpoint.time)}.`,
      ...proof.events.map(({ index, event }) => `  #${String(index + 1).padEnd(8)} ${safeText(`${event.streamId}@${event.version}`).padEnd(28)} ${safeText(event.type)}`),
      '',
      state === undefined ? 'State: the events do not replay to a dispute.' : `State: ${safeText(String(state['status']))}${state['outcome'] === undefined ? '' : `, ${safeText(String(state['outcome']))}`}; refunded ${safeJson(state['refunded'])} of ${safeJson(state['refundable'])}.`,
      verification.violations.length === 0 ? `${s.green('✔')} checkHistory: no rule violations` : `${s.red('✘')} checkHistory: ${verification.violations.length} rule violation(s)`,
      ...verification.problems.map((problem) => `${s.red('✘')} ${safeText(problem)}`),
      '',
      verification.holds ? s.green('The proof holds: the signature is valid and every event is in the signed log.') : s.red('The proof does not hold (exit status 2).'),
    ];
    writeLine(ctx.io.stdout, lines.join('\n'));
  }
  return verification.holds ? EXIT_OK : EXIT_FINDINGS;
};
