import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  day,
  eventFrom,
  issueRefund,
  makeProposal,
  openKeptItem,
  openNotReceived,
  openReturn,
  PRICE,
  recordRefundFailure,
  spec,
  usd,
} from '../testing';
import { refundIdempotencyKey } from './decide';
import { disputeDecider } from './decider';

/** Process rules §4, rows `IssueRefund` and `RecordRefundFailure`, and money rule §5.3–5.4. */
const dispute = spec(disputeDecider);

// Full refund of 100.00 USD agreed on day 2.
const fullRefundDue = dispute.givenCommands([openNotReceived({ at: day(1) }), acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' })]);
// Partial refund of 20.00 USD agreed on day 10.
const partialRefundDue = dispute.givenCommands([
  openKeptItem({ at: day(8) }),
  makeProposal({ at: day(9), proposalId: 'p-s1', amount: 2_000 }),
  acceptProposal({ at: day(10), proposalId: 'p-s1' }),
]);

describe('IssueRefund', () => {
  it('pays the resolved full refund: RefundIssued with the dispute’s idempotency key, DisputeClosed(REFUNDED_FULL)', () => {
    const refund = issueRefund({ at: day(3), amount: PRICE, refundId: 'rf-1', gatewayReference: 're_3Ox' });
    fullRefundDue
      .when(refund)
      .then([
        eventFrom(refund, 'RefundIssued', { refundId: 'rf-1', amount: usd(PRICE), gatewayReference: 're_3Ox', idempotencyKey: 'dispute:dispute-1:refund' }),
        eventFrom(refund, 'DisputeClosed', { outcome: 'REFUNDED_FULL', refunded: usd(PRICE) }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('CLOSED');
        expect(opened(s).refunded).toEqual(usd(PRICE));
        expect(opened(s).refund).toEqual({ refundId: 'rf-1', amount: usd(PRICE), gatewayReference: 're_3Ox', at: day(3) });
        expect(opened(s).outcome).toBe('REFUNDED_FULL');
      });
  });

  it('pays a partial refund: DisputeClosed(REFUNDED_PARTIAL)', () => {
    const refund = issueRefund({ at: day(11), amount: 2_000 });
    partialRefundDue
      .when(refund)
      .then([
        eventFrom(refund, 'RefundIssued', { refundId: 'refund-1', amount: usd(2_000), gatewayReference: 'gw-ref-1', idempotencyKey: 'dispute:dispute-1:refund' }),
        eventFrom(refund, 'DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: usd(2_000) }),
      ]);
  });

  it('the idempotency key is dispute:{disputeId}:refund', () => {
    expect(refundIdempotencyKey('d-42')).toBe('dispute:d-42:refund');
  });

  it('refuses an amount other than the resolved one (RefundAmountMismatch)', () => {
    partialRefundDue.when(issueRefund({ at: day(11), amount: 2_001 })).thenFails('RefundAmountMismatch', (e) => {
      expect(e.details).toEqual({ owed: usd(2_000), amount: usd(2_001) });
    });
    fullRefundDue.when(issueRefund({ at: day(3), amount: PRICE - 1 })).thenFails('RefundAmountMismatch');
  });

  it('refuses another currency (CurrencyMismatch)', () => {
    fullRefundDue.when(issueRefund({ at: day(3), amount: PRICE, currency: 'EUR' })).thenFails('CurrencyMismatch');
  });

  it('refuses when no refund is due (NotAllowedInStatus): during negotiation or before the return', () => {
    dispute
      .givenCommands([openNotReceived({ at: day(1) })])
      .when(issueRefund({ at: day(2), amount: PRICE }))
      .thenFails('NotAllowedInStatus', (e) => e.details?.status === 'AWAITING_SELLER');
    dispute
      .givenCommands([openReturn({ at: day(8) }), acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })])
      .when(issueRefund({ at: day(10), amount: PRICE }))
      .thenFails('NotAllowedInStatus', (e) => e.details?.status === 'AWAITING_RETURN_SHIPMENT');
  });

  it('refuses a second refund (DisputeClosed), and a repeat of the same command does nothing', () => {
    const refund = issueRefund({ at: day(3), amount: PRICE, commandId: 'refund-once' });
    const refunded = fullRefundDue.givenCommands([refund]);
    refunded.when(issueRefund({ at: day(4), amount: PRICE, refundId: 'rf-2' })).thenFails('DisputeClosed');
    refunded.when(refund).thenNothing();
  });

  it('refuses anyone but the system (NotPermitted)', () => {
    for (const by of ['buyer', 'seller', 'mediator'] as const) {
      fullRefundDue.when(issueRefund({ at: day(3), amount: PRICE, by })).thenFails('NotPermitted');
    }
  });
});

describe('RecordRefundFailure', () => {
  it('records a failed attempt: RefundFailed (the first starts REFUND_DUE), still awaiting the refund', () => {
    const failure = recordRefundFailure({ at: day(3), attempt: 1, errorCode: 'card_expired', retryable: false });
    fullRefundDue
      .when(failure)
      .then([eventFrom(failure, 'RefundFailed', { attempt: 1, errorCode: 'card_expired', retryable: false, deadlines: [{ kind: 'REFUND_DUE', dueAt: day(8) }] })])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_REFUND');
        expect(opened(s).refundFailures).toBe(1);
        expect(opened(s).resolution).toEqual(opened(fullRefundDue.state).resolution);
      });
  });

  it('a later attempt still pays once', () => {
    const refund = issueRefund({ at: day(4), amount: PRICE });
    fullRefundDue
      .givenCommands([recordRefundFailure({ at: day(3) }), recordRefundFailure({ at: day(3), attempt: 2 })])
      .when(refund)
      .then([
        eventFrom(refund, 'RefundIssued', { refundId: 'refund-1', amount: usd(PRICE), gatewayReference: 'gw-ref-1', idempotencyKey: 'dispute:dispute-1:refund' }),
        eventFrom(refund, 'DisputeClosed', { outcome: 'REFUNDED_FULL', refunded: usd(PRICE) }),
      ]);
  });

  it('refuses when no refund is due (NotAllowedInStatus), or after closure (DisputeClosed)', () => {
    dispute
      .givenCommands([openNotReceived({ at: day(1) })])
      .when(recordRefundFailure({ at: day(2) }))
      .thenFails('NotAllowedInStatus');
    fullRefundDue
      .givenCommands([issueRefund({ at: day(3), amount: PRICE })])
      .when(recordRefundFailure({ at: day(4) }))
      .thenFails('DisputeClosed');
  });

  it('refuses anyone but the system (NotPermitted)', () => {
    fullRefundDue.when(recordRefundFailure({ at: day(3), by: 'buyer' })).thenFails('NotPermitted');
    fullRefundDue.when(recordRefundFailure({ at: day(3), by: 'mediator' })).thenFails('NotPermitted');
  });
});
