import type { CorruptEvent, DuplicateEvent, ExpectedVersion, StoreClosed, StoreRefused, StoreUnavailable, StreamDeleted, StreamId, WrongExpectedVersion } from './eventStore';

const describeExpected = (expected: ExpectedVersion): string =>
  typeof expected === 'number' ? `version ${expected}` : expected.replace('_', ' ');

/** Builds a `WrongExpectedVersion` error. */
export const wrongExpectedVersion = (streamId: StreamId, expected: ExpectedVersion, actual: number): WrongExpectedVersion => ({
  _tag: 'WrongExpectedVersion',
  streamId,
  expected,
  actual,
  message: `Stream ${streamId} was expected at ${describeExpected(expected)} but is at version ${actual}.`,
});

/** Builds a `DuplicateEvent` error. */
export const duplicateEvent = (streamId: StreamId, eventId: string): DuplicateEvent => ({
  _tag: 'DuplicateEvent',
  streamId,
  eventId,
  message: `Event ${eventId} is already stored (stream ${streamId}); the command was applied before.`,
});

/** Builds a `StoreUnavailable` error from a driver failure. */
export const storeUnavailable = (message: string, cause?: unknown): StoreUnavailable => {
  const causeText = cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause);
  return causeText === undefined
    ? { _tag: 'StoreUnavailable', message }
    : { _tag: 'StoreUnavailable', message: `${message}: ${causeText}`, cause: causeText };
};

/** Builds a `CorruptEvent` error naming where the bad event is. */
export const corruptEvent = (streamId: StreamId, version: number, problem: string, globalPosition?: number): CorruptEvent => ({
  _tag: 'CorruptEvent',
  streamId,
  version,
  ...(globalPosition === undefined ? {} : { globalPosition }),
  message: `Stored event ${streamId}@${version}${globalPosition === undefined ? '' : ` (global position ${globalPosition})`} is corrupt: ${problem}`,
});

/** Builds a `StoreClosed` error. */
export const storeClosed = (): StoreClosed => ({ _tag: 'StoreClosed', message: 'The event store has been closed.' });

/** Builds a `StreamDeleted` error. */
export const streamDeleted = (streamId: StreamId, detail = 'it was deleted on the server'): StreamDeleted => ({
  _tag: 'StreamDeleted',
  streamId,
  message: `Stream ${streamId} cannot be used: ${detail} (permanent; the id is not reused).`,
});

/** Builds a `StoreRefused` error from a driver failure that retrying will not mend. */
export const storeRefused = (reason: StoreRefused['reason'], message: string, cause?: unknown): StoreRefused => {
  const causeText = cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause);
  return causeText === undefined ? { _tag: 'StoreRefused', reason, message } : { _tag: 'StoreRefused', reason, message: `${message}: ${causeText}`, cause: causeText };
};
