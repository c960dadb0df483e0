import * as E from 'fp-ts/lib/Either.js';
import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  confirmReturnReceived,
  day,
  escalate,
  event,
  eventFrom,
  expireDeadline,
  issueRefund,
  issueRuling,
  makeProposal,
  markReturnShipped,
  openKeptItem,
  openNotReceived,
  openReturn,
  policyWith,
  PRICE,
  recordExternalRefund,
  spec,
  submitEvidence,
  usd,
} from '../testing';
import { customPolicy } from '../policy/customPolicy';
import { decide } from './decide';
import { disputeDecider } from './decider';
import type { DisputeEvent } from './events';
import { evolve } from './evolve';
import { checkHistory } from './invariants';
import { liabilityOf } from './liability';
import { initialState, type DisputeState } from './state';

/** Liability: who pays the refund, the seller or the platform (policy `liability`, a mediator's ruling). */
const dispute = spec(disputeDecider);

const split = (seller: number, platform: number, cause: string) => ({ seller: usd(seller), platform: usd(platform), cause });

/** The events an accepted command emitted. */
const emittedBy = <W extends { thenState: (p: () => boolean) => { events: ReadonlyArray<DisputeEvent> } }>(when: W): ReadonlyArray<DisputeEvent> =>
  when.thenState(() => true).events;

/** Every event the commands emit, decided one after the other from no dispute. */
const run = (commands: ReadonlyArray<Parameters<typeof decide>[0]>): DisputeEvent[] => {
  let state: DisputeState = initialState;
  const out: DisputeEvent[] = [];
  for (const c of commands) {
    const decided = decide(c, state);
    if (E.isLeft(decided)) throw new Error(decided.left.message);
    for (const e of decided.right) {
      state = evolve(state, e);
      out.push(e);
    }
  }
  return out;
};

/** The Resolved among events. */
const resolvedIn = (events: ReadonlyArray<DisputeEvent>) => events.find((e) => e.type === 'Resolved');

/** Under eBay-like rules: the platform covers an INR ruling against the seller's proof of delivery; a silent seller escalates. */
const deliveryProven = policyWith('seed', { name: 'delivery-proven', onSellerSilence: 'ESCALATE', liability: { default: 'SELLER', platformCoversWhen: ['DELIVERY_PROVEN'] } });
/** The platform covers a ruling that came more than 5 days after the escalation. */
const lateRuling = policyWith('seed', { name: 'late-ruling', liability: { default: 'SELLER', platformCoversWhen: ['LATE_RULING'], rulingDueAfter: { days: 5 } } });
/** The platform funds every refund. */
const platformFunded = policyWith('seed', { name: 'platform-funded', liability: { default: 'PLATFORM', platformCoversWhen: [] } });

const tracking = { kind: 'TRACKING', uri: 'https://files.example.com/tracking.pdf', mime: 'application/pdf' };
/** Not received, though the order records delivery on day 6; opened on day 8. */
const notReceivedDelivered = (policy = deliveryProven) => openNotReceived({ at: day(8), policy, order: { deliveredAt: day(6) } });

describe('The policy decides who pays by default', () => {
  it('seed: an agreement puts the whole refund on the seller', () => {
    const accept = acceptProposal({ at: day(10), proposalId: 'p-s' });
    const events = emittedBy(
      dispute.givenCommands([openKeptItem({ at: day(8) }), makeProposal({ at: day(9), proposalId: 'p-s', amount: 2_500, by: 'seller' })]).when(accept),
    );
    expect(resolvedIn(events)).toEqual(
      eventFrom(accept, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(2_500), isFullRefund: false, liability: split(2_500, 0, 'POLICY_DEFAULT') }),
    );
  });

  it('a PLATFORM default puts an agreed refund on the platform, and a ruling too', () => {
    const accept = acceptProposal({ at: day(10), proposalId: 'p-s' });
    const agreed = emittedBy(
      dispute.givenCommands([openKeptItem({ at: day(8), policy: platformFunded }), makeProposal({ at: day(9), proposalId: 'p-s', amount: 2_500, by: 'seller' })]).when(accept),
    );
    expect(resolvedIn(agreed)?.data).toMatchObject({ liability: split(0, 2_500, 'POLICY_DEFAULT') });
    const ruling = issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 3_000 });
    const ruled = emittedBy(dispute.givenCommands([openKeptItem({ at: day(8), policy: platformFunded }), escalate({ at: day(11) })]).when(ruling));
    expect(ruled.map((e) => (e.type === 'RulingIssued' || e.type === 'Resolved' ? e.data.liability : undefined))).toEqual([
      split(0, 3_000, 'POLICY_DEFAULT'),
      split(0, 3_000, 'POLICY_DEFAULT'),
    ]);
  });

  it('a ruling for the seller puts nothing on anybody', () => {
    const ruling = issueRuling({ at: day(12), outcome: 'SELLER_FAVOUR', refund: 0 });
    const events = emittedBy(dispute.givenCommands([openKeptItem({ at: day(8) }), escalate({ at: day(11) })]).when(ruling));
    expect(resolvedIn(events)?.data).toMatchObject({ liability: split(0, 0, 'POLICY_DEFAULT') });
  });
});

