import { storeRefused, storeUnavailable, streamDeleted, type StoreError } from '@disputekit/core';

/** gRPC status codes the clients leave on errors they do not classify. */
const GRPC_CODES: Readonly<Record<number, string>> = { 1: 'cancelled', 4: 'deadline-exceeded', 7: 'access-denied', 10: 'timeout', 14: 'unavailable', 16: 'access-denied' };

/**
 * The kind of a client failure: the `type` both clients put on their errors (`'wrong-expected-version'`,
 * `'stream-deleted'`, `'unavailable'`, …); else the gRPC status code's kind; else `'unknown'` (an
 * unreachable server can make a client throw a bare `Error`). Never undefined, so every error the
 * store reports names a kind.
 */
export const errorType = (error: unknown): string => {
  const { type, code } = (error ?? {}) as { type?: unknown; code?: unknown };
  if (typeof type === 'string') return type;
  if (typeof code === 'number' && GRPC_CODES[code] !== undefined) return GRPC_CODES[code];
  return 'unknown';
};

/** Whether the error says the stream does not exist (reading a missing stream). Both clients set `type`. */
export const isStreamNotFound = (error: unknown): boolean => errorType(error) === 'stream-not-found';

/**
 * Failures after which an append may or may not have been written: the call ended without an answer.
 * The server answers a racing identical append (`IdempotentNotReady`) with nothing at all, so the
 * second writer ends here too; the store then reads whose events are stored (see `APPEND_ID_KEY`).
 */
export const isOutcomeUnknown = (error: unknown): boolean => ['deadline-exceeded', 'timeout', 'unavailable', 'cancelled', 'unknown'].includes(errorType(error));

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

/**
 * Maps any other client failure to a typed error: a deleted stream to `StreamDeleted`, access denied
 * and an append over the server's size limit to `StoreRefused` (permanent), anything else
 * (unavailable, deadline, not leader, unknown) to `StoreUnavailable`, naming the kind.
 */
export const eventStoreDbFailure = (operation: string, error: unknown, streamId?: string): StoreError => {
  const type = errorType(error);
  const what = `EventStoreDB failed while trying to ${operation} (${type})`;
  if (type === 'stream-deleted') {
    const name = (error as { streamName?: unknown }).streamName;
    return streamDeleted(typeof name === 'string' && name !== '' && name !== 'unknown stream' ? name : streamId ?? '(unknown stream)');
  }
  if (type === 'access-denied') return storeRefused('access-denied', what, error);
  if (type === 'maximum-append-size-exceeded') return storeRefused('append-too-large', `${what}: the append is larger than the server accepts (it counts data + metadata + 2 × type length per event)`, error);
  return storeUnavailable(what, error);
};
