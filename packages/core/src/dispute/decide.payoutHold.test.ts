import * as E from 'fp-ts/lib/Either.js';
import { expectOpened as opened, SELLER_ID } from '../testing/fixtures';
import {
  acceptProposal,
  cancelDispute,
  day,
  escalate,
  eventFrom,
  issueRefund,
  issueRuling,
  makeProposal,
  openKeptItem,
  openNotReceived,
  policyWith,
  PRICE,
  spec,
  usd,
} from '../testing';
import { money } from '../money/money';
import { makeDecide } from './decide';
import { payoutHoldKey, payoutReleaseKey } from './decide/payoutHold';
import { disputeDecider } from './decider';
import type { DisputeEvent } from './events';
import { evolve } from './evolve';
import { checkHistory } from './invariants';
import { initialState } from './state';

/** Payout holds (policy `payoutHold`): the opening holds part of the seller's payout; every way out releases what the refund did not take. */
const dispute = spec(disputeDecider);
const disputedAmount = policyWith('seed', { name: 'hold-disputed', payoutHold: 'DISPUTED_AMOUNT' });
const orderAmount = policyWith('seed', { name: 'hold-order', payoutHold: 'ORDER_AMOUNT' });

/** The events an accepted command emitted, for assertions on a part of them. */
const emittedBy = <W extends { thenState: (p: () => boolean) => { events: ReadonlyArray<DisputeEvent> } }>(when: W): ReadonlyArray<DisputeEvent> =>
  when.thenState(() => true).events;

/** Opened on day 8 with 4,000 asked of the 10,000 paid, under a policy holding the disputed amount. */
const keptItem = dispute.givenCommands([openKeptItem({ at: day(8), policy: disputedAmount })]);

describe('PayoutHoldPlaced', () => {
  it('DISPUTED_AMOUNT: the opening holds the amount asked for, in the same command', () => {
    const open = openKeptItem({ at: day(8), policy: disputedAmount });
    const events = emittedBy(dispute.when(open));
    expect(events.map((e) => e.type)).toEqual(['DisputeOpened', 'PayoutHoldPlaced']);
    expect(events[1]).toEqual(eventFrom(open, 'PayoutHoldPlaced', { amount: usd(4_000), sellerId: SELLER_ID }));
    dispute.when(open).thenState((s) => expect(opened(s).payoutHold).toEqual({ amount: usd(4_000) }));
  });

  it('ORDER_AMOUNT: the opening holds the whole refundable amount', () => {
    const open = openKeptItem({ at: day(8), policy: orderAmount });
    expect(emittedBy(dispute.when(open))[1]).toEqual(eventFrom(open, 'PayoutHoldPlaced', { amount: usd(PRICE), sellerId: SELLER_ID }));
  });

  it('NONE (seed): nothing is held and nothing is released', () => {
    const cancel = cancelDispute({ at: day(9) });
    dispute
      .givenCommands([openKeptItem({ at: day(8) })])
      .when(cancel)
      .then([eventFrom(cancel, 'DisputeCancelled', { reason: 'BUYER_WITHDREW' }), eventFrom(cancel, 'DisputeClosed', { outcome: 'CANCELLED_BY_BUYER', refunded: usd(0) })])
      .thenState((s) => expect(opened(s).payoutHold).toBeUndefined());
  });
});

describe('PayoutHoldReleased, on every way out', () => {
  it('refund: the refund consumes what it took of the hold; the rest goes back to the seller', () => {
    const refund = issueRefund({ at: day(11), amount: 2_500 });
    const agreed = keptItem.givenCommands([
      makeProposal({ at: day(9), proposalId: 'p-s', amount: 2_500, by: 'seller' }),
      acceptProposal({ at: day(10), proposalId: 'p-s' }),
    ]);
    const events = emittedBy(agreed.when(refund));
    expect(events.map((e) => e.type)).toEqual(['RefundIssued', 'PayoutHoldReleased', 'DisputeClosed']);
    expect(events[1]).toEqual(eventFrom(refund, 'PayoutHoldReleased', { amount: usd(1_500), consumed: usd(2_500) }));
    agreed.when(refund).thenState((s) => expect(opened(s).payoutHold).toEqual({ amount: usd(4_000), released: usd(1_500) }));
  });

  it('a refund larger than the hold consumes all of it and releases nothing', () => {
    const refund = issueRefund({ at: day(13), amount: 6_000 });
    const ruled = keptItem.givenCommands([escalate({ at: day(11) }), issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 6_000 })]);
    expect(emittedBy(ruled.when(refund))[1]).toEqual(eventFrom(refund, 'PayoutHoldReleased', { amount: usd(0), consumed: usd(4_000) }));
  });

  it("seller's favour: the whole hold goes back, before the close", () => {
    const ruling = issueRuling({ at: day(12), outcome: 'SELLER_FAVOUR', refund: 0 });
    const events = emittedBy(keptItem.givenCommands([escalate({ at: day(11) })]).when(ruling));
    expect(events.map((e) => e.type)).toEqual(['RulingIssued', 'Resolved', 'PayoutHoldReleased', 'DisputeClosed']);
    expect(events[2]).toEqual(eventFrom(ruling, 'PayoutHoldReleased', { amount: usd(4_000), consumed: usd(0) }));
  });

  it('cancel: the whole hold goes back', () => {
    const cancel = cancelDispute({ at: day(9) });
    keptItem
      .when(cancel)
      .then([
        eventFrom(cancel, 'DisputeCancelled', { reason: 'BUYER_WITHDREW' }),
        eventFrom(cancel, 'PayoutHoldReleased', { amount: usd(4_000), consumed: usd(0) }),
        eventFrom(cancel, 'DisputeClosed', { outcome: 'CANCELLED_BY_BUYER', refunded: usd(0) }),
      ]);
  });
});

describe('payout hold histories', () => {
  const decide = makeDecide();
  const run = (commands: ReadonlyArray<Parameters<typeof decide>[0]>): DisputeEvent[] => {
    let state = initialState;
    const events: DisputeEvent[] = [];
    for (const c of commands) {
      const out = decide(c, state);
      if (E.isLeft(out)) throw new Error(out.left.message);
      for (const e of out.right) {
        events.push(e);
        state = evolve(state, e);
      }
    }
    return events;
  };
  const held = () => run([openNotReceived({ at: day(8), policy: orderAmount }), cancelDispute({ at: day(9) })]);

  it('a decided history holds and releases once, and checkHistory finds nothing wrong (M6)', () => {
    expect(checkHistory(held())).toEqual([]);
  });

  it('M6: a close that never releases the hold is reported', () => {
    const events = held().filter((e) => e.type !== 'PayoutHoldReleased');
    expect(checkHistory(events).map((v) => v.rule)).toContain('M6');
  });

  it('M6: an opening under a holding policy that places no hold is reported', () => {
    const events = held().filter((e) => e.type !== 'PayoutHoldPlaced' && e.type !== 'PayoutHoldReleased');
    expect(checkHistory(events).map((v) => v.rule)).toEqual(['M6']);
  });

  it('M6: a release that gives back more than was held is reported', () => {
    const events = held().map((e): DisputeEvent => (e.type === 'PayoutHoldReleased' ? { ...e, data: { ...e.data, amount: money(PRICE + 1, 'USD') } } : e));
    expect(checkHistory(events).map((v) => v.rule)).toContain('M6');
  });

  it('the idempotency keys name the dispute', () => {
    expect(payoutHoldKey('d-1')).toBe('dispute:d-1:hold');
    expect(payoutReleaseKey('d-1')).toBe('dispute:d-1:release');
  });
});
