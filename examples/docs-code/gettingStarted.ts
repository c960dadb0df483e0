import { createDisputeService, withHashChain } from '@disputekit/core';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';

async function main() {
  const store = createSqliteEventStore({ filename: 'disputes.db' });
  const service = createDisputeService({ store: withHashChain(store) });

  const result = await service.handle({
    type: 'OpenDispute',
    disputeId: 'd-1001',
    commandId: 'req-7f3a',                         // your request's idempotency key
    actor: { role: 'buyer', id: 'buyer-ana' },     // from your authentication, never from the body
    at: '2026-03-20T09:00:00Z',                     // time comes in with commands (in production: when the request arrived)
    order: {
      orderId: 'order-1001', buyerId: 'buyer-ana', sellerId: 'seller-lucky-store',
      paid: { amount: 4999, currency: 'USD' }, alreadyRefunded: { amount: 0, currency: 'USD' },
      paidAt: '2026-03-01T12:00:00Z', shippedAt: '2026-03-03T08:00:00Z', deliveryDeadlineAt: '2026-03-18T23:59:59Z',
      cancellationRefusedAt: '2026-03-02T09:00:00Z',  // the seller refused to cancel: the seed policy opens only after that
    },
    kind: 'REFUND_ONLY', itemReceived: false, reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
    proposalId: 'p-1', requested: { amount: 4999, currency: 'USD' },
    description: 'The parcel never arrived.', evidence: [],
  });
  if (result._tag === 'Left') console.log(result.left._tag, result.left.message); // a validation error or a broken rule, by name
  else console.log(result.right.state.status);                                    // AWAITING_SELLER
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