describe('DELIVERY_PROVEN: a ruling against the seller\'s proof of delivery is the platform\'s cost', () => {
  it('tracking before the escalation, delivery on the order, ruling for the buyer: the platform covers all of it', () => {
    const ruling = issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: PRICE });
    const given = dispute.givenCommands([
      notReceivedDelivered(),
      submitEvidence({ at: day(9), evidenceId: 'ev-track', by: 'seller', evidence: tracking }),
      escalate({ at: day(11) }),
    ]);
    const events = emittedBy(given.when(ruling));
    expect(events[0]).toEqual(
      eventFrom(ruling, 'RulingIssued', {
        rulingId: 'ruling-1',
        outcome: 'BUYER_FAVOUR',
        refund: usd(PRICE),
        returnRequired: false,
        rationale: 'The evidence supports this outcome.',
        round: 'DISPUTE',
        liability: split(0, PRICE, 'DELIVERY_PROVEN'),
      }),
    );
    expect(resolvedIn(events)?.data).toMatchObject({ liability: split(0, PRICE, 'DELIVERY_PROVEN') });
    given.when(ruling).thenState((s) => expect(opened(s).resolution?.liability).toEqual(split(0, PRICE, 'DELIVERY_PROVEN')));
  });

  it('tracking given only after the escalation does not count: the seller pays', () => {
    const ruling = issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: PRICE });
    const events = emittedBy(
      dispute
        .givenCommands([notReceivedDelivered(), escalate({ at: day(11) }), submitEvidence({ at: day(11, 2), evidenceId: 'ev-track', by: 'seller', evidence: tracking })])
        .when(ruling),
    );
    expect(resolvedIn(events)?.data).toMatchObject({ liability: split(PRICE, 0, 'POLICY_DEFAULT') });
  });

  it('no delivery on the order: the seller pays', () => {
    const ruling = issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: PRICE });
    const events = emittedBy(
      dispute
        .givenCommands([
          openNotReceived({ at: day(8), policy: deliveryProven }),
          submitEvidence({ at: day(9), evidenceId: 'ev-track', by: 'seller', evidence: tracking }),
          escalate({ at: day(11) }),
        ])
        .when(ruling),
    );
    expect(resolvedIn(events)?.data).toMatchObject({ liability: split(PRICE, 0, 'POLICY_DEFAULT') });
  });

  it('a seller who let SELLER_RESPONSE pass forfeits the cover, tracking or not', () => {
    const ruling = issueRuling({ at: day(14), outcome: 'BUYER_FAVOUR', refund: PRICE });
    const events = emittedBy(
      dispute
        .givenCommands([
          notReceivedDelivered(),
          submitEvidence({ at: day(9), evidenceId: 'ev-track', by: 'seller', evidence: tracking }),
          expireDeadline({ at: day(13), kind: 'SELLER_RESPONSE', dueAt: day(13) }),
        ])
        .when(ruling),
    );
    expect(resolvedIn(events)?.data).toMatchObject({ liability: split(PRICE, 0, 'POLICY_DEFAULT') });
  });
});

describe('LATE_RULING: the platform covers a ruling it gave later than it promised', () => {
  const given = dispute.givenCommands([openKeptItem({ at: day(8), policy: lateRuling }), escalate({ at: day(11) })]);

  it('more than rulingDueAfter after the escalation: the platform pays', () => {
    const ruling = issueRuling({ at: day(16, 1), outcome: 'BUYER_FAVOUR', refund: 4_000 });
    expect(resolvedIn(emittedBy(given.when(ruling)))?.data).toMatchObject({ liability: split(0, 4_000, 'LATE_RULING') });
  });

  it('on time (exactly at the due instant too): the seller pays', () => {
    const onTime = issueRuling({ at: day(16), outcome: 'BUYER_FAVOUR', refund: 4_000 });
    expect(resolvedIn(emittedBy(given.when(onTime)))?.data).toMatchObject({ liability: split(4_000, 0, 'POLICY_DEFAULT') });
  });
});

