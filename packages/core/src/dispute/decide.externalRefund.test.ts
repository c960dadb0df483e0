import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  day,
  eventFrom,
  issueRefund,
  markReturnShipped,
  openKeptItem,
  openNotReceived,
  openReturn,
  policyWith,
  recordExternalRefund,
  recordRefundFailure,
  retryRefund,
  ruleAgain,
  spec,
  usd,
} from '../testing';
import { disputeDecider } from './decider';
import type { DisputeEvent } from './events';
import { checkHistory } from './invariants';

/**
 * Process rules §5.6 and decision 0005: a refund made outside the gateway. Partial once the refund is
 * due (the gateway then pays only the rest); before that it must cover what is at stake and ends the
 * dispute in the buyer's favour. The payout hold gives back what the gateway did not take.
 */
const dispute = spec(disputeDecider);
const orderHold = policyWith('seed', { name: 'hold-order', payoutHold: 'ORDER_AMOUNT' });

// The buyer keeps a damaged item and asks 40.00 USD of 100.00 (seed policy, no hold).
const keptItem = dispute.givenCommands([openKeptItem({ at: day(8) })]);
// Full refund of 100.00 USD agreed on day 2 under a hold of the whole order.
const fullRefundDue = dispute.givenCommands([
  openNotReceived({ at: day(1), policy: orderHold }),
  acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' }),
]);
const blocked = fullRefundDue.givenCommands([recordRefundFailure({ at: day(3), permanent: true, retryable: false, errorCode: 'account_closed' })]);

describe('before the refund is due, a refund made elsewhere must cover what is at stake, and ends the dispute', () => {
  it("covering the buyer's ask: ExternalRefundRecorded, Resolved(EXTERNAL_REFUND), DisputeClosed with what was refunded", () => {
    const paid = recordExternalRefund({ at: day(9), amount: 4_000, refundRef: 'bank-77', method: 'BANK_TRANSFER' });
    keptItem
      .when(paid)
      .then([
        eventFrom(paid, 'ExternalRefundRecorded', { refundRef: 'bank-77', amount: usd(4_000), method: 'BANK_TRANSFER' }),
        eventFrom(paid, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'EXTERNAL_REFUND', refund: usd(4_000), isFullRefund: false, liability: { seller: usd(4_000), platform: usd(0), cause: 'POLICY_DEFAULT' } }),
        eventFrom(paid, 'DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: usd(4_000) }),
      ])
      .thenState((s, events) => {
        expect(s.status).toBe('CLOSED');
        expect(opened(s).externallyRefunded).toEqual(usd(4_000));
        expect(opened(s).refunded).toEqual(usd(0));
        expect(checkHistory([...keptItem.events, ...events])).toEqual([]);
      });
  });

  it('a part of the ask is refused (ExternalRefundMustCover), more than the ask too (ExternalRefundExceedsDue)', () => {
    keptItem.when(recordExternalRefund({ at: day(9), amount: 1_000 })).thenFails('ExternalRefundMustCover', (e) => {
      expect(e.message).toContain('40.00 USD at stake');
    });
    keptItem.when(recordExternalRefund({ at: day(9), amount: 4_001 })).thenFails('ExternalRefundExceedsDue');
  });

  it('zero, another currency, more than refundable, the buyer, and a mediator outside a blocked refund are refused', () => {
    keptItem.when(recordExternalRefund({ at: day(9), amount: 0 })).thenFails('AmountMustBePositive');
    keptItem.when(recordExternalRefund({ at: day(9), amount: 4_000, currency: 'EUR' })).thenFails('CurrencyMismatch');
    keptItem.when(recordExternalRefund({ at: day(9), amount: 10_001 })).thenFails('RefundExceedsRefundable');
    keptItem.when(recordExternalRefund({ at: day(9), amount: 4_000, by: 'buyer' })).thenFails('NotPermitted');
    keptItem.when(recordExternalRefund({ at: day(9), amount: 4_000, by: 'mediator' })).thenFails('NotPermitted', (e) => {
      expect(e.message).toContain('only when the refund is blocked');
    });
  });

  it('the payment integration (system) may record it too', () => {
    keptItem.when(recordExternalRefund({ at: day(9), amount: 4_000, by: 'system' })).thenState((s) => s.status === 'CLOSED');
  });

  it('while a return is pending, covering the agreed refund closes the dispute without the return', () => {
    const awaitingShipment = dispute.givenCommands([openReturn({ at: day(8) }), acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })]);
    expect(awaitingShipment.state.status).toBe('AWAITING_RETURN_SHIPMENT');
    const paid = recordExternalRefund({ at: day(10), amount: 10_000 });
    awaitingShipment
      .when(paid)
      .then([
        eventFrom(paid, 'ExternalRefundRecorded', { refundRef: 'ext-1', amount: usd(10_000), method: 'BANK_TRANSFER' }),
        eventFrom(paid, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'EXTERNAL_REFUND', refund: usd(10_000), isFullRefund: true, liability: { seller: usd(10_000), platform: usd(0), cause: 'POLICY_DEFAULT' } }),
        eventFrom(paid, 'DisputeClosed', { outcome: 'REFUNDED_FULL', refunded: usd(10_000) }),
      ])
      .thenState((s, events) => {
        expect(opened(s).deadlines).toEqual([]);
        expect(checkHistory([...awaitingShipment.events, ...events])).toEqual([]);
      });
    const shipped = awaitingShipment.givenCommands([markReturnShipped({ at: day(11) })]);
    shipped.when(recordExternalRefund({ at: day(12), amount: 5_000 })).thenFails('ExternalRefundMustCover');
  });
});

