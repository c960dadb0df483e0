import * as t from 'io-ts/lib/index.js';
import { CommandId, DisputeId, Identifier, ProposalId, UserId } from '../codecs/ids';
import { Instant } from '../codecs/instant';
import { hintJsonSchema } from '../codecs/jsonSchemaHints';
import { arrayOf, literalUnion, struct } from '../codecs/struct';
import { tableKeys, type UnionOfTable } from '../codecs/codecTable';
import { boundedText, Flag, LongText, Note, safeIntegerAtLeast } from '../codecs/text';
import { Money } from '../money/money';
import { DisputePolicy } from '../policy/policy';
import { Liability } from './liability';
import {
  Actor,
  Deadline,
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

/** Fields every event's data carries: which dispute, when, who, and the command that caused it. */
const common = { disputeId: DisputeId, at: Instant, by: Actor, commandId: CommandId };

/** Deadlines an event starts (stored, so replays never recompute them). */
const Deadlines = arrayOf(Deadline, 'Array<Deadline>', 6);

/**
 * Builds an event codec `{ type, data }`. Unknown fields are dropped rather than rejected, so a
 * reader tolerates optional fields added by newer versions (event shapes are storage formats).
 */
const event = <N extends string, R extends t.Props, O extends t.Props = {}>(type: N, required: R, optional?: O) => {
  const data = struct(`${type}Data`, { ...common, ...required }, optional ?? ({} as O), 'strip');
  const typeCodec = new t.Type<N, N, unknown>(
    JSON.stringify(type),
    (u): u is N => u === type,
    (u, c) => (u === type ? t.success(type) : t.failure(u, c, JSON.stringify(type))),
    t.identity,
  );
  return struct(type, { type: typeCodec, data }, {}, 'strip');
};

/** Why a dispute went to mediation. The return-phase reasons may start a second mediation round. */
export const EscalationReason = literalUnion('EscalationReason', [
  'BUYER_REQUEST',
  'SELLER_REQUEST',
  'SELLER_SILENCE',
  'BUYER_SILENCE',
  'NEGOTIATION_EXPIRED',
  'RETURN_DISPUTED',
  'RETURN_RECEIPT_SILENCE',
] as const);
/** Why a dispute went to mediation. */
export type EscalationReason = t.TypeOf<typeof EscalationReason>;

/** The escalation reasons that belong to the return phase (a second mediation round). */
export const returnPhaseEscalationReasons: ReadonlyArray<EscalationReason> = ['RETURN_DISPUTED', 'RETURN_RECEIPT_SILENCE'];

/** What a resolution rests on. */
export const ResolutionBasis = literalUnion('ResolutionBasis', [
  'AGREEMENT',
  'RULING',
  'SELLER_SILENCE',
  'BUYER_SILENCE',
  'RETURN_CONFIRMED',
  'RETURN_NOT_SHIPPED',
  'RETURN_RECEIPT_SILENCE',
  'EXTERNAL_REFUND',
  'CHARGEBACK',
] as const);
/** What a resolution rests on. */
export type ResolutionBasis = t.TypeOf<typeof ResolutionBasis>;

/**
 * How a closed dispute ended. `CHARGEBACK`: the buyer went to the card issuer and the policy
 * (`onChargeback: CLOSE`) ends the dispute there (decision 0006).
 */
export const Outcome = literalUnion('Outcome', ['REFUNDED_FULL', 'REFUNDED_PARTIAL', 'SELLER_FAVOUR', 'CANCELLED_BY_BUYER', 'CHARGEBACK'] as const);
/** How a closed dispute ended. */
export type Outcome = t.TypeOf<typeof Outcome>;

/** A mediation round: the first about the dispute, the second about a disputed return. */
export const MediationRound = literalUnion('MediationRound', ['DISPUTE', 'RETURN'] as const);
/** A mediation round. */
export type MediationRound = t.TypeOf<typeof MediationRound>;

/** The buyer opened the dispute; carries the order snapshot, the request, the deadlines and the whole policy. */
export const DisputeOpened = event('DisputeOpened', {
  order: OrderSnapshot,
  kind: DisputeKind,
  itemReceived: Flag,
  reason: Reason,
  proposalId: ProposalId,
  requested: Money,
  refundable: Money,
  description: LongText,
  evidence: arrayOf(Evidence, 'Array<Evidence>', 100),
  policy: DisputePolicy,
  deadlines: Deadlines,
});

/** A proposal was made; it supersedes the same party's previous one. */
export const ProposalMade = event(
  'ProposalMade',
  { proposalId: ProposalId, amount: Money, returnRequired: Flag, deadlines: Deadlines },
  { returnShippingPaidBy: Party, note: Note, supersedes: ProposalId },
);

/** A proposal was accepted — by a party, or by the system on a silent party's behalf. */
export const ProposalAccepted = event(
  'ProposalAccepted',
  { proposalId: ProposalId, amount: Money, returnRequired: Flag },
  { onBehalfOf: Party, returnShippingPaidBy: Party },
);

/** A proposal was rejected by the other party. */
export const ProposalRejected = event(
  'ProposalRejected',
  { proposalId: ProposalId, deadlines: Deadlines },
  { note: Note },
);

/** A party attached evidence metadata (answering an open request of theirs, if any). */
export const EvidenceSubmitted = event('EvidenceSubmitted', { evidence: Evidence }, { answersRequestId: Identifier });

/** True for the deadlines of an evidence request: exactly one, `EVIDENCE_REQUEST`, naming the party asked. */
const isEvidenceRequestDeadline = (ds: ReadonlyArray<Deadline>): ds is readonly [Deadline] =>
  ds.length === 1 && ds[0]!.kind === 'EVIDENCE_REQUEST' && ds[0]!.party !== undefined;

/**
 * The deadline an evidence request starts. A request without it is refused when decoded (it used to
 * fall due at once, silently); that its party is the one asked is checked by `checkHistory` (T3).
 */
const EvidenceRequestDeadline = hintJsonSchema(
  new t.Type<readonly [Deadline], ReadonlyArray<t.OutputOf<typeof Deadline>>, unknown>(
    'EvidenceRequestDeadline',
    (u): u is readonly [Deadline] => Deadlines.is(u) && isEvidenceRequestDeadline(u),
    (u, c) => {
      const decoded = Deadlines.validate(u, c);
      if (decoded._tag === 'Left') return decoded;
      return isEvidenceRequestDeadline(decoded.right)
        ? t.success(decoded.right)
        : t.failure(u, c, 'exactly one EVIDENCE_REQUEST deadline, with the party asked');
    },
    (deadlines) => Deadlines.encode(deadlines),
  ),
  (schemaOf) => ({
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: { allOf: [schemaOf(Deadline), { properties: { kind: { const: 'EVIDENCE_REQUEST' } }, required: ['party'] }] },
  }),
);

/** A mediator asked a party for evidence, starting that party's `EVIDENCE_REQUEST` deadline. */
export const EvidenceRequested = event('EvidenceRequested', {
  requestId: Identifier,
  from: Party,
  description: LongText,
  deadlines: EvidenceRequestDeadline,
});

/** A party wrote in the conversation. */
export const MessagePosted = event('MessagePosted', { messageId: Identifier, text: LongText });

/** The dispute went to mediation. */
export const Escalated = event('Escalated', { reason: EscalationReason }, { note: Note });

/** A mediator (or, under `autoRuleAgainstSilentParty`, the system) ruled. */
export const RulingIssued = event(
  'RulingIssued',
  {
    rulingId: Identifier,
    outcome: RulingOutcome,
    refund: Money,
    returnRequired: Flag,
    rationale: LongText,
    round: MediationRound,
  },
  // liability: who pays the ruled refund (absent in rulings stored before it: all on the seller).
  { returnShippingPaidBy: Party, liability: Liability },
);

/** Settled with a return: the buyer must ship the item back before the refund. */
export const ReturnRequested = event(
  'ReturnRequested',
  { refund: Money, basis: ResolutionBasis, deadlines: Deadlines },
  { returnShippingPaidBy: Party },
);

/** The buyer shipped the return. */
export const ReturnShipped = event('ReturnShipped', {
  carrier: boundedText('Carrier', 200),
  trackingNumber: boundedText('TrackingNumber', 200),
  deadlines: Deadlines,
});

/** The seller reported the return's arrival and condition. */
export const ReturnReceived = event('ReturnReceived', { condition: ReturnCondition });

/** A running deadline passed; the events after it in the same command are its consequence. */
export const DeadlineExpired = event('DeadlineExpired', { kind: DeadlineKind, dueAt: Instant }, { party: Party });

/**
 * The dispute is decided: for whom, on what basis, the refund owed, and who pays it (`liability`;
 * absent in resolutions stored before it: all on the seller, see `liabilityOf`).
 */
export const Resolved = event(
  'Resolved',
  {
    outcome: RulingOutcome,
    basis: ResolutionBasis,
    refund: Money,
    isFullRefund: Flag,
  },
  { liability: Liability },
);

/** The refund went out (once per dispute, idempotency key `dispute:{disputeId}:refund`). */
export const RefundIssued = event('RefundIssued', {
  refundId: Identifier,
  amount: Money,
  gatewayReference: Identifier,
  idempotencyKey: boundedText('IdempotencyKey', 300),
});

/** A refund attempt failed; the dispute still awaits its refund. */
export const RefundFailed = event(
  'RefundFailed',
  {
    attempt: safeIntegerAtLeast(1),
    errorCode: boundedText('ErrorCode', 200),
    retryable: Flag,
  },
  // Both optional: events stored before them decode as a failure that is not permanent and starts nothing.
  { permanent: Flag, deadlines: Deadlines },
);

/** Why a refund was blocked and handed to a mediator. */
export const RefundBlockReason = literalUnion('RefundBlockReason', ['PERMANENT_FAILURE', 'TOO_MANY_FAILURES', 'REFUND_OVERDUE'] as const);
/** Why a refund was blocked. */
export type RefundBlockReason = t.TypeOf<typeof RefundBlockReason>;

/** The refund cannot go out by itself: the dispute waits in the mediator queue (`REFUND_BLOCKED`). */
export const RefundBlocked = event('RefundBlocked', { reason: RefundBlockReason, failures: safeIntegerAtLeast(0) });

/** A mediator sent a blocked refund back for another round of attempts, with a new `REFUND_DUE` deadline to come. */
export const RefundRetried = event('RefundRetried', {}, { note: Note });

/** Why a dispute was cancelled. */
export const CancellationReason = literalUnion('CancellationReason', ['BUYER_WITHDREW', 'NEGOTIATION_EXPIRED'] as const);

/** The buyer withdrew (or, under `CLOSE_CANCELLED`, let the negotiation window lapse). */
export const DisputeCancelled = event('DisputeCancelled', { reason: CancellationReason }, { note: Note });

/** The dispute is closed; nothing more can happen to it. Always the last event. */
export const DisputeClosed = event('DisputeClosed', { outcome: Outcome, refunded: Money });

/**
 * Part of the seller's payout is held while the dispute runs (policy `payoutHold`), in the opening's
 * command. The payout reactor holds it under the key `dispute:{disputeId}:hold`.
 */
export const PayoutHoldPlaced = event('PayoutHoldPlaced', { amount: Money, sellerId: UserId });

/**
 * The hold ends with the dispute, in its closing command: `amount` goes back to the seller's payout,
 * `consumed` paid the refund; together they are the amount held. Key `dispute:{disputeId}:release`.
 */
export const PayoutHoldReleased = event('PayoutHoldReleased', { amount: Money, consumed: Money });

/**
 * A refund the buyer got outside the dispute's gateway (`RecordExternalRefund`): it lowers what the
 * gateway still pays. Its `refundRef` is unique in the dispute.
 */
export const ExternalRefundRecorded = event('ExternalRefundRecorded', { refundRef: Identifier, amount: Money, method: ExternalRefundMethod });

/**
 * A mediator ruled again on a blocked refund (`RuleAgain`): the new terms replace the resolution.
 * For the buyer, the refund is due again (less what was refunded elsewhere); for the seller, the
 * dispute closes in the same command.
 */
export const RulingRevised = event(
  'RulingRevised',
  {
    rulingId: Identifier,
    outcome: RulingOutcome,
    refund: Money,
    isFullRefund: Flag,
    rationale: LongText,
  },
  // liability: who pays the new refund (the decider always writes it; absent reads as all on the seller).
  { liability: Liability },
);

/** The statuses a dispute may be in when a chargeback suspends it, and so resume when it is decided. */
export const SuspendedStatus = literalUnion('SuspendedStatus', [
  'AWAITING_SELLER',
  'AWAITING_BUYER',
  'UNDER_MEDIATION',
  'AWAITING_RETURN_SHIPMENT',
  'AWAITING_RETURN_RECEIPT',
  'AWAITING_REFUND',
  'REFUND_BLOCKED',
] as const);
/** A status a chargeback may suspend. */
export type SuspendedStatus = t.TypeOf<typeof SuspendedStatus>;

/**
 * The payment integration reports a chargeback the buyer filed with the card issuer
 * (`RecordChargeback`, decision 0006). Under `onChargeback: SUSPEND` the dispute waits in
 * `CHARGEBACK_OPEN`, with a `REPRESENTMENT` deadline at `dueBy` (its one deadline); under `CLOSE` it
 * closes in the same command and starts none.
 */
export const ChargebackOpened = event('ChargebackOpened', {
  provider: boundedText('ChargebackProvider', 200),
  caseId: Identifier,
  amount: Money,
  dueBy: Instant,
  deadlines: Deadlines,
});

/**
 * The card network decided the open chargeback (`RecordChargebackOutcome`): `LOST` gave `amount` back
 * to the buyer (it lowers what may still be refunded), `WON` gave nothing (`amount` 0). The dispute
 * resumes the status it was suspended in (`resumes`), or closes in the same command when a lost
 * chargeback covers what is at stake.
 */
export const ChargebackDecided = event('ChargebackDecided', {
  caseId: Identifier,
  outcome: ChargebackOutcome,
  amount: Money,
  resumes: SuspendedStatus,
});

/** Every event codec, by its `type`. */
export const eventCodecs = {
  DisputeOpened,
  ProposalMade,
  ProposalAccepted,
  ProposalRejected,
  EvidenceSubmitted,
  EvidenceRequested,
  MessagePosted,
  Escalated,
  RulingIssued,
  ReturnRequested,
  ReturnShipped,
  ReturnReceived,
  DeadlineExpired,
  Resolved,
  RefundIssued,
  RefundFailed,
  DisputeCancelled,
  DisputeClosed,
  RefundBlocked,
  RefundRetried,
  PayoutHoldPlaced,
  PayoutHoldReleased,
  ExternalRefundRecorded,
  RulingRevised,
  ChargebackOpened,
  ChargebackDecided,
} as const;

/** The name of an event. */
export type EventType = keyof typeof eventCodecs;

/** Any event of the Dispute aggregate: `{ type, data }`. */
export type DisputeEvent = UnionOfTable<typeof eventCodecs>;

/** The event of a given type. */
export type EventOf<K extends EventType> = Extract<DisputeEvent, { type: K }>;

/** The names of every event. */
export const eventTypes: ReadonlyArray<EventType> = tableKeys(eventCodecs);
