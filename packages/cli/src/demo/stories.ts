/** One thing a person does in a demo story: at an instant, a command (without its envelope ids). */
export interface DemoStep {
  readonly at: string;
  readonly command: Readonly<Record<string, unknown>>;
}

/** A demo dispute: its id, a title, and what the buyer, the seller and the mediator do. Deadlines and refunds are left to the reactors. */
export interface DemoStory {
  readonly disputeId: string;
  readonly title: string;
  readonly steps: ReadonlyArray<DemoStep>;
}

const usd = (amount: number) => ({ amount, currency: 'USD' });
const buyer = (id: string) => ({ role: 'buyer', id });
const seller = (id: string) => ({ role: 'seller', id });
const mediator = { role: 'mediator', id: 'mediator-kim' };
const photo = (evidenceId: string, note: string) => ({
  evidenceId,
  kind: 'PHOTO',
  uri: `https://files.example.com/${evidenceId}.jpg`,
  sha256: 'c0ffee'.padEnd(64, '0'),
  mime: 'image/jpeg',
  sizeBytes: 482_113,
  note,
});

const LUCKY = 'seller-lucky-store';
const HOMEWARES = 'seller-homewares';
const GADGETS = 'seller-gadget-hub';

/**
 * The demo's disputes, in March 2026, one scene each: the seed's story (a parcel that never came,
 * settled during mediation), a return and refund, a seller who stays silent, a mediator's ruling
 * after an evidence request, a dispute the buyer cancels, a dispute under the `paypal` preset,
 * which holds the disputed amount of the seller's payout from the opening to the end, and a dispute
 * under the `aliexpress` preset that a chargeback suspends and, lost, closes (the hold pays it). Each `seed`
 * order's seller refused the buyer's cancellation first (`cancellationRefusedAt`): the `seed`
 * policy opens a dispute only after that. Only people (and, for the chargeback, the payment
 * integration reporting what the card network did) act here: the deadline scheduler fires the
 * deadlines, the refund processor pays and the payout reactor holds and releases, as they would in
 * production.
 *
 * A new scene is one more entry at the end: the demo plays, prints and counts every entry. Scenes
 * that start after the last one ends leave the global positions of the earlier ones as they were.
 */
