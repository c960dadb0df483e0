import type { Identifier, ProposalId } from '../../codecs/ids';
import type { CommandOf } from './commandOf';
import { amountFor, openDisputeCommand } from './openings';
import { fixedEvidence, partial } from './shared';
import type { StepBuild } from './stepBuild';

/** Builders of the parties' commands from a step: opening, negotiation, evidence, messages, escalation, cancellation. */

/** Another opening: consistent when the step is fresh. */
export const openFromStep = (b: StepBuild): CommandOf<'OpenDispute'> => {
  const { step } = b;
  const choice = { consistent: step.fresh, group: 'NOT_RECEIVED', code: step.variant, returnItem: false, itemReceived: false, amount: step.amount, seed: step.seed, evidence: 0, timing: 0.5 } as const;
  return openDisputeCommand(b.context.scenario, choice, b.id('c'));
};

/** The amount the rules expect a proposal of this actor to carry. */
const naturalProposalAmount = (b: StepBuild, byBuyer: boolean): number => {
  const { s, step, refundable, actor } = b;
  if (!byBuyer) return actor.role === 'seller' && step.variant === 1 ? 0 : partial(refundable, step.seed);
  const full = s?.reason.group === 'NOT_RECEIVED' || (s?.kind === 'RETURN_AND_REFUND' && !s.policy.allowPartialOnReturn);
  const strict = s?.kind === 'REFUND_ONLY' && s.itemReceived && s.policy.strictPartialForKeptItem;
  return full ? refundable.amount : strict ? partial(refundable, step.seed) : 1 + (step.seed % Math.max(1, refundable.amount));
};

/** A proposal, with a fresh id (or one used before) and an amount that fits (or breaks) the rules. */
export const proposalFromStep = (b: StepBuild): CommandOf<'MakeProposal'> => {
  const { s, step } = b;
  const byBuyer = b.actor.role === 'buyer';
  const returnRequired = byBuyer ? (s?.kind === 'RETURN_AND_REFUND') !== (step.variant === 9) : step.variant % 3 === 0 && (s?.itemReceived ?? true);
  return {
    type: 'MakeProposal',
    ...b.envelope,
    proposalId: b.existing<ProposalId>(s?.seen.proposalIds, b.id('p')),
    amount: amountFor(step.amount, b.refundable, step.seed, () => naturalProposalAmount(b, byBuyer)),
    returnRequired,
    ...(returnRequired && step.variant % 2 === 0 ? { returnShippingPaidBy: step.flag ? 'buyer' : 'seller' } : {}),
    ...b.note,
  };
};

/** An acceptance of the chosen proposal (or of one that does not exist). */
export const acceptanceFromStep = (b: StepBuild): CommandOf<'AcceptProposal'> => ({
  type: 'AcceptProposal',
  ...b.envelope,
  proposalId: (b.chosen?.proposalId ?? 'p-unknown') as ProposalId,
});

/** A rejection of the chosen proposal (or of one that does not exist). */
export const rejectionFromStep = (b: StepBuild): CommandOf<'RejectProposal'> => ({
  type: 'RejectProposal',
  ...b.envelope,
  proposalId: (b.chosen?.proposalId ?? 'p-unknown') as ProposalId,
  ...b.note,
});

/** Evidence under a fresh id (or one used before). */
export const evidenceFromStep = (b: StepBuild): CommandOf<'SubmitEvidence'> => ({
  type: 'SubmitEvidence',
  ...b.envelope,
  evidence: fixedEvidence(b.existing<string>(b.s?.seen.evidenceIds, b.id('ev'))),
});

/** A message. */
export const messageFromStep = (b: StepBuild): CommandOf<'PostMessage'> => ({
  type: 'PostMessage',
  ...b.envelope,
  messageId: b.id('m') as Identifier,
  text: `Message ${b.index}.`,
});

/** An escalation. */
export const escalationFromStep = (b: StepBuild): CommandOf<'Escalate'> => ({ type: 'Escalate', ...b.envelope, ...b.note });

/** A cancellation. */
export const cancellationFromStep = (b: StepBuild): CommandOf<'CancelDispute'> => ({ type: 'CancelDispute', ...b.envelope, ...b.note });
