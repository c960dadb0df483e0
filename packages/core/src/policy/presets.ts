import { defaultBusinessCalendarData } from './businessCalendar';
import type { DisputePolicy } from './policy';

/**
 * `seed`: the default, from the seed document and process rules §8 — 30 days from payment to open,
 * and only after the seller refused to cancel; 5 days for each answer, 15 days to agree before the
 * platform steps in; a buyer who keeps the item gets a partial refund; the buyer's silence is no
 * agreement, so it escalates (docs/decisions/0003-the-seed-read-literally.md).
 */
export const seedPolicy: DisputePolicy = {
  name: 'seed',
  openWindow: { closes: { from: 'PAID_AT', after: { days: 30 } } },
  // "If you've already tried to cancel an order ... and the seller has refused to accept it, you must open a dispute."
  requireCancellationRefused: true,
  requireEvidenceWhenReceived: true,
  allowNoReasonReturns: false,
  maxDisputesPerOrder: 2,
  reopenAfterCancel: true,
  maxBuyerRevisions: 'UNLIMITED',
  maxEvidencePerParty: 'UNLIMITED',
  // "Refund Only: ... or you received it and want a partial refund (without having to send it back)."
  strictPartialForKeptItem: true,
  allowPartialOnReturn: false,
  sellerMayEscalate: false,
  manualEscalation: true,
  escalateEarliestAfter: { days: 3 },
  mediatorProposalBindingOn: ['buyer'],
  autoRuleAgainstSilentParty: false,
  deadlines: {
    sellerResponse: { days: 5 },
    buyerResponse: { days: 5 },
    negotiationWindow: { days: 15 },
    evidenceRequest: { days: 3 },
    returnShipment: { days: 10 },
    returnReceipt: { days: 10 },
    refundDue: { days: 5 },
  },
  onSellerSilence: 'ACCEPT_BUYER_REQUEST',
  // "If there is no agreement, AliExpress will mediate the process": silence is no agreement.
  onBuyerSilence: 'ESCALATE',
  onNegotiationExpiry: 'ESCALATE',
  onReturnReceiptSilence: 'AUTO_REFUND',
  businessCalendar: defaultBusinessCalendarData,
  maxRefundFailures: 3,
  // The seed says nothing of the seller's payout: nothing is held (docs/decisions/0004-payout-holds.md).
  payoutHold: 'NONE',
  // The seed says nothing of who pays a refund: the seller does (docs/decisions/0007-liability.md).
  liability: { default: 'SELLER', platformCoversWhen: [] },
  // The seed says nothing of chargebacks: the dispute waits for the card network (docs/decisions/0006-chargebacks.md).
  onChargeback: 'SUSPEND',
};

/**
 * `aliexpress`: the window opens 10 days after shipment and closes 15 days after receipt (or the
 * delivery deadline), with no cancellation asked first; the seller has 15 days to answer, and when
 * the parties have not agreed within those 15 days (the seller silent included) the platform steps
 * in automatically; no manual escalation (docs/decisions/0003-the-seed-read-literally.md).
 */
export const aliexpressPolicy: DisputePolicy = {
  ...seedPolicy,
  name: 'aliexpress',
  openWindow: {
    opens: { from: 'SHIPPED_AT', after: { days: 10 } },
    closes: { from: 'RECEIPT_OR_DELIVERY_DEADLINE', after: { days: 15 } },
  },
  // AliExpress opens a dispute on a shipped order without a cancellation request first.
  requireCancellationRefused: false,
  manualEscalation: false,
  escalateEarliestAfter: { days: 15 },
  // AliExpress gives the seller 15 days to answer a dispute (issue 15), and steps in when there is no
  // agreement within them: the negotiation window is the same 15 days, and the seller's silence
  // escalates too, so both deadlines falling due at once lead to the same step-in whichever fires first.
  deadlines: { ...seedPolicy.deadlines, sellerResponse: { days: 15 }, negotiationWindow: { days: 15 } },
  onSellerSilence: 'ESCALATE',
  // AliExpress pays the seller only once the order completes: the whole order stays in escrow.
  payoutHold: 'ORDER_AMOUNT',
  // The refund comes out of the order's payment held in escrow: the seller's money.
  liability: { default: 'SELLER', platformCoversWhen: [] },
  // AliExpress keeps the dispute and its escrow while the card issuer's case runs, and settles with what it decides.
  onChargeback: 'SUSPEND',
};