export const demoStories: ReadonlyArray<DemoStory> = [
  {
    disputeId: 'seed-1001',
    title: "The seed's story: the parcel never arrived; settled during mediation",
    steps: [
      {
        at: '2026-03-20T09:00:00.000Z',
        command: {
          type: 'OpenDispute',
          actor: buyer('buyer-ana'),
          order: {
            orderId: 'order-1001',
            buyerId: 'buyer-ana',
            sellerId: LUCKY,
            paid: usd(4_999),
            alreadyRefunded: usd(0),
            paidAt: '2026-03-01T12:00:00.000Z',
            cancellationRefusedAt: '2026-03-02T09:00:00.000Z',
            shippedAt: '2026-03-03T08:00:00.000Z',
            deliveryDeadlineAt: '2026-03-18T23:59:59.000Z',
          },
          kind: 'REFUND_ONLY',
          itemReceived: false,
          reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
          proposalId: 'p-buyer-1',
          requested: usd(4_999),
          description: 'The parcel has been "in transit" for two weeks past the delivery deadline.',
          evidence: [],
        },
      },
      {
        at: '2026-03-21T10:00:00.000Z',
        command: { type: 'MakeProposal', actor: seller(LUCKY), proposalId: 'p-seller-1', amount: usd(1_500), returnRequired: false, note: 'Customs delays are not our fault; we can refund 15.00.' },
      },
      { at: '2026-03-24T08:30:00.000Z', command: { type: 'Escalate', actor: buyer('buyer-ana'), note: 'I never received anything.' } },
      {
        at: '2026-03-25T14:00:00.000Z',
        command: { type: 'MakeProposal', actor: mediator, proposalId: 'p-mediator-1', amount: usd(4_999), returnRequired: false, note: 'Tracking shows no movement since March 5; a full refund is fair.' },
      },
      {
        at: '2026-03-26T09:00:00.000Z',
        command: { type: 'MakeProposal', actor: seller(LUCKY), proposalId: 'p-seller-2', amount: usd(4_000), returnRequired: false, note: 'We can refund 40.00.' },
      },
      { at: '2026-03-26T18:00:00.000Z', command: { type: 'AcceptProposal', actor: buyer('buyer-ana'), proposalId: 'p-seller-2' } },
    ],
  },
  {
    disputeId: 'return-2002',
    title: 'A return and refund: the wrong lamp goes back, the money comes back',
    steps: [
      {
        at: '2026-03-10T10:00:00.000Z',
        command: {
          type: 'OpenDispute',
          actor: buyer('buyer-ben'),
          order: {
            orderId: 'order-2002',
            buyerId: 'buyer-ben',
            sellerId: HOMEWARES,
            paid: usd(8_900),
            alreadyRefunded: usd(0),
            paidAt: '2026-03-02T15:20:00.000Z',
            cancellationRefusedAt: '2026-03-02T18:00:00.000Z',
            shippedAt: '2026-03-03T09:00:00.000Z',
            deliveredAt: '2026-03-08T13:45:00.000Z',
            receiptConfirmedAt: '2026-03-08T18:00:00.000Z',
          },
          kind: 'RETURN_AND_REFUND',
          itemReceived: true,
          reason: { group: 'NOT_AS_DESCRIBED', code: 'WRONG_ITEM' },
          proposalId: 'p-buyer-1',
          requested: usd(8_900),
          description: 'I ordered the blue desk lamp and received a red floor lamp.',
          evidence: [photo('ev-red-lamp', 'What arrived, next to the order page.')],
        },
      },
      { at: '2026-03-11T15:00:00.000Z', command: { type: 'AcceptProposal', actor: seller(HOMEWARES), proposalId: 'p-buyer-1' } },
      { at: '2026-03-12T11:00:00.000Z', command: { type: 'MarkReturnShipped', actor: buyer('buyer-ben'), carrier: 'DHL', trackingNumber: 'JD014600006281234567' } },
      { at: '2026-03-16T09:30:00.000Z', command: { type: 'ConfirmReturnReceived', actor: seller(HOMEWARES), condition: 'AS_EXPECTED' } },
    ],
  },
  {
    disputeId: 'silent-3003',
    title: 'A silent seller: five days without an answer, the buyer is refunded',
    steps: [
      {
        at: '2026-03-05T12:00:00.000Z',
        command: {
          type: 'OpenDispute',
          actor: buyer('buyer-chloe'),
          order: {
            orderId: 'order-3003',
            buyerId: 'buyer-chloe',
            sellerId: LUCKY,
            paid: usd(2_450),
            alreadyRefunded: usd(0),
            paidAt: '2026-02-14T10:00:00.000Z',
            cancellationRefusedAt: '2026-02-15T10:00:00.000Z',
            shippedAt: '2026-02-16T10:00:00.000Z',
            deliveryDeadlineAt: '2026-03-02T23:59:59.000Z',
          },
          kind: 'REFUND_ONLY',
          itemReceived: false,
          reason: { group: 'NOT_RECEIVED', code: 'NO_OR_INVALID_TRACKING' },
          proposalId: 'p-buyer-1',
          requested: usd(2_450),
          description: 'The tracking number has never shown any movement.',
          evidence: [],
        },
      },
      { at: '2026-03-06T08:15:00.000Z', command: { type: 'PostMessage', actor: buyer('buyer-chloe'), messageId: 'm-1', text: 'Hello? Could you check with the carrier?' } },
    ],
  },
  {
    disputeId: 'ruling-4004',
    title: "A mediator's ruling: a damaged kettle, evidence requested, a partial refund",
    steps: [
      {
        at: '2026-03-12T08:00:00.000Z',
        command: {
          type: 'OpenDispute',
          actor: buyer('buyer-dev'),
          order: {
            orderId: 'order-4004',
            buyerId: 'buyer-dev',
            sellerId: HOMEWARES,
            paid: usd(12_000),
            alreadyRefunded: usd(0),
            paidAt: '2026-03-01T09:00:00.000Z',
            cancellationRefusedAt: '2026-03-01T15:00:00.000Z',
            shippedAt: '2026-03-02T09:00:00.000Z',
            deliveredAt: '2026-03-09T16:00:00.000Z',
            receiptConfirmedAt: '2026-03-09T19:00:00.000Z',
          },
          kind: 'REFUND_ONLY',
          itemReceived: true,
          reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
          proposalId: 'p-buyer-1',
          requested: usd(4_000),
          description: 'The kettle works but its lid hinge is cracked; I will keep it for a partial refund.',
          evidence: [photo('ev-hinge', 'The cracked hinge.')],
        },
      },
      { at: '2026-03-13T09:00:00.000Z', command: { type: 'RejectProposal', actor: seller(HOMEWARES), proposalId: 'p-buyer-1', note: 'It left our warehouse intact.' } },
      { at: '2026-03-15T10:00:00.000Z', command: { type: 'Escalate', actor: buyer('buyer-dev'), note: 'The seller will not discuss it.' } },
      {
        at: '2026-03-16T10:00:00.000Z',
        command: { type: 'RequestEvidence', actor: mediator, requestId: 'req-1', from: 'seller', description: 'Please send your packing photos for this order.' },
      },
      {
        at: '2026-03-17T16:00:00.000Z',
        command: { type: 'SubmitEvidence', actor: seller(HOMEWARES), evidence: photo('ev-packing', 'Packing photo before dispatch.') },
      },
      {
        at: '2026-03-19T11:00:00.000Z',
        command: {
          type: 'IssueRuling',
          actor: mediator,
          rulingId: 'ruling-1',
          outcome: 'BUYER_FAVOUR',
          refund: usd(3_000),
          returnRequired: false,
          rationale: 'The packing photo does not show the hinge; the damage most likely happened in transit. 30.00 covers a replacement lid.',
        },
      },
    ],
  },
  {
    disputeId: 'cancel-5005',
    title: 'A cancelled dispute: the parcel turned up after all',
    steps: [
      {
        at: '2026-03-18T09:00:00.000Z',
        command: {
          type: 'OpenDispute',
          actor: buyer('buyer-eli'),
          order: {
            orderId: 'order-5005',
            buyerId: 'buyer-eli',
            sellerId: LUCKY,
            paid: usd(1_999),
            alreadyRefunded: usd(0),
            paidAt: '2026-03-04T20:00:00.000Z',
            cancellationRefusedAt: '2026-03-05T08:00:00.000Z',
            shippedAt: '2026-03-05T10:00:00.000Z',
            deliveryDeadlineAt: '2026-03-16T23:59:59.000Z',
          },
          kind: 'REFUND_ONLY',
          itemReceived: false,
          reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
          proposalId: 'p-buyer-1',
          requested: usd(1_999),
          description: 'Two days past the delivery deadline and still in transit.',
          evidence: [],
        },
      },
      { at: '2026-03-19T17:00:00.000Z', command: { type: 'PostMessage', actor: buyer('buyer-eli'), messageId: 'm-1', text: 'It just arrived, sorry for the trouble!' } },
      { at: '2026-03-19T17:05:00.000Z', command: { type: 'CancelDispute', actor: buyer('buyer-eli'), note: 'Parcel delivered.' } },
    ],
  },
  {
    disputeId: 'held-6006',
    title: "A held payout: the seller's payout held from the opening, the rest released at the end",
    steps: [
      {
        at: '2026-03-27T10:00:00.000Z',
        command: {
          type: 'OpenDispute',
          actor: buyer('buyer-fay'),
          // The paypal preset holds the disputed amount (60.00) of the seller's payout while the case runs.
          policy: 'paypal',
          order: {
            orderId: 'order-6006',
            buyerId: 'buyer-fay',
            sellerId: GADGETS,
            paid: usd(12_000),
            alreadyRefunded: usd(0),
            paidAt: '2026-03-16T14:00:00.000Z',
            shippedAt: '2026-03-17T09:00:00.000Z',
            deliveredAt: '2026-03-24T12:00:00.000Z',
            receiptConfirmedAt: '2026-03-24T18:00:00.000Z',
          },
          kind: 'REFUND_ONLY',
          itemReceived: true,
          reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
          proposalId: 'p-buyer-1',
          requested: usd(6_000),
          description: 'The headphones work, but the left ear cushion is torn; I will keep them for part of the price.',
          evidence: [photo('ev-cushion', 'The torn cushion.')],
        },
      },
      {
        at: '2026-03-28T09:00:00.000Z',
        command: { type: 'MakeProposal', actor: seller(GADGETS), proposalId: 'p-seller-1', amount: usd(2_500), returnRequired: false, note: 'A new cushion costs 25.00; we will refund that.' },
      },
      { at: '2026-03-29T19:00:00.000Z', command: { type: 'AcceptProposal', actor: buyer('buyer-fay'), proposalId: 'p-seller-1' } },
    ],
  },
  {
    disputeId: 'chargeback-7007',
    title: "A chargeback: the buyer also went to the card issuer; the dispute waits, the chargeback is lost, the hold pays it",
    steps: [
      {
        at: '2026-03-30T10:00:00.000Z',
        command: {
          type: 'OpenDispute',
          actor: buyer('buyer-gus'),
          // The aliexpress preset keeps the whole order in escrow (80.00) and suspends the dispute on a chargeback.
          policy: 'aliexpress',
          order: {
            orderId: 'order-7007',
            buyerId: 'buyer-gus',
            sellerId: HOMEWARES,
            paid: usd(8_000),
            alreadyRefunded: usd(0),
            paidAt: '2026-03-08T11:00:00.000Z',
            shippedAt: '2026-03-10T09:00:00.000Z',
            deliveredAt: '2026-03-20T15:00:00.000Z',
            receiptConfirmedAt: '2026-03-20T18:00:00.000Z',
          },
          kind: 'REFUND_ONLY',
          itemReceived: true,
          reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
          proposalId: 'p-buyer-1',
          requested: usd(5_000),
          description: 'Two of the six glasses arrived cracked; I keep the rest and ask for part of the price.',
          evidence: [photo('ev-glasses', 'The cracked glasses in the box.')],
        },
      },
      {
        // The payment integration reports the buyer's chargeback: the dispute waits for the card network.
        at: '2026-03-31T09:00:00.000Z',
        command: { type: 'RecordChargeback', actor: { role: 'system', id: 'payments' }, provider: 'visa', caseId: 'visa-cb-7007', amount: usd(5_000), dueBy: '2026-04-10T23:59:59.000Z' },
      },
      { at: '2026-03-31T12:00:00.000Z', command: { type: 'PostMessage', actor: seller(HOMEWARES), messageId: 'm-1', text: 'We saw the chargeback; we will answer the bank with the packing photos.' } },
      {
        // The card network decides for the buyer: 50.00 goes back through the issuer, which covers the ask.
        at: '2026-04-03T16:00:00.000Z',
        command: { type: 'RecordChargebackOutcome', actor: { role: 'system', id: 'payments' }, caseId: 'visa-cb-7007', outcome: 'LOST', amount: usd(5_000) },
      },
    ],
  },
];
