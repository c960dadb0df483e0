import * as E from 'fp-ts/lib/Either.js';
import type { AppendResult, EventStore, NewEvent, RecordedEvent, StoreError, StreamId } from '../../eventStore/eventStore';

/** One call the faulty store is about to make. */
export type FaultCall =
  | { readonly op: 'append'; readonly streamId: StreamId; readonly events: ReadonlyArray<NewEvent>; readonly index: number }
  | { readonly op: 'read'; readonly streamId: StreamId; readonly index: number };

/**
 * What to do with a call: `undefined` passes it through; an error is returned instead of calling
 * the store (`before`); `{ after: error }` calls the store and then returns the error anyway (the
 * write happened but the reply was lost, as when a connection drops after COMMIT).
 */
export type Fault = undefined | StoreError | { readonly after: StoreError };

/** A store wrapper that injects faults and records every call (test support). */
export interface FaultyStore extends EventStore {
  /** Every call, in order, with what it returned. */
  readonly calls: Array<FaultCall & { readonly result: E.Either<StoreError, unknown> }>;
}

/** Wraps a store so that `plan` can fail any read or append (see `Fault`). */
export const faultyStore = (inner: EventStore, plan: (call: FaultCall) => Fault): FaultyStore => {
  const calls: FaultyStore['calls'] = [];
  let index = 0;
  const run = async <A>(call: FaultCall, perform: () => Promise<E.Either<StoreError, A>>): Promise<E.Either<StoreError, A>> => {
    const fault = plan(call);
    let result: E.Either<StoreError, A>;
    if (fault === undefined) result = await perform();
    else if ('after' in fault) {
      await perform();
      result = E.left(fault.after);
    } else result = E.left(fault);
    calls.push({ ...call, result });
    return result;
  };
  return {
    calls,
    appendToStream: (streamId, events, options) =>
      run<AppendResult>({ op: 'append', streamId, events, index: index++ }, () => inner.appendToStream(streamId, events, options)),
    readStream: (streamId, options) =>
      run<ReadonlyArray<RecordedEvent>>({ op: 'read', streamId, index: index++ }, () => inner.readStream(streamId, options)),
    readAll: (options) => inner.readAll(options),
    followAll: (options) => inner.followAll(options),
    close: () => inner.close(),
  };
};
