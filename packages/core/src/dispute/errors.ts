/**
 * Every rule a command can break, by name. Each `DisputeError` carries one of these as its `_tag`,
 * and a sentence a support agent could read to a user as its `message`.
 */
export const disputeErrorTags = [
  'DisputeNotFound',
  'DisputeAlreadyOpened',
  'WrongDispute',
  'DisputeClosed',
  'TimeWentBackwards',
  'NotPermitted',
  'NotUnderMediation',
  'NotAllowedInStatus',
  'OutsideProtectionWindow',
  'InconsistentDisputeKind',
  'NoReasonReturnsNotAllowed',
  'EvidenceRequired',
  'CancellationNotRefused',
  'NothingRefundable',
  'InvalidOrder',
  'CurrencyMismatch',
  'RefundExceedsRefundable',
  'AmountMustBePositive',
  'FullRefundRequired',
  'PartialRefundRequired',
  'ReturnImpossible',
  'RevisionLimitReached',
  'DuplicateProposalId',
  'UnknownProposal',
  'ProposalNotCurrent',
  'CannotAcceptOwnProposal',
  'CannotRejectOwnProposal',
  'AcceptanceNotBinding',
  'AlreadySettled',
  'ProposalsClosed',
  'EvidenceLimitReached',
  'DuplicateEvidence',
  'ManualEscalationDisabled',
  'EscalationTooEarly',
  'EvidenceRequestAlreadyOpen',
  'DuplicateRequestId',
  'RulingAlreadyIssued',
  'InconsistentRuling',
  'ReturnDeadlinePassed',
  'DeadlineNotActive',
  'DeadlineNotDue',
  'RefundAmountMismatch',
  'LiabilityMismatch',
  'DuplicateRefundRef',
  'ExternalRefundExceedsDue',
  'ExternalRefundMustCover',
  'RulingBelowExternalRefunds',
  'ChargebackOpen',
  'DuplicateChargebackCase',
  'UnknownChargeback',
  'ChargebackDueByPassed',
  'ChargebackOutcomeMismatch',
] as const;

/** The name of a broken rule. */
export type DisputeErrorTag = (typeof disputeErrorTags)[number];

/** A command was refused: `_tag` names the broken rule, `message` explains it in plain words. Nothing was emitted. */
export interface DisputeError {
  readonly _tag: DisputeErrorTag;
  readonly message: string;
  /** Facts behind the refusal (amounts, deadlines, ids), for logs and user interfaces. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Builds a `DisputeError`. */
export const disputeError = (
  tag: DisputeErrorTag,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): DisputeError => (details === undefined ? { _tag: tag, message } : { _tag: tag, message, details });

/** True when `value` is a `DisputeError`. */
export const isDisputeError = (value: unknown): value is DisputeError =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { _tag?: unknown })._tag === 'string' &&
  (disputeErrorTags as ReadonlyArray<string>).includes((value as { _tag: string })._tag);