/**
 * `paypal`: 180 days from payment to open; a 20-day inquiry that closes if nobody escalates; either
 * party may escalate; a buyer who stays silent loses; one dispute per transaction.
 */
export const paypalPolicy: DisputePolicy = {
  ...seedPolicy,
  name: 'paypal',
  openWindow: { closes: { from: 'PAID_AT', after: { days: 180 } } },
  // PayPal asks for no cancellation first, and leaves the amount of a kept item to the parties.
  requireCancellationRefused: false,
  strictPartialForKeptItem: false,
  requireEvidenceWhenReceived: false,
  maxDisputesPerOrder: 1,
  reopenAfterCancel: false,
  sellerMayEscalate: true,
  escalateEarliestAfter: { days: 0 },
  deadlines: {
    ...seedPolicy.deadlines,
    sellerResponse: { days: 10 },
    buyerResponse: { days: 10 },
    negotiationWindow: { days: 20 },
  },
  onBuyerSilence: 'CLOSE_SELLER_FAVOUR',
  onNegotiationExpiry: 'CLOSE_CANCELLED',
  // PayPal places a temporary hold on the funds of the case: the disputed amount.
  payoutHold: 'DISPUTED_AMOUNT',
  // PayPal Seller Protection: an "item not received" claim lost despite proof of delivery is not the seller's cost.
  liability: { default: 'SELLER', platformCoversWhen: ['DELIVERY_PROVEN'] },
  // PayPal moves a case the buyer takes to the card issuer to its chargeback stage: it waits for the issuer.
  onChargeback: 'SUSPEND',
};

/**
 * `ebay`: open up to 30 days after the estimated delivery; the seller has 3 business days to
 * respond, after which the case goes to eBay; either party may ask eBay to step in after that.
 */
export const ebayPolicy: DisputePolicy = {
  ...seedPolicy,
  name: 'ebay',
  openWindow: { closes: { from: 'DELIVERY_DEADLINE', after: { days: 30 } } },
  // eBay asks for no cancellation first, and leaves the amount of a kept item to the parties.
  requireCancellationRefused: false,
  strictPartialForKeptItem: false,
  sellerMayEscalate: true,
  escalateEarliestAfter: { businessDays: 3 },
  deadlines: {
    ...seedPolicy.deadlines,
    sellerResponse: { businessDays: 3 },
    buyerResponse: { businessDays: 3 },
    negotiationWindow: { days: 30 },
    returnShipment: { businessDays: 5 },
    returnReceipt: { businessDays: 3 },
  },
  onSellerSilence: 'ESCALATE',
  onBuyerSilence: 'ESCALATE',
  // eBay holds nothing up front; it recovers a refund it pays from the seller afterwards.
  payoutHold: 'NONE',
  // eBay's seller protection: tracking that shows delivery, given before eBay steps in, protects the seller in an INR case.
  liability: { default: 'SELLER', platformCoversWhen: ['DELIVERY_PROVEN'] },
  // Like Amazon's A-to-z Guarantee, eBay's Money Back Guarantee closes the request once the buyer files a chargeback.
  onChargeback: 'CLOSE',
};

/** The presets shipped with disputekit, by name. */
export const policies = {
  seed: seedPolicy,
  aliexpress: aliexpressPolicy,
  paypal: paypalPolicy,
  ebay: ebayPolicy,
} as const;

/** The name of a shipped preset. */
export type PresetName = keyof typeof policies;

/** The names of the shipped presets. */
export const presetNames: ReadonlyArray<PresetName> = ['seed', 'aliexpress', 'paypal', 'ebay'];

/** True when `name` names a shipped preset. */
export const isPresetName = (name: unknown): name is PresetName =>
  typeof name === 'string' && (presetNames as ReadonlyArray<string>).includes(name);
