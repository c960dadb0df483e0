import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createDisputeService, createSimulatedClock, formatMoney, instantFromMillis, type Money } from '@disputekit/core';
import {
  createDeadlineScheduler,
  createDisputeReadModels,
  createInMemoryPaymentGateway,
  createMemoryReadSideStore,
  createProjectionRunner,
  createRefundProcessor,
  disputeProjections,
  type DisputeSummary,
  type ProjectionLag,
  type SellerScorecard,
} from '@disputekit/projections';

const HOUR = 3_600_000;
const usd = (amount: number) => ({ amount, currency: 'USD' });
const money = (amount: number | null): string => (amount === null ? '—' : formatMoney({ amount, currency: 'USD' } as Money));
const sha = 'c'.repeat(64);
const photo = (id: string) => ({ evidenceId: id, kind: 'PHOTO', uri: `https://files.example/${id}.jpg`, sha256: sha, mime: 'image/jpeg', sizeBytes: 48_213 });
const seller = { role: 'seller', id: 'seller-lucky-store' };
const mediator = { role: 'mediator', id: 'mediator-kim' };

/** What the demo leaves behind, for callers (the README's main command, tests). */
export interface ReadModelsDemoResult {
  readonly summaries: ReadonlyArray<DisputeSummary>;
  readonly scorecards: ReadonlyArray<SellerScorecard>;
  readonly lag: ReadonlyArray<ProjectionLag>;
  /** Money that actually left the platform, per dispute. */
  readonly payouts: ReadonlyArray<{ readonly disputeId: string; readonly amount: number }>;
}