describe('A mediator may set who pays in the ruling', () => {
  const given = dispute.givenCommands([openKeptItem({ at: day(8) }), escalate({ at: day(11) })]);

  it('a split of the refund is recorded in the ruling and the resolution, cause MEDIATOR', () => {
    const ruling = issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 4_000, liability: { seller: 1_000, platform: 3_000 } });
    const events = emittedBy(given.when(ruling));
    expect(events.map((e) => (e.type === 'RulingIssued' || e.type === 'Resolved' ? e.data.liability : e.type))).toEqual([
      split(1_000, 3_000, 'MEDIATOR'),
      split(1_000, 3_000, 'MEDIATOR'),
    ]);
    expect(checkHistory(run([openKeptItem({ at: day(8) }), escalate({ at: day(11) }), ruling]))).toEqual([]);
  });

  it('a split that does not add up to the refund is refused, naming both parts', () => {
    given
      .when(issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 4_000, liability: { seller: 1_000, platform: 2_000 } }))
      .thenFails('LiabilityMismatch', (e) => expect(e.message).toContain('1000 and the platform\'s 2000 make 3000, not the refund of 4000'));
  });

  it('a split in another currency is refused', () => {
    const ruling = issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 4_000 });
    const eur = { ...ruling, liability: { seller: usd(1_000, 'EUR'), platform: usd(3_000, 'EUR') } } as typeof ruling;
    given.when(eur).thenFails('LiabilityMismatch', (e) => expect(e.message).toContain('in USD'));
  });

  it('a ruling for the seller with a cost on anybody is refused', () => {
    given
      .when(issueRuling({ at: day(12), outcome: 'SELLER_FAVOUR', refund: 0, liability: { seller: 0, platform: 500 } }))
      .thenFails('LiabilityMismatch');
  });

  it('a ruling with a return keeps its split for the resolution after the return', () => {
    const confirm = confirmReturnReceived({ at: day(16) });
    const events = emittedBy(
      dispute
        .givenCommands([
          openReturn({ at: day(8) }),
          escalate({ at: day(11) }),
          issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: PRICE, returnRequired: true, liability: { seller: 2_000, platform: 8_000 } }),
          markReturnShipped({ at: day(13) }),
        ])
        .when(confirm),
    );
    expect(resolvedIn(events)?.data).toMatchObject({ basis: 'RETURN_CONFIRMED', liability: split(2_000, 8_000, 'MEDIATOR') });
  });
});

describe('Payout holds give back what the seller does not pay', () => {
  const heldCommands = (seller: number, platform: number) => [
    openKeptItem({ at: day(8), policy: policyWith('seed', { name: 'held', payoutHold: 'DISPUTED_AMOUNT' }) }),
    escalate({ at: day(11) }),
    issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 4_000, liability: { seller, platform } }),
  ];
  const held = (seller: number, platform: number) => dispute.givenCommands(heldCommands(seller, platform));

  it('all on the platform: the whole hold goes back to the seller', () => {
    const refund = issueRefund({ at: day(13), amount: 4_000 });
    expect(emittedBy(held(0, 4_000).when(refund))[1]).toEqual(eventFrom(refund, 'PayoutHoldReleased', { amount: usd(4_000), consumed: usd(0) }));
  });

  it('split: the hold pays the seller\'s part and gives back the rest', () => {
    const refund = issueRefund({ at: day(13), amount: 4_000 });
    const events = emittedBy(held(1_500, 2_500).when(refund));
    expect(events[1]).toEqual(eventFrom(refund, 'PayoutHoldReleased', { amount: usd(2_500), consumed: usd(1_500) }));
    expect(checkHistory(run([...heldCommands(1_500, 2_500), refund]))).toEqual([]);
  });

  it('split, and the seller refunded part itself: the hold pays only what is left of the seller\'s part, never more than its part in all', () => {
    // 40.00 ruled, 15.00 on the seller; the seller paid 10.00 by bank transfer; the gateway pays the other 30.00.
    const elsewhere = recordExternalRefund({ at: day(13), amount: 1_000, by: 'seller' });
    const refund = issueRefund({ at: day(14), amount: 3_000 });
    const events = emittedBy(dispute.givenCommands([...heldCommands(1_500, 2_500), elsewhere]).when(refund));
    expect(events[1]).toEqual(eventFrom(refund, 'PayoutHoldReleased', { amount: usd(3_500), consumed: usd(500) }));
    expect(checkHistory(run([...heldCommands(1_500, 2_500), elsewhere, refund]))).toEqual([]);
    // The seller paid more than its part itself: the hold takes nothing.
    const more = recordExternalRefund({ at: day(13), amount: 2_000, by: 'seller' });
    const rest = issueRefund({ at: day(14), amount: 2_000 });
    expect(emittedBy(dispute.givenCommands([...heldCommands(1_500, 2_500), more]).when(rest))[1]).toEqual(eventFrom(rest, 'PayoutHoldReleased', { amount: usd(4_000), consumed: usd(0) }));
  });
});

