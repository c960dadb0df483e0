import * as E from 'fp-ts/lib/Either.js';
import { storeClosed, StoreFollowError, streamDeleted, type FollowAllOptions, type RecordedEvent, type StoreError, type StreamId } from '@disputekit/core';
import { resolveFollowOptions } from '../internal/arguments';
import { FORWARDS, type EventStoreDbClient, type EventStoreDbRecordedEvent, type EventStoreDbSubscription } from './eventStoreDbClient';
import { eventStoreDbFailure, isStreamNotFound } from './eventStoreDbErrors';
import { decodeEventStoreDbEvent } from './eventStoreDbEvent';
import { clientOf, Rejected, runOperation, toLogPosition, type EventStoreDbStore } from './eventStoreDbStore';

/** The most raw records one `$all` request asks for while filling a page (batches double up to it). */
const MAX_BATCH = 4_096;

/** Every raw event of a stream from `fromRevision` on (empty for a missing or soft-deleted stream). */
export const readRaw = async (db: EventStoreDbClient, streamId: StreamId, fromRevision: bigint, maxCount: number): Promise<EventStoreDbRecordedEvent[]> => {
  const events: EventStoreDbRecordedEvent[] = [];
  try {
    for await (const resolved of db.readStream(streamId, { fromRevision, maxCount, direction: FORWARDS })) {
      if (resolved.event !== undefined) events.push(resolved.event);
    }
  } catch (error) {
    if (isStreamNotFound(error)) return [];
    throw error;
  }
  // A stream soft-deleted and written again keeps counting its revisions: its versions no longer start at 1.
  if (fromRevision === 0n && events[0] !== undefined && events[0].revision !== 0n) throw new Rejected(streamDeleted(streamId, `it was deleted and written again (its first event is revision ${events[0].revision})`));
  return events;
};

/** Decodes a stream's raw events; an event that does not decode ends the operation (`Rejected`). */
export const decodeAll = (events: ReadonlyArray<EventStoreDbRecordedEvent>, streamId?: StreamId): ReadonlyArray<RecordedEvent> =>
  events.map((event) => {
    const decoded = decodeEventStoreDbEvent({ event });
    if (E.isLeft(decoded)) throw new Rejected(streamId === undefined ? decoded.left : { ...decoded.left, streamId });
    return decoded.right;
  });


/**
 * Whether a record read from `$all` is one of the store's events. Records of other streams are left
 * out, and so are system records inside a wanted stream (types starting with `$`: the
 * `$streamDeleted` a hard delete leaves, `$metadata`, `$>` links): the store never writes such
 * types (a domain event type never starts with `$`), so skipping them loses nothing of its own.
 */
const isOwnRecord = (store: EventStoreDbStore, event: EventStoreDbRecordedEvent | undefined): event is EventStoreDbRecordedEvent =>
  event !== undefined && store.prefixes.some((prefix) => event.streamId.startsWith(prefix)) && !event.type.startsWith('$');

/**
 * One page of the filtered log after `after`: `maxCount` events, or fewer only when the log ends.
 * `@eventstore/db-client` 6.x sends every `readAll` unfiltered (its options have no `filter`), and
 * other streams (order guards, `$>` links, other applications) may fill any number of raw records,
 * so the store keeps reading raw batches until the page is full or a batch comes back short (the
 * end). Starts are inclusive: each batch begins at the last record seen, which is dropped.
 */
export const readPage = (store: EventStoreDbStore, after: number, maxCount: number): Promise<E.Either<StoreError, ReadonlyArray<RecordedEvent>>> =>
  runOperation(store, 'read the global log', async (db) => {
    const page: RecordedEvent[] = [];
    let from = after;
    // The first batch is the page and the record at `after`; each further one doubles, up to MAX_BATCH.
    let batch = Math.min(maxCount + 1, Number.MAX_SAFE_INTEGER);
    while (page.length < maxCount) {
      let received = 0;
      let last = from;
      for await (const resolved of db.readAll({ fromPosition: toLogPosition(from), maxCount: batch, direction: FORWARDS, filter: store.filter })) {
        received += 1;
        const position = Number(resolved.event?.position?.commit ?? resolved.commitPosition ?? -1n);
        if (position > last) last = position;
        if ((position >= 0 && position <= from) || !isOwnRecord(store, resolved.event)) continue;
        const decoded = decodeEventStoreDbEvent(resolved);
        if (E.isLeft(decoded)) throw new Rejected(decoded.left);
        page.push(decoded.right);
        if (page.length === maxCount) break;
      }
      if (received < batch || last === from) return page;
      from = last;
      batch = Math.max(batch, Math.min(batch * 2, MAX_BATCH));
    }
    return page;
  });

/** Follows the store's events in `$all` after `options.after` through a filtered subscription, until aborted or closed. */
export const followEvents = (store: EventStoreDbStore, followOptions?: FollowAllOptions): AsyncIterable<RecordedEvent> => {
  const { after, signal } = resolveFollowOptions(followOptions);
  const aborted = (): boolean => signal?.aborted === true || store.closed;
  return (async function* follow(): AsyncGenerator<RecordedEvent, void, undefined> {
    if (store.closed) throw new StoreFollowError(storeClosed());
    let subscription: EventStoreDbSubscription;
    try {
      const db = await clientOf(store);
      if (aborted()) return;
      subscription = db.subscribeToAll({ fromPosition: toLogPosition(after), filter: store.filter });
    } catch (error) {
      throw new StoreFollowError(eventStoreDbFailure('follow the log', error));
    }
    store.subscriptions.add(subscription);
    const stop = (): void => void subscription.unsubscribe().catch(() => undefined);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription) {
        if (aborted()) return;
        if (!isOwnRecord(store, resolved.event)) continue;
        const decoded = decodeEventStoreDbEvent(resolved);
        if (E.isLeft(decoded)) throw new StoreFollowError(decoded.left);
        if (decoded.right.globalPosition <= after) continue;
        yield decoded.right;
      }
    } catch (error) {
      if (error instanceof StoreFollowError) throw error;
      if (aborted()) return;
      throw new StoreFollowError(eventStoreDbFailure('follow the log', error));
    } finally {
      signal?.removeEventListener('abort', stop);
      store.subscriptions.delete(subscription);
      await subscription.unsubscribe().catch(() => undefined);
    }
  })();
};
