import { isBefore } from '../../codecs/instant';
import { allowedRoles, mayIssue } from '../commandRoles';
import type { CommandType, DisputeCommand } from '../commands';
import { disputeError, type DisputeError } from '../errors';
import type { OpenedDispute } from '../state';

/** What each command does, as a phrase for refusals. A new command type does not compile until it is named here. */
const commandVerbs: { readonly [K in CommandType]: string } = {
  OpenDispute: 'open a dispute',
  MakeProposal: 'make a proposal',
  AcceptProposal: 'accept a proposal',
  RejectProposal: 'reject a proposal',
  SubmitEvidence: 'submit evidence',
  PostMessage: 'post a message',
  Escalate: 'escalate the dispute',
  RequestEvidence: 'request evidence',
  IssueRuling: 'issue a ruling',
  CancelDispute: 'cancel the dispute',
  MarkReturnShipped: 'mark the return shipped',
  ConfirmReturnReceived: 'confirm the return',
  ExpireDeadline: 'expire a deadline',
  IssueRefund: 'issue the refund',
  RecordRefundFailure: 'record a refund failure',
  RetryRefund: 'retry the refund',
  RecordExternalRefund: 'record a refund made elsewhere',
  RuleAgain: 'rule again on a blocked refund',
  RecordChargeback: 'record a chargeback',
  RecordChargebackOutcome: "record a chargeback's outcome",
};

/** A short phrase for what a command does (`make a proposal`). */
export const describeCommand = (type: CommandType): string => commandVerbs[type];

/** The actor's role may send the command (process rules §4), and the actor is who that role is in this dispute. */
const checkActor = (s: OpenedDispute, c: DisputeCommand): DisputeError | undefined => {
  const role = c.actor.role;
  if (!mayIssue(c.type, role)) {
    return disputeError('NotPermitted', `A ${role} cannot ${describeCommand(c.type)}; only ${allowedRoles[c.type].join(' or ')} can.`, {
      role,
      allowed: allowedRoles[c.type],
    });
  }
  if (role === 'buyer' && c.actor.id !== s.buyerId) return disputeError('NotPermitted', `${c.actor.id} is not the buyer in this dispute.`);
  if (role === 'seller' && c.actor.id !== s.sellerId) return disputeError('NotPermitted', `${c.actor.id} is not the seller in this dispute.`);
  if (role === 'mediator' && (c.actor.id === s.buyerId || c.actor.id === s.sellerId)) {
    return disputeError('NotPermitted', `${c.actor.id} is a party to this dispute and cannot mediate it.`);
  }
  return undefined;
};

/**
 * The rules every command to an opened dispute meets before its own (the command's envelope): the
 * dispute is not closed, the command is for it, not dated before its last event, and sent by an
 * actor allowed to send it.
 */
export const checkEnvelope = (s: OpenedDispute, c: DisputeCommand): DisputeError | undefined => {
  if (s.status === 'CLOSED') {
    return disputeError('DisputeClosed', `Dispute ${s.disputeId} is closed; nothing more can be done in it.`, { outcome: s.outcome });
  }
  if (c.disputeId !== s.disputeId) {
    return disputeError('WrongDispute', `The command is for dispute ${c.disputeId}, but this is dispute ${s.disputeId}.`);
  }
  if (isBefore(c.at, s.lastEventAt)) {
    return disputeError('TimeWentBackwards', `The command is dated ${c.at}, before the dispute's last event at ${s.lastEventAt}.`);
  }
  return checkActor(s, c);
};
