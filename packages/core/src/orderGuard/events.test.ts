import * as E from 'fp-ts/lib/Either.js';
import { encodeEvent, parseEvent } from '../dispute/parse';
import { command } from '../testing/fixtures';
import { decide } from '../dispute/decide';
import { initialState } from '../dispute/state';
import { orderGuardStreamId } from '../eventStore/streamIds';
import type { OrderGuardEvent } from './events';
import { encodeOrderGuardEvent, parseOrderGuardEvent } from './internal/eventCodecs';
import { openJson } from '../testing/internal/commandJson';

const opened = () => {
  const decision = decide(command(openJson({ disputeId: 'd1', commandId: 'c1' })), initialState);
  if (E.isLeft(decision)) throw new Error(decision.left.message);
  return decision.right;
};

const roundTrip = (event: OrderGuardEvent) => {
  const json = JSON.parse(JSON.stringify(encodeOrderGuardEvent(event))) as { type: string; data: unknown };
  return parseOrderGuardEvent(json);
};

describe('order guard events', () => {
  it('names the guard stream after the order', () => {
    expect(orderGuardStreamId('o-17')).toBe('order-o-17');
  });

  it('round-trips a reservation, with the reserved dispute events decoded by the dispute codecs', () => {
    const events = opened();
    const reserved: OrderGuardEvent = {
      type: 'OrderDisputeReserved',
      data: { orderId: 'order-1', disputeId: 'd1', commandId: 'c1', reservedAt: '2026-04-01T00:00:00.000Z', events },
    } as OrderGuardEvent;
    const decoded = roundTrip(reserved);
    expect(decoded).toEqual(E.right(reserved));
    expect(E.isRight(decoded) && decoded.right.type === 'OrderDisputeReserved' && decoded.right.data.events.map(encodeEvent)).toEqual(events.map(encodeEvent));
  });

  it('round-trips releases, with and without an outcome', () => {
    for (const data of [
      { orderId: 'order-1', disputeId: 'd1', reason: 'CLOSED', refunded: { amount: 400, currency: 'USD' }, releasedAt: '2026-04-01T00:00:00.000Z', outcome: 'REFUNDED_PARTIAL', closedAt: '2026-03-20T00:00:00.000Z' },
      { orderId: 'order-1', disputeId: 'd1', reason: 'VOID', refunded: { amount: 0, currency: 'USD' }, releasedAt: '2026-04-01T00:00:00.000Z' },
    ]) {
      const released = { type: 'OrderDisputeReleased', data } as OrderGuardEvent;
      expect(roundTrip(released)).toEqual(E.right(released));
    }
  });

  it('tolerates unknown fields written by newer versions', () => {
    const decoded = parseOrderGuardEvent({
      type: 'OrderDisputeReleased',
      data: { orderId: 'o', disputeId: 'd', reason: 'VOID', refunded: { amount: 0, currency: 'USD' }, releasedAt: '2026-04-01T00:00:00Z', extra: 1 },
    });
    expect(E.isRight(decoded) && decoded.right.data).not.toHaveProperty('extra');
  });

  it('says what is wrong with a bad guard event, with paths', () => {
    const unknown = parseOrderGuardEvent({ type: 'OrderDisputeReopened', data: {} });
    expect(E.isLeft(unknown) && unknown.left.message).toContain('type');
    const bad = parseOrderGuardEvent({ type: 'OrderDisputeReleased', data: { orderId: 'o', disputeId: 'd', reason: 'MAYBE', refunded: { amount: -1, currency: 'USD' }, releasedAt: 'yesterday' } });
    expect(E.isLeft(bad) && bad.left.issues.map((i) => i.path)).toEqual(['data.reason', 'data.refunded.amount', 'data.releasedAt']);
    const events = opened().map(encodeEvent) as Array<{ data: Record<string, unknown> }>;
    events[0]!.data.refundable = 'lots';
    const badReservation = parseOrderGuardEvent({
      type: 'OrderDisputeReserved',
      data: { orderId: 'o', disputeId: 'd1', commandId: 'c1', reservedAt: '2026-04-01T00:00:00Z', events },
    });
    expect(E.isLeft(badReservation) && badReservation.left.message).toContain('refundable');
    expect(E.isLeft(parseEvent(events[0]))).toBe(true);
  });
});