describe('once the refund is due, a partial refund made elsewhere lowers what the gateway pays', () => {
  const partly = fullRefundDue.givenCommands([recordExternalRefund({ at: day(3), amount: 3_000, refundRef: 'cash-1', method: 'CASH' })]);

  it('records it and waits for the rest', () => {
    const paid = recordExternalRefund({ at: day(3), amount: 3_000, refundRef: 'cash-1', method: 'CASH' });
    fullRefundDue
      .when(paid)
      .then([eventFrom(paid, 'ExternalRefundRecorded', { refundRef: 'cash-1', amount: usd(3_000), method: 'CASH' })])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_REFUND');
        expect(opened(s).externalRefunds).toEqual([{ refundRef: 'cash-1', amount: usd(3_000), method: 'CASH', by: { role: 'seller', id: 'seller-1' }, at: day(3) }]);
      });
  });

  it('the gateway then pays exactly the rest; the close records both, and the hold gives back what the seller paid elsewhere', () => {
    partly.when(issueRefund({ at: day(4), amount: 10_000 })).thenFails('RefundAmountMismatch', (e) => {
      expect(e.message).toContain('70.00 USD still due');
    });
    const rest = issueRefund({ at: day(4), amount: 7_000 });
    partly
      .when(rest)
      .then([
        eventFrom(rest, 'RefundIssued', { refundId: 'refund-1', amount: usd(7_000), gatewayReference: 'gw-ref-1', idempotencyKey: 'dispute:dispute-1:refund' }),
        eventFrom(rest, 'PayoutHoldReleased', { amount: usd(3_000), consumed: usd(7_000) }),
        eventFrom(rest, 'DisputeClosed', { outcome: 'REFUNDED_FULL', refunded: usd(10_000) }),
      ])
      .thenState((_s, events) => expect(checkHistory([...partly.events, ...events])).toEqual([]));
  });

  it('a second one that covers the rest closes the dispute without a gateway refund, and the whole hold goes back', () => {
    const rest = recordExternalRefund({ at: day(4), amount: 7_000, refundRef: 'bank-2' });
    partly
      .when(rest)
      .then([
        eventFrom(rest, 'ExternalRefundRecorded', { refundRef: 'bank-2', amount: usd(7_000), method: 'BANK_TRANSFER' }),
        eventFrom(rest, 'PayoutHoldReleased', { amount: usd(10_000), consumed: usd(0) }),
        eventFrom(rest, 'DisputeClosed', { outcome: 'REFUNDED_FULL', refunded: usd(10_000) }),
      ])
      .thenState((_s, events) => expect(checkHistory([...partly.events, ...events])).toEqual([]));
  });

  it('a reference used before is refused (DuplicateRefundRef); more than may still be refunded (RefundExceedsRefundable) or is still due (ExternalRefundExceedsDue) too', () => {
    partly.when(recordExternalRefund({ at: day(4), amount: 1_000, refundRef: 'cash-1' })).thenFails('DuplicateRefundRef');
    partly.when(recordExternalRefund({ at: day(4), amount: 7_001, refundRef: 'bank-2' })).thenFails('RefundExceedsRefundable', (e) => {
      expect(e.message).toContain('70.00 USD that can still be refunded');
    });
    const partialAgreed = keptItem.givenCommands([acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' }), recordExternalRefund({ at: day(10), amount: 1_000 })]);
    partialAgreed.when(recordExternalRefund({ at: day(10), amount: 3_001, refundRef: 'ext-2' })).thenFails('ExternalRefundExceedsDue', (e) => {
      expect(e.message).toContain('30.00 USD still due');
    });
  });
});

