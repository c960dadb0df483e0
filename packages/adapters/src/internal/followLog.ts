import * as E from 'fp-ts/lib/Either.js';
import { storeClosed, StoreFollowError, type RecordedEvent, type StoreError } from '@disputekit/core';
import type { ResolvedFollowOptions } from './arguments';
import type { ChangeNotifier } from './changeNotifier';

/** What `followLog` needs from a store. */
export interface FollowSource {
  /** Reads up to `maxCount` events strictly after `after`, in global order. */
  readonly readPage: (after: number, maxCount: number) => Promise<E.Either<StoreError, ReadonlyArray<RecordedEvent>>>;
  /** Wakes the follower when an append commits in this process. */
  readonly notifier: ChangeNotifier;
  /** Whether the store has been closed. */
  readonly isClosed: () => boolean;
  /** Also look for new events this often (other processes' appends); undefined: only on notification. */
  readonly pollIntervalMs: number | undefined;
}

/**
 * Follows the global log by reading pages after a checkpoint: catch-up reads page after page, and
 * once a page comes back short it waits for a notification (or the poll interval) and reads again.
 * Ends when `signal` aborts or the store closes; a store error ends it with a `StoreFollowError`.
 */
export async function* followLog(source: FollowSource, options: ResolvedFollowOptions): AsyncGenerator<RecordedEvent, void, undefined> {
  const { signal, batchSize } = options;
  const aborted = (): boolean => signal?.aborted === true;
  if (source.isClosed()) throw new StoreFollowError(storeClosed());
  let checkpoint = options.after;
  for (;;) {
    if (aborted() || source.isClosed()) return;
    const epoch = source.notifier.epoch;
    const page = await source.readPage(checkpoint, batchSize);
    if (E.isLeft(page)) {
      if (page.left._tag === 'StoreClosed') return;
      throw new StoreFollowError(page.left);
    }
    for (const event of page.right) {
      if (aborted()) return;
      yield event;
      checkpoint = event.globalPosition;
    }
    if (page.right.length < batchSize) await source.notifier.wait(epoch, source.pollIntervalMs, signal);
  }
}
