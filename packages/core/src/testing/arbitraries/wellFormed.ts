import * as fc from 'fast-check';
import { commandTypes, type CommandType, type DisputeCommand } from '../../dispute/commands';
import { eventTypes, type DisputeEvent, type EventOf, type EventType } from '../../dispute/events';
import type { Deadline, DeadlineKind, Party } from '../../dispute/vocabulary';
import type { Money } from '../../money/money';
import { orderArb } from './orders';
import { policyArb, policyChoiceArb } from './policies';
import { anyActorArb, evidenceArb, identifierArb, instantArb, moneyArb, reasonArb, textArb } from './primitives';

/** Well-formed commands and events of every type: what the codecs accept, not necessarily what the rules allow. */

const envelopeArb = fc.record({
  disputeId: identifierArb,
  commandId: identifierArb,
  actor: anyActorArb,
  at: instantArb(),
});

const optional = <T extends Record<string, unknown>>(required: Record<string, fc.Arbitrary<unknown>>, optionalFields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<T> =>
  fc.record({ ...required, ...optionalFields }, { requiredKeys: Object.keys(required) }) as unknown as fc.Arbitrary<T>;

const partyArb = fc.constantFrom<Party>('buyer', 'seller');
const deadlineKindArb = fc.constantFrom<DeadlineKind>('SELLER_RESPONSE', 'BUYER_RESPONSE', 'NEGOTIATION_WINDOW', 'EVIDENCE_REQUEST', 'RETURN_SHIPMENT', 'RETURN_RECEIPT', 'REFUND_DUE', 'REPRESENTMENT');
const deadlineArb: fc.Arbitrary<Deadline> = optional<Deadline>({ kind: deadlineKindArb, dueAt: instantArb() }, { party: partyArb });
const deadlinesArb = fc.array(deadlineArb, { maxLength: 3 });
const outcomeArb = fc.constantFrom('BUYER_FAVOUR' as const, 'SELLER_FAVOUR' as const);
const basisArb = fc.constantFrom('AGREEMENT', 'RULING', 'SELLER_SILENCE', 'BUYER_SILENCE', 'RETURN_CONFIRMED', 'RETURN_NOT_SHIPPED', 'RETURN_RECEIPT_SILENCE', 'EXTERNAL_REFUND', 'CHARGEBACK');
const externalMethodArb = fc.constantFrom('BANK_TRANSFER', 'OTHER_PAYMENT_PROVIDER', 'CASH', 'CHEQUE', 'OTHER');
const conditionArb = fc.constantFrom('AS_EXPECTED', 'NOT_RECEIVED', 'DAMAGED', 'EMPTY_OR_DIFFERENT', 'MISSING_ITEMS');
const chargebackOutcomeArb = fc.constantFrom('WON' as const, 'LOST' as const);
const suspendedStatusArb = fc.constantFrom('AWAITING_SELLER', 'AWAITING_BUYER', 'UNDER_MEDIATION', 'AWAITING_RETURN_SHIPMENT', 'AWAITING_RETURN_RECEIPT', 'AWAITING_REFUND', 'REFUND_BLOCKED');
const kindArb = fc.constantFrom('REFUND_ONLY' as const, 'RETURN_AND_REFUND' as const);
const liabilitySplitArb = (m: fc.Arbitrary<Money>) => fc.record({ seller: m, platform: m });
const liabilityArb = (m: fc.Arbitrary<Money>) =>
  fc.record({ seller: m, platform: m, cause: fc.constantFrom('POLICY_DEFAULT' as const, 'MEDIATOR' as const, 'LATE_RULING' as const, 'DELIVERY_PROVEN' as const) });

/** The fields of each command type, so that a new command type does not compile until it has an arbitrary. */
const COMMAND_FIELDS: { readonly [K in CommandType]: (m: fc.Arbitrary<Money>) => fc.Arbitrary<Record<string, unknown>> } = {
  OpenDispute: (m) => optional(
    { order: orderArb(), kind: kindArb, itemReceived: fc.boolean(), reason: reasonArb, proposalId: identifierArb, requested: m, description: textArb(), evidence: fc.array(evidenceArb(), { maxLength: 2 }) },
    { policy: policyChoiceArb },
  ),
  MakeProposal: (m) => optional({ proposalId: identifierArb, amount: m, returnRequired: fc.boolean() }, { returnShippingPaidBy: partyArb, note: textArb() }),
  AcceptProposal: () => fc.record({ proposalId: identifierArb }),
  RejectProposal: () => optional({ proposalId: identifierArb }, { note: textArb() }),
  SubmitEvidence: () => fc.record({ evidence: evidenceArb() }),
  PostMessage: () => fc.record({ messageId: identifierArb, text: textArb() }),
  Escalate: () => optional({}, { note: textArb() }),
  CancelDispute: () => optional({}, { note: textArb() }),
  RequestEvidence: () => fc.record({ requestId: identifierArb, from: partyArb, description: textArb() }),
  IssueRuling: (m) => optional({ rulingId: identifierArb, outcome: outcomeArb, refund: m, returnRequired: fc.boolean(), rationale: textArb() }, { returnShippingPaidBy: partyArb, liability: liabilitySplitArb(m) }),
  MarkReturnShipped: () => fc.record({ carrier: textArb(), trackingNumber: textArb() }),
  ConfirmReturnReceived: () => fc.record({ condition: conditionArb }),
  ExpireDeadline: () => optional({ kind: deadlineKindArb, dueAt: instantArb() }, { party: partyArb }),
  IssueRefund: (m) => fc.record({ refundId: identifierArb, amount: m, gatewayReference: identifierArb }),
  RecordRefundFailure: () => optional({ attempt: fc.integer({ min: 1, max: 1_000 }), errorCode: textArb(), retryable: fc.boolean() }, { permanent: fc.boolean() }),
  RetryRefund: () => optional({}, { note: textArb() }),
  RecordExternalRefund: (m) => fc.record({ refundRef: identifierArb, amount: m, method: externalMethodArb }),
  RuleAgain: (m) => fc.record({ rulingId: identifierArb, outcome: outcomeArb, refund: m, rationale: textArb() }),
  RecordChargeback: (m) => fc.record({ provider: textArb(), caseId: identifierArb, amount: m, dueBy: instantArb() }),
  RecordChargebackOutcome: (m) => fc.record({ caseId: identifierArb, outcome: chargebackOutcomeArb, amount: m }),
};

/**
 * Commands of one type that the command codecs accept (well-formed, not necessarily allowed by the
 * rules): any ids, actors, instants, amounts and currencies.
 */
export const commandOfTypeArb = <K extends CommandType>(type: K): fc.Arbitrary<Extract<DisputeCommand, { type: K }>> =>
  fc.tuple(envelopeArb, COMMAND_FIELDS[type](moneyArb())).map(([envelope, fields]) => ({ type, ...envelope, ...fields }) as unknown as Extract<DisputeCommand, { type: K }>);

/** Well-formed commands of every type. */
export const anyCommandArb: fc.Arbitrary<DisputeCommand> = fc.oneof(...commandTypes.map((type) => commandOfTypeArb(type) as fc.Arbitrary<DisputeCommand>));

/** The fields of each event type, so that a new event type does not compile until it has an arbitrary. */
const EVENT_FIELDS: { readonly [K in EventType]: (m: fc.Arbitrary<Money>) => fc.Arbitrary<Record<string, unknown>> } = {
  DisputeOpened: (m) => fc.record({
    order: orderArb(),
    kind: kindArb,
    itemReceived: fc.boolean(),
    reason: reasonArb,
    proposalId: identifierArb,
    requested: m,
    refundable: m,
    description: textArb(),
    evidence: fc.array(evidenceArb(), { maxLength: 2 }),
    policy: policyArb,
    deadlines: deadlinesArb,
  }),
  ProposalMade: (m) => optional({ proposalId: identifierArb, amount: m, returnRequired: fc.boolean(), deadlines: deadlinesArb }, { returnShippingPaidBy: partyArb, note: textArb(), supersedes: identifierArb }),
  ProposalAccepted: (m) => optional({ proposalId: identifierArb, amount: m, returnRequired: fc.boolean() }, { onBehalfOf: partyArb, returnShippingPaidBy: partyArb }),
  ProposalRejected: () => optional({ proposalId: identifierArb, deadlines: deadlinesArb }, { note: textArb() }),
  EvidenceSubmitted: () => optional({ evidence: evidenceArb() }, { answersRequestId: identifierArb }),
  EvidenceRequested: () => fc.record({ requestId: identifierArb, from: partyArb, description: textArb(), deadlines: fc.tuple(fc.record({ kind: fc.constant<DeadlineKind>('EVIDENCE_REQUEST'), dueAt: instantArb(), party: partyArb })) }),
  MessagePosted: () => fc.record({ messageId: identifierArb, text: textArb() }),
  Escalated: () => optional(
    { reason: fc.constantFrom('BUYER_REQUEST', 'SELLER_REQUEST', 'SELLER_SILENCE', 'BUYER_SILENCE', 'NEGOTIATION_EXPIRED', 'RETURN_DISPUTED', 'RETURN_RECEIPT_SILENCE') },
    { note: textArb() },
  ),
  RulingIssued: (m) => optional(
    { rulingId: identifierArb, outcome: outcomeArb, refund: m, returnRequired: fc.boolean(), rationale: textArb(), round: fc.constantFrom('DISPUTE', 'RETURN') },
    { returnShippingPaidBy: partyArb, liability: liabilityArb(m) },
  ),
  ReturnRequested: (m) => optional({ refund: m, basis: basisArb, deadlines: deadlinesArb }, { returnShippingPaidBy: partyArb }),
  ReturnShipped: () => fc.record({ carrier: textArb(), trackingNumber: textArb(), deadlines: deadlinesArb }),
  ReturnReceived: () => fc.record({ condition: conditionArb }),
  DeadlineExpired: () => optional({ kind: deadlineKindArb, dueAt: instantArb() }, { party: partyArb }),
  Resolved: (m) => optional({ outcome: outcomeArb, basis: basisArb, refund: m, isFullRefund: fc.boolean() }, { liability: liabilityArb(m) }),
  RefundIssued: (m) => fc.record({ refundId: identifierArb, amount: m, gatewayReference: identifierArb, idempotencyKey: textArb() }),
  RefundFailed: () => optional({ attempt: fc.integer({ min: 1, max: 1_000 }), errorCode: textArb(), retryable: fc.boolean() }, { permanent: fc.boolean(), deadlines: deadlinesArb }),
  DisputeCancelled: () => optional({ reason: fc.constantFrom('BUYER_WITHDREW', 'NEGOTIATION_EXPIRED') }, { note: textArb() }),
  DisputeClosed: (m) => fc.record({ outcome: fc.constantFrom('REFUNDED_FULL', 'REFUNDED_PARTIAL', 'SELLER_FAVOUR', 'CANCELLED_BY_BUYER', 'CHARGEBACK'), refunded: m }),
  RefundBlocked: () => fc.record({ reason: fc.constantFrom('PERMANENT_FAILURE', 'TOO_MANY_FAILURES', 'REFUND_OVERDUE'), failures: fc.integer({ min: 0, max: 50 }) }),
  RefundRetried: () => optional({}, { note: textArb() }),
  PayoutHoldPlaced: (m) => fc.record({ amount: m, sellerId: identifierArb }),
  PayoutHoldReleased: (m) => fc.record({ amount: m, consumed: m }),
  ExternalRefundRecorded: (m) => fc.record({ refundRef: identifierArb, amount: m, method: externalMethodArb }),
  RulingRevised: (m) => fc.record({ rulingId: identifierArb, outcome: outcomeArb, refund: m, isFullRefund: fc.boolean(), rationale: textArb() }),
  ChargebackOpened: (m) => fc.record({ provider: textArb(), caseId: identifierArb, amount: m, dueBy: instantArb(), deadlines: deadlinesArb }),
  ChargebackDecided: (m) => fc.record({ caseId: identifierArb, outcome: chargebackOutcomeArb, amount: m, resumes: suspendedStatusArb }),
};

const eventCommonArb = fc.record({ disputeId: identifierArb, at: instantArb(), by: anyActorArb, commandId: identifierArb });

/** Events of one type that the event codecs accept (well-formed, not necessarily a consistent history). */
export const eventOfTypeArb = <K extends EventType>(type: K): fc.Arbitrary<EventOf<K>> =>
  fc.tuple(eventCommonArb, EVENT_FIELDS[type](moneyArb())).map(([common, fields]) => ({ type, data: { ...common, ...fields } }) as unknown as EventOf<K>);

/** Well-formed events of every type. */
export const anyEventArb: fc.Arbitrary<DisputeEvent> = fc.oneof(...eventTypes.map((type) => eventOfTypeArb(type) as fc.Arbitrary<DisputeEvent>));
