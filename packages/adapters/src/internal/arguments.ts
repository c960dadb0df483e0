import type { ExpectedVersion, FollowAllOptions, NewEvent, ReadAllOptions, ReadStreamOptions, StreamAppend } from '@disputekit/core';

/** Default page size of `readAll` and `followAll`, as documented on the port. */
const DEFAULT_PAGE_SIZE = 1000;

const isNonNegativeInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Rejects a call that breaks the port's types: these are programmer errors, so they throw. */
const fail = (operation: string, problem: string): never => {
  throw new TypeError(`${operation}: ${problem}`);
};

/** Checks a stream id: a non-empty string. */
const checkStreamId = (operation: string, streamId: unknown): void => {
  if (typeof streamId !== 'string' || streamId.length === 0) fail(operation, 'the stream id must be a non-empty string');
};

/** Checks an expected version: a non-negative integer or one of the named states. */
const checkExpectedVersion = (operation: string, expected: unknown): void => {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!isNonNegativeInteger(expected)) fail(operation, `expectedVersion must be a non-negative integer, 'no_stream', 'stream_exists' or 'any', not ${String(expected)}`);
};

/** Checks the events of an append: each has a non-empty type and metadata with a non-empty string `eventId`. */
const checkNewEvents = (operation: string, events: unknown): void => {
  if (!Array.isArray(events)) fail(operation, 'events must be an array');
  (events as ReadonlyArray<unknown>).forEach((event, index) => {
    const candidate = event as Partial<NewEvent> | null;
    if (candidate === null || typeof candidate !== 'object') return fail(operation, `event ${index} is not an object`);
    if (typeof candidate.type !== 'string' || candidate.type.length === 0) fail(operation, `event ${index} needs a non-empty type`);
    if (candidate.data === undefined) fail(operation, `event ${index} has no data`);
    const metadata = candidate.metadata as Partial<NewEvent['metadata']> | undefined;
    if (metadata === null || typeof metadata !== 'object') return fail(operation, `event ${index} has no metadata`);
    if (typeof metadata.eventId !== 'string' || metadata.eventId.length === 0) fail(operation, `event ${index} needs metadata.eventId`);
  });
};

/** Checks every argument of `appendToStream`. */
export const checkAppendArguments = (
  streamId: unknown,
  events: unknown,
  options: { readonly expectedVersion: ExpectedVersion } | undefined,
): void => {
  checkStreamId('appendToStream', streamId);
  checkNewEvents('appendToStream', events);
  if (options === undefined || options === null) fail('appendToStream', 'options with expectedVersion are required');
  checkExpectedVersion('appendToStream', options?.expectedVersion);
};

/**
 * Checks every argument of `appendToStreams`: a non-empty array of parts, each with a stream id, at
 * least one event and an expected version, no stream named twice, and no event id given twice.
 */
export const checkMultiAppendArguments = (appends: unknown): void => {
  const operation = 'appendToStreams';
  if (!Array.isArray(appends) || appends.length === 0) fail(operation, 'appends must be a non-empty array');
  const seen = new Set<string>();
  (appends as ReadonlyArray<Partial<StreamAppend> | null>).forEach((part, index) => {
    if (part === null || typeof part !== 'object') return fail(operation, `part ${index} is not an object`);
    checkStreamId(`${operation} (part ${index})`, part.streamId);
    checkNewEvents(`${operation} (part ${index}, ${String(part.streamId)})`, part.events);
    if ((part.events as ReadonlyArray<NewEvent>).length === 0) fail(operation, `part ${index} (${String(part.streamId)}) has no events`);
    checkExpectedVersion(`${operation} (part ${index}, ${String(part.streamId)})`, part.expectedVersion);
    if (seen.has(part.streamId as string)) fail(operation, `stream ${String(part.streamId)} is named by two parts`);
    seen.add(part.streamId as string);
  });
};

/** The first event id given twice across the parts of `appendToStreams`, with the stream of its second use. */
export const firstRepeatedEventIdAcross = (appends: ReadonlyArray<StreamAppend>): { readonly streamId: string; readonly eventId: string } | undefined => {
  const seen = new Set<string>();
  for (const part of appends) {
    for (const event of part.events) {
      if (seen.has(event.metadata.eventId)) return { streamId: part.streamId, eventId: event.metadata.eventId };
      seen.add(event.metadata.eventId);
    }
  }
  return undefined;
};

/** `readStream` options with their defaults filled in. */
export interface ResolvedReadStreamOptions {
  readonly fromVersion: number;
  readonly maxCount: number;
}

/** Checks `readStream`'s arguments and fills in the defaults (from version 1, every event). */
export const resolveReadStreamOptions = (streamId: unknown, options: ReadStreamOptions | undefined): ResolvedReadStreamOptions => {
  checkStreamId('readStream', streamId);
  const fromVersion = options?.fromVersion ?? 1;
  const maxCount = options?.maxCount ?? Number.MAX_SAFE_INTEGER;
  if (!isNonNegativeInteger(fromVersion)) fail('readStream', `fromVersion must be a non-negative integer, not ${String(fromVersion)}`);
  if (!isNonNegativeInteger(maxCount)) fail('readStream', `maxCount must be a non-negative integer, not ${String(maxCount)}`);
  return { fromVersion: Math.max(1, fromVersion), maxCount };
};

/** `readAll` options with their defaults filled in. */
export interface ResolvedReadAllOptions {
  readonly after: number;
  readonly maxCount: number;
}

/** Checks `readAll`'s options and fills in the defaults (from the start, 1,000 events). */
export const resolveReadAllOptions = (options: ReadAllOptions | undefined): ResolvedReadAllOptions => {
  const after = options?.after ?? 0;
  const maxCount = options?.maxCount ?? DEFAULT_PAGE_SIZE;
  if (!isNonNegativeInteger(after)) fail('readAll', `after must be a non-negative integer, not ${String(after)}`);
  if (!isNonNegativeInteger(maxCount)) fail('readAll', `maxCount must be a non-negative integer, not ${String(maxCount)}`);
  return { after, maxCount };
};

/** `followAll` options with their defaults filled in. */
export interface ResolvedFollowOptions {
  readonly after: number;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly signal: AbortSignal | undefined;
}

/** Checks `followAll`'s options and fills in the defaults (from the start, pages of 1,000, polls every 100 ms). */
export const resolveFollowOptions = (options: FollowAllOptions | undefined): ResolvedFollowOptions => {
  const after = options?.after ?? 0;
  const batchSize = options?.batchSize ?? DEFAULT_PAGE_SIZE;
  const pollIntervalMs = options?.pollIntervalMs ?? 100;
  if (!isNonNegativeInteger(after)) fail('followAll', `after must be a non-negative integer, not ${String(after)}`);
  if (!isNonNegativeInteger(batchSize) || batchSize === 0) fail('followAll', `batchSize must be a positive integer, not ${String(batchSize)}`);
  if (typeof pollIntervalMs !== 'number' || !(pollIntervalMs >= 0)) fail('followAll', `pollIntervalMs must be a non-negative number`);
  return { after, batchSize, pollIntervalMs, signal: options?.signal };
};

/** The first event id that appears twice in one batch, if any. */
export const firstRepeatedEventId = (events: ReadonlyArray<NewEvent>): string | undefined => {
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event.metadata.eventId)) return event.metadata.eventId;
    seen.add(event.metadata.eventId);
  }
  return undefined;
};
