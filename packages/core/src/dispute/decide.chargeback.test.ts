import * as E from 'fp-ts/lib/Either.js';
import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  day,
  eventFrom,
  expireDeadline,
  issueRefund,
  makeProposal,
  openKeptItem,
  openNotReceived,
  policyWith,
  postMessage,
  recordChargeback,
  recordChargebackOutcome,
  recordExternalRefund,
  recordRefundFailure,
  ruleAgain,
  spec,
  usd,
} from '../testing';
import { seedPolicy } from '../policy/presets';
import { DisputePolicy } from '../policy/policy';
import { onChargebackOf } from '../policy/chargebackPolicy';
import { disputeDecider } from './decider';
import type { DisputeEvent } from './events';
import { checkHistory } from './invariants';

/**
 * Process rules §5.7 and decision 0006: a chargeback the buyer filed with the card issuer. Under
 * `onChargeback: SUSPEND` the dispute waits in `CHARGEBACK_OPEN` (no refund, nothing but messages and
 * evidence) until the card network decides; a loss counts as money given back. Under `CLOSE` the
 * dispute closes at once.
 */
const dispute = spec(disputeDecider);
const suspendWithHold = policyWith('seed', { name: 'cb-suspend', payoutHold: 'ORDER_AMOUNT' });
const closeWithHold = policyWith('seed', { name: 'cb-close', payoutHold: 'ORDER_AMOUNT', onChargeback: 'CLOSE' });

/** The events a command emitted, for assertions on a part of them. */
const emittedBy = <W extends { thenState: (p: () => boolean) => { events: ReadonlyArray<DisputeEvent> } }>(when: W): ReadonlyArray<DisputeEvent> =>
  when.thenState(() => true).events;

