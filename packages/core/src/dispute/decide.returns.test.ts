import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  cancelDispute,
  confirmReturnReceived,
  day,
  escalate,
  eventFrom,
  issueRuling,
  makeProposal,
  markReturnShipped,
  openReturn,
  plusDays,
  policyWith,
  PRICE,
  spec,
  usd,
} from '../testing';
import { disputeDecider } from './decider';

/** Who pays a refund when nothing moves it off the seller: the seller, by the policy's default. */
const sellerLiable = (refund: ReturnType<typeof usd>) => ({ seller: refund, platform: usd(0), cause: 'POLICY_DEFAULT' as const });

/**
 * Process rules §4, rows `MarkReturnShipped` and `ConfirmReturnReceived`, and the second mediation
 * round about a disputed return.
 */
const dispute = spec(disputeDecider);

// Opened on day 8 (return of the wrong item); the seller agrees on day 9: ship back before day 19.
const returnAgreed = dispute.givenCommands([openReturn({ at: day(8) }), acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })]);
// Shipped on day 12: the seller must confirm before day 22.
const returnShipped = returnAgreed.givenCommands([markReturnShipped({ at: day(12) })]);

describe('MarkReturnShipped', () => {
  it('the buyer ships with tracking: ReturnShipped starts RETURN_RECEIPT and stops RETURN_SHIPMENT', () => {
    const shipped = markReturnShipped({ at: day(12), carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    returnAgreed
      .when(shipped)
      .then([
        eventFrom(shipped, 'ReturnShipped', {
          carrier: 'UPS',
          trackingNumber: '1Z999AA10123456784',
          deadlines: [{ kind: 'RETURN_RECEIPT', dueAt: day(22) }],
        }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_RETURN_RECEIPT');
        expect(opened(s).deadlines).toEqual([{ kind: 'RETURN_RECEIPT', dueAt: day(22) }]);
        expect(opened(s).pendingReturn).toEqual({
          basis: 'AGREEMENT',
          refund: usd(PRICE),
          shipped: { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', at: day(12) },
        });
      });
  });

  it('accepts a shipment a millisecond before the deadline, refuses it at the deadline (ReturnDeadlinePassed)', () => {
    returnAgreed.when(markReturnShipped({ at: plusDays(day(19), 0, -1) })).thenState((s) => s.status === 'AWAITING_RETURN_RECEIPT');
    returnAgreed.when(markReturnShipped({ at: day(19) })).thenFails('ReturnDeadlinePassed', (e) => e.details?.dueAt === day(19));
  });

  it('refuses when no return is waiting to be shipped (NotAllowedInStatus)', () => {
    dispute
      .givenCommands([openReturn({ at: day(8) })])
      .when(markReturnShipped({ at: day(9) }))
      .thenFails('NotAllowedInStatus', (e) => e.details?.status === 'AWAITING_SELLER');
    returnShipped.when(markReturnShipped({ at: day(13) })).thenFails('NotAllowedInStatus');
  });

  it('refuses anyone but the buyer (NotPermitted)', () => {
    returnAgreed.when(markReturnShipped({ at: day(12), by: 'seller' })).thenFails('NotPermitted');
    returnAgreed.when(markReturnShipped({ at: day(12), by: 'mediator' })).thenFails('NotPermitted');
    returnAgreed.when(markReturnShipped({ at: day(12), by: 'system' })).thenFails('NotPermitted');
    returnAgreed.when(markReturnShipped({ at: day(12), by: { role: 'buyer', id: 'buyer-3' } })).thenFails('NotPermitted');
  });
});

describe('ConfirmReturnReceived', () => {
  it('AS_EXPECTED: ReturnReceived, Resolved on RETURN_CONFIRMED for the agreed refund', () => {
    const confirm = confirmReturnReceived({ at: day(15) });
    returnShipped
      .when(confirm)
      .then([
        eventFrom(confirm, 'ReturnReceived', { condition: 'AS_EXPECTED' }),
        eventFrom(confirm, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RETURN_CONFIRMED', refund: usd(PRICE), isFullRefund: true, liability: sellerLiable(usd(PRICE)) }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_REFUND');
        expect(opened(s).deadlines).toEqual([]);
        expect(opened(s).pendingReturn?.condition).toBe('AS_EXPECTED');
      });
  });

  it('AS_EXPECTED refunds the agreed partial amount when the policy allows partial returns', () => {
    const confirm = confirmReturnReceived({ at: day(15) });
    dispute
      .givenCommands([
        openReturn({ at: day(8), requested: 6_000, policy: policyWith('seed', { allowPartialOnReturn: true }) }),
        acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' }),
        markReturnShipped({ at: day(12) }),
      ])
      .when(confirm)
      .then([
        eventFrom(confirm, 'ReturnReceived', { condition: 'AS_EXPECTED' }),
        eventFrom(confirm, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RETURN_CONFIRMED', refund: usd(6_000), isFullRefund: false, liability: sellerLiable(usd(6_000)) }),
      ]);
  });

  it.each(['NOT_RECEIVED', 'DAMAGED', 'EMPTY_OR_DIFFERENT', 'MISSING_ITEMS'] as const)(
    '%s: ReturnReceived, then Escalated (RETURN_DISPUTED) into a second mediation round',
    (condition) => {
      const confirm = confirmReturnReceived({ at: day(15), condition });
      returnShipped
        .when(confirm)
        .then([eventFrom(confirm, 'ReturnReceived', { condition }), eventFrom(confirm, 'Escalated', { reason: 'RETURN_DISPUTED' })])
        .thenState((s) => {
          expect(s.status).toBe('UNDER_MEDIATION');
          expect(opened(s).mediationRound).toBe('RETURN');
          expect(opened(s).ruledInRound).toBe(false);
          expect(opened(s).deadlines).toEqual([]);
          expect(opened(s).pendingReturn?.condition).toBe(condition);
        });
    },
  );

  it('refuses when no shipped return waits for confirmation (NotAllowedInStatus)', () => {
    returnAgreed.when(confirmReturnReceived({ at: day(12) })).thenFails('NotAllowedInStatus', (e) => e.details?.status === 'AWAITING_RETURN_SHIPMENT');
  });

  it('refuses anyone but the order’s seller (NotPermitted)', () => {
    returnShipped.when(confirmReturnReceived({ at: day(15), by: 'buyer' })).thenFails('NotPermitted');
    returnShipped.when(confirmReturnReceived({ at: day(15), by: 'mediator' })).thenFails('NotPermitted');
    returnShipped.when(confirmReturnReceived({ at: day(15), by: 'system' })).thenFails('NotPermitted');
    returnShipped.when(confirmReturnReceived({ at: day(15), by: { role: 'seller', id: 'seller-2' } })).thenFails('NotPermitted');
  });
});

describe('The second mediation round (a disputed return)', () => {
  const disputedReturn = returnShipped.givenCommands([confirmReturnReceived({ at: day(15), condition: 'EMPTY_OR_DIFFERENT' })]);

  it('the mediator rules for the buyer: RulingIssued in round RETURN, Resolved on the ruling', () => {
    const ruling = issueRuling({ at: day(17), rulingId: 'ruling-return', outcome: 'BUYER_FAVOUR', refund: PRICE, rationale: 'The carrier weighed the parcel.' });
    disputedReturn
      .when(ruling)
      .then([
        eventFrom(ruling, 'RulingIssued', {
          rulingId: 'ruling-return',
          outcome: 'BUYER_FAVOUR',
          refund: usd(PRICE),
          returnRequired: false,
          rationale: 'The carrier weighed the parcel.',
          round: 'RETURN',
          liability: sellerLiable(usd(PRICE)),
        }),
        eventFrom(ruling, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RULING', refund: usd(PRICE), isFullRefund: true, liability: sellerLiable(usd(PRICE)) }),
      ])
      .thenState((s) => s.status === 'AWAITING_REFUND');
  });

  it('the mediator rules for the seller: closed with nothing refunded', () => {
    const ruling = issueRuling({ at: day(17), rulingId: 'ruling-return', outcome: 'SELLER_FAVOUR', refund: 0 });
    disputedReturn
      .when(ruling)
      .then([
        eventFrom(ruling, 'RulingIssued', {
          rulingId: 'ruling-return',
          outcome: 'SELLER_FAVOUR',
          refund: usd(0),
          returnRequired: false,
          rationale: 'The evidence supports this outcome.',
          round: 'RETURN',
          liability: sellerLiable(usd(0)),
        }),
        eventFrom(ruling, 'Resolved', { outcome: 'SELLER_FAVOUR', basis: 'RULING', refund: usd(0), isFullRefund: false, liability: sellerLiable(usd(0)) }),
        eventFrom(ruling, 'DisputeClosed', { outcome: 'SELLER_FAVOUR', refunded: usd(0) }),
      ])
      .thenState((s) => s.status === 'CLOSED');
  });

  it('refuses a ruling that requires another return (InconsistentRuling)', () => {
    disputedReturn
      .when(issueRuling({ at: day(17), outcome: 'BUYER_FAVOUR', refund: PRICE, returnRequired: true }))
      .thenFails('InconsistentRuling', (e) => e.message.includes('already happened'));
  });

  it('accepts no new proposal, acceptance, escalation or cancel', () => {
    disputedReturn.when(makeProposal({ at: day(16), by: 'mediator', proposalId: 'p-m', amount: 5_000 })).thenFails('AlreadySettled');
    disputedReturn.when(makeProposal({ at: day(16), by: 'buyer', proposalId: 'p-b', amount: PRICE, returnRequired: true })).thenFails('AlreadySettled');
    disputedReturn.when(acceptProposal({ at: day(16), by: 'seller', proposalId: 'p-open' })).thenFails('AlreadySettled');
    disputedReturn.when(escalate({ at: day(16) })).thenFails('NotAllowedInStatus');
    disputedReturn.when(cancelDispute({ at: day(16) })).thenFails('AlreadySettled');
  });

  it('allows a second ruling after a first-round ruling that required the return', () => {
    const ruled = dispute.givenCommands([
      openReturn({ at: day(8) }),
      escalate({ at: day(11) }),
      issueRuling({ at: day(12), rulingId: 'ruling-1', outcome: 'BUYER_FAVOUR', refund: PRICE, returnRequired: true }),
      markReturnShipped({ at: day(13) }),
      confirmReturnReceived({ at: day(15), condition: 'DAMAGED' }),
    ]);
    expect(opened(ruled.state).escalations).toBe(2);
    expect(opened(ruled.state).mediationRound).toBe('RETURN');
    const second = issueRuling({ at: day(16), rulingId: 'ruling-2', outcome: 'BUYER_FAVOUR', refund: 5_000 });
    ruled
      .when(second)
      .then([
        eventFrom(second, 'RulingIssued', {
          rulingId: 'ruling-2',
          outcome: 'BUYER_FAVOUR',
          refund: usd(5_000),
          returnRequired: false,
          rationale: 'The evidence supports this outcome.',
          round: 'RETURN',
          liability: sellerLiable(usd(5_000)),
        }),
        eventFrom(second, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RULING', refund: usd(5_000), isFullRefund: false, liability: sellerLiable(usd(5_000)) }),
      ]);
  });
});
