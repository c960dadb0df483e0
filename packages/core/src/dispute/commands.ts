import * as t from 'io-ts/lib/index.js';
import { CommandId, DisputeId, Identifier, ProposalId } from '../codecs/ids';
import { CommandInstant, Instant } from '../codecs/instant';
import { arrayOf, struct } from '../codecs/struct';
import { tableKeys, type UnionOfTable } from '../codecs/codecTable';
import { boundedText, Flag, LongText, Note, safeIntegerAtLeast } from '../codecs/text';
import { Money } from '../money/money';
import { DisputePolicy } from '../policy/policy';
import { isPresetName, presetNames, type PresetName } from '../policy/presets';
import { LiabilitySplit } from './liability';
import {
  Actor,
  DeadlineKind,
  DisputeKind,
  Evidence,
  ChargebackOutcome,
  ExternalRefundMethod,
  OrderSnapshot,
  Party,
  Reason,
  ReturnCondition,
  RulingOutcome,
} from './vocabulary';

/** Fields every command carries. `at` is the only source of time: the domain never reads a clock. */
const envelope = { disputeId: DisputeId, commandId: CommandId, actor: Actor, at: CommandInstant };

const literal = <L extends string>(value: L) =>
  new t.Type<L, L, unknown>(
    JSON.stringify(value),
    (u): u is L => u === value,
    (u, c) => (u === value ? t.success(value) : t.failure(u, c, JSON.stringify(value))),
    t.identity,
  );

/** A preset's name, or a whole policy. */
export const PolicyChoice = new t.Type<PresetName | DisputePolicy, PresetName | DisputePolicy, unknown>(
  'PolicyChoice',
  (u): u is PresetName | DisputePolicy => isPresetName(u) || DisputePolicy.is(u),
  (u, c) => {
    if (typeof u === 'string') {
      return isPresetName(u) ? t.success(u) : t.failure(u, c, `a preset name (${presetNames.join(', ')}) or a whole policy`);
    }
    return DisputePolicy.validate(u, c);
  },
  (choice) => (typeof choice === 'string' ? choice : (DisputePolicy.encode(choice) as DisputePolicy)),
);

/** The buyer opens a dispute about an order (process rules §4, first row). */
export const OpenDispute = struct(
  'OpenDispute',
  {
    type: literal('OpenDispute'),
    ...envelope,
    order: OrderSnapshot,
    kind: DisputeKind,
    itemReceived: Flag,
    reason: Reason,
    proposalId: ProposalId,
    requested: Money,
    description: LongText,
    evidence: arrayOf(Evidence, 'Array<Evidence>', 100),
  },
  { policy: PolicyChoice },
);
/** The buyer opens a dispute. */
export type OpenDispute = t.TypeOf<typeof OpenDispute>;

/** A party (or, under mediation, a mediator) proposes a settlement. */
export const MakeProposal = struct(
  'MakeProposal',
  { type: literal('MakeProposal'), ...envelope, proposalId: ProposalId, amount: Money, returnRequired: Flag },
  { returnShippingPaidBy: Party, note: Note },
);
/** A party proposes a settlement. */
export type MakeProposal = t.TypeOf<typeof MakeProposal>;

/** The other party accepts a current proposal. */
export const AcceptProposal = struct('AcceptProposal', { type: literal('AcceptProposal'), ...envelope, proposalId: ProposalId });
/** The other party accepts a current proposal. */
export type AcceptProposal = t.TypeOf<typeof AcceptProposal>;

/** The other party rejects a current proposal. */
export const RejectProposal = struct(
  'RejectProposal',
  { type: literal('RejectProposal'), ...envelope, proposalId: ProposalId },
  { note: Note },
);
/** The other party rejects a current proposal. */
export type RejectProposal = t.TypeOf<typeof RejectProposal>;

