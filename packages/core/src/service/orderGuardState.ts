import * as E from 'fp-ts/lib/Either.js';
import type { CorruptEvent, RecordedEvent, StreamId } from '../eventStore/eventStore';
import { corruptEvent } from '../eventStore/storeErrors';
import { headHashOf } from '../audit/eventHash';
import { orderGuardStreamId, parseOrderGuardEvent, type OrderDisputeReleased, type OrderDisputeReserved } from './orderGuardEvents';

/** One dispute the guard has reserved for the order, and its release once recorded. */
export interface GuardEntry {
  readonly reservation: OrderDisputeReserved['data'];
  /** Version of the reservation in the guard stream. */
  readonly reservedVersion: number;
  readonly release?: OrderDisputeReleased['data'];
}

/** The guard stream of one order, folded: its version and its reservations in order. */
export interface OrderGuardState {
  readonly streamId: StreamId;
  readonly orderId: string;
  /** The stream's version, the expected version of the guard's next append (0: no stream). */
  readonly version: number;
  /** The hash-chain head of the stream (`GENESIS_HASH` when empty), which the next append links to. */
  readonly headHash: string;
  readonly entries: ReadonlyArray<GuardEntry>;
}

/**
 * Folds the stored events of `order-{orderId}`. A stored event that does not decode, or that names
 * another order, is a `CorruptEvent` naming the stream and version. Only the first reservation of a
 * dispute and its first release count (the service never writes more; later ones are ignored).
 */
export const foldOrderGuard = (orderId: string, stored: ReadonlyArray<RecordedEvent>): E.Either<CorruptEvent, OrderGuardState> => {
  const streamId = orderGuardStreamId(orderId);
  const entries: GuardEntry[] = [];
  const byDispute = new Map<string, number>();
  for (const raw of stored) {
    const decoded = parseOrderGuardEvent({ type: raw.type, data: raw.data });
    if (E.isLeft(decoded)) return E.left(corruptEvent(streamId, raw.version, decoded.left.message, raw.globalPosition));
    const event = decoded.right;
    if (event.data.orderId !== orderId) {
      return E.left(corruptEvent(streamId, raw.version, `the event belongs to order ${event.data.orderId}, not ${orderId}`, raw.globalPosition));
    }
    const index = byDispute.get(event.data.disputeId);
    if (event.type === 'OrderDisputeReserved') {
      if (index === undefined) {
        byDispute.set(event.data.disputeId, entries.length);
        entries.push({ reservation: event.data, reservedVersion: raw.version });
      }
    } else if (index !== undefined && entries[index]!.release === undefined) {
      entries[index] = { ...entries[index]!, release: event.data };
    }
  }
  const last = stored[stored.length - 1];
  return E.right({ streamId, orderId, version: last === undefined ? 0 : last.version, headHash: headHashOf(last), entries });
};
