import * as fc from 'fast-check';
import type { CommandType, DisputeCommand } from '../../dispute/commands';
import type { CommandOf } from './commandOf';
import {
  acceptanceFromStep,
  cancellationFromStep,
  escalationFromStep,
  evidenceFromStep,
  messageFromStep,
  openFromStep,
  proposalFromStep,
  rejectionFromStep,
} from './partyCommands';
import {
  evidenceRequestFromStep,
  externalRefundFromStep,
  ruleAgainFromStep,
  expiryFromStep,
  receiptFromStep,
  refundFailureFromStep, refundRetryFromStep,
  chargebackFromStep,
  chargebackOutcomeFromStep,
  refundFromStep,
  rulingFromStep,
  shipmentFromStep,
} from './processCommands';
import { stepBuild, typeOfStep, type StepBuild } from './stepBuild';
import { commandStepArb, type CommandStep, type RunContext } from './steps';

/** The builder of each command type, so that a new command type does not compile until steps can build it. */
const BUILDERS: { readonly [K in CommandType]: (b: StepBuild) => CommandOf<K> } = {
  OpenDispute: openFromStep,
  MakeProposal: proposalFromStep,
  AcceptProposal: acceptanceFromStep,
  RejectProposal: rejectionFromStep,
  SubmitEvidence: evidenceFromStep,
  PostMessage: messageFromStep,
  Escalate: escalationFromStep,
  RequestEvidence: evidenceRequestFromStep,
  IssueRuling: rulingFromStep,
  CancelDispute: cancellationFromStep,
  MarkReturnShipped: shipmentFromStep,
  ConfirmReturnReceived: receiptFromStep,
  ExpireDeadline: expiryFromStep,
  IssueRefund: refundFromStep,
  RecordRefundFailure: refundFailureFromStep,
  RetryRefund: refundRetryFromStep,
  RecordExternalRefund: externalRefundFromStep,
  RuleAgain: ruleAgainFromStep,
  RecordChargeback: chargebackFromStep,
  RecordChargebackOutcome: chargebackOutcomeFromStep,
};

/**
 * Turns a step into a command against the run's current state: a proposal id that is new (or one
 * that exists), an acceptance of a current proposal (or of any), an `ExpireDeadline` with the
 * `dueAt` of a running deadline (or of an old one, or a random one), amounts that fit (or break)
 * the refundable cap, from the actor the rules expect (or anyone else). Deterministic: the same
 * step and context give the same command.
 */
export const commandFromStep = (step: CommandStep, context: RunContext): DisputeCommand => {
  const { commands } = context;
  if (step.type === 'Resend' && !step.focus && commands.length > 0) return commands[step.pick % commands.length]!;
  const type = typeOfStep(step, context);
  return (BUILDERS[type] as (b: StepBuild) => DisputeCommand)(stepBuild(step, context, type));
};

/** One command of any type from any actor, against `state` at or after `now` (see `commandFromStep`). */
export const commandArb = (context: RunContext): fc.Arbitrary<DisputeCommand> => commandStepArb.map((step) => commandFromStep(step, context));
