import * as E from 'fp-ts/lib/Either.js';
import type { CorruptEvent, EventMetadata, RecordedEvent } from './eventStore';
import { corruptEvent } from './storeErrors';

/*
 * How a store's rows become `RecordedEvent`s, and what makes a row corrupt: shared by the stores
 * (adapters) and by the worker threads that read a store's log themselves (`leafChunks`), so both
 * decode a row alike.
 */

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

const DIGITS = /^[0-9]+$/;

const toPositiveInteger = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
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

/** The `CorruptEvent` of a stored event whose fields were read but failed a check. */
const corruptFields = (streamId: unknown, version: unknown, globalPosition: unknown, problem: string): E.Either<CorruptEvent, never> =>
  E.left(
    corruptEvent(
      typeof streamId === 'string' && streamId.length > 0 ? streamId : String(streamId),
      toPositiveInteger(version) ?? (Number(version) || 0),
      problem,
      toPositiveInteger(globalPosition),
    ),
  );

/**
 * The checks of `decodeStoredEvent` on separate fields, so that a store reading rows as arrays
 * builds the `RecordedEvent` once, with no intermediate object (and no closure) per row. The data is
 * only checked not to be `undefined`, and is put in the event as it is given.
 */
const decodeFields = <Data>(
  rawStreamId: unknown,
  rawVersion: unknown,
  rawGlobalPosition: unknown,
  type: unknown,
  data: Data,
  metadata: unknown,
  eventId: unknown,
): E.Either<CorruptEvent, Omit<RecordedEvent, 'data'> & { readonly data: Data }> => {
  if (typeof rawStreamId !== 'string' || rawStreamId.length === 0) return corruptFields(rawStreamId, rawVersion, rawGlobalPosition, 'the stream id is missing');
  const version = toPositiveInteger(rawVersion);
  if (version === undefined) return corruptFields(rawStreamId, rawVersion, rawGlobalPosition, `the version ${JSON.stringify(rawVersion)} is not a positive integer`);
  const globalPosition = toPositiveInteger(rawGlobalPosition);
  if (globalPosition === undefined) return corruptFields(rawStreamId, rawVersion, rawGlobalPosition, `the global position ${JSON.stringify(rawGlobalPosition)} is not a positive integer`);
  if (typeof type !== 'string' || type.length === 0) return corruptFields(rawStreamId, rawVersion, rawGlobalPosition, 'the event type is missing');
  if (data === undefined) return corruptFields(rawStreamId, rawVersion, rawGlobalPosition, 'the data is missing');
  if (!isPlainObject(metadata)) return corruptFields(rawStreamId, rawVersion, rawGlobalPosition, 'the metadata is not a JSON object');
  const problem = metadataProblem(metadata);
  if (problem !== undefined) return corruptFields(rawStreamId, rawVersion, rawGlobalPosition, problem);
  if (eventId !== undefined && eventId !== metadata['eventId']) return corruptFields(rawStreamId, rawVersion, rawGlobalPosition, 'the event id column and metadata.eventId differ');
  return E.right({ streamId: rawStreamId, version, globalPosition, type, data, metadata: metadata as unknown as EventMetadata });
};

/**
 * Checks a stored event's shape and builds the `RecordedEvent`; anything malformed is a
 * `CorruptEvent` naming the stream and version (and global position when it is known).
 */
export const decodeStoredEvent = (raw: RawStoredEvent): E.Either<CorruptEvent, RecordedEvent> =>
  decodeFields(raw.streamId, raw.version, raw.globalPosition, raw.type, raw.data, raw.metadata, raw.eventId);

/** Marks JSON text that did not parse; never confused with a parsed value. */
class BadJson {
  constructor(readonly problem: string) {}
}

