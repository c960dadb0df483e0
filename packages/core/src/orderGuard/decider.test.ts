import type { Instant } from '../codecs/instant';
import type { OrderSnapshot } from '../dispute/vocabulary';
import type { Money } from '../money/money';
import { policies } from '../policy/presets';
import { expectLeft, expectRight } from '../testing/either';
import type { ReserveDispute } from './commands';
import { orderGuardDecider } from './decider';
import type { OrderDisputeReleased, OrderDisputeReserved, OrderGuardEvent } from './events';
import type { OrderGuardState } from './state';

const usd = (amount: number) => ({ amount, currency: 'USD' }) as Money;
const order = { orderId: 'o', buyerId: 'b', sellerId: 's', paid: usd(10_000), alreadyRefunded: usd(0), paidAt: '2026-03-01T00:00:00.000Z' } as OrderSnapshot;
const NOW = '2026-03-12T00:00:00.000Z' as Instant;
const fold = (events: ReadonlyArray<OrderGuardEvent>): OrderGuardState => events.reduce(orderGuardDecider.evolve, orderGuardDecider.initialState('o'));

const reserve = (disputeId: string, commandId: string, resolved: ReserveDispute['data']['resolved'] = []): ReserveDispute => ({
  type: 'ReserveDispute',
  data: { orderId: 'o', disputeId, commandId, order, policy: policies.seed, openedAt: NOW, events: [], recordedAt: NOW, resolved, now: NOW },
});
const reserved = (disputeId: string, commandId: string): OrderDisputeReserved =>
  ({ type: 'OrderDisputeReserved', data: { orderId: 'o', disputeId, commandId, reservedAt: NOW, events: [] } }) as unknown as OrderDisputeReserved;
const released = (disputeId: string, amount: number): OrderDisputeReleased =>
  ({ type: 'OrderDisputeReleased', data: { orderId: 'o', disputeId, reason: 'CLOSED', refunded: usd(amount), releasedAt: NOW } }) as OrderDisputeReleased;

describe('the order guard decider', () => {
  it('folds the first reservation of each dispute and its first release; later ones change nothing but the version', () => {
    const state = fold([reserved('d1', 'c1'), reserved('d1', 'c2'), released('d1', 100), released('d1', 200), reserved('d2', 'c3')]);
    expect(state.version).toBe(5);
    expect(state.entries.map((e) => [e.reservation.disputeId, e.reservation.commandId, e.reservedVersion, e.release?.refunded.amount])).toEqual([
      ['d1', 'c1', 1, 100],
      ['d2', 'c3', 5, undefined],
    ]);
  });

  it('reserves a dispute, after recording the releases the resolution found missing', () => {
    const state = fold([reserved('d1', 'c1')]);
    const entry = state.entries[0]!;
    const events = expectRight(
      orderGuardDecider.decide(reserve('d2', 'c2', [{ entry, status: { kind: 'VOID', recorded: false } }]), state),
    );
    expect(events.map((e) => [e.type, e.data.disputeId])).toEqual([
      ['OrderDisputeReleased', 'd1'],
      ['OrderDisputeReserved', 'd2'],
    ]);
    expect(events[0]!.data).toMatchObject({ reason: 'VOID', refunded: usd(0), releasedAt: NOW });
  });

  it('refuses a reservation the per-order rules forbid', () => {
    const state = fold([reserved('d1', 'c1')]);
    const refusal = expectLeft(orderGuardDecider.decide(reserve('d2', 'c2', [{ entry: state.entries[0]!, status: { kind: 'OPEN' } }]), state));
    expect(refusal._tag).toBe('OrderHasOpenDispute');
  });

  it('releases a closed dispute once, and only the reservation its opening fulfilled', () => {
    const release = (openingCommandId: string) =>
      ({ type: 'ReleaseClosedDispute', data: { disputeId: 'd1', openingCommandId, outcome: 'REFUNDED_PARTIAL', refunded: usd(300), closedAt: NOW, now: NOW } }) as const;
    const open = fold([reserved('d1', 'c1')]);
    expect(expectRight(orderGuardDecider.decide(release('c1'), open))).toEqual([
      { type: 'OrderDisputeReleased', data: { orderId: 'o', disputeId: 'd1', reason: 'CLOSED', refunded: usd(300), releasedAt: NOW, outcome: 'REFUNDED_PARTIAL', closedAt: NOW } },
    ]);
    expect(expectRight(orderGuardDecider.decide(release('other'), open))).toEqual([]);
    expect(expectRight(orderGuardDecider.decide(release('c1'), fold([reserved('d1', 'c1'), released('d1', 300)])))).toEqual([]);
  });
});
