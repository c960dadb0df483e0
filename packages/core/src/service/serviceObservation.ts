import type { DuplicateEvent, StoreError, StreamId, WrongExpectedVersion } from '../eventStore/eventStore';
import type { HandleError } from './handleError';

/**
 * Something the service did that callers may want to log or count; it never changes a result.
 * - `Conflict`: an append met another writer (`WrongExpectedVersion` or `DuplicateEvent`); the service
 *   re-reads and re-decides (`willRetry`) or, out of retries, returns `ConcurrencyConflict`.
 * - `StaleCache`: a command decided on this instance's cached stream met a later version in the store
 *   (another instance wrote the dispute); the service read the stream and decided again, without
 *   waiting and without counting a retry. Many of them mean commands for one dispute are spread over
 *   several instances.
 * - `OpeningCompleted`: the order guard found a reservation whose opening was interrupted (a crash
 *   between reservation and `DisputeOpened`) and appended the reserved events.
 * - `ReleaseDeferred`: a closed dispute's release could not be recorded in its order's guard stream;
 *   nothing is lost, the next guard check of the order counts the closed dispute as released.
 * - `SnapshotIgnored`: a dispute's snapshot could not be trusted (another schema version, edited,
 *   ahead of the stream, another hash at its version) or not be read; the stream was folded from
 *   its first event, and a new snapshot is written.
 * - `SnapshotFailed`: writing a snapshot failed; the command's result is unchanged.
 */
export type ServiceObservation =
  | {
      readonly _tag: 'Conflict';
      readonly streamId: StreamId;
      readonly attempt: number;
      readonly error: WrongExpectedVersion | DuplicateEvent;
      readonly willRetry: boolean;
    }
  | { readonly _tag: 'StaleCache'; readonly streamId: StreamId; readonly error: WrongExpectedVersion }
  | { readonly _tag: 'OpeningCompleted'; readonly orderId: string; readonly disputeId: string; readonly commandId: string }
  | { readonly _tag: 'ReleaseDeferred'; readonly orderId: string; readonly disputeId: string; readonly error: HandleError }
  | { readonly _tag: 'SnapshotIgnored'; readonly streamId: StreamId; readonly reason: string }
  | { readonly _tag: 'SnapshotFailed'; readonly streamId: StreamId; readonly error: StoreError };
