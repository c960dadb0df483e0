import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  day,
  eventFrom,
  expireDeadline,
  issueRefund,
  openNotReceived,
  PRICE,
  policyWith,
  recordRefundFailure,
  retryRefund,
  spec,
  usd,
} from '../testing';
import { parseEvent } from './parse';
import { disputeDecider } from './decider';

/** Process rules §5.5: a refund that keeps failing is blocked for a mediator, who retries it; the dispute still closes. */
const dispute = spec(disputeDecider);

// Full refund of 100.00 USD agreed on day 2 (seed: REFUND_DUE 5 days, maxRefundFailures 3).
const fullRefundDue = dispute.givenCommands([openNotReceived({ at: day(1) }), acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' })]);
const oneFailure = fullRefundDue.givenCommands([recordRefundFailure({ at: day(3), attempt: 1 })]);

describe('a refund that keeps failing', () => {
  it('the first failure starts REFUND_DUE; later ones do not restart it', () => {
    expect(opened(oneFailure.state).deadlines).toEqual([{ kind: 'REFUND_DUE', dueAt: day(8) }]);
    const second = recordRefundFailure({ at: day(4), attempt: 2 });
    oneFailure.when(second).then([eventFrom(second, 'RefundFailed', { attempt: 2, errorCode: 'gateway_timeout', retryable: true })]);
  });

  it('a permanent failure blocks the dispute at once: RefundFailed(permanent), RefundBlocked(PERMANENT_FAILURE)', () => {
    const failure = recordRefundFailure({ at: day(3), attempt: 1, errorCode: 'account_closed', retryable: false, permanent: true });
    fullRefundDue
      .when(failure)
      .then([
        eventFrom(failure, 'RefundFailed', { attempt: 1, errorCode: 'account_closed', retryable: false, permanent: true }),
        eventFrom(failure, 'RefundBlocked', { reason: 'PERMANENT_FAILURE', failures: 1 }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('REFUND_BLOCKED');
        expect(opened(s).deadlines).toEqual([]);
      });
  });

  it('the maxRefundFailures-th failure blocks the dispute (TOO_MANY_FAILURES)', () => {
    const third = recordRefundFailure({ at: day(5), attempt: 3 });
    oneFailure
      .givenCommands([recordRefundFailure({ at: day(4), attempt: 2 })])
      .when(third)
      .then([
        eventFrom(third, 'RefundFailed', { attempt: 3, errorCode: 'gateway_timeout', retryable: true }),
        eventFrom(third, 'RefundBlocked', { reason: 'TOO_MANY_FAILURES', failures: 3 }),
      ])
      .thenState((s) => expect(s.status).toBe('REFUND_BLOCKED'));
  });

  it('follows the policy: maxRefundFailures 1 blocks on the first failure', () => {
    const strict = policyWith('seed', { maxRefundFailures: 1 });
    const failure = recordRefundFailure({ at: day(3) });
    dispute
      .givenCommands([openNotReceived({ at: day(1), policy: strict }), acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' })])
      .when(failure)
      .then([
        eventFrom(failure, 'RefundFailed', { attempt: 1, errorCode: 'gateway_timeout', retryable: true }),
        eventFrom(failure, 'RefundBlocked', { reason: 'TOO_MANY_FAILURES', failures: 1 }),
      ]);
  });

  it('REFUND_DUE passing blocks the dispute (REFUND_OVERDUE)', () => {
    const expiry = expireDeadline({ at: day(8), kind: 'REFUND_DUE', dueAt: day(8) });
    oneFailure
      .when(expiry)
      .then([
        eventFrom(expiry, 'DeadlineExpired', { kind: 'REFUND_DUE', dueAt: day(8) }),
        eventFrom(expiry, 'RefundBlocked', { reason: 'REFUND_OVERDUE', failures: 1 }),
      ])
      .thenState((s) => expect(s.status).toBe('REFUND_BLOCKED'));
  });

  it('no refund goes out while blocked (NotAllowedInStatus), and no more failures are recorded', () => {
    const blocked = fullRefundDue.givenCommands([recordRefundFailure({ at: day(3), permanent: true })]);
    blocked.when(issueRefund({ at: day(4), amount: PRICE })).thenFails('NotAllowedInStatus', (e) => e.details?.status === 'REFUND_BLOCKED');
    blocked.when(recordRefundFailure({ at: day(4), attempt: 2 })).thenFails('NotAllowedInStatus');
  });

  it('a mediator retries: RefundRetried, AWAITING_REFUND with the failures counted afresh; the refund then closes the dispute', () => {
    const blocked = fullRefundDue.givenCommands([recordRefundFailure({ at: day(3), permanent: true })]);
    const retry = retryRefund({ at: day(4), note: 'Buyer gave a new card.' });
    blocked
      .when(retry)
      .then([eventFrom(retry, 'RefundRetried', { note: 'Buyer gave a new card.' })])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_REFUND');
        expect(opened(s).refundFailures).toBe(0);
      });
    const refund = issueRefund({ at: day(5), amount: PRICE });
    blocked
      .givenCommands([retry])
      .when(refund)
      .then([
        eventFrom(refund, 'RefundIssued', { refundId: 'refund-1', amount: usd(PRICE), gatewayReference: 'gw-ref-1', idempotencyKey: 'dispute:dispute-1:refund' }),
        eventFrom(refund, 'DisputeClosed', { outcome: 'REFUNDED_FULL', refunded: usd(PRICE) }),
      ]);
  });

  it('refuses a retry of a refund that is not blocked, and from anyone but a mediator', () => {
    oneFailure.when(retryRefund({ at: day(4) })).thenFails('NotAllowedInStatus');
    const blocked = fullRefundDue.givenCommands([recordRefundFailure({ at: day(3), permanent: true })]);
    for (const by of ['buyer', 'seller', 'system'] as const) blocked.when(retryRefund({ at: day(4), by })).thenFails('NotPermitted');
  });

  it('an old RefundFailed without the permanent flag decodes as not permanent', () => {
    const old = {
      type: 'RefundFailed',
      data: { disputeId: 'd-1', at: day(3), by: { role: 'system', id: 'payments' }, commandId: 'c-1', attempt: 1, errorCode: 'x', retryable: true },
    };
    const decoded = parseEvent(old);
    expect(decoded._tag).toBe('Right');
    if (decoded._tag === 'Right' && decoded.right.type === 'RefundFailed') expect(decoded.right.data.permanent).toBeUndefined();
  });
});
