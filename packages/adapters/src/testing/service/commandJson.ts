/**
 * Plain-JSON commands for the cross-store service tests, as a marketplace would send them. Every
 * order is paid on 2026-03-02 (100.00 USD unless said otherwise) and the seller refuses to cancel it
 * an hour later (the `seed` policy opens a dispute only after that); opening happens on day 1 and the
 * later commands on day 5, so that any interleaving keeps `at` non-decreasing.
 */
const PAID_AT = '2026-03-02T10:00:00.000Z';
const DAY_MS = 86_400_000;

/** An instant `days` days after the orders' payment. */
export const day = (days: number): string => new Date(Date.parse(PAID_AT) + days * DAY_MS).toISOString();

/** Money in USD minor units. */
export const usd = (amount: number) => ({ amount, currency: 'USD' });

/** The buyer, seller, mediator and system actors of the order `orderId`. */
const actorsOf = (orderId: string) => ({
  buyer: { role: 'buyer', id: `buyer-${orderId}` },
  seller: { role: 'seller', id: `seller-${orderId}` },
  mediator: { role: 'mediator', id: 'mediator-1' },
  system: { role: 'system', id: 'payments' },
});

/** What every command carries. */
export interface Envelope {
  readonly disputeId: string;
  readonly orderId: string;
  readonly commandId: string;
  readonly at?: string;
}

const envelope = (e: Envelope, role: 'buyer' | 'seller' | 'mediator' | 'system') => ({
  disputeId: e.disputeId,
  commandId: e.commandId,
  actor: actorsOf(e.orderId)[role],
  at: e.at ?? day(5),
});

/** `OpenDispute`: the item never arrived; the buyer asks for all that is left (100.00 − `alreadyRefunded`). */
export const openDispute = (e: Envelope & { readonly alreadyRefunded?: number }) => ({
  type: 'OpenDispute',
  ...envelope({ ...e, at: e.at ?? day(1) }, 'buyer'),
  order: {
    orderId: e.orderId,
    buyerId: actorsOf(e.orderId).buyer.id,
    sellerId: actorsOf(e.orderId).seller.id,
    paid: usd(10_000),
    alreadyRefunded: usd(e.alreadyRefunded ?? 0),
    paidAt: PAID_AT,
    cancellationRefusedAt: new Date(Date.parse(PAID_AT) + 3_600_000).toISOString(),
    shippedAt: day(1),
  },
  kind: 'REFUND_ONLY',
  itemReceived: false,
  reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
  proposalId: 'p-open',
  requested: usd(10_000 - (e.alreadyRefunded ?? 0)),
  description: 'The parcel never arrived.',
  evidence: [],
});

/** `PostMessage`. */
export const postMessage = (e: Envelope & { readonly by: 'buyer' | 'seller' }) => ({
  type: 'PostMessage',
  ...envelope(e, e.by),
  messageId: `m-${e.commandId}`,
  text: `Message ${e.commandId} — ünïcödé ✓`,
});

/** `MakeProposal` (no return). */
export const makeProposal = (e: Envelope & { readonly by: 'buyer' | 'seller'; readonly proposalId: string; readonly amount: number }) => ({
  type: 'MakeProposal',
  ...envelope(e, e.by),
  proposalId: e.proposalId,
  amount: usd(e.amount),
  returnRequired: false,
});

/** `AcceptProposal`. */
export const acceptProposal = (e: Envelope & { readonly by: 'buyer' | 'seller'; readonly proposalId: string }) => ({
  type: 'AcceptProposal',
  ...envelope(e, e.by),
  proposalId: e.proposalId,
});

/** `RejectProposal`. */
export const rejectProposal = (e: Envelope & { readonly by: 'buyer' | 'seller'; readonly proposalId: string }) => ({
  type: 'RejectProposal',
  ...envelope(e, e.by),
  proposalId: e.proposalId,
});

/** `SubmitEvidence` (a photo). */
export const submitEvidence = (e: Envelope & { readonly by: 'buyer' | 'seller'; readonly evidenceId: string }) => ({
  type: 'SubmitEvidence',
  ...envelope(e, e.by),
  evidence: { evidenceId: e.evidenceId, kind: 'PHOTO', uri: `https://files.example.com/${e.evidenceId}.jpg`, sha256: 'b'.repeat(64), mime: 'image/jpeg', sizeBytes: 1_024 },
});

/** `Escalate` by the buyer. */
export const escalate = (e: Envelope) => ({ type: 'Escalate', ...envelope(e, 'buyer') });

/** `IssueRefund` by the payment integration. */
export const issueRefund = (e: Envelope & { readonly amount: number }) => ({
  type: 'IssueRefund',
  ...envelope(e, 'system'),
  refundId: `refund-${e.disputeId}`,
  amount: usd(e.amount),
  gatewayReference: `gw-${e.disputeId}`,
});

/** `CancelDispute` by the buyer. */
export const cancelDispute = (e: Envelope) => ({ type: 'CancelDispute', ...envelope(e, 'buyer') });
