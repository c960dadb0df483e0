import { storeUnavailable, type StoreUnavailable } from '@disputekit/core';

/** The `type` the clients put on their errors (`'wrong-expected-version'`, `'unavailable'`, …). */
const errorType = (error: unknown): string | undefined => {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
};

/** Whether the error says the stream does not exist (reading a missing stream). */
export const isStreamNotFound = (error: unknown): boolean =>
  errorType(error) === 'stream-not-found' || (error as { name?: unknown } | null)?.name === 'StreamNotFoundError';

/**
 * The stream's actual version (event count) carried by a wrong-expected-version error, when it is
 * one. KurrentDB's client names the field `actualState`, EventStoreDB's `actualVersion`; both hold
 * the last 0-based revision or `'no_stream'`. Undefined when the error is another kind or says nothing.
 */
export const wrongVersionActual = (error: unknown): { actual: number | undefined } | undefined => {
  if (errorType(error) !== 'wrong-expected-version') return undefined;
  const { actualState, actualVersion } = error as { actualState?: unknown; actualVersion?: unknown };
  const actual = actualState ?? actualVersion;
  if (actual === 'no_stream') return { actual: 0 };
  if (typeof actual === 'bigint' && actual >= -1n) return { actual: Number(actual) + 1 };
  return { actual: undefined };
};

/** Maps any other client failure (unavailable, deadline, not leader, access denied, …) to `StoreUnavailable`. */
export const eventStoreDbUnavailable = (operation: string, error: unknown): StoreUnavailable => {
  const type = errorType(error);
  return storeUnavailable(`EventStoreDB failed while trying to ${operation}${type === undefined ? '' : ` (${type})`}`, error);
};
