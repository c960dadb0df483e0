import * as E from 'fp-ts/lib/Either.js';
import { chainNewEvents, headHashOf } from '../../audit/eventHash';
import { foldEvents } from '../../commandLoop/decider';
import type { CorruptEvent, EventStore, ExpectedVersion, NewEvent, RecordedEvent, StoreError, StreamAppend, StreamId } from '../../eventStore/eventStore';
import { corruptEvent } from '../../eventStore/storeErrors';
import { orderGuardStreamId } from '../../eventStore/streamIds';
import type { OrderGuardEvent } from '../../orderGuard/events';
import { encodeOrderGuardEvent, parseOrderGuardEvent } from '../../orderGuard/internal/eventCodecs';
import { evolveOrderGuard, initialOrderGuardState, type OrderGuardState } from '../../orderGuard/state';
import { deterministicId } from '../eventIds';

/** The schema version of the guard's events. */
const GUARD_SCHEMA_VERSION = 1;

/** An order's guard stream as read: the folded guard, the stream's version and its hash-chain head. */
export interface OrderGuardStream {
  readonly streamId: StreamId;
  /** The expected version of the guard's next append (0: no stream). */
  readonly version: number;
  /** The hash-chain head of the stream (`GENESIS_HASH` when empty), which the next append links to. */
  readonly headHash: string;
  readonly state: OrderGuardState;
}

/**
 * Decodes and folds the stored events of `order-{orderId}`. A stored event that does not decode, or
 * that names another order, is a `CorruptEvent` naming the stream and version.
 */
export const decodeOrderGuardStream = (orderId: string, stored: ReadonlyArray<RecordedEvent>): E.Either<CorruptEvent, OrderGuardStream> => {
  const streamId = orderGuardStreamId(orderId);
  const events: OrderGuardEvent[] = [];
  for (const raw of stored) {
    const decoded = parseOrderGuardEvent({ type: raw.type, data: raw.data });
    if (E.isLeft(decoded)) return E.left(corruptEvent(streamId, raw.version, decoded.left.message, raw.globalPosition));
    if (decoded.right.data.orderId !== orderId) {
      return E.left(corruptEvent(streamId, raw.version, `the event belongs to order ${decoded.right.data.orderId}, not ${orderId}`, raw.globalPosition));
    }
    events.push(decoded.right);
  }
  const last = stored[stored.length - 1];
  const state = foldEvents(evolveOrderGuard, initialOrderGuardState(orderId), events);
  return E.right({ streamId, version: last === undefined ? 0 : last.version, headHash: headHashOf(last), state });
};

/** Reads and folds an order's guard stream. */
export const readOrderGuard = async (store: EventStore, orderId: string): Promise<E.Either<StoreError, OrderGuardStream>> => {
  const stored = await store.readStream(orderGuardStreamId(orderId));
  return E.isLeft(stored) ? stored : decodeOrderGuardStream(orderId, stored.right);
};

/**
 * The deterministic id of a guard event: one reservation per dispute and command, one release per
 * dispute, so a retry derives the same id and a store never keeps the event twice.
 */
const guardEventId = (event: OrderGuardEvent): string => {
  const stream = orderGuardStreamId(event.data.orderId);
  return event.type === 'OrderDisputeReserved'
    ? deterministicId(`${stream}/reserved/${event.data.disputeId}/${event.data.commandId}`)
    : deterministicId(`${stream}/released/${event.data.disputeId}`);
};

const expectedVersionOf = (version: number): ExpectedVersion => (version === 0 ? 'no_stream' : version);

/** The append of decided guard events at the guard's version read: encoded, with ids and metadata, chained. */
export const guardAppend = (guard: OrderGuardStream, events: ReadonlyArray<OrderGuardEvent>, causedBy: string, recordedAt: string): StreamAppend => {
  const newEvents = events.map((event): NewEvent => {
    const encoded = encodeOrderGuardEvent(event);
    const metadata = { eventId: guardEventId(event), commandId: causedBy, recordedAt, schemaVersion: GUARD_SCHEMA_VERSION };
    return { type: encoded.type, data: encoded.data, metadata };
  });
  const head = { streamId: guard.streamId, version: guard.version, hash: guard.headHash };
  return { streamId: guard.streamId, events: chainNewEvents(head, newEvents), expectedVersion: expectedVersionOf(guard.version) };
};
