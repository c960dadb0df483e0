import * as E from 'fp-ts/lib/Either.js';
import { corruptEvent, type CorruptEvent, type RecordedEvent } from '@disputekit/core';
import { decodeStoredEvent } from '../internal/storedEvent';
import type { EventStoreDbResolvedEvent } from './eventStoreDbClient';

/**
 * The metadata key under which each append stores its own random id beside its events, so that the
 * store can tell its write from another writer's identical one (the server answers both alike).
 * Reading removes it: it never reaches a `RecordedEvent`.
 */
export const APPEND_ID_KEY = 'eventStoreDbAppendId';

/** The append id stored with an event, if any. */
export const appendIdOf = (event: { readonly metadata: unknown }): string | undefined => {
  const metadata = event.metadata;
  if (typeof metadata !== 'object' || metadata === null || metadata instanceof Uint8Array) return undefined;
  const id = (metadata as Record<string, unknown>)[APPEND_ID_KEY];
  return typeof id === 'string' ? id : undefined;
};

/** The metadata without the append id. */
const withoutAppendId = (metadata: unknown): unknown => {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || !(APPEND_ID_KEY in metadata)) return metadata;
  const { [APPEND_ID_KEY]: _appendId, ...rest } = metadata as Record<string, unknown>;
  return rest;
};

const toSafeNumber = (value: bigint | undefined): number | undefined =>
  value !== undefined && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;

/**
 * Turns an event read from EventStoreDB into a `RecordedEvent`: version = revision + 1, global
 * position = commit position. The store only writes JSON objects or arrays, so anything else (a
 * binary event, data the client could not parse and handed over as text, metadata left as bytes)
 * is a `CorruptEvent` naming the stream and version.
 */
export const decodeEventStoreDbEvent = (resolved: EventStoreDbResolvedEvent): E.Either<CorruptEvent, RecordedEvent> => {
  const event = resolved.event;
  if (event === undefined) return E.left(corruptEvent('(unknown stream)', 0, 'a link to a deleted event', toSafeNumber(resolved.commitPosition)));
  const version = Number(event.revision) + 1;
  const globalPosition = toSafeNumber(event.position?.commit ?? resolved.commitPosition);
  const here = (problem: string): E.Either<CorruptEvent, RecordedEvent> => E.left(corruptEvent(event.streamId, version, problem, globalPosition));
  if (globalPosition === undefined) return here('it has no usable log position (a server older than 20.6, or a position beyond 2^53)');
  if (!event.isJson) return here('it is not a JSON event');
  if (typeof event.data !== 'object' || event.data === null || event.data instanceof Uint8Array) return here('the data is not valid JSON (or not an object or array)');
  if (event.metadata instanceof Uint8Array) return here('the metadata is not valid JSON');
  return decodeStoredEvent({ streamId: event.streamId, version, globalPosition, type: event.type, data: event.data, metadata: withoutAppendId(event.metadata) });
};
