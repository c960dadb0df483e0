import type { AppendResult, ExpectedVersion, StreamAppend } from '@disputekit/core';

/*
 * What the server-side append functions (`append_events`, `append_to_streams`, `append_batch`) take
 * and answer, in the store's terms.
 */

/** How the append functions take an expected version: NULL for any, -1 for an existing stream, else the exact count (0: no stream). */
export const expectedCode = (expected: ExpectedVersion): number | null => {
  switch (expected) {
    case 'any':
      return null;
    case 'stream_exists':
      return -1;
    case 'no_stream':
      return 0;
    default:
      return expected;
  }
};

/**
 * The `AppendResult` of each part of a multi-stream append that was written: the part's next
 * expected version (its stream's version before the append plus its events) and the last global
 * position of its events (as text from the server, or null).
 */
export const appendResultsOf = (
  parts: ReadonlyArray<Pick<StreamAppend, 'events'>>,
  actualVersions: ReadonlyArray<number>,
  lastPositions: ReadonlyArray<string | null> | null,
): ReadonlyArray<AppendResult> =>
  parts.map((part, index) => ({
    nextExpectedVersion: actualVersions[index]! + part.events.length,
    lastGlobalPosition: Number(lastPositions?.[index] ?? 0),
  }));
