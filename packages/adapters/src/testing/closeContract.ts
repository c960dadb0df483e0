import type { ContractContext } from './contractContext';
import { countedEvents, freshStreamId, leftOf, rightOf } from './contractFixtures';

/** Contract: a closed store answers every operation with `StoreClosed`. */
export const closeContract = (context: ContractContext): void => {
  describe('closing', () => {
    it('answers every operation with StoreClosed after close, and closes twice without harm', async () => {
      const store = await context.factory();
      const streamId = freshStreamId();
      rightOf(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
      await store.close();
      expect(leftOf(await store.appendToStream(streamId, countedEvents(1, 2), { expectedVersion: 1 }))._tag).toBe('StoreClosed');
      expect(leftOf(await store.readStream(streamId))._tag).toBe('StoreClosed');
      expect(leftOf(await store.readAll())._tag).toBe('StoreClosed');
      await expect(store.close()).resolves.toBeUndefined();
    });

  });
};