const must = <A>(e: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

/**
 * Runs four disputes through the dispute service on the in-memory event store, with the
 * projection runner, the deadline scheduler and the refund processor driven by a simulated clock
 * (nobody waits five real days for a seller to stay silent), then prints every read model.
 */
export const runReadModelsDemo = async (print: (line: string) => void): Promise<ReadModelsDemoResult> => {
  const clock = createSimulatedClock('2026-03-20T09:00:00Z');
  const events = createInMemoryEventStore();
  const service = createDisputeService({ store: events, clock });
  const store = createMemoryReadSideStore();
  const readModels = createDisputeReadModels(store);
  const runner = createProjectionRunner({ events, readSide: store, projections: disputeProjections, clock });
  let calls = 0;
  const gateway = createInMemoryPaymentGateway({
    // The payment provider is down for the very first refund attempt.
    behaviour: () => (++calls === 1 ? { kind: 'decline', code: 'PROVIDER_UNAVAILABLE', retryable: true } : { kind: 'succeed' }),
  });
  const scheduler = createDeadlineScheduler({ service, deadlines: readModels.deadlineQueue, clock });
  const refunds = createRefundProcessor({ service, summaries: readModels.disputeSummary, gateway, clock });

  let n = 0;
  const send = async (disputeId: string, command: Record<string, unknown>) =>
    must(await service.handle({ disputeId, commandId: `${disputeId}-c${++n}`, at: instantFromMillis(clock.now()), ...command }));
  const open = (disputeId: string, buyerId: string, paid: number, rest: Record<string, unknown>) =>
    send(disputeId, {
      type: 'OpenDispute',
      actor: { role: 'buyer', id: buyerId },
      // The seller refused to cancel an hour after payment: the seed policy opens a dispute only after that.
      order: { orderId: `order-${disputeId}`, buyerId, sellerId: seller.id, paid: usd(paid), alreadyRefunded: usd(0), paidAt: '2026-03-02T12:00:00Z', cancellationRefusedAt: '2026-03-02T13:00:00Z' },
      proposalId: `${disputeId}-ask`,
      description: 'See the attached details.',
      ...rest,
    });
  /** Time passes: the runner catches up, then the reactors act on what the read models show. */
  const passHours = async (hours: number) => {
    for (let h = 0; h < hours; h += 6) {
      clock.advance(6 * HOUR);
      must(await runner.catchUp());
      must(await scheduler.tick());
      must(await refunds.tick());
    }
    must(await runner.catchUp());
  };

  // 1. Never arrived; the seller stays silent: after 5 days the request is accepted on their behalf.
  await open('d-1001', 'buyer-ana', 4_999, {
    kind: 'REFUND_ONLY',
    itemReceived: false,
    reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
    requested: usd(4_999),
    evidence: [],
  });
  // 2. Damaged, the buyer keeps it and asks for part of the price; the seller offers less; agreed.
  await open('d-1002', 'buyer-ben', 8_000, {
    kind: 'REFUND_ONLY',
    itemReceived: true,
    reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
    requested: usd(3_000),
    evidence: [photo('d-1002-photo')],
  });
  // 3. Wrong item, to be returned; the seller refuses; the mediator rules for the buyer with a return.
  await open('d-1003', 'buyer-cleo', 12_500, {
    kind: 'RETURN_AND_REFUND',
    itemReceived: true,
    reason: { group: 'NOT_AS_DESCRIBED', code: 'WRONG_ITEM' },
    requested: usd(12_500),
    evidence: [photo('d-1003-photo')],
  });
  // 4. Counterfeit claim still under mediation, waiting for the seller's evidence. The buyer keeps the
  //    item, so under the seed policy asks for part of the price (20.00 of 25.00), not all of it.
  await open('d-1004', 'buyer-dan', 2_500, {
    kind: 'REFUND_ONLY',
    itemReceived: true,
    reason: { group: 'NOT_AS_DESCRIBED', code: 'COUNTERFEIT' },
    requested: usd(2_000),
    evidence: [photo('d-1004-photo')],
  });
  await passHours(12);
  await send('d-1002', { type: 'MakeProposal', actor: seller, proposalId: 'd-1002-offer', amount: usd(1_500), returnRequired: false });
  await send('d-1003', { type: 'RejectProposal', actor: seller, proposalId: 'd-1003-ask', note: 'It is the item that was ordered.' });
  await send('d-1004', { type: 'RejectProposal', actor: seller, proposalId: 'd-1004-ask' });
  await passHours(24);
  await send('d-1002', { type: 'AcceptProposal', actor: { role: 'buyer', id: 'buyer-ben' }, proposalId: 'd-1002-offer' });
  await passHours(72);
  await send('d-1003', { type: 'Escalate', actor: { role: 'buyer', id: 'buyer-cleo' }, note: 'Wrong colour and size.' });
  await send('d-1004', { type: 'Escalate', actor: { role: 'buyer', id: 'buyer-dan' } });
  await passHours(24);
  await send('d-1003', { type: 'IssueRuling', actor: mediator, rulingId: 'rule-1003', outcome: 'BUYER_FAVOUR', refund: usd(12_500), returnRequired: true, returnShippingPaidBy: 'seller', rationale: 'The photos show a different item.' });
  await passHours(24);
  await send('d-1003', { type: 'MarkReturnShipped', actor: { role: 'buyer', id: 'buyer-cleo' }, carrier: 'DHL', trackingNumber: 'JD0146000033' });
  await passHours(48);
  await send('d-1003', { type: 'ConfirmReturnReceived', actor: seller, condition: 'AS_EXPECTED' });
  await passHours(24 * 3); // the seller's silence on d-1001 expires on day 5, refunds go out and are retried
  await send('d-1004', { type: 'RequestEvidence', actor: mediator, requestId: 'req-1004', from: 'seller', description: 'Proof of authenticity, please.' });
  await passHours(6);

  const summaries = must(await readModels.disputeSummary.bySeller(seller.id, { order: 'oldest' })).items;
  print(`Disputes of ${seller.id} (dispute summary), as of ${instantFromMillis(clock.now())}:`);
  for (const s of summaries) {
    print(
      `  ${s.disputeId}  ${s.status.padEnd(16)} buyer:${s.buyerAction.padEnd(27)} seller:${s.sellerAction.padEnd(27)}` +
        ` asked ${money(s.amountAsked)}  offered ${money(s.amountOffered)}  resolved ${money(s.amountResolved)}  refunded ${money(s.amountRefunded)}` +
        `${s.outcome === null ? '' : `  → ${s.outcome}`}${s.refundFailures > 0 ? `  (${s.refundFailures} failed refund attempt)` : ''}`,
    );
  }
  const scorecards = must(await readModels.sellerScorecard.forSeller(seller.id));
  print('Seller scorecard:');
  for (const c of scorecards) {
    print(
      `  ${c.sellerId} ${c.currency}: ${c.disputesOpened} opened, ${c.openNow} open, escalation rate ${(c.escalationRate * 100).toFixed(0)}%,` +
        ` buyer-favour rate ${c.buyerFavourRate === null ? '—' : `${(c.buyerFavourRate * 100).toFixed(0)}%`}, refunded ${money(c.refundedTotal)},` +
        ` median ${c.medianHoursToClose === null ? '—' : `${c.medianHoursToClose.toFixed(1)} h`} to close, ${c.silenceCount} deadline(s) missed`,
    );
  }
  print('Deadline queue:');
  for (const d of must(await readModels.deadlineQueue.all()).items) print(`  ${d.dueAt}  ${d.kind}${d.party === null ? '' : ` (${d.party})`}  ${d.disputeId}`);
  print('Mediator queue:');
  for (const m of must(await readModels.mediatorQueue.waiting()).items) {
    print(`  ${m.disputeId} escalated ${m.escalatedAt} (${m.escalationReason}), asks ${money(m.amountAsked)}, ${m.openEvidenceRequestCount} open evidence request(s)`);
  }
  const lag = must(await runner.lag());
  print(`Runner lag: ${lag.map((l) => `${l.projection} ${l.eventsBehind} events / ${l.secondsBehind} s`).join(', ')}`);
  const payouts = gateway.payouts().map((p) => ({ disputeId: p.disputeId, amount: p.amount.amount }));
  print(`Payouts: ${payouts.map((p) => `${p.disputeId} ${money(p.amount)}`).join(', ')} (${gateway.calls().length} gateway calls)`);
  await runner.stop();
  return { summaries, scorecards, lag, payouts };
};