describe('a blocked refund: a mediator records a refund made by other means, or rules again', () => {
  it('a mediator may record a refund made elsewhere; covering what is due closes the dispute', () => {
    const paid = recordExternalRefund({ at: day(4), amount: 10_000, by: 'mediator', method: 'OTHER_PAYMENT_PROVIDER' });
    blocked
      .when(paid)
      .then([
        eventFrom(paid, 'ExternalRefundRecorded', { refundRef: 'ext-1', amount: usd(10_000), method: 'OTHER_PAYMENT_PROVIDER' }),
        eventFrom(paid, 'PayoutHoldReleased', { amount: usd(10_000), consumed: usd(0) }),
        eventFrom(paid, 'DisputeClosed', { outcome: 'REFUNDED_FULL', refunded: usd(10_000) }),
      ])
      .thenState((_s, events) => expect(checkHistory([...blocked.events, ...events])).toEqual([]));
  });

  it('a partial one keeps the refund blocked; a retry then pays the rest', () => {
    const part = blocked.givenCommands([recordExternalRefund({ at: day(4), amount: 2_500, by: 'mediator' })]);
    expect(part.state.status).toBe('REFUND_BLOCKED');
    const retried = part.givenCommands([retryRefund({ at: day(5) })]);
    retried
      .when(issueRefund({ at: day(6), amount: 7_500 }))
      .thenState((s, events) => {
        expect(s.status).toBe('CLOSED');
        expect(events.find((e) => e.type === 'DisputeClosed')?.data).toMatchObject({ outcome: 'REFUNDED_FULL', refunded: usd(10_000) });
        expect(checkHistory([...retried.events, ...events])).toEqual([]);
      });
  });

  it("ruling again for the seller closes the dispute in the seller's favour and gives the whole hold back", () => {
    const again = ruleAgain({ at: day(4), outcome: 'SELLER_FAVOUR', refund: 0 });
    blocked
      .when(again)
      .then([
        eventFrom(again, 'RulingRevised', { rulingId: 'ruling-2', outcome: 'SELLER_FAVOUR', refund: usd(0), isFullRefund: false, rationale: 'The refund cannot be paid as ruled; this ruling replaces it.', liability: { seller: usd(0), platform: usd(0), cause: 'POLICY_DEFAULT' } }),
        eventFrom(again, 'PayoutHoldReleased', { amount: usd(10_000), consumed: usd(0) }),
        eventFrom(again, 'DisputeClosed', { outcome: 'SELLER_FAVOUR', refunded: usd(0) }),
      ])
      .thenState((_s, events) => expect(checkHistory([...blocked.events, ...events])).toEqual([]));
  });

  it('ruling again for the buyer replaces the amount: the refund is due again, failures counted afresh, and the gateway pays the new amount', () => {
    const again = ruleAgain({ at: day(4), outcome: 'BUYER_FAVOUR', refund: 6_000 });
    const ruled = blocked.when(again).then([
      eventFrom(again, 'RulingRevised', { rulingId: 'ruling-2', outcome: 'BUYER_FAVOUR', refund: usd(6_000), isFullRefund: false, rationale: 'The refund cannot be paid as ruled; this ruling replaces it.', liability: { seller: usd(6_000), platform: usd(0), cause: 'POLICY_DEFAULT' } }),
    ]);
    ruled.thenState((s) => {
      expect(s.status).toBe('AWAITING_REFUND');
      expect(opened(s).refundFailures).toBe(0);
      expect(opened(s).resolution).toMatchObject({ outcome: 'BUYER_FAVOUR', basis: 'RULING', refund: usd(6_000), isFullRefund: false });
    });
    const next = ruled.next();
    next.when(issueRefund({ at: day(5), amount: 10_000 })).thenFails('RefundAmountMismatch');
    const paid = issueRefund({ at: day(5), amount: 6_000 });
    next
      .when(paid)
      .then([
        eventFrom(paid, 'RefundIssued', { refundId: 'refund-1', amount: usd(6_000), gatewayReference: 'gw-ref-1', idempotencyKey: 'dispute:dispute-1:refund' }),
        eventFrom(paid, 'PayoutHoldReleased', { amount: usd(4_000), consumed: usd(6_000) }),
        eventFrom(paid, 'DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: usd(6_000) }),
      ])
      .thenState((_s, events) => expect(checkHistory([...next.events, ...events])).toEqual([]));
  });

  it('after a refund made elsewhere, a new ruling refunds at least that; exactly that closes the dispute', () => {
    const part = blocked.givenCommands([recordExternalRefund({ at: day(4), amount: 2_500, by: 'mediator' })]);
    part.when(ruleAgain({ at: day(5), outcome: 'SELLER_FAVOUR', refund: 0 })).thenFails('RulingBelowExternalRefunds');
    part.when(ruleAgain({ at: day(5), outcome: 'BUYER_FAVOUR', refund: 2_000 })).thenFails('RulingBelowExternalRefunds', (e) => {
      expect(e.message).toContain('25.00 USD back elsewhere');
    });
    const exact = ruleAgain({ at: day(5), outcome: 'BUYER_FAVOUR', refund: 2_500 });
    part
      .when(exact)
      .then([
        eventFrom(exact, 'RulingRevised', { rulingId: 'ruling-2', outcome: 'BUYER_FAVOUR', refund: usd(2_500), isFullRefund: false, rationale: 'The refund cannot be paid as ruled; this ruling replaces it.', liability: { seller: usd(2_500), platform: usd(0), cause: 'POLICY_DEFAULT' } }),
        eventFrom(exact, 'PayoutHoldReleased', { amount: usd(10_000), consumed: usd(0) }),
        eventFrom(exact, 'DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: usd(2_500) }),
      ])
      .thenState((_s, events) => expect(checkHistory([...part.events, ...events])).toEqual([]));
  });

  it('a second ruling only on a blocked refund, consistent, within the refundable, by a mediator', () => {
    fullRefundDue.when(ruleAgain({ at: day(4), outcome: 'SELLER_FAVOUR', refund: 0 })).thenFails('NotAllowedInStatus');
    blocked.when(ruleAgain({ at: day(4), outcome: 'SELLER_FAVOUR', refund: 100 })).thenFails('InconsistentRuling');
    blocked.when(ruleAgain({ at: day(4), outcome: 'BUYER_FAVOUR', refund: 0 })).thenFails('AmountMustBePositive');
    blocked.when(ruleAgain({ at: day(4), outcome: 'BUYER_FAVOUR', refund: 10_001 })).thenFails('RefundExceedsRefundable');
    blocked.when(ruleAgain({ at: day(4), outcome: 'BUYER_FAVOUR', refund: 5_000, by: 'seller' })).thenFails('NotPermitted');
  });
});

describe('checkHistory (M7) notices money going out twice', () => {
  const part = fullRefundDue.givenCommands([recordExternalRefund({ at: day(3), amount: 3_000 })]);
  const honest = [...part.events, ...part.when(issueRefund({ at: day(4), amount: 7_000 })).thenState(() => true).events];
  const tampered = (change: (e: DisputeEvent) => DisputeEvent) => honest.map(change);

  it('the honest history is clean', () => expect(checkHistory(honest)).toEqual([]));

  it('a gateway refund of the whole resolution after a refund made elsewhere (M3, M7)', () => {
    const twice = tampered((e) =>
      e.type === 'RefundIssued' ? { ...e, data: { ...e.data, amount: usd(10_000) } } as DisputeEvent : e.type === 'DisputeClosed' ? { ...e, data: { ...e.data, refunded: usd(13_000) } } as DisputeEvent : e,
    );
    const rules = checkHistory(twice).map((v) => v.rule);
    expect(rules).toContain('M7');
    expect(rules).toContain('M3');
  });

  it('a refund made elsewhere above the resolution, or under a reference used twice (M7)', () => {
    const over = tampered((e) => (e.type === 'ExternalRefundRecorded' ? ({ ...e, data: { ...e.data, amount: usd(10_500) } } as DisputeEvent) : e));
    expect(checkHistory(over).map((v) => v.rule)).toContain('M7');
    const second = part.events[part.events.length - 1]!;
    const again = { ...second, data: { ...second.data, commandId: 'again' } } as DisputeEvent;
    expect(checkHistory([...part.events, again]).map((v) => v.rule)).toContain('M7');
  });

  it('a close that hides the refund made elsewhere (M4)', () => {
    const hidden = tampered((e) => (e.type === 'DisputeClosed' ? ({ ...e, data: { ...e.data, refunded: usd(7_000), outcome: 'REFUNDED_PARTIAL' } } as DisputeEvent) : e));
    expect(checkHistory(hidden).map((v) => v.rule)).toContain('M4');
  });

  it('a partial refund made elsewhere before the refund was due, left without a resolution (M7)', () => {
    const paid = recordExternalRefund({ at: day(9), amount: 4_000 });
    const covering = keptItem.when(paid).thenState(() => true).events;
    const partial = { ...covering[0]!, data: { ...covering[0]!.data, amount: usd(1_000) } } as DisputeEvent;
    expect(checkHistory([...keptItem.events, partial]).map((v) => v.rule)).toContain('M7');
  });
});
