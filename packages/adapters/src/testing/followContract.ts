import { StoreFollowError } from '@disputekit/core';
import { withStore, type ContractContext } from './contractContext';
import { countedEvents, followUntil, freshStreamId, markPosition, orAfter, positionsOf, rightOf, strictlyIncreasing } from './contractFixtures';

/** Catch-up, live delivery and the starting position. */
const followDeliveryTests = (context: ContractContext): void => {
  it('catches up with stored events, then delivers new ones live, in order, until aborted', () =>
    withStore(context, async (store) => {
      const start = await markPosition(store);
      const streamId = freshStreamId();
      rightOf(await store.appendToStream(streamId, countedEvents(5), { expectedVersion: 'no_stream' }));
      const seen = await followUntil(
        store,
        { after: start, streams: new Set([streamId]), count: 12, timeoutMs: context.visibilityTimeoutMs, pollIntervalMs: context.followPollIntervalMs, batchSize: 2 },
        async (_event, count) => {
          // Once caught up with the five stored events, append while the follower is live.
          if (count === 5) rightOf(await store.appendToStream(streamId, countedEvents(3, 6), { expectedVersion: 5 }));
          if (count === 8) rightOf(await store.appendToStream(streamId, countedEvents(4, 9), { expectedVersion: 8 }));
        },
      );
      expect(seen.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(strictlyIncreasing(positionsOf(seen))).toBe(true);
    }));

  it('delivers an append made while the follower waits, without being asked again', () =>
    withStore(context, async (store) => {
      const start = await markPosition(store);
      const streamId = freshStreamId();
      const following = followUntil(store, {
        after: start,
        streams: new Set([streamId]),
        count: 1,
        timeoutMs: context.visibilityTimeoutMs,
        pollIntervalMs: context.followPollIntervalMs,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      rightOf(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
      expect((await following).map((event) => event.streamId)).toEqual([streamId]);
    }));

  it('starts strictly after the given position', () =>
    withStore(context, async (store) => {
      const streamId = freshStreamId();
      const first = rightOf(await store.appendToStream(streamId, countedEvents(3), { expectedVersion: 'no_stream' }));
      rightOf(await store.appendToStream(streamId, countedEvents(2, 4), { expectedVersion: 3 }));
      const seen = await followUntil(store, {
        after: first.lastGlobalPosition,
        streams: new Set([streamId]),
        count: 2,
        timeoutMs: context.visibilityTimeoutMs,
        pollIntervalMs: context.followPollIntervalMs,
      });
      expect(seen.map((event) => event.version)).toEqual([4, 5]);
    }));
};

/** How a follow ends: an aborted signal, a consumer that breaks out, a closed store. */
const followEndingTests = (context: ContractContext): void => {
  it('ends the iteration when the signal aborts while waiting for events', () =>
    withStore(context, async (store) => {
      const controller = new AbortController();
      const start = await markPosition(store);
      const iterator = store.followAll({ after: start, signal: controller.signal, pollIntervalMs: context.followPollIntervalMs })[Symbol.asyncIterator]();
      const next = iterator.next();
      setTimeout(() => controller.abort(), 50);
      const outcome = await orAfter(
        next.then((result) => (result.done === true ? 'ended' : 'event')),
        context.visibilityTimeoutMs,
        'still waiting',
      );
      expect(outcome).toBe('ended');
    }));

  it('stops when the consumer breaks out of the loop', () =>
    withStore(context, async (store) => {
      const start = await markPosition(store);
      const streamId = freshStreamId();
      rightOf(await store.appendToStream(streamId, countedEvents(3), { expectedVersion: 'no_stream' }));
      let taken = 0;
      for await (const event of store.followAll({ after: start, pollIntervalMs: context.followPollIntervalMs })) {
        if (event.streamId === streamId) taken += 1;
        if (taken === 2) break;
      }
      expect(taken).toBe(2);
    }));

  it('ends a waiting follower when the store closes, and refuses to follow a closed store', async () => {
    const store = await context.factory();
    const start = await markPosition(store);
    const iterator = store.followAll({ after: start, pollIntervalMs: context.followPollIntervalMs })[Symbol.asyncIterator]();
    const next = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();
    // On a shared server other writers' events may still arrive (nothing of this test's follows the marker): skip them.
    const ending = async (pending: Promise<IteratorResult<unknown>>): Promise<string> => {
      for (;;) {
        const result = await pending;
        if (result.done === true) return 'ended';
        pending = iterator.next();
      }
    };
    const outcome = await orAfter(
      ending(next).catch((error: unknown) => (error instanceof StoreFollowError ? error.error._tag : 'other error')),
      context.visibilityTimeoutMs,
      'still waiting',
    );
    expect(outcome).toBe('ended');
    const afterClose = store.followAll()[Symbol.asyncIterator]().next();
    await expect(afterClose).rejects.toBeInstanceOf(StoreFollowError);
    await expect(afterClose).rejects.toMatchObject({ error: { _tag: 'StoreClosed' } });
  });
};

/** Contract: following the global log: catch-up, then live, then stop. */
export const followContract = (context: ContractContext): void => {
  describe('following the global log', () => {
    followDeliveryTests(context);
    followEndingTests(context);
  });
};
