import * as E from 'fp-ts/lib/Either.js';
import { corruptEvent, type CorruptEvent, type EventMetadata, type RecordedEvent } from '@disputekit/core';

/** An event as a store hands it over before any check: every field may be wrong. */
export interface RawStoredEvent {
  readonly streamId: unknown;
  readonly version: unknown;
  readonly globalPosition: unknown;
  readonly type: unknown;
  /** The event's data, already parsed from JSON. */
  readonly data: unknown;
  /** The event's metadata, already parsed from JSON. */
  readonly metadata: unknown;
  /** The event id of the row's own column, when the store keeps one beside the metadata. */
  readonly eventId?: unknown;
}

/** A row whose data and metadata are still JSON text, as SQLite and PostgreSQL store them. */
export interface StoredRow extends Omit<RawStoredEvent, 'data' | 'metadata'> {
  readonly data: unknown;
  readonly metadata: unknown;
}

const toPositiveInteger = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 1 ? number : undefined;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const metadataProblem = (metadata: Record<string, unknown>): string | undefined => {
  if (typeof metadata['eventId'] !== 'string' || metadata['eventId'].length === 0) return 'metadata.eventId is missing';
  if (typeof metadata['commandId'] !== 'string') return 'metadata.commandId is missing';
  if (typeof metadata['recordedAt'] !== 'string') return 'metadata.recordedAt is missing';
  const schemaVersion = metadata['schemaVersion'];
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion)) return 'metadata.schemaVersion is not an integer';
  return undefined;
};

/**
 * Checks a stored event's shape and builds the `RecordedEvent`; anything malformed is a
 * `CorruptEvent` naming the stream and version (and global position when it is known).
 */
export const decodeStoredEvent = (raw: RawStoredEvent): E.Either<CorruptEvent, RecordedEvent> => {
  const streamId = typeof raw.streamId === 'string' && raw.streamId.length > 0 ? raw.streamId : undefined;
  const version = toPositiveInteger(raw.version);
  const globalPosition = toPositiveInteger(raw.globalPosition);
  const here = (problem: string): E.Either<CorruptEvent, RecordedEvent> =>
    E.left(corruptEvent(streamId ?? String(raw.streamId), version ?? (Number(raw.version) || 0), problem, globalPosition));
  if (streamId === undefined) return here('the stream id is missing');
  if (version === undefined) return here(`the version ${JSON.stringify(raw.version)} is not a positive integer`);
  if (globalPosition === undefined) return here(`the global position ${JSON.stringify(raw.globalPosition)} is not a positive integer`);
  if (typeof raw.type !== 'string' || raw.type.length === 0) return here('the event type is missing');
  if (raw.data === undefined) return here('the data is missing');
  if (!isPlainObject(raw.metadata)) return here('the metadata is not a JSON object');
  const problem = metadataProblem(raw.metadata);
  if (problem !== undefined) return here(problem);
  if (raw.eventId !== undefined && raw.eventId !== raw.metadata['eventId']) return here('the event id column and metadata.eventId differ');
  return E.right({
    streamId,
    version,
    globalPosition,
    type: raw.type,
    data: raw.data,
    metadata: raw.metadata as unknown as EventMetadata,
  });
};

const parseJson = (text: unknown): E.Either<string, unknown> => {
  if (typeof text !== 'string') return E.left('is not JSON text');
  try {
    return E.right(JSON.parse(text) as unknown);
  } catch (error) {
    return E.left(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
};

/** Decodes a row whose data and metadata are JSON text (SQLite, PostgreSQL). */
export const decodeStoredRow = (row: StoredRow): E.Either<CorruptEvent, RecordedEvent> => {
  const data = parseJson(row.data);
  const metadata = parseJson(row.metadata);
  if (E.isRight(data) && E.isRight(metadata)) return decodeStoredEvent({ ...row, data: data.right, metadata: metadata.right });
  const problem = E.isLeft(data) ? `the data ${data.left}` : `the metadata ${E.isLeft(metadata) ? metadata.left : ''}`;
  return E.left(corruptEvent(String(row.streamId), toPositiveInteger(row.version) ?? 0, problem, toPositiveInteger(row.globalPosition)));
};

/** Decodes rows in order, stopping at the first corrupt one. */
export const decodeStoredRows = (rows: ReadonlyArray<StoredRow>): E.Either<CorruptEvent, ReadonlyArray<RecordedEvent>> => {
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    const decoded = decodeStoredRow(row);
    if (E.isLeft(decoded)) return decoded;
    events.push(decoded.right);
  }
  return E.right(events);
};

/** Serialises event data or metadata for a text column; a value JSON cannot hold is a programmer error. */
export const toJsonText = (value: unknown, what: string): string => {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`appendToStream: ${what} cannot be stored as JSON`);
  return text;
};