/** A party attaches evidence metadata. */
export const SubmitEvidence = struct('SubmitEvidence', { type: literal('SubmitEvidence'), ...envelope, evidence: Evidence });
/** A party attaches evidence metadata. */
export type SubmitEvidence = t.TypeOf<typeof SubmitEvidence>;

/** A party writes in the dispute's conversation. */
export const PostMessage = struct('PostMessage', { type: literal('PostMessage'), ...envelope, messageId: Identifier, text: LongText });
/** A party writes in the dispute's conversation. */
export type PostMessage = t.TypeOf<typeof PostMessage>;

/** A party asks the platform to mediate. */
export const Escalate = struct('Escalate', { type: literal('Escalate'), ...envelope }, { note: Note });
/** A party asks the platform to mediate. */
export type Escalate = t.TypeOf<typeof Escalate>;

/** A mediator asks one party for evidence. */
export const RequestEvidence = struct('RequestEvidence', {
  type: literal('RequestEvidence'),
  ...envelope,
  requestId: Identifier,
  from: Party,
  description: LongText,
});
/** A mediator asks one party for evidence. */
export type RequestEvidence = t.TypeOf<typeof RequestEvidence>;

/** A mediator decides the dispute; binding and one-time per mediation round. */
export const IssueRuling = struct(
  'IssueRuling',
  {
    type: literal('IssueRuling'),
    ...envelope,
    rulingId: Identifier,
    outcome: RulingOutcome,
    refund: Money,
    returnRequired: Flag,
    rationale: LongText,
  },
  // liability: who pays the refund, when the mediator sets it (else the policy decides).
  { returnShippingPaidBy: Party, liability: LiabilitySplit },
);
/** A mediator decides the dispute. */
export type IssueRuling = t.TypeOf<typeof IssueRuling>;

/** The buyer withdraws the dispute. */
export const CancelDispute = struct('CancelDispute', { type: literal('CancelDispute'), ...envelope }, { note: Note });
/** The buyer withdraws the dispute. */
export type CancelDispute = t.TypeOf<typeof CancelDispute>;

/** The buyer ships the item back, with tracking. */
export const MarkReturnShipped = struct('MarkReturnShipped', {
  type: literal('MarkReturnShipped'),
  ...envelope,
  carrier: boundedText('Carrier', 200),
  trackingNumber: boundedText('TrackingNumber', 200),
});
/** The buyer ships the item back. */
export type MarkReturnShipped = t.TypeOf<typeof MarkReturnShipped>;

/** The seller confirms the return arrived, and in what condition. */
export const ConfirmReturnReceived = struct('ConfirmReturnReceived', {
  type: literal('ConfirmReturnReceived'),
  ...envelope,
  condition: ReturnCondition,
});
/** The seller confirms the return arrived. */
export type ConfirmReturnReceived = t.TypeOf<typeof ConfirmReturnReceived>;

/** The scheduler says a deadline is due. Early, stale or repeated ones are rejected and do nothing. */
export const ExpireDeadline = struct(
  'ExpireDeadline',
  { type: literal('ExpireDeadline'), ...envelope, kind: DeadlineKind, dueAt: Instant },
  { party: Party },
);
/** The scheduler says a deadline is due. */
export type ExpireDeadline = t.TypeOf<typeof ExpireDeadline>;

/** The payment integration reports that the refund went out. */
export const IssueRefund = struct('IssueRefund', {
  type: literal('IssueRefund'),
  ...envelope,
  refundId: Identifier,
  amount: Money,
  gatewayReference: Identifier,
});
/** The payment integration reports that the refund went out. */
export type IssueRefund = t.TypeOf<typeof IssueRefund>;

/** The payment integration reports a failed refund attempt. */
export const RecordRefundFailure = struct(
  'RecordRefundFailure',
  {
    type: literal('RecordRefundFailure'),
    ...envelope,
    attempt: safeIntegerAtLeast(1),
    errorCode: boundedText('ErrorCode', 200),
    retryable: Flag,
  },
  /** The gateway says no retry can succeed (closed account, card gone): the dispute is blocked at once. */
  { permanent: Flag },
);
/** The payment integration reports a failed refund attempt. */
export type RecordRefundFailure = t.TypeOf<typeof RecordRefundFailure>;

