import { instantFromMillis } from '@disputekit/core';

/**
 * The `OpenDispute` command the reactor and parking tests start from: buyer-1 opens a refund-only
 * "not received" dispute about a 50.00 USD order of seller-1, paid a day before `nowMillis`; the
 * seller refused to cancel it an hour after payment (the `seed` policy opens only after that).
 */
export const notReceivedOpening = (disputeId: string, nowMillis: number) => ({
  type: 'OpenDispute',
  disputeId,
  commandId: `${disputeId}-open`,
  actor: { role: 'buyer', id: 'buyer-1' },
  at: instantFromMillis(nowMillis),
  order: {
    orderId: `order-${disputeId}`,
    buyerId: 'buyer-1',
    sellerId: 'seller-1',
    paid: { amount: 5_000, currency: 'USD' },
    alreadyRefunded: { amount: 0, currency: 'USD' },
    paidAt: instantFromMillis(nowMillis - 86_400_000),
    cancellationRefusedAt: instantFromMillis(nowMillis - 86_400_000 + 3_600_000),
  },
  kind: 'REFUND_ONLY',
  itemReceived: false,
  reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
  proposalId: `${disputeId}-p1`,
  requested: { amount: 5_000, currency: 'USD' },
  description: 'Never arrived.',
  evidence: [],
});
