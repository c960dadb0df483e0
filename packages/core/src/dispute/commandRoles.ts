import type { CommandType } from './commands';
import type { Role } from './vocabulary';

/**
 * The one table of who may send each command (process rules §4). `satisfies` makes a command type
 * missing here (or one that no longer exists) a compile error; `CommandRoles` and `allowedRoles`
 * are both read from it.
 */
const commandRoleTable = {
  OpenDispute: ['buyer'],
  MakeProposal: ['buyer', 'seller', 'mediator'],
  AcceptProposal: ['buyer', 'seller'],
  RejectProposal: ['buyer', 'seller'],
  SubmitEvidence: ['buyer', 'seller'],
  PostMessage: ['buyer', 'seller'],
  Escalate: ['buyer', 'seller'],
  RequestEvidence: ['mediator'],
  IssueRuling: ['mediator'],
  CancelDispute: ['buyer'],
  MarkReturnShipped: ['buyer'],
  ConfirmReturnReceived: ['seller'],
  ExpireDeadline: ['system'],
  IssueRefund: ['system'],
  RecordRefundFailure: ['system'],
  RetryRefund: ['mediator'],
  RecordExternalRefund: ['seller', 'system', 'mediator'], // a mediator only for a blocked refund (decide/externalRefunds.ts)
  RuleAgain: ['mediator'],
  RecordChargeback: ['system'],
  RecordChargebackOutcome: ['system'],
} as const satisfies { readonly [K in CommandType]: ReadonlyArray<Role> };

/** The roles that may send each command, as a type (read from the same table as `allowedRoles`). */
export type CommandRoles = { readonly [K in CommandType]: (typeof commandRoleTable)[K][number] };

/** The roles that may send command `K`. */
export type RoleFor<K extends CommandType> = CommandRoles[K];

/** The roles allowed to send each command (process rules §4); the decider and `availableActions` read it. */
export const allowedRoles: Readonly<Record<CommandType, ReadonlyArray<Role>>> = commandRoleTable;

/** True when an actor of `role` may send a command of `type`. */
export const mayIssue = (type: CommandType, role: Role): boolean => allowedRoles[type].includes(role);
