import * as t from 'io-ts/lib/index.js';
import { Instant } from '../codecs/instant';
import { EvidenceId, OrderId, UserId } from '../codecs/ids';
import { literalUnion, struct } from '../codecs/struct';
import { boundedText, safeIntegerAtLeast } from '../codecs/text';
import { Money } from '../money/money';

/** Who acts: the order's buyer, its seller, a platform mediator, or the system (clock, payments). */
export const Role = literalUnion('Role', ['buyer', 'seller', 'mediator', 'system'] as const);
/** Who acts. */
export type Role = t.TypeOf<typeof Role>;

/** A party of the dispute (buyer or seller). */
export const Party = literalUnion('Party', ['buyer', 'seller'] as const);
/** A party of the dispute. */
export type Party = t.TypeOf<typeof Party>;

/** The actor of a command, copied into every event it causes. */
export const Actor = struct('Actor', { role: Role, id: UserId });
/** The actor of a command. */
export type Actor = t.TypeOf<typeof Actor>;

/**
 * What the marketplace knows of the order when the dispute opens, frozen into `DisputeOpened`.
 * Later changes to the order never change a running dispute.
 */
export const OrderSnapshot = struct(
  'OrderSnapshot',
  {
    orderId: OrderId,
    buyerId: UserId,
    sellerId: UserId,
    paid: Money,
    alreadyRefunded: Money,
    paidAt: Instant,
  },
  {
    shippedAt: Instant,
    deliveryDeadlineAt: Instant,
    deliveredAt: Instant,
    receiptConfirmedAt: Instant,
    cancellationRefusedAt: Instant,
  },
);
/** What the marketplace knows of the order when the dispute opens. */
export type OrderSnapshot = t.TypeOf<typeof OrderSnapshot>;

/** `REFUND_ONLY` (keep or never got the item) or `RETURN_AND_REFUND` (send it back). */
export const DisputeKind = literalUnion('DisputeKind', ['REFUND_ONLY', 'RETURN_AND_REFUND'] as const);
/** The kind of dispute. */
export type DisputeKind = t.TypeOf<typeof DisputeKind>;

/** Reason codes of each reason group (process rules §2). */
export const reasonCodes = {
  NOT_RECEIVED: [
    'NO_OR_INVALID_TRACKING',
    'IN_TRANSIT_OVERDUE',
    'WRONG_ADDRESS',
    'HELD_BY_CUSTOMS',
    'RETURNED_TO_SENDER',
    'MARKED_DELIVERED_NOT_RECEIVED',
  ],
  NOT_AS_DESCRIBED: [
    'NOT_AS_DESCRIBED',
    'QUALITY_OR_DEFECTIVE',
    'DAMAGED',
    'MISSING_PARTS_OR_QUANTITY',
    'WRONG_ITEM',
    'COUNTERFEIT',
  ],
  CHANGED_MIND: ['CHANGED_MIND'],
} as const;

/** A reason group. */
export type ReasonGroup = keyof typeof reasonCodes;
/** A reason: its group and one of that group's codes. */
export type Reason = {
  [G in ReasonGroup]: { readonly group: G; readonly code: (typeof reasonCodes)[G][number] };
}[ReasonGroup];

const ReasonShape = struct('Reason', {
  group: literalUnion('ReasonGroup', ['NOT_RECEIVED', 'NOT_AS_DESCRIBED', 'CHANGED_MIND'] as const),
  code: t.string,
});

/** Codec for `Reason`: the code must belong to the group. */
export const Reason = new t.Type<Reason, Reason, unknown>(
  'Reason',
  (u): u is Reason =>
    ReasonShape.is(u) && (reasonCodes[u.group] as ReadonlyArray<string>).includes(u.code),
  (u, c) => {
    const shape = ReasonShape.validate(u, c);
    if (shape._tag === 'Left') return shape;
    const codes = reasonCodes[shape.right.group] as ReadonlyArray<string>;
    return codes.includes(shape.right.code)
      ? t.success(shape.right as Reason)
      : t.failure(shape.right.code, t.appendContext(c, 'code', t.string, shape.right.code),
          `one of ${codes.map((x) => JSON.stringify(x)).join(', ')} for group ${shape.right.group}`);
  },
  (reason) => ReasonShape.encode(reason) as Reason,
);

