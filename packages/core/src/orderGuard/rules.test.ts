import type { Instant } from '../codecs/instant';
import type { Outcome } from '../dispute/events';
import type { OrderSnapshot } from '../dispute/vocabulary';
import type { Money } from '../money/money';
import { policies } from '../policy/presets';
import { checkOrderGuardRules, type ReservationStatus, type ResolvedReservation } from './rules';
import type { GuardEntry } from './state';

const usd = (amount: number, currency = 'USD') => ({ amount, currency }) as Money;
const order = (alreadyRefunded: number, currency = 'USD') =>
  ({ orderId: 'o', buyerId: 'b', sellerId: 's', paid: usd(10_000, currency), alreadyRefunded: usd(alreadyRefunded, currency), paidAt: '2026-03-01T00:00:00.000Z' }) as OrderSnapshot;
const entry = (disputeId: string): GuardEntry => ({ reservation: { disputeId } as GuardEntry['reservation'], reservedVersion: 1 });
const closed = (disputeId: string, refunded: number, outcome: Outcome = refunded > 0 ? 'REFUNDED_PARTIAL' : 'SELLER_FAVOUR', currency = 'USD'): ResolvedReservation => ({
  entry: entry(disputeId),
  status: { kind: 'CLOSED', outcome, refunded: usd(refunded, currency), closedAt: CLOSED_AT, recorded: true },
});
const with_ = (disputeId: string, status: ReservationStatus): ResolvedReservation => ({ entry: entry(disputeId), status });
const seed = policies.seed;
const CLOSED_AT = '2026-03-10T00:00:00.000Z' as Instant;
const LATER = '2026-03-11T00:00:00.000Z' as Instant;

describe('checkOrderGuardRules', () => {
  it('allows the first dispute of an order', () => {
    expect(checkOrderGuardRules('o', order(0), seed, LATER, [])).toBeUndefined();
  });

  it('refuses while another dispute is open, naming it', () => {
    expect(checkOrderGuardRules('o', order(0), { ...seed, maxDisputesPerOrder: 9 }, LATER, [closed('d0', 0), with_('d1', { kind: 'OPEN' })])).toMatchObject({
      _tag: 'OrderHasOpenDispute',
      openDisputeId: 'd1',
    });
  });

  it('counts closed disputes towards the limit, void reservations not', () => {
    const earlier = [closed('d1', 0), with_('dv', { kind: 'VOID', recorded: false })];
    expect(checkOrderGuardRules('o', order(0), seed, LATER, earlier)).toBeUndefined();
    expect(checkOrderGuardRules('o', order(0), { ...seed, maxDisputesPerOrder: 1 }, LATER, earlier)).toMatchObject({ _tag: 'DisputeLimitReached', limit: 1, opened: 1 });
  });

  it('refuses a reopening after a buyer cancellation only when the policy says so', () => {
    const earlier = [closed('d1', 0, 'CANCELLED_BY_BUYER')];
    expect(checkOrderGuardRules('o', order(0), seed, LATER, earlier)).toBeUndefined();
    expect(checkOrderGuardRules('o', order(0), { ...seed, reopenAfterCancel: false }, LATER, earlier)).toMatchObject({
      _tag: 'ReopenAfterCancelNotAllowed',
      cancelledDisputeId: 'd1',
    });
    expect(checkOrderGuardRules('o', order(0), { ...seed, reopenAfterCancel: false }, LATER, [closed('d1', 0, 'SELLER_FAVOUR')])).toBeUndefined();
  });

  it('requires alreadyRefunded to cover the sum of earlier refunds', () => {
    const earlier = [closed('d1', 1_500), closed('d2', 2_500)];
    const policy = { ...seed, maxDisputesPerOrder: 3 };
    expect(checkOrderGuardRules('o', order(3_999), policy, LATER, earlier)).toMatchObject({
      _tag: 'AlreadyRefundedTooLow',
      refundedByEarlierDisputes: usd(4_000),
    });
    expect(checkOrderGuardRules('o', order(4_000), policy, LATER, earlier)).toBeUndefined();
    expect(checkOrderGuardRules('o', order(4_500), policy, LATER, earlier)).toBeUndefined();
  });

  it('refuses an opening dated before an earlier dispute of the order closed', () => {
    expect(checkOrderGuardRules('o', order(0), seed, '2026-03-09T23:59:59.999Z' as Instant, [closed('d1', 0)])).toMatchObject({
      _tag: 'OrderTimeWentBackwards',
      earlierDisputeId: 'd1',
      closedAt: CLOSED_AT,
    });
    expect(checkOrderGuardRules('o', order(0), seed, CLOSED_AT, [closed('d1', 0)])).toBeUndefined();
    const unknownClose = with_('d1', { kind: 'CLOSED', outcome: 'SELLER_FAVOUR', refunded: usd(0), closedAt: undefined, recorded: true });
    expect(checkOrderGuardRules('o', order(0), seed, '2020-01-01T00:00:00.000Z' as Instant, [unknownClose])).toBeUndefined();
  });

  it('refuses a snapshot in another currency', () => {
    expect(checkOrderGuardRules('o', order(0, 'EUR'), seed, LATER, [closed('d1', 0)])).toMatchObject({ _tag: 'OrderCurrencyMismatch', expected: 'USD', actual: 'EUR' });
  });
});
