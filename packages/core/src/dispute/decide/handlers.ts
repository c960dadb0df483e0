import type { CommandType } from '../commands';
import { cancelDispute } from './cancel';
import { recordChargeback, recordChargebackOutcome } from './chargebacks';
import type { CommandHandler, CommandOf, DecideContext } from './context';
import { postMessage, submitEvidence } from './conversation';
import { expireDeadline } from './deadlines';
import type { Decision } from './decision';
import { recordExternalRefund, ruleAgain } from './externalRefunds';
import { escalate, issueRuling, requestEvidence } from './mediation';
import { acceptProposal, makeProposal, rejectProposal } from './negotiation';
import { recordRefundFailure, retryRefund } from './refundBlocked';
import { issueRefund } from './refunds';
import { confirmReturnReceived, markReturnShipped } from './returns';

/** Every command type but the opening, which is decided before there is a dispute. */
export type OpenedCommandType = Exclude<CommandType, 'OpenDispute'>;

/**
 * The handler of each command to an opened dispute. A new command type does not compile until it
 * has a handler here.
 */
export const commandHandlers: { readonly [K in OpenedCommandType]: CommandHandler<K> } = {
  MakeProposal: makeProposal,
  AcceptProposal: acceptProposal,
  RejectProposal: rejectProposal,
  SubmitEvidence: submitEvidence,
  PostMessage: postMessage,
  Escalate: escalate,
  RequestEvidence: requestEvidence,
  IssueRuling: issueRuling,
  CancelDispute: cancelDispute,
  MarkReturnShipped: markReturnShipped,
  ConfirmReturnReceived: confirmReturnReceived,
  ExpireDeadline: expireDeadline,
  IssueRefund: issueRefund,
  RecordRefundFailure: recordRefundFailure,
  RetryRefund: retryRefund,
  RecordExternalRefund: recordExternalRefund,
  RuleAgain: ruleAgain,
  RecordChargeback: recordChargeback,
  RecordChargebackOutcome: recordChargebackOutcome,
};

/** Decides a command whose envelope has been checked, with the handler of its type. */
export const handle = <K extends OpenedCommandType>(type: K, command: CommandOf<K>, ctx: DecideContext): Decision =>
  (commandHandlers[type] as CommandHandler<K>)(command, ctx);