// The buyer keeps a damaged item and asks 40.00 USD of 100.00 on day 8; the whole order is held.
const keptItem = dispute.givenCommands([openKeptItem({ at: day(8), policy: suspendWithHold })]);
// A chargeback of 40.00 USD on day 9, to be answered by day 20.
const opening = recordChargeback({ at: day(9), amount: 4_000, dueBy: day(20) });
const suspended = keptItem.givenCommands([opening]);
// A full refund of 100.00 USD agreed on day 2, the whole order held.
const refundDue = dispute.givenCommands([openNotReceived({ at: day(1), policy: suspendWithHold }), acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' })]);

describe('RecordChargeback under SUSPEND', () => {
  it('ChargebackOpened with a REPRESENTMENT deadline at dueBy; the dispute waits in CHARGEBACK_OPEN, its own deadlines still running', () => {
    keptItem
      .when(opening)
      .then([eventFrom(opening, 'ChargebackOpened', { provider: 'visa', caseId: 'cb-1', amount: usd(4_000), dueBy: day(20), deadlines: [{ kind: 'REPRESENTMENT', dueAt: day(20) }] })])
      .thenState((s, events) => {
        expect(s.status).toBe('CHARGEBACK_OPEN');
        expect(opened(s).deadlines.map((d) => d.kind).sort()).toEqual(['NEGOTIATION_WINDOW', 'REPRESENTMENT', 'SELLER_RESPONSE']);
        expect(opened(s).chargebacks).toEqual([{ provider: 'visa', caseId: 'cb-1', amount: usd(4_000), dueBy: day(20), openedAt: day(9), suspendedFrom: 'AWAITING_SELLER' }]);
        expect(checkHistory([...keptItem.events, ...events])).toEqual([]);
      });
  });

  it('is allowed while the refund is due or blocked, and remembers where the dispute was', () => {
    refundDue.when(recordChargeback({ at: day(3), amount: 10_000, dueBy: day(20) })).thenState((s) => opened(s).chargebacks?.[0]?.suspendedFrom === 'AWAITING_REFUND');
    const blocked = refundDue.givenCommands([recordRefundFailure({ at: day(3), permanent: true, retryable: false, errorCode: 'account_closed' })]);
    expect(blocked.state.status).toBe('REFUND_BLOCKED');
    blocked.when(recordChargeback({ at: day(4), amount: 10_000, dueBy: day(20) })).thenState((s) => s.status === 'CHARGEBACK_OPEN' && opened(s).chargebacks?.[0]?.suspendedFrom === 'REFUND_BLOCKED');
  });

  it('refuses zero, another currency, more than may still be refunded, a past dueBy, a reused case id and any role but the system', () => {
    keptItem.when(recordChargeback({ at: day(9), amount: 0, dueBy: day(20) })).thenFails('AmountMustBePositive');
    keptItem.when(recordChargeback({ at: day(9), amount: 4_000, currency: 'EUR', dueBy: day(20) })).thenFails('CurrencyMismatch');
    keptItem.when(recordChargeback({ at: day(9), amount: 10_001, dueBy: day(20) })).thenFails('RefundExceedsRefundable');
    keptItem.when(recordChargeback({ at: day(9), amount: 4_000, dueBy: day(9) })).thenFails('ChargebackDueByPassed', (e) => {
      expect(e.message).toContain(day(9));
    });
    keptItem.when(recordChargeback({ at: day(9), amount: 4_000, dueBy: day(20), by: 'seller' })).thenFails('NotPermitted');
    keptItem.when(recordChargeback({ at: day(9), amount: 4_000, dueBy: day(20), by: 'mediator' })).thenFails('NotPermitted');
    const won = suspended.givenCommands([recordChargebackOutcome({ at: day(10), outcome: 'WON', amount: 0 })]);
    won.when(recordChargeback({ at: day(11), amount: 1_000, dueBy: day(20) })).thenFails('DuplicateChargebackCase');
  });

  it('after a partial loss, a new chargeback may dispute only what is left', () => {
    const partlyLost = refundDue.givenCommands([
      recordChargeback({ at: day(3), amount: 5_000, dueBy: day(20) }),
      recordChargebackOutcome({ at: day(4), outcome: 'LOST', amount: 1_000 }),
    ]);
    partlyLost.when(recordChargeback({ at: day(5), amount: 9_001, caseId: 'cb-2', dueBy: day(20) })).thenFails('RefundExceedsRefundable', (e) => {
      expect(e.message).toContain('90.00 USD');
    });
    partlyLost.when(recordChargeback({ at: day(5), amount: 9_000, caseId: 'cb-2', dueBy: day(20) })).thenState((s) => s.status === 'CHARGEBACK_OPEN');
  });
});

describe('while a chargeback is open', () => {
  it('no refund is issued: money must not go back twice (ChargebackOpen)', () => {
    const open = refundDue.givenCommands([recordChargeback({ at: day(3), amount: 10_000, dueBy: day(20) })]);
    open.when(issueRefund({ at: day(4), amount: 10_000 })).thenFails('ChargebackOpen', (e) => {
      expect(e.message).toContain('No refund is issued while chargeback cb-1');
      expect(e.details).toMatchObject({ caseId: 'cb-1', provider: 'visa' });
    });
    open.when(recordExternalRefund({ at: day(4), amount: 10_000 })).thenFails('ChargebackOpen');
    open.when(recordRefundFailure({ at: day(4) })).thenFails('ChargebackOpen');
  });

  it('no other command moves the dispute: proposals, acceptances and a second chargeback are refused', () => {
    suspended.when(makeProposal({ at: day(10), by: 'seller', proposalId: 'p-s', amount: 2_000 })).thenFails('ChargebackOpen', (e) => {
      expect(e.message).toContain('suspended while the card issuer decides chargeback cb-1');
    });
    suspended.when(acceptProposal({ at: day(10), by: 'seller', proposalId: 'p-open' })).thenFails('ChargebackOpen');
    suspended.when(recordChargeback({ at: day(10), amount: 1_000, caseId: 'cb-2', dueBy: day(20) })).thenFails('ChargebackOpen', (e) => {
      expect(e.message).toContain('record its outcome before another chargeback');
    });
  });

  it('messages still pass', () => {
    const message = postMessage({ at: day(10), by: 'buyer', messageId: 'm-1', text: 'I went to my bank.' });
    suspended.when(message).then([eventFrom(message, 'MessagePosted', { messageId: 'm-1', text: 'I went to my bank.' })]).thenState((s) => s.status === 'CHARGEBACK_OPEN');
  });

  it("the dispute's own deadlines wait (ChargebackOpen), stale timers are still refused as such", () => {
    const due = opened(suspended.state).deadlines.find((d) => d.kind === 'SELLER_RESPONSE')!;
    suspended.when(expireDeadline({ at: due.dueAt, kind: 'SELLER_RESPONSE', dueAt: due.dueAt })).thenFails('ChargebackOpen', (e) => {
      expect(e.message).toContain('SELLER_RESPONSE deadline waits');
    });
    suspended.when(expireDeadline({ at: day(30), kind: 'SELLER_RESPONSE', dueAt: day(29) })).thenFails('DeadlineNotActive');
  });

  it('the REPRESENTMENT deadline passing is only recorded: the dispute waits for the decision', () => {
    const expiry = expireDeadline({ at: day(20), kind: 'REPRESENTMENT', dueAt: day(20) });
    suspended
      .when(expiry)
      .then([eventFrom(expiry, 'DeadlineExpired', { kind: 'REPRESENTMENT', dueAt: day(20) })])
      .thenState((s, events) => {
        expect(s.status).toBe('CHARGEBACK_OPEN');
        expect(opened(s).deadlines.some((d) => d.kind === 'REPRESENTMENT')).toBe(false);
        expect(checkHistory([...suspended.events, ...events])).toEqual([]);
      });
    suspended.when(expireDeadline({ at: day(19), kind: 'REPRESENTMENT', dueAt: day(20) })).thenFails('DeadlineNotDue');
  });
});

describe('RecordChargebackOutcome', () => {
  it('WON: nothing goes back; the dispute resumes where it was, and a deadline that passed meanwhile fires then', () => {
    const won = recordChargebackOutcome({ at: day(25), outcome: 'WON', amount: 0 });
    const resumed = suspended.givenCommands([won]);
    suspended
      .when(won)
      .then([eventFrom(won, 'ChargebackDecided', { caseId: 'cb-1', outcome: 'WON', amount: usd(0), resumes: 'AWAITING_SELLER' })])
      .thenState((s, events) => {
        expect(s.status).toBe('AWAITING_SELLER');
        expect(opened(s).deadlines.some((d) => d.kind === 'REPRESENTMENT')).toBe(false);
        expect(opened(s).chargedBack).toBeUndefined();
        expect(checkHistory([...suspended.events, ...events])).toEqual([]);
      });
    const due = opened(resumed.state).deadlines.find((d) => d.kind === 'SELLER_RESPONSE')!;
    expect(E.isRight(disputeDecider.decide(expireDeadline({ at: day(25), kind: 'SELLER_RESPONSE', dueAt: due.dueAt }), resumed.state))).toBe(true);
  });

  it('LOST for part of what is at stake: the dispute resumes; an agreement then has the gateway pay only the rest', () => {
    const lost = recordChargebackOutcome({ at: day(10), outcome: 'LOST', amount: 1_000 });
    suspended
      .when(lost)
      .then([eventFrom(lost, 'ChargebackDecided', { caseId: 'cb-1', outcome: 'LOST', amount: usd(1_000), resumes: 'AWAITING_SELLER' })])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_SELLER');
        expect(opened(s).chargedBack).toEqual(usd(1_000));
      });
    const agreed = suspended.givenCommands([lost, acceptProposal({ at: day(11), by: 'seller', proposalId: 'p-open' })]);
    expect(agreed.state.status).toBe('AWAITING_REFUND');
    agreed.when(issueRefund({ at: day(12), amount: 4_000 })).thenFails('RefundAmountMismatch');
    const paid = issueRefund({ at: day(12), amount: 3_000 });
    agreed.when(paid).thenState((s, events) => {
      expect(s.status).toBe('CLOSED');
      expect(events.map((e) => e.type)).toEqual(['RefundIssued', 'PayoutHoldReleased', 'DisputeClosed']);
      // The hold pays the gateway's 30.00 and the issuer's 10.00; the rest goes back to the seller.
      expect(events[1]).toEqual(eventFrom(paid, 'PayoutHoldReleased', { amount: usd(6_000), consumed: usd(4_000) }));
      expect(events[2]).toEqual(eventFrom(paid, 'DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: usd(4_000) }));
      expect(checkHistory([...agreed.events, ...events])).toEqual([]);
    });
  });

  it("LOST covering the buyer's ask before any resolution: Resolved(CHARGEBACK), the hold pays it, the dispute closes", () => {
    const lost = recordChargebackOutcome({ at: day(10), outcome: 'LOST', amount: 4_000 });
    suspended
      .when(lost)
      .then([
        eventFrom(lost, 'ChargebackDecided', { caseId: 'cb-1', outcome: 'LOST', amount: usd(4_000), resumes: 'AWAITING_SELLER' }),
        eventFrom(lost, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'CHARGEBACK', refund: usd(4_000), isFullRefund: false, liability: { seller: usd(4_000), platform: usd(0), cause: 'POLICY_DEFAULT' } }),
        eventFrom(lost, 'PayoutHoldReleased', { amount: usd(6_000), consumed: usd(4_000) }),
        eventFrom(lost, 'DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: usd(4_000) }),
      ])
      .thenState((s, events) => {
        expect(s.status).toBe('CLOSED');
        expect(opened(s).refunded).toEqual(usd(0));
        expect(checkHistory([...suspended.events, ...events])).toEqual([]);
      });
  });

  it('LOST covering the refund still due: the dispute closes without a gateway refund', () => {
    const open = refundDue.givenCommands([recordChargeback({ at: day(3), amount: 10_000, dueBy: day(20) })]);
    const lost = recordChargebackOutcome({ at: day(5), outcome: 'LOST', amount: 10_000 });
    open
      .when(lost)
      .then([
        eventFrom(lost, 'ChargebackDecided', { caseId: 'cb-1', outcome: 'LOST', amount: usd(10_000), resumes: 'AWAITING_REFUND' }),
        eventFrom(lost, 'PayoutHoldReleased', { amount: usd(0), consumed: usd(10_000) }),
        eventFrom(lost, 'DisputeClosed', { outcome: 'REFUNDED_FULL', refunded: usd(10_000) }),
      ])
      .thenState((_s, events) => expect(checkHistory([...open.events, ...events])).toEqual([]));
  });

  it('LOST for part of the refund due: the dispute waits for the rest again', () => {
    const open = refundDue.givenCommands([recordChargeback({ at: day(3), amount: 10_000, dueBy: day(20) }), recordChargebackOutcome({ at: day(5), outcome: 'LOST', amount: 3_000 })]);
    expect(open.state.status).toBe('AWAITING_REFUND');
    open.when(issueRefund({ at: day(6), amount: 10_000 })).thenFails('RefundAmountMismatch');
    open.when(issueRefund({ at: day(6), amount: 7_000 })).thenState((s, events) => {
      expect(s.status).toBe('CLOSED');
      expect(events[events.length - 1]).toMatchObject({ type: 'DisputeClosed', data: { outcome: 'REFUNDED_FULL', refunded: usd(10_000) } });
      expect(checkHistory([...open.events, ...events])).toEqual([]);
    });
  });

  it('refuses an unknown case, a win that gives something back, a loss of nothing or of more than was disputed, and a second decision', () => {
    suspended.when(recordChargebackOutcome({ at: day(10), outcome: 'WON', amount: 0, caseId: 'cb-9' })).thenFails('UnknownChargeback', (e) => {
      expect(e.message).toContain('the open one is cb-1');
    });
    suspended.when(recordChargebackOutcome({ at: day(10), outcome: 'WON', amount: 100 })).thenFails('ChargebackOutcomeMismatch');
    suspended.when(recordChargebackOutcome({ at: day(10), outcome: 'LOST', amount: 0 })).thenFails('AmountMustBePositive');
    suspended.when(recordChargebackOutcome({ at: day(10), outcome: 'LOST', amount: 4_001 })).thenFails('ChargebackOutcomeMismatch', (e) => {
      expect(e.message).toContain('at most the 40.00 USD disputed');
    });
    suspended.when(recordChargebackOutcome({ at: day(10), outcome: 'LOST', amount: 1_000, currency: 'EUR' })).thenFails('CurrencyMismatch');
    suspended.when(recordChargebackOutcome({ at: day(10), outcome: 'WON', amount: 0, by: 'seller' })).thenFails('NotPermitted');
    const decided = suspended.givenCommands([recordChargebackOutcome({ at: day(10), outcome: 'WON', amount: 0 })]);
    decided.when(recordChargebackOutcome({ at: day(11), outcome: 'LOST', amount: 1_000 })).thenFails('UnknownChargeback', (e) => {
      expect(e.message).toContain('no chargeback is open');
    });
  });
});

describe('after a lost chargeback, later decisions count it', () => {
  it('an agreement that the lost chargeback already covers closes at once: the gateway owes nothing', () => {
    const partlyLost = suspended.givenCommands([
      recordChargebackOutcome({ at: day(10), outcome: 'LOST', amount: 1_000 }),
      makeProposal({ at: day(11), by: 'buyer', proposalId: 'p-b2', amount: 1_000 }),
    ]);
    const agreed = acceptProposal({ at: day(12), by: 'seller', proposalId: 'p-b2' });
    partlyLost
      .when(agreed)
      .then([
        eventFrom(agreed, 'ProposalAccepted', { proposalId: 'p-b2', amount: usd(1_000), returnRequired: false }),
        eventFrom(agreed, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(1_000), isFullRefund: false, liability: { seller: usd(1_000), platform: usd(0), cause: 'POLICY_DEFAULT' } }),
        eventFrom(agreed, 'PayoutHoldReleased', { amount: usd(9_000), consumed: usd(1_000) }),
        eventFrom(agreed, 'DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: usd(1_000) }),
      ])
      .thenState((_s, events) => expect(checkHistory([...partlyLost.events, ...events])).toEqual([]));
  });

  it('a ruling again never refunds less than went back by the chargeback; one that it covers closes', () => {
    const blocked = refundDue.givenCommands([
      recordChargeback({ at: day(3), amount: 10_000, dueBy: day(20) }),
      recordChargebackOutcome({ at: day(4), outcome: 'LOST', amount: 3_000 }),
      recordRefundFailure({ at: day(5), permanent: true, retryable: false, errorCode: 'account_closed' }),
    ]);
    expect(blocked.state.status).toBe('REFUND_BLOCKED');
    blocked.when(ruleAgain({ at: day(6), outcome: 'BUYER_FAVOUR', refund: 2_000 })).thenFails('RulingBelowExternalRefunds', (e) => {
      expect(e.message).toContain('lost chargebacks');
    });
    blocked.when(ruleAgain({ at: day(6), outcome: 'SELLER_FAVOUR', refund: 0 })).thenFails('RulingBelowExternalRefunds');
    blocked.when(ruleAgain({ at: day(6), outcome: 'BUYER_FAVOUR', refund: 3_000 })).thenState((s, events) => {
      expect(s.status).toBe('CLOSED');
      expect(events[events.length - 1]).toMatchObject({ type: 'DisputeClosed', data: { outcome: 'REFUNDED_PARTIAL', refunded: usd(3_000) } });
      expect(checkHistory([...blocked.events, ...events])).toEqual([]);
    });
  });
});

describe('RecordChargeback under CLOSE', () => {
  it('the dispute leaves for the card issuer: ChargebackOpened, the whole hold released, DisputeClosed(CHARGEBACK)', () => {
    const given = dispute.givenCommands([openKeptItem({ at: day(8), policy: closeWithHold })]);
    const chargeback = recordChargeback({ at: day(9), amount: 4_000, dueBy: day(20) });
    given
      .when(chargeback)
      .then([
        eventFrom(chargeback, 'ChargebackOpened', { provider: 'visa', caseId: 'cb-1', amount: usd(4_000), dueBy: day(20), deadlines: [] }),
        eventFrom(chargeback, 'PayoutHoldReleased', { amount: usd(10_000), consumed: usd(0) }),
        eventFrom(chargeback, 'DisputeClosed', { outcome: 'CHARGEBACK', refunded: usd(0) }),
      ])
      .thenState((s, events) => {
        expect(s.status).toBe('CLOSED');
        expect(checkHistory([...given.events, ...events])).toEqual([]);
      });
  });

  it('the ebay preset closes; a refund made elsewhere before it is still counted in DisputeClosed', () => {
    const due = dispute.givenCommands([
      openNotReceived({ at: day(1), policy: 'ebay' }),
      acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' }),
      recordExternalRefund({ at: day(3), amount: 2_500 }),
    ]);
    const events = emittedBy(due.when(recordChargeback({ at: day(4), amount: 7_500, dueBy: day(20) })));
    expect(events.map((e) => e.type)).toEqual(['ChargebackOpened', 'DisputeClosed']);
    expect(events[1]).toMatchObject({ data: { outcome: 'CHARGEBACK', refunded: usd(2_500) } });
    expect(checkHistory([...due.events, ...events])).toEqual([]);
  });
});

describe('onChargeback in stored policies', () => {
  it('a policy stored before the field decodes unchanged and suspends', () => {
    const { onChargeback: _dropped, ...stored } = JSON.parse(JSON.stringify(seedPolicy)) as Record<string, unknown>;
    const decoded = DisputePolicy.decode(stored);
    expect(E.isRight(decoded)).toBe(true);
    if (E.isRight(decoded)) {
      expect(onChargebackOf(decoded.right)).toBe('SUSPEND');
      // Re-encoding adds nothing, so the stored DisputeOpened (and its hash) stays as it was.
      expect(DisputePolicy.encode(decoded.right)).toEqual(stored);
    }
  });
});

describe('checkHistory reports damaged chargeback histories (M8), never throwing', () => {
  // A chargeback of 30.00 lost for 30.00 while the full refund was due; the gateway then paid 70.00.
  const partLost = refundDue.givenCommands([recordChargeback({ at: day(3), amount: 3_000, dueBy: day(20) }), recordChargebackOutcome({ at: day(4), outcome: 'LOST', amount: 3_000 })]);
  const honest = [...partLost.events, ...emittedBy(partLost.when(issueRefund({ at: day(5), amount: 7_000 })))];
  const tampered = (change: (e: DisputeEvent) => DisputeEvent) => honest.map(change);
  const rulesOf = (events: ReadonlyArray<DisputeEvent>) => checkHistory(events).map((v) => v.rule);

  it('the honest history is clean', () => expect(checkHistory(honest)).toEqual([]));

  it('a gateway refund of the whole resolution after a lost chargeback: money went back twice (M3, M8)', () => {
    const twice = tampered((e) =>
      e.type === 'RefundIssued'
        ? ({ ...e, data: { ...e.data, amount: usd(10_000) } } as DisputeEvent)
        : e.type === 'DisputeClosed'
          ? ({ ...e, data: { ...e.data, refunded: usd(13_000) } } as DisputeEvent)
          : e,
    );
    expect(() => checkHistory(twice)).not.toThrow();
    expect(rulesOf(twice)).toEqual(expect.arrayContaining(['M3', 'M8']));
    const lostTooMuch = tampered((e) => (e.type === 'ChargebackDecided' ? ({ ...e, data: { ...e.data, amount: usd(3_500) } } as DisputeEvent) : e));
    expect(rulesOf(lostTooMuch)).toContain('M8');
  });

  it('a refund issued while the chargeback was open (M8)', () => {
    const open = refundDue.givenCommands([recordChargeback({ at: day(3), amount: 10_000, dueBy: day(20) })]);
    const paidAnyway = emittedBy(refundDue.when(issueRefund({ at: day(4), amount: 10_000 })));
    const violations = checkHistory([...open.events, ...paidAnyway]);
    expect(violations).toContainEqual(expect.objectContaining({ rule: 'M8', index: open.events.length }));
    expect(violations.find((v) => v.rule === 'M8')?.message).toContain('a refund was issued');
  });

  it('a chargeback decided twice, or a decision without an open chargeback (M8)', () => {
    const decision = honest.find((e) => e.type === 'ChargebackDecided')!;
    const again = { ...decision, data: { ...decision.data, commandId: 'decided-again' } } as DisputeEvent;
    const index = honest.indexOf(decision);
    expect(rulesOf([...honest.slice(0, index + 1), again])).toContain('M8');
  });

  it('more disputed than may still be refunded, a second case while one is open, a case id reused (M8)', () => {
    const opened = partLost.events.find((e) => e.type === 'ChargebackOpened')!;
    const over = partLost.events.map((e) => (e === opened ? ({ ...e, data: { ...e.data, amount: usd(10_001) } } as DisputeEvent) : e));
    expect(rulesOf(over)).toContain('M8');
    const open = refundDue.givenCommands([recordChargeback({ at: day(3), amount: 1_000, dueBy: day(20) })]);
    const second = { ...opened, data: { ...opened.data, commandId: 'second', caseId: 'cb-2', at: day(3) } } as DisputeEvent;
    expect(rulesOf([...open.events, second])).toContain('M8');
    const reused = { ...opened, data: { ...opened.data, commandId: 'reused', at: day(5) } } as DisputeEvent;
    expect(rulesOf([...partLost.events, reused])).toContain('M8');
  });

  it('a win that gave money back, and a decision that resumes another status (M8, S3)', () => {
    const wonWithMoney = tampered((e) => (e.type === 'ChargebackDecided' ? ({ ...e, data: { ...e.data, outcome: 'WON' } } as DisputeEvent) : e));
    expect(rulesOf(wonWithMoney)).toContain('M8');
    const elsewhere = tampered((e) => (e.type === 'ChargebackDecided' ? ({ ...e, data: { ...e.data, resumes: 'UNDER_MEDIATION' } } as DisputeEvent) : e));
    expect(rulesOf(elsewhere)).toContain('S3');
  });

  it('under CLOSE a chargeback that does not close, and under SUSPEND one that does (M8)', () => {
    const given = dispute.givenCommands([openKeptItem({ at: day(8), policy: closeWithHold })]);
    const closed = emittedBy(given.when(recordChargeback({ at: day(9), amount: 4_000, dueBy: day(20) })));
    expect(rulesOf([...given.events, closed[0]!])).toContain('M8');
    const suspendedEvents = emittedBy(keptItem.when(opening));
    const closeAnyway = { ...closed[2]!, data: { ...closed[2]!.data, commandId: suspendedEvents[0]!.data.commandId } } as DisputeEvent;
    const release = { ...closed[1]!, data: { ...closed[1]!.data, commandId: suspendedEvents[0]!.data.commandId } } as DisputeEvent;
    expect(rulesOf([...keptItem.events, suspendedEvents[0]!, release, closeAnyway])).toContain('M8');
  });

  it('a REPRESENTMENT deadline not at the dueBy (M8)', () => {
    const events = emittedBy(keptItem.when(opening)).map((e) =>
      e.type === 'ChargebackOpened' ? ({ ...e, data: { ...e.data, deadlines: [{ kind: 'REPRESENTMENT', dueAt: day(21) }] } } as unknown as DisputeEvent) : e,
    );
    expect(rulesOf([...keptItem.events, ...events])).toContain('M8');
  });
});
