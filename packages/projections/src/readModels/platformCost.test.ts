import {
  acceptProposal,
  day,
  escalate,
  expectRight,
  issueRefund,
  issueRuling,
  makeProposal,
  openKeptItem,
  policyWith,
  recordChargeback,
  recordChargebackOutcome,
  recordExternalRefund,
  recordRefundFailure,
  ruleAgain,
  runCommands,
} from '@disputekit/core/testing';
import type { DisputeEvent } from '@disputekit/core';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createProjectionRunner } from '../runner/projectionRunner';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { createSqliteReadSideStore } from '../stores/sqliteReadSideStore';
import { appendEvents } from '../testing/storeHistories';
import { expectedPlatformCosts, expectedScorecards } from '../testing/readModelOracle';
import { dumpReadModels } from '../testing/dumpReadModels';
import { createDisputeReadModels, disputeProjections } from './readModels';

/** A history of one dispute, its commands decided in order (every one accepted). */
const history = (disputeId: string, commands: ReadonlyArray<Parameters<typeof runCommands>[0] extends Iterable<infer C> ? C : never>): DisputeEvent[] => {
  const run = runCommands(commands.map((c) => ({ ...c, disputeId }) as typeof c));
  const refused = run.decided.find((d) => d.decision._tag === 'Left');
  if (refused !== undefined) throw new Error(`${refused.command.type} was refused`);
  return [...run.events];
};

/** A mediator's ruling with a split, refunded or not yet. */
const ruled = (disputeId: string, seller: number, platform: number, refunded: boolean, currency = 'USD') =>
  history(disputeId, [
    openKeptItem({ at: day(8), currency, order: { paid: { amount: 10_000, currency }, alreadyRefunded: { amount: 0, currency } } }),
    escalate({ at: day(11) }),
    issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: seller + platform, currency, liability: { seller, platform } }),
    ...(refunded ? [issueRefund({ at: day(13), amount: seller + platform, currency })] : []),
  ]);

/** Agreed and refunded under a policy whose default party is the platform. */
const platformDefault = (disputeId: string) =>
  history(disputeId, [
    openKeptItem({ at: day(8), policy: policyWith('seed', { name: 'platform-funded', liability: { default: 'PLATFORM', platformCoversWhen: [] } }) }),
    makeProposal({ at: day(9), proposalId: 'p-s', amount: 2_000, by: 'seller' }),
    acceptProposal({ at: day(10), proposalId: 'p-s' }),
    issueRefund({ at: day(11), amount: 2_000 }),
  ]);

/** Agreed and refunded under seed: all on the seller, nothing for the platform. */
const sellerOnly = (disputeId: string) =>
  history(disputeId, [
    openKeptItem({ at: day(8) }),
    makeProposal({ at: day(9), proposalId: 'p-s', amount: 2_500, by: 'seller' }),
    acceptProposal({ at: day(10), proposalId: 'p-s' }),
    issueRefund({ at: day(11), amount: 2_500 }),
  ]);

describe('platformCost and the seller scorecard: who paid the refunds', () => {
  const histories = [ruled('d-1', 1_000, 3_000, true), ruled('d-2', 0, 4_000, false), platformDefault('d-3'), sellerOnly('d-4'), ruled('d-5', 500, 1_500, true, 'EUR')];

  const project = async (store: Parameters<typeof createDisputeReadModels>[0] & Parameters<typeof dumpReadModels>[0] = createMemoryReadSideStore()) => {
    const events = createInMemoryEventStore();
    await appendEvents(events, histories.flat());
    expectRight(await createProjectionRunner({ events, readSide: store, projections: disputeProjections, batchSize: 3 }).catchUp());
    return store;
  };

  it('counts per currency and cause what the platform took on and what it covered in refunds that went out', async () => {
    const store = await project();
    const costs = createDisputeReadModels(store).platformCost;
    expect(expectRight(await costs.inCurrency('USD'))).toEqual({
      currency: 'USD',
      disputes: 3,
      committedTotal: 3_000 + 4_000 + 2_000,
      coveredTotal: 3_000 + 2_000,
      byCause: [
        { cause: 'MEDIATOR', disputes: 2, committedTotal: 7_000, coveredTotal: 3_000 },
        { cause: 'POLICY_DEFAULT', disputes: 1, committedTotal: 2_000, coveredTotal: 2_000 },
      ],
    });
    expect(expectRight(await costs.all()).map((c) => [c.currency, c.coveredTotal])).toEqual([
      ['EUR', 1_500],
      ['USD', 5_000],
    ]);
    expect(expectRight(await costs.inCurrency('JPY'))).toEqual({ currency: 'JPY', disputes: 0, committedTotal: 0, coveredTotal: 0, byCause: [] });
  });

  it('matches the oracle computed from replay, rows and all', async () => {
    const dump = await dumpReadModels(await project(), disputeProjections);
    const expected = [...expectedPlatformCosts(histories).values()].sort((a, b) => (String(a.costKey) < String(b.costKey) ? -1 : 1));
    expect(dump['platform_cost.platform_costs']).toEqual(expected);
  });

  it('SQLite stores the same rows as memory', async () => {
    const sqlite = createSqliteReadSideStore({ filename: ':memory:' });
    try {
      const dump = await dumpReadModels(await project(sqlite), disputeProjections);
      expect(dump['platform_cost.platform_costs']!.length).toBe(3);
      expect(dump).toEqual(await dumpReadModels(await project(), disputeProjections));
    } finally {
      await sqlite.close();
    }
  });

  it('the seller scorecard shows what the seller paid and what the platform covered', async () => {
    const store = await project();
    const [usd] = expectRight(await createDisputeReadModels(store).sellerScorecard.forSeller('seller-1')).filter((c) => c.currency === 'USD');
    expect(usd).toMatchObject({ refundedTotal: 4_000 + 2_000 + 2_500, sellerPaidTotal: 1_000 + 2_500, platformCoveredTotal: 3_000 + 2_000 });
    const dump = await dumpReadModels(store, disputeProjections);
    for (const card of expectedScorecards(histories).values()) {
      const { closeSeconds: _ignored, ...counters } = card;
      expect(dump['seller_scorecard.seller_scorecards']).toContainEqual(counters);
    }
  });
});

