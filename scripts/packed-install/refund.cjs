// CommonJS, as a user writes it against the installed packages: a dispute from opening to its refund
// in memory, with the read models and the refund processor (the seller's available actions asked first, the
// acceptance built with disputeCommand). No top-level await: an async main.
const { availableActions, commandJsonSchema, createDisputeService, createSimulatedClock, disputeCommand } = require('@disputekit/core');
const { createInMemoryEventStore } = require('@disputekit/adapters/memory');
const {
  createDisputeReadModels,
  createInMemoryPaymentGateway,
  createMemoryReadSideStore,
  createProjectionRunner,
  createRefundProcessor,
  disputeProjections,
} = require('@disputekit/projections');

const must = (result, what) => {
  if (result._tag === 'Left') throw new Error(`${what}: ${result.left._tag}: ${result.left.message}`);
  return result.right;
};
const usd = (amount) => ({ amount, currency: 'USD' });

async function main() {
  const clock = createSimulatedClock('2026-03-20T09:00:00Z');
  const events = createInMemoryEventStore();
  const readSide = createMemoryReadSideStore();
  const service = createDisputeService({ store: events, clock });
  const readModels = createDisputeReadModels(readSide);
  const runner = createProjectionRunner({ events, readSide, projections: disputeProjections, clock });
  const gateway = createInMemoryPaymentGateway();
  const refunds = createRefundProcessor({ service, summaries: readModels.disputeSummary, gateway, clock });

  must(
    await service.handle({
      type: 'OpenDispute', disputeId: 'cjs-1', commandId: 'open-1', actor: { role: 'buyer', id: 'buyer-ben' }, at: '2026-03-20T09:00:00Z',
      order: { orderId: 'order-cjs-1', buyerId: 'buyer-ben', sellerId: 'seller-lucky', paid: usd(2500), alreadyRefunded: usd(0), paidAt: '2026-03-01T12:00:00Z', cancellationRefusedAt: '2026-03-02T09:00:00Z', deliveredAt: '2026-03-10T12:00:00Z' },
      kind: 'REFUND_ONLY', itemReceived: true, reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
      proposalId: 'p-1', requested: usd(1000), description: 'The lid is cracked.',
      evidence: [{ evidenceId: 'ev-1', kind: 'PHOTO', uri: 'https://files.example.com/ev-1.jpg', sha256: 'ab'.repeat(32), mime: 'image/jpeg', sizeBytes: 120000 }],
    }),
    'open',
  );
  // What may the seller do now? Accepting the buyer's proposal is one of the actions.
  const seller = { role: 'seller', id: 'seller-lucky' };
  const loaded = must(await service.load('cjs-1'), 'load');
  const mayAccept = availableActions(loaded.state, seller, '2026-03-20T10:00:00Z').some((a) => a.type === 'AcceptProposal');
  const schema = commandJsonSchema('AcceptProposal').$id;
  must(await service.handle(disputeCommand('AcceptProposal', { disputeId: 'cjs-1', commandId: 'accept-1', actor: seller, at: '2026-03-20T10:00:00Z', proposalId: 'p-1' })), 'accept');
  clock.advance(2 * 3600000); // the refund processor acts after the acceptance
  must(await runner.catchUp(), 'catch up');
  must(await refunds.tick(), 'refund tick');
  must(await runner.catchUp(), 'catch up');
  const summary = must(await readModels.disputeSummary.get('cjs-1'), 'summary');
  const payouts = gateway.payoutsFor('cjs-1');
  await readSide.close();
  await events.close();
  console.log(JSON.stringify({ mayAccept, schema, final: summary && summary.status, refunded: summary && summary.amountRefunded, payouts: payouts.length }));
  if (!mayAccept || schema !== 'urn:disputekit:schema:command:AcceptProposal') process.exitCode = 1;
  if (!summary || summary.status !== 'CLOSED' || summary.amountRefunded !== 1000 || payouts.length !== 1) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
