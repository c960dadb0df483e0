import type { ValidationError } from '../codecs/validationError';
import type { DisputeError } from '../dispute/errors';
import type { StoreError, StreamId } from '../eventStore/eventStore';
import type { OrderGuardError } from '../orderGuard/errors';

/**
 * Other writers kept changing the stream: the service re-read and re-decided `retries` times and
 * gave up. Nothing was written by this command; sending it again (same `commandId`) is safe.
 */
export interface ConcurrencyConflict {
  readonly _tag: 'ConcurrencyConflict';
  readonly streamId: StreamId;
  readonly retries: number;
  readonly message: string;
}

/** Builds a `ConcurrencyConflict` error. */
export const concurrencyConflict = (streamId: StreamId, retries: number): ConcurrencyConflict => ({
  _tag: 'ConcurrencyConflict',
  streamId,
  retries,
  message: `Gave up writing to ${streamId} after retrying ${retries} time${retries === 1 ? '' : 's'}: other writers kept changing it. Nothing was written; send the command again.`,
});

/**
 * Everything `DisputeService.handle` and `load` can fail with, as tagged values with a `_tag` and a
 * `message`: bad input, a broken process rule, a store failure (including a `CorruptEvent` naming
 * the stream and version), a concurrency conflict that outlasted the retries, or the order guard.
 */
export type HandleError = ValidationError | DisputeError | StoreError | ConcurrencyConflict | OrderGuardError;
