import { policies } from '../policy/presets';
import {
  cancelDispute,
  day,
  expireDeadline,
  deliveredOrderJson,
  eventFrom,
  evidenceJson,
  openKeptItem,
  openNotReceived,
  openReturn,
  orderJson,
  PAID_AT,
  plusDays,
  policyWith,
  PRICE,
  spec,
  usd,
} from '../testing';
import { disputeDecider } from './decider';

/** Process rules §4, row `OpenDispute`: who may open, when, with what, and what it emits. */
const dispute = spec(disputeDecider);

describe('OpenDispute: accepted', () => {
  it('opens a not-received dispute with the request as the first proposal, its deadlines and the seed policy', () => {
    const open = openNotReceived({ at: day(3) });
    dispute
      .when(open)
      .then([
        eventFrom(open, 'DisputeOpened', {
          order: orderJson(),
          kind: 'REFUND_ONLY',
          itemReceived: false,
          reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
          proposalId: 'p-open',
          requested: usd(PRICE),
          refundable: usd(PRICE),
          description: 'The parcel never arrived and tracking has not moved for three weeks.',
          evidence: [],
          policy: policies.seed,
          deadlines: [
            { kind: 'SELLER_RESPONSE', dueAt: day(8) },
            { kind: 'NEGOTIATION_WINDOW', dueAt: day(18) },
          ],
        }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_SELLER');
        if (s.status === 'NONE') return false;
        expect(s.proposals).toEqual([
          { proposalId: 'p-open', by: { role: 'buyer', id: 'buyer-1' }, amount: usd(PRICE), returnRequired: false, madeAt: day(3), status: 'OPEN' },
        ]);
        expect(s.currentProposals).toEqual({ buyer: 'p-open' });
        expect(s.refundable).toEqual(usd(PRICE));
        expect(s.refunded).toEqual(usd(0));
        expect(s.escalated).toBe(false);
        expect(s.evidenceCount).toEqual({ buyer: 0, seller: 0 });
      });
  });

  it('opens a kept-item dispute for part of the price, with its evidence', () => {
    const open = openKeptItem({ at: day(8) });
    dispute
      .when(open)
      .then([
        eventFrom(open, 'DisputeOpened', {
          order: deliveredOrderJson(),
          kind: 'REFUND_ONLY',
          itemReceived: true,
          reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
          proposalId: 'p-open',
          requested: usd(4_000),
          refundable: usd(PRICE),
          description: 'The lamp arrived with a cracked shade; I will keep it for a partial refund.',
          evidence: [evidenceJson('ev-open-1')],
          policy: policies.seed,
          deadlines: [
            { kind: 'SELLER_RESPONSE', dueAt: day(13) },
            { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
          ],
        }),
      ])
      .thenState((s) => s.status === 'AWAITING_SELLER' && s.evidenceCount.buyer === 1);
  });

  it('opens a return-and-refund dispute whose request includes the return', () => {
    const open = openReturn({ at: day(8) });
    dispute
      .when(open)
      .then([
        eventFrom(open, 'DisputeOpened', {
          order: deliveredOrderJson(),
          kind: 'RETURN_AND_REFUND',
          itemReceived: true,
          reason: { group: 'NOT_AS_DESCRIBED', code: 'WRONG_ITEM' },
          proposalId: 'p-open',
          requested: usd(PRICE),
          refundable: usd(PRICE),
          description: 'I ordered a blue lamp and received a red one; I want to send it back.',
          evidence: [evidenceJson('ev-open-1')],
          policy: policies.seed,
          deadlines: [
            { kind: 'SELLER_RESPONSE', dueAt: day(13) },
            { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
          ],
        }),
      ])
      .thenState((s) => s.status !== 'NONE' && s.proposals[0]?.returnRequired === true);
  });

  it('fixes refundable at paid − alreadyRefunded and requires the full remainder for a missing item', () => {
    const order = { alreadyRefunded: usd(2_500) };
    dispute.when(openNotReceived({ at: day(3), order, requested: PRICE })).thenFails('RefundExceedsRefundable');
    dispute.when(openNotReceived({ at: day(3), order, requested: 7_000 })).thenFails('FullRefundRequired');
    dispute
      .when(openNotReceived({ at: day(3), order, requested: 7_500 }))
      .thenState((s) => s.status !== 'NONE' && s.refundable.amount === 7_500 && s.requested.amount === 7_500);
  });

  it('stores the whole preset named in the command', () => {
    const open = openNotReceived({ at: day(3), policy: 'paypal' });
    dispute.when(open).thenState((s, events) => {
      expect(events[0]?.type === 'DisputeOpened' && events[0].data.policy).toEqual(policies.paypal);
      expect(events[0]?.type === 'DisputeOpened' && events[0].data.deadlines).toEqual([
        { kind: 'SELLER_RESPONSE', dueAt: day(13) },
        { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
      ]);
      return s.status !== 'NONE' && s.policy.name === 'paypal';
    });
  });

  it('stores a custom policy given whole, and computes the deadlines from it', () => {
    const acme = policyWith('seed', { name: 'acme', deadlines: { sellerResponse: { days: 2 } } });
    dispute.when(openNotReceived({ at: day(3), policy: acme })).thenState((s, events) => {
      expect(events[0]?.type === 'DisputeOpened' && events[0].data.deadlines).toEqual([
        { kind: 'SELLER_RESPONSE', dueAt: day(5) },
        { kind: 'NEGOTIATION_WINDOW', dueAt: day(18) },
      ]);
      expect(s.status !== 'NONE' && s.policy).toEqual(acme);
    });
  });
});

describe('OpenDispute: who may open', () => {
  it('refuses a buyer who is not the order’s buyer (NotPermitted)', () => {
    dispute.when(openNotReceived({ at: day(3), by: { role: 'buyer', id: 'buyer-2' } })).thenFails('NotPermitted', (e) => {
      expect(e.message).toContain('buyer-1');
    });
  });

  it.each(['seller', 'mediator', 'system'] as const)('refuses the %s (NotPermitted)', (by) => {
    dispute.when(openNotReceived({ at: day(3), by })).thenFails('NotPermitted', (e) => e.message.includes(`A ${by} cannot open`));
  });

  it('refuses a second opening of the same stream (DisputeAlreadyOpened)', () => {
    dispute.givenCommands([openNotReceived({ at: day(3) })]).when(openNotReceived({ at: day(4) })).thenFails('DisputeAlreadyOpened');
  });

  it('does nothing when the same OpenDispute is repeated with its commandId (idempotent)', () => {
    const open = openNotReceived({ at: day(3), commandId: 'open-once' });
    dispute.givenCommands([open]).when(open).thenNothing();
  });
});

describe('OpenDispute: the protection window', () => {
  it('seed: accepts up to exactly 30 days after payment, refuses a millisecond later', () => {
    dispute.when(openNotReceived({ at: day(30) })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute
      .when(openNotReceived({ at: plusDays(PAID_AT, 30, 1) }))
      .thenFails('OutsideProtectionWindow', (e) => e.details?.closesAt === day(30));
  });

  it('seed: refuses an opening dated before the payment', () => {
    dispute.when(openNotReceived({ at: day(0, -1) })).thenFails('OutsideProtectionWindow', (e) => e.details?.paidAt === PAID_AT);
  });

  it('aliexpress: opens 10 days after shipment', () => {
    dispute
      .when(openNotReceived({ at: plusDays(day(11), 0, -1), policy: 'aliexpress' }))
      .thenFails('OutsideProtectionWindow', (e) => e.details?.opensAt === day(11));
    dispute.when(openNotReceived({ at: day(11), policy: 'aliexpress' })).thenState((s) => s.status === 'AWAITING_SELLER');
  });

  it('aliexpress: refuses an order that has not shipped (missing opening anchor)', () => {
    dispute
      .when(openNotReceived({ at: day(11), policy: 'aliexpress', order: { shippedAt: undefined } }))
      .thenFails('OutsideProtectionWindow', (e) => e.message.includes('shipment'));
  });

  it('aliexpress: closes 15 days after the delivery deadline when receipt was not confirmed', () => {
    dispute.when(openNotReceived({ at: day(40), policy: 'aliexpress' })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute
      .when(openNotReceived({ at: plusDays(day(40), 0, 1), policy: 'aliexpress' }))
      .thenFails('OutsideProtectionWindow', (e) => e.details?.closesAt === day(40));
  });

  it('aliexpress: closes 15 days after receipt when the buyer confirmed it', () => {
    // receipt confirmed on day 6: closes on day 21, although the delivery deadline (day 25) would allow day 40
    dispute.when(openKeptItem({ at: day(21), policy: 'aliexpress' })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute
      .when(openKeptItem({ at: day(22), policy: 'aliexpress' }))
      .thenFails('OutsideProtectionWindow', (e) => e.details?.closesAt === day(21));
  });

  it('aliexpress: refuses when neither receipt nor a delivery deadline is known (missing closing anchor)', () => {
    dispute
      .when(openNotReceived({ at: day(12), policy: 'aliexpress', order: { deliveryDeadlineAt: undefined } }))
      .thenFails('OutsideProtectionWindow', (e) => e.message.includes('which this order does not have yet'));
  });

  it('ebay: closes 30 days after the estimated delivery, later than seed would', () => {
    dispute.when(openNotReceived({ at: day(55), policy: 'ebay' })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute
      .when(openNotReceived({ at: plusDays(day(55), 0, 1), policy: 'ebay' }))
      .thenFails('OutsideProtectionWindow', (e) => e.details?.closesAt === day(55));
  });

  it('ebay: refuses an order without an estimated delivery date (missing anchor)', () => {
    dispute
      .when(openNotReceived({ at: day(5), policy: 'ebay', order: { deliveryDeadlineAt: undefined } }))
      .thenFails('OutsideProtectionWindow', (e) => e.message.includes('the delivery deadline'));
  });

  it('a window counted from delivery refuses an order never delivered', () => {
    const fromDelivery = policyWith('seed', { openWindow: { closes: { from: 'DELIVERED_AT', after: { days: 30 } } } });
    dispute.when(openNotReceived({ at: day(5), policy: fromDelivery })).thenFails('OutsideProtectionWindow');
    dispute.when(openKeptItem({ at: day(36), policy: fromDelivery })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute.when(openKeptItem({ at: day(37), policy: fromDelivery })).thenFails('OutsideProtectionWindow');
  });

  it('a window measured in business days skips weekends', () => {
    // paid Monday 2 March 10:00; 5 business days later is Monday 9 March 10:00 (day 7)
    const businessWindow = policyWith('seed', { openWindow: { closes: { from: 'PAID_AT', after: { businessDays: 5 } } } });
    dispute.when(openNotReceived({ at: day(7), policy: businessWindow })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute.when(openNotReceived({ at: day(7, 1), policy: businessWindow })).thenFails('OutsideProtectionWindow');
  });
});

describe('OpenDispute: kind, reason and item received must agree (§2)', () => {
  const changedMindOk = policyWith('seed', { allowNoReasonReturns: true });

  it('refuses NOT_RECEIVED with itemReceived = true', () => {
    dispute
      .when(openNotReceived({ at: day(3), fields: { itemReceived: true }, evidence: [evidenceJson('e1')] }))
      .thenFails('InconsistentDisputeKind');
  });

  it('refuses NOT_RECEIVED as a return', () => {
    dispute.when(openNotReceived({ at: day(3), fields: { kind: 'RETURN_AND_REFUND' } })).thenFails('InconsistentDisputeKind');
  });

  it('refuses NOT_AS_DESCRIBED for an item not received', () => {
    dispute.when(openKeptItem({ at: day(8), fields: { itemReceived: false } })).thenFails('InconsistentDisputeKind');
  });

  it('refuses CHANGED_MIND unless the policy allows returns without a reason (NoReasonReturnsNotAllowed)', () => {
    const changedMind = { reason: { group: 'CHANGED_MIND', code: 'CHANGED_MIND' } };
    dispute.when(openReturn({ at: day(8), fields: changedMind })).thenFails('NoReasonReturnsNotAllowed');
    dispute
      .when(openReturn({ at: day(8), fields: changedMind, policy: changedMindOk }))
      .thenState((s) => s.status !== 'NONE' && s.reason.group === 'CHANGED_MIND');
  });

  it('refuses CHANGED_MIND as refund-only', () => {
    dispute
      .when(openReturn({ at: day(8), fields: { reason: { group: 'CHANGED_MIND', code: 'CHANGED_MIND' }, kind: 'REFUND_ONLY' }, policy: changedMindOk }))
      .thenFails('InconsistentDisputeKind', (e) => e.message.includes('return-and-refund'));
  });

  it('refuses a return of an item that was not received', () => {
    dispute
      .when(openReturn({ at: day(8), fields: { reason: { group: 'CHANGED_MIND', code: 'CHANGED_MIND' }, itemReceived: false }, policy: changedMindOk }))
      .thenFails('InconsistentDisputeKind', (e) => e.message.includes('only be returned if it was received'));
  });
});

describe('OpenDispute: evidence and cancellation', () => {
  it('requires evidence when the item was received (EvidenceRequired), unless the policy does not', () => {
    dispute.when(openKeptItem({ at: day(8), evidence: [] })).thenFails('EvidenceRequired');
    dispute.when(openKeptItem({ at: day(8), evidence: [], policy: 'paypal' })).thenState((s) => s.status === 'AWAITING_SELLER');
  });

  it('refuses more evidence than the policy allows per party (EvidenceLimitReached)', () => {
    const onePiece = policyWith('seed', { maxEvidencePerParty: 1 });
    dispute
      .when(openKeptItem({ at: day(8), policy: onePiece, evidence: [evidenceJson('e1'), evidenceJson('e2')] }))
      .thenFails('EvidenceLimitReached');
    dispute.when(openKeptItem({ at: day(8), policy: onePiece, evidence: [evidenceJson('e1')] })).thenState((s) => s.status === 'AWAITING_SELLER');
  });

  it('refuses the same evidence id twice (DuplicateEvidence)', () => {
    dispute.when(openKeptItem({ at: day(8), evidence: [evidenceJson('e1'), evidenceJson('e1')] })).thenFails('DuplicateEvidence');
  });

  it('requires a refused cancellation when the policy says so (CancellationNotRefused)', () => {
    const cancelFirst = policyWith('paypal', { name: 'cancel-first', requireCancellationRefused: true });
    const neverAsked = { cancellationRefusedAt: undefined };
    dispute.when(openNotReceived({ at: day(3), policy: cancelFirst, order: neverAsked })).thenFails('CancellationNotRefused', (e) => {
      expect(e.message).toContain('cancellationRefusedAt');
      expect(e.message).toContain('cancel-first');
      expect(e.details).toEqual({ missing: 'order.cancellationRefusedAt' });
    });
    dispute
      .when(openNotReceived({ at: day(3), policy: cancelFirst, order: { cancellationRefusedAt: day(2) } }))
      .thenState((s) => s.status === 'AWAITING_SELLER');
  });

  it('seed (the default) opens only after the seller refused to cancel: the refusal names the missing cancellationRefusedAt', () => {
    const neverAsked = { cancellationRefusedAt: undefined };
    for (const policy of [undefined, 'seed'] as const) {
      dispute.when(openNotReceived({ at: day(3), order: neverAsked, ...(policy === undefined ? {} : { policy }) })).thenFails('CancellationNotRefused', (e) => {
        expect(e.message).toContain('The seed policy');
        expect(e.message).toContain('order.cancellationRefusedAt');
        expect(e.details).toEqual({ missing: 'order.cancellationRefusedAt' });
      });
    }
    dispute.when(openNotReceived({ at: day(3), order: { cancellationRefusedAt: day(2) } })).thenState((s) => s.status === 'AWAITING_SELLER');
  });

  it('the other presets open without a refused cancellation', () => {
    const neverAsked = { cancellationRefusedAt: undefined };
    dispute.when(openNotReceived({ at: day(11), policy: 'aliexpress', order: neverAsked })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute.when(openNotReceived({ at: day(3), policy: 'paypal', order: neverAsked })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute.when(openNotReceived({ at: day(3), policy: 'ebay', order: neverAsked })).thenState((s) => s.status === 'AWAITING_SELLER');
  });
});

describe('OpenDispute: the order and the requested amount', () => {
  it('refuses an order already refunded in full (NothingRefundable)', () => {
    dispute.when(openNotReceived({ at: day(3), order: { alreadyRefunded: usd(PRICE) } })).thenFails('NothingRefundable');
  });

  it('refuses an inconsistent order snapshot (InvalidOrder)', () => {
    dispute.when(openNotReceived({ at: day(3), order: { alreadyRefunded: usd(0, 'EUR') } })).thenFails('InvalidOrder');
    dispute.when(openNotReceived({ at: day(3), order: { alreadyRefunded: usd(PRICE + 1) } })).thenFails('InvalidOrder');
  });

  it('refuses a request of zero (AmountMustBePositive)', () => {
    dispute.when(openKeptItem({ at: day(8), requested: 0 })).thenFails('AmountMustBePositive');
  });

  it('refuses a request above refundable (RefundExceedsRefundable)', () => {
    dispute.when(openKeptItem({ at: day(8), requested: PRICE + 1 })).thenFails('RefundExceedsRefundable');
  });

  it('refuses a request in another currency (CurrencyMismatch)', () => {
    dispute.when(openKeptItem({ at: day(8), currency: 'EUR' })).thenFails('CurrencyMismatch', (e) => {
      expect(e.details).toEqual({ expected: 'USD', actual: 'EUR' });
    });
  });

  it('requires the full refund for an item not received (FullRefundRequired)', () => {
    dispute.when(openNotReceived({ at: day(3), requested: PRICE - 1 })).thenFails('FullRefundRequired');
  });

  it('requires the full refund for a return, unless the policy allows partial returns', () => {
    dispute.when(openReturn({ at: day(8), requested: 6_000 })).thenFails('FullRefundRequired');
    dispute
      .when(openReturn({ at: day(8), requested: 6_000, policy: policyWith('seed', { allowPartialOnReturn: true }) }))
      .thenState((s) => s.status !== 'NONE' && s.requested.amount === 6_000);
  });

  it('lets a buyer who keeps the item ask for the full price, unless the policy is strict (PartialRefundRequired)', () => {
    const lenient = policyWith('seed', { name: 'lenient', strictPartialForKeptItem: false });
    dispute.when(openKeptItem({ at: day(8), requested: PRICE, policy: lenient })).thenState((s) => s.status === 'AWAITING_SELLER');
    dispute
      .when(openKeptItem({ at: day(8), requested: PRICE, policy: policyWith('paypal', { strictPartialForKeptItem: true }) }))
      .thenFails('PartialRefundRequired');
  });

  it('seed (the default): a buyer who keeps the item asks for a partial refund, never the full price (PartialRefundRequired)', () => {
    dispute.when(openKeptItem({ at: day(8), requested: PRICE })).thenFails('PartialRefundRequired');
    dispute.when(openKeptItem({ at: day(8), requested: PRICE - 1 })).thenState((s) => s.status === 'AWAITING_SELLER');
    // an item never received is still refunded in full
    dispute.when(openNotReceived({ at: day(3), requested: PRICE })).thenState((s) => s.status === 'AWAITING_SELLER');
  });
});

describe('Before a dispute is opened', () => {
  it('refuses every other command (DisputeNotFound)', () => {
    dispute.when(cancelDispute({ at: day(3) })).thenFails('DisputeNotFound');
    dispute.when(expireDeadline({ at: day(9), kind: 'SELLER_RESPONSE', dueAt: day(8) })).thenFails('DisputeNotFound');
  });
});