/** A mediator sends a blocked refund back to the payment integration for another round of attempts. */
export const RetryRefund = struct('RetryRefund', { type: literal('RetryRefund'), ...envelope }, { note: Note });
/** A mediator retries a blocked refund. */
export type RetryRefund = t.TypeOf<typeof RetryRefund>;

/**
 * The seller (or the payment integration, or — for a blocked refund — a mediator) records a refund
 * the buyer got outside the dispute's gateway. It lowers what the gateway still pays; when the refunds
 * made elsewhere cover what is at stake, the dispute closes without a gateway refund.
 */
export const RecordExternalRefund = struct('RecordExternalRefund', {
  type: literal('RecordExternalRefund'),
  ...envelope,
  refundRef: Identifier,
  amount: Money,
  method: ExternalRefundMethod,
});
/** A refund made outside the dispute's gateway is recorded. */
export type RecordExternalRefund = t.TypeOf<typeof RecordExternalRefund>;

/**
 * A mediator rules again on a blocked refund: the new ruling replaces the resolution that could not
 * be paid (another amount, or the seller's favour). No return can be required at this stage.
 */
export const RuleAgain = struct('RuleAgain', {
  type: literal('RuleAgain'),
  ...envelope,
  rulingId: Identifier,
  outcome: RulingOutcome,
  refund: Money,
  rationale: LongText,
},
  // liability: who pays the new refund, when the mediator sets it (else the policy decides, as for a first ruling).
  { liability: LiabilitySplit },
);
/** A mediator rules again on a blocked refund. */
export type RuleAgain = t.TypeOf<typeof RuleAgain>;

/**
 * The payment integration reports a chargeback the buyer filed with the card issuer: the provider,
 * its case id (unique in the dispute), the amount disputed and when the merchant's answer
 * (representment) is due. The policy's `onChargeback` suspends or closes the dispute (decision 0006).
 */
export const RecordChargeback = struct('RecordChargeback', {
  type: literal('RecordChargeback'),
  ...envelope,
  provider: boundedText('ChargebackProvider', 200),
  caseId: Identifier,
  amount: Money,
  dueBy: Instant,
});
/** A chargeback filed with the card issuer is recorded. */
export type RecordChargeback = t.TypeOf<typeof RecordChargeback>;

/**
 * The payment integration reports the card network's decision on the open chargeback: `LOST` with
 * the amount that went back to the buyer (at most the chargeback's), or `WON` with 0.
 */
export const RecordChargebackOutcome = struct('RecordChargebackOutcome', {
  type: literal('RecordChargebackOutcome'),
  ...envelope,
  caseId: Identifier,
  outcome: ChargebackOutcome,
  amount: Money,
});
/** The card network's decision on the open chargeback is recorded. */
export type RecordChargebackOutcome = t.TypeOf<typeof RecordChargebackOutcome>;

/** Every command codec, by its `type`. */
export const commandCodecs = {
  OpenDispute,
  MakeProposal,
  AcceptProposal,
  RejectProposal,
  SubmitEvidence,
  PostMessage,
  Escalate,
  RequestEvidence,
  IssueRuling,
  CancelDispute,
  MarkReturnShipped,
  ConfirmReturnReceived,
  ExpireDeadline,
  IssueRefund,
  RecordRefundFailure,
  RetryRefund,
  RecordExternalRefund,
  RuleAgain,
  RecordChargeback,
  RecordChargebackOutcome,
} as const;

/** The name of a command. */
export type CommandType = keyof typeof commandCodecs;

/** Any command the Dispute aggregate accepts. */
export type DisputeCommand = UnionOfTable<typeof commandCodecs>;

/** The names of every command. */
export const commandTypes: ReadonlyArray<CommandType> = tableKeys(commandCodecs);

