// ESM, as a user writes it against the installed packages: a dispute from opening to its refund on
// SQLite (better-sqlite3, compiled at install), with the read models and the refund processor; the seller's
// available actions are asked first, and the acceptance goes through typed(service).handle.
import { availableActions, commandJsonSchema, createDisputeService, createSimulatedClock, typed, withHashChain } from '@disputekit/core';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import {
  createDisputeReadModels,
  createInMemoryPaymentGateway,
  createProjectionRunner,
  createRefundProcessor,
  createSqliteReadSideStore,
  disputeProjections,
} from '@disputekit/projections';

const filename = process.argv[2] ?? 'disputes.db';
const clock = createSimulatedClock('2026-03-20T09:00:00Z');
const events = createSqliteEventStore({ filename });
const readSide = createSqliteReadSideStore({ filename });
const service = createDisputeService({ store: withHashChain(events), clock });
const readModels = createDisputeReadModels(readSide);
const runner = createProjectionRunner({ events, readSide, projections: disputeProjections, clock });
const gateway = createInMemoryPaymentGateway();
const refunds = createRefundProcessor({ service, summaries: readModels.disputeSummary, gateway, clock });

const must = (result, what) => {
  if (result._tag === 'Left') throw new Error(`${what}: ${result.left._tag}: ${result.left.message}`);
  return result.right;
};
const usd = (amount) => ({ amount, currency: 'USD' });

const opened = must(
  await service.handle({
    type: 'OpenDispute', disputeId: 'esm-1', commandId: 'open-1', actor: { role: 'buyer', id: 'buyer-ana' }, at: '2026-03-20T09:00:00Z',
    order: { orderId: 'order-esm-1', buyerId: 'buyer-ana', sellerId: 'seller-lucky', paid: usd(4999), alreadyRefunded: usd(0), paidAt: '2026-03-01T12:00:00Z', cancellationRefusedAt: '2026-03-02T09:00:00Z', deliveryDeadlineAt: '2026-03-18T23:59:59Z' },
    kind: 'REFUND_ONLY', itemReceived: false, reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
    proposalId: 'p-1', requested: usd(4999), description: 'The parcel never arrived.', evidence: [],
  }),
  'open',
);
// What may the seller do now? Accepting the buyer's proposal is one of the actions.
const seller = { role: 'seller', id: 'seller-lucky' };
const actions = availableActions(opened.state, seller, '2026-03-20T10:00:00Z').map((a) => a.type);
const schema = commandJsonSchema('AcceptProposal').$id;
const accepted = must(
  await typed(service).handle({ type: 'AcceptProposal', disputeId: 'esm-1', commandId: 'accept-1', actor: seller, at: '2026-03-20T10:00:00Z', proposalId: 'p-1' }),
  'accept',
);
clock.advance(2 * 3_600_000); // the refund processor acts after the acceptance
must(await runner.catchUp(), 'catch up');
const tick = must(await refunds.tick(), 'refund tick');
must(await runner.catchUp(), 'catch up');
const summary = must(await readModels.disputeSummary.get('esm-1'), 'summary');
const payouts = gateway.payoutsFor('esm-1');
await readSide.close();
await events.close();
console.log(JSON.stringify({ mayAccept: actions.includes('AcceptProposal'), schema, opened: opened.state.status, accepted: accepted.state.status, issued: tick.issued, final: summary?.status, refunded: summary?.amountRefunded, payouts: payouts.length }));
if (!actions.includes('AcceptProposal') || schema !== 'urn:disputekit:schema:command:AcceptProposal') process.exit(1);
if (tick.issued !== 1 || summary?.status !== 'CLOSED' || summary.amountRefunded !== 4999 || payouts.length !== 1) process.exit(1);