describe('Histories stored before liability existed', () => {
  /** A seed history from before liability: the opening, an escalation, a ruling and a resolution without the field. */
  const legacy = (): DisputeEvent[] => {
    const out = run([
      openKeptItem({ at: day(8), policy: policyWith('seed', { name: 'old-held', payoutHold: 'DISPUTED_AMOUNT' }) }),
      escalate({ at: day(11) }),
      issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 3_000 }),
      issueRefund({ at: day(13), amount: 3_000 }),
    ]);
    // As stored before: no liability in the policy, the ruling or the resolution.
    return out.map((e) => {
      const json = JSON.parse(JSON.stringify(e)) as { type: string; data: Record<string, unknown> };
      delete json.data['liability'];
      if (json.type === 'DisputeOpened') delete (json.data['policy'] as Record<string, unknown>)['liability'];
      return event(json);
    });
  };

  it('decode, replay with the whole refund on the seller, and pass checkHistory (the hold paid the whole refund)', () => {
    const events = legacy();
    const resolved = events.find((e) => e.type === 'Resolved');
    expect(resolved?.type === 'Resolved' && resolved.data.liability).toBe(undefined);
    expect(resolved?.type === 'Resolved' && liabilityOf(resolved.data)).toEqual(split(3_000, 0, 'POLICY_DEFAULT'));
    const state = events.reduce(evolve, initialState);
    expect(opened(state).resolution?.liability).toEqual(split(3_000, 0, 'POLICY_DEFAULT'));
    expect(events.find((e) => e.type === 'PayoutHoldReleased')?.data).toMatchObject({ amount: usd(1_000), consumed: usd(3_000) });
    expect(checkHistory(events)).toEqual([]);
  });
});

describe('checkHistory: L1 and L2', () => {
  /** A seed dispute resolved by agreement with 2,500 on the seller. */
  const agreed = (): DisputeEvent[] =>
    run([openKeptItem({ at: day(8) }), makeProposal({ at: day(9), proposalId: 'p-s', amount: 2_500, by: 'seller' }), acceptProposal({ at: day(10), proposalId: 'p-s' })]);
  const withResolvedLiability = (events: DisputeEvent[], liability: unknown): DisputeEvent[] =>
    events.map((e) => (e.type === 'Resolved' ? event({ type: e.type, data: { ...e.data, liability } }) : e));

  it('an untouched history passes', () => expect(checkHistory(agreed())).toEqual([]));

  it('L1: parts that do not add up to the refund', () => {
    expect(checkHistory(withResolvedLiability(agreed(), split(2_000, 0, 'POLICY_DEFAULT'))).map((v) => v.rule)).toContain('L1');
  });

  it('L2: an agreement that puts cost on the platform under a SELLER default', () => {
    const violations = checkHistory(withResolvedLiability(agreed(), split(0, 2_500, 'POLICY_DEFAULT')));
    expect(violations.map((v) => v.rule)).toEqual(['L2']);
    expect(violations[0]!.message).toContain("the policy's default party, SELLER");
  });

  it('L2: a ruling citing a cover rule its policy does not list, and a resolution that differs from its ruling', () => {
    const events = run([openKeptItem({ at: day(8) }), escalate({ at: day(11) }), issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 4_000 })]);
    const tampered = events.map((e) => (e.type === 'RulingIssued' ? event({ type: e.type, data: { ...e.data, liability: split(0, 4_000, 'LATE_RULING') } }) : e));
    expect(checkHistory(tampered).map((v) => v.rule)).toEqual(['L2', 'L2']);
  });
});

describe('customPolicy: liability', () => {
  it('accepts a valid liability policy', () => {
    expect(E.isRight(customPolicy('seed', { liability: { default: 'SELLER', platformCoversWhen: ['LATE_RULING'], rulingDueAfter: { businessDays: 2 } } }))).toBe(true);
  });

  it.each([
    ['LATE_RULING without rulingDueAfter', { default: 'SELLER', platformCoversWhen: ['LATE_RULING'] }, 'rulingDueAfter when LATE_RULING'],
    ['a rule named twice', { default: 'SELLER', platformCoversWhen: ['DELIVERY_PROVEN', 'DELIVERY_PROVEN'] }, 'each rule once'],
    ['an unknown rule', { default: 'SELLER', platformCoversWhen: ['ALWAYS'] }, 'LATE_RULING'],
    ['an unknown default', { default: 'BUYER', platformCoversWhen: [] }, '"SELLER", "PLATFORM"'],
  ])('refuses %s, naming liability', (_what, liability, expected) => {
    const built = customPolicy('seed', { liability });
    expect(E.isLeft(built)).toBe(true);
    if (E.isLeft(built)) {
      expect(built.left.message).toContain('liability');
      expect(built.left.message).toContain(expected);
    }
  });
});