/** The kinds of evidence a party may attach. */
export const EvidenceKind = literalUnion('EvidenceKind', ['PHOTO', 'VIDEO', 'CHAT_LOG', 'TRACKING', 'DOCUMENT', 'OTHER'] as const);

/** A SHA-256 digest in lower-case hex. */
export const Sha256Hex = new t.Type<string, string, unknown>(
  'Sha256Hex',
  (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) =>
    typeof u === 'string' && /^[0-9a-f]{64}$/.test(u) ? t.success(u) : t.failure(u, c, 'a SHA-256 digest as 64 lower-case hex digits'),
  t.identity,
);

/** Metadata of one piece of evidence; the library never stores the file itself. */
export const Evidence = struct(
  'Evidence',
  {
    evidenceId: EvidenceId,
    kind: EvidenceKind,
    uri: boundedText('Uri', 2_000),
    sha256: Sha256Hex,
    mime: boundedText('MimeType', 200),
    sizeBytes: safeIntegerAtLeast(0),
  },
  { note: boundedText('Note', 2_000) },
);
/** Metadata of one piece of evidence. */
export type Evidence = t.TypeOf<typeof Evidence>;

/** Every kind of deadline (process rules §6), in the order the process meets them. */
export const deadlineKinds = [
  'SELLER_RESPONSE',
  'BUYER_RESPONSE',
  'NEGOTIATION_WINDOW',
  'EVIDENCE_REQUEST',
  'RETURN_SHIPMENT',
  'RETURN_RECEIPT',
  'REFUND_DUE',
  'REPRESENTMENT',
] as const;
/** The kinds of deadline (process rules §6). */
export const DeadlineKind = literalUnion('DeadlineKind', deadlineKinds);
/** A kind of deadline. */
export type DeadlineKind = t.TypeOf<typeof DeadlineKind>;

/**
 * A running deadline: computed when the event that starts it is decided and stored in that event.
 * `party` is set on `EVIDENCE_REQUEST` only (one request per party may be open).
 */
export const Deadline = struct('Deadline', { kind: DeadlineKind, dueAt: Instant }, { party: Party });
/** A running deadline. */
export type Deadline = t.TypeOf<typeof Deadline>;

/** The outcome a ruling or resolution gives. */
export const RulingOutcome = literalUnion('RulingOutcome', ['BUYER_FAVOUR', 'SELLER_FAVOUR'] as const);
/** The outcome a ruling or resolution gives. */
export type RulingOutcome = t.TypeOf<typeof RulingOutcome>;

/** What the seller found in the returned parcel. */
export const ReturnCondition = literalUnion('ReturnCondition', [
  'AS_EXPECTED',
  'NOT_RECEIVED',
  'DAMAGED',
  'EMPTY_OR_DIFFERENT',
  'MISSING_ITEMS',
] as const);
/** What the seller found in the returned parcel. */
export type ReturnCondition = t.TypeOf<typeof ReturnCondition>;

/**
 * How a refund made outside the dispute's payment gateway reached the buyer (`RecordExternalRefund`):
 * a bank transfer, another payment provider, cash, a cheque, or something else.
 */
export const ExternalRefundMethod = literalUnion('ExternalRefundMethod', ['BANK_TRANSFER', 'OTHER_PAYMENT_PROVIDER', 'CASH', 'CHEQUE', 'OTHER'] as const);
/** How a refund made elsewhere reached the buyer. */
export type ExternalRefundMethod = t.TypeOf<typeof ExternalRefundMethod>;

/** What the card network decided on a chargeback: the merchant `WON` it (kept the money) or `LOST` it (the money went back to the buyer). */
export const ChargebackOutcome = literalUnion('ChargebackOutcome', ['WON', 'LOST'] as const);
/** What the card network decided on a chargeback. */
export type ChargebackOutcome = t.TypeOf<typeof ChargebackOutcome>;
