import type { DuplicateEvent, StreamId, WrongExpectedVersion } from '../eventStore/eventStore';
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
  | { readonly _tag: 'ReleaseDeferred'; readonly orderId: string; readonly disputeId: string; readonly error: HandleError };
