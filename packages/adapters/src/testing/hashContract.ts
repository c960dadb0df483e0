import { eventLeafHash, GENESIS_HASH, verifyChain } from '@disputekit/core';
import { chainNewEvents } from '@disputekit/core/internal';
import { withStore, type ContractContext } from './contractContext';
import { freshStreamId, newEvent, rightOf, streamOf } from './contractFixtures';

/**
 * Contract: a store keeps exactly what was hashed. Events chained with hash version 2 (which covers
 * the whole metadata, `recordedAt` and extra members included) read back with a chain that holds
 * and the same Merkle leaf as the events that were written.
 */
export const hashContract = (context: ContractContext): void => {
  describe('what is hashed is what is stored', () => {
    it('events chained with hash version 2 read back with their chain intact and the same leaf hashes', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId('hashed');
        const written = chainNewEvents(
          { streamId, version: 0, hash: GENESIS_HASH },
          [
            newEvent('Hashed', { amount: { amount: 4999, currency: 'EUR' }, note: 'café 😀', list: [1, -0, 2.5] }, { recordedAt: '2026-03-20T09:00:00.123Z', actor: { role: 'ops' } }),
            newEvent('Hashed', { nested: { b: 1, a: [null, true] } }, { recordedAt: '2026-03-20T09:00:01.000Z' }),
          ],
        );
        rightOf(await store.appendToStream(streamId, written, { expectedVersion: 'no_stream' }));
        const stored = await streamOf(store, streamId);
        expect(verifyChain(stored)).toMatchObject({ ok: true, events: 2 });
        expect(stored.map((event) => eventLeafHash(event).toString('hex'))).toEqual(
          written.map((event, i) => eventLeafHash({ streamId, version: i + 1, type: event.type, data: event.data, metadata: event.metadata }).toString('hex')),
        );
      }));
  });
};
