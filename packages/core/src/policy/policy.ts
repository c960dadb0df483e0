import * as t from 'io-ts/lib/index.js';
import { arrayOf, literalUnion, struct } from '../codecs/struct';
import { boundedText, safeIntegerAtLeast, Flag } from '../codecs/text';
import { BusinessCalendarData } from './businessCalendar';
import { Duration, PositiveDuration } from './duration';
import { LiabilityPolicy } from './liabilityPolicy';

/** The longest policy name: the policy is stored whole with every opening (dispute and order guard). */
export const MAX_POLICY_NAME_LENGTH = 200;

/** The order fact a protection window is measured from. */
export const WindowAnchor = literalUnion('WindowAnchor', [
  'PAID_AT',
  'SHIPPED_AT',
  'DELIVERED_AT',
  'DELIVERY_DEADLINE',
  'RECEIPT_OR_DELIVERY_DEADLINE',
] as const);
/** The order fact a protection window is measured from. */
export type WindowAnchor = t.TypeOf<typeof WindowAnchor>;

/** `anchor + duration`: a point of the protection window. */
export const WindowPoint = struct('WindowPoint', { from: WindowAnchor, after: Duration });
/** `anchor + duration`. */
export type WindowPoint = t.TypeOf<typeof WindowPoint>;

/**
 * When a dispute may be opened: no later than `closes`, and no earlier than `opens` when given.
 * The seed rule "within 30 days of payment" is `{ closes: { from: 'PAID_AT', after: { days: 30 } } }`.
 */
export const OpenWindow = struct('OpenWindow', { closes: WindowPoint }, { opens: WindowPoint });
/** When a dispute may be opened. */
export type OpenWindow = t.TypeOf<typeof OpenWindow>;

/** A limit that may be switched off: a count, or `"UNLIMITED"`. */
export const Limit = new t.Type<number | 'UNLIMITED', number | 'UNLIMITED', unknown>(
  'Limit',
  (u): u is number | 'UNLIMITED' => u === 'UNLIMITED' || (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0),
  (u, c) =>
    u === 'UNLIMITED' || (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0)
      ? t.success(u as number | 'UNLIMITED')
      : t.failure(u, c, 'a safe integer ≥ 0 or "UNLIMITED"'),
  t.identity,
);
/** A count limit, or `"UNLIMITED"`. */
export type Limit = t.TypeOf<typeof Limit>;

/** How long each deadline runs (each at least one day). */
export const DeadlineDurations = struct(
  'DeadlineDurations',
  {
    sellerResponse: PositiveDuration,
    buyerResponse: PositiveDuration,
    negotiationWindow: PositiveDuration,
    evidenceRequest: PositiveDuration,
    returnShipment: PositiveDuration,
    returnReceipt: PositiveDuration,
  },
  {
    /** How long a failing refund may keep failing before the dispute is blocked (optional: policies stored before it default, see `refundBlocking.ts`). */
    refundDue: PositiveDuration,
  },
);
/** How long each deadline runs. */
export type DeadlineDurations = t.TypeOf<typeof DeadlineDurations>;

/** What the seller's silence does when `SELLER_RESPONSE` expires. */
export const OnSellerSilence = literalUnion('OnSellerSilence', ['ACCEPT_BUYER_REQUEST', 'ESCALATE'] as const);
/** What the buyer's silence does when `BUYER_RESPONSE` expires. */
export const OnBuyerSilence = literalUnion('OnBuyerSilence', ['ACCEPT_STANDING_OFFER', 'CLOSE_SELLER_FAVOUR', 'ESCALATE'] as const);
/** What happens when `NEGOTIATION_WINDOW` expires. */
export const OnNegotiationExpiry = literalUnion('OnNegotiationExpiry', ['ESCALATE', 'CLOSE_CANCELLED'] as const);
/** What happens when the seller does not confirm a shipped return in time. */
export const OnReturnReceiptSilence = literalUnion('OnReturnReceiptSilence', ['AUTO_REFUND', 'ESCALATE'] as const);
/**
 * What part of the seller's payout is held while a dispute runs: nothing, the amount the buyer asked
 * for, or the whole refundable amount of the order. Absent in policies stored before it existed: `NONE`.
 */
export const PayoutHoldPolicy = literalUnion('PayoutHoldPolicy', ['NONE', 'DISPUTED_AMOUNT', 'ORDER_AMOUNT'] as const);
/** What part of the seller's payout is held while a dispute runs. */
export type PayoutHoldPolicy = t.TypeOf<typeof PayoutHoldPolicy>;
/**
 * What a chargeback the buyer files with the card issuer does to the dispute: `SUSPEND` it until the
 * card network decides, or `CLOSE` it (the claim leaves the marketplace). Absent in policies stored
 * before it existed: `SUSPEND` (see `chargebackPolicy.ts`).
 */
export const OnChargeback = literalUnion('OnChargeback', ['SUSPEND', 'CLOSE'] as const);
/** What a chargeback does to the dispute. */
export type OnChargeback = t.TypeOf<typeof OnChargeback>;
/** A party whose acceptance of a mediator's proposal is binding. */
export const BindingParty = literalUnion('BindingParty', ['buyer', 'seller'] as const);

/**
 * The whole policy a dispute runs under (process rules §8). Plain data: chosen at opening and
 * stored whole in `DisputeOpened`, so a history always replays under the rules it was opened with.
 */
export const DisputePolicy = struct('DisputePolicy', {
  /** Name of the preset this policy was built from, or a marketplace's own name (at most 200 characters). */
  name: boundedText('PolicyName', MAX_POLICY_NAME_LENGTH),
  openWindow: OpenWindow,
  requireCancellationRefused: Flag,
  requireEvidenceWhenReceived: Flag,
  allowNoReasonReturns: Flag,
  maxDisputesPerOrder: safeIntegerAtLeast(1),
  reopenAfterCancel: Flag,
  maxBuyerRevisions: Limit,
  maxEvidencePerParty: Limit,
  strictPartialForKeptItem: Flag,
  allowPartialOnReturn: Flag,
  sellerMayEscalate: Flag,
  manualEscalation: Flag,
  escalateEarliestAfter: Duration,
  mediatorProposalBindingOn: arrayOf(BindingParty, 'Array<BindingParty>', 2),
  autoRuleAgainstSilentParty: Flag,
  deadlines: DeadlineDurations,
  onSellerSilence: OnSellerSilence,
  onBuyerSilence: OnBuyerSilence,
  onNegotiationExpiry: OnNegotiationExpiry,
  onReturnReceiptSilence: OnReturnReceiptSilence,
  businessCalendar: BusinessCalendarData,
}, {
  /** Failed refund attempts after which the dispute is blocked for a mediator (optional for policies stored before it). */
  maxRefundFailures: safeIntegerAtLeast(1),
  /** What part of the seller's payout is held while the dispute runs (absent: `NONE`). */
  payoutHold: PayoutHoldPolicy,
  /** Who pays the refund: the default party and when the platform covers (absent: all on the seller). */
  liability: LiabilityPolicy,
  /** What a chargeback does to the dispute (absent: `SUSPEND`). */
  onChargeback: OnChargeback,
});
/** The whole policy a dispute runs under. */
export type DisputePolicy = t.TypeOf<typeof DisputePolicy>;