describe('platformCost and the seller scorecard follow money that went back other ways, and a revised ruling', () => {
  const split = [
    openKeptItem({ at: day(8) }),
    escalate({ at: day(11) }),
    issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR' as const, refund: 4_000, liability: { seller: 1_000, platform: 3_000 } }),
  ];
  // The card issuer gave the 40.00 back: the platform's 30.00 is covered as by a refund.
  const chargedBack = history('c-1', [...split, recordChargeback({ at: day(13), amount: 4_000, dueBy: day(30) }), recordChargebackOutcome({ at: day(14), outcome: 'LOST', amount: 4_000 })]);
  // The seller paid 5.00 itself, the gateway the other 35.00: the platform's 30.00 is covered, the seller paid 10.00 in all.
  const partlyElsewhere = history('c-2', [...split, recordExternalRefund({ at: day(13), amount: 500, by: 'seller' }), issueRefund({ at: day(14), amount: 3_500 })]);
  // The refund was blocked and the mediator ruled again, all on the seller: the platform's share goes.
  const revised = history('c-3', [
    ...split,
    recordRefundFailure({ at: day(13), permanent: true, retryable: false, errorCode: 'account_closed' }),
    ruleAgain({ at: day(14), outcome: 'BUYER_FAVOUR', refund: 2_000, liability: { seller: 2_000, platform: 0 } }),
    issueRefund({ at: day(15), amount: 2_000 }),
  ]);
  const histories = [chargedBack, partlyElsewhere, revised];

  const project = async () => {
    const store = createMemoryReadSideStore();
    const events = createInMemoryEventStore();
    await appendEvents(events, histories.flat());
    expectRight(await createProjectionRunner({ events, readSide: store, projections: disputeProjections, batchSize: 2 }).catchUp());
    return store;
  };

  it('counts the two platform-covered disputes, not the revised one, and matches the oracle', async () => {
    const store = await project();
    expect(expectRight(await createDisputeReadModels(store).platformCost.inCurrency('USD'))).toEqual({
      currency: 'USD',
      disputes: 2,
      committedTotal: 6_000,
      coveredTotal: 6_000,
      byCause: [{ cause: 'MEDIATOR', disputes: 2, committedTotal: 6_000, coveredTotal: 6_000 }],
    });
    const dump = await dumpReadModels(store, disputeProjections);
    expect(dump['platform_cost.platform_costs']).toEqual([...expectedPlatformCosts(histories).values()]);
  });

  it('the scorecard counts every refund however it went back, and what the seller paid of it', async () => {
    const store = await project();
    const [card] = expectRight(await createDisputeReadModels(store).sellerScorecard.forSeller('seller-1'));
    expect(card).toMatchObject({ refundedTotal: 4_000 + 4_000 + 2_000, sellerPaidTotal: 1_000 + 1_000 + 2_000, platformCoveredTotal: 3_000 + 3_000 });
    const dump = await dumpReadModels(store, disputeProjections);
    for (const expected of expectedScorecards(histories).values()) {
      const { closeSeconds: _ignored, ...counters } = expected;
      expect(dump['seller_scorecard.seller_scorecards']).toContainEqual(counters);
    }
  });
});
