import type { CommandType } from '../commands';

/**
 * The roles that may send each command, as a type (the same table as `allowedRoles` in the decider;
 * a test holds the two equal). A new command type does not compile until it is listed here.
 */
export interface CommandRoles {
  readonly OpenDispute: 'buyer';
  readonly MakeProposal: 'buyer' | 'seller' | 'mediator';
  readonly AcceptProposal: 'buyer' | 'seller';
  readonly RejectProposal: 'buyer' | 'seller';
  readonly SubmitEvidence: 'buyer' | 'seller';
  readonly PostMessage: 'buyer' | 'seller';
  readonly Escalate: 'buyer' | 'seller';
  readonly RequestEvidence: 'mediator';
  readonly IssueRuling: 'mediator';
  readonly CancelDispute: 'buyer';
  readonly MarkReturnShipped: 'buyer';
  readonly ConfirmReturnReceived: 'seller';
  readonly ExpireDeadline: 'system';
  readonly IssueRefund: 'system';
  readonly RecordRefundFailure: 'system';
}

/** Fails to compile when `CommandRoles` and the command codecs list different command types. */
type Exhaustive<A extends B, B> = A;
/** @internal */
export type CommandRolesCoverEveryCommand = Exhaustive<keyof CommandRoles, CommandType> & Exhaustive<CommandType, keyof CommandRoles>;

/** The roles that may send command `K`. */
export type RoleFor<K extends CommandType> = CommandRoles[K];