const parseJson = (text: unknown): unknown => {
  if (typeof text !== 'string') return new BadJson('is not JSON text');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return new BadJson(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
};

const corruptJson = (streamId: unknown, version: unknown, globalPosition: unknown, problem: string): E.Either<CorruptEvent, never> =>
  E.left(corruptEvent(String(streamId), toPositiveInteger(version) ?? 0, problem, toPositiveInteger(globalPosition)));

/**
 * Decodes one stored row given column by column, with data and metadata still JSON text: each is
 * parsed once and the `RecordedEvent` is built once. Invalid JSON (data first, then metadata) and
 * any malformed field are a `CorruptEvent` naming the stream and version.
 */
const decodeStoredColumns = (
  streamId: unknown,
  version: unknown,
  globalPosition: unknown,
  eventId: unknown,
  type: unknown,
  dataText: unknown,
  metadataText: unknown,
): E.Either<CorruptEvent, RecordedEvent> => {
  const data = parseJson(dataText);
  if (data instanceof BadJson) return corruptJson(streamId, version, globalPosition, `the data ${data.problem}`);
  return decodeWithData(streamId, version, globalPosition, eventId, type, data, metadataText);
};

/** The rest of `decodeStoredColumns` once the data is in hand: the metadata parsed, then every field checked. */
const decodeWithData = <Data>(
  streamId: unknown,
  version: unknown,
  globalPosition: unknown,
  eventId: unknown,
  type: unknown,
  data: Data,
  metadataText: unknown,
): E.Either<CorruptEvent, Omit<RecordedEvent, 'data'> & { readonly data: Data }> => {
  const metadata = parseJson(metadataText);
  if (metadata instanceof BadJson) return corruptJson(streamId, version, globalPosition, `the metadata ${metadata.problem}`);
  return decodeFields(streamId, version, globalPosition, type, data, metadata, eventId);
};

/**
 * Decodes one row read as an array in the order `[stream id, version, global position, event id,
 * type, data, metadata]` (the global log): `decodeLogRows` for one row.
 */
export const decodeLogRow = (row: ReadonlyArray<unknown>): E.Either<CorruptEvent, RecordedEvent> =>
  decodeStoredColumns(row[0], row[1], row[2], row[3], row[4], row[5], row[6]);

/** A log row's event as `decodeLogRowButData` gives it: every field checked and decoded but the data, left as its stored JSON text. */
export type EventWithDataText = Omit<RecordedEvent, 'data'> & { readonly data: string };

/**
 * `decodeLogRow` of a row whose data text (`row[5]`) the caller has already found to be valid JSON
 * (so parsing it could not fail, and a parse cannot return `undefined`): the same checks in the same
 * order, so the same `CorruptEvent` for a bad row, but the data is not parsed: the event's `data` is
 * the stored text.
 */
export const decodeLogRowButData = (row: ReadonlyArray<unknown>, dataText: string): E.Either<CorruptEvent, EventWithDataText> =>
  decodeWithData(row[0], row[1], row[2], row[3], row[4], dataText, row[6]);

/**
 * Decodes rows in order, stopping at the first corrupt one. `streamId`, when given, is the stream
 * every row belongs to (a stream read's WHERE clause names it), for rows read without that column.
 */
export const decodeStoredRows = (rows: ReadonlyArray<StoredRow>, streamId?: string): E.Either<CorruptEvent, ReadonlyArray<RecordedEvent>> => {
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    const decoded = decodeStoredColumns(streamId ?? row.streamId, row.version, row.globalPosition, row.eventId, row.type, row.data, row.metadata);
    if (E.isLeft(decoded)) return decoded;
    events.push(decoded.right);
  }
  return E.right(events);
};

/**
 * Decodes rows read as arrays in the order `[version, global position, event id, type, data,
 * metadata]`, all of one stream (a stream read's WHERE clause names it), stopping at the first
 * corrupt one.
 */
export const decodeStreamRows = (streamId: string, rows: ReadonlyArray<ReadonlyArray<unknown>>): E.Either<CorruptEvent, ReadonlyArray<RecordedEvent>> => {
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    const decoded = decodeStoredColumns(streamId, row[0], row[1], row[2], row[3], row[4], row[5]);
    if (E.isLeft(decoded)) return decoded;
    events.push(decoded.right);
  }
  return E.right(events);
};

/**
 * Decodes rows read as arrays in the order `[stream id, version, global position, event id, type,
 * data, metadata]` (the global log), stopping at the first corrupt one.
 */
export const decodeLogRows = (rows: ReadonlyArray<ReadonlyArray<unknown>>): E.Either<CorruptEvent, ReadonlyArray<RecordedEvent>> => {
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    const decoded = decodeLogRow(row);
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
