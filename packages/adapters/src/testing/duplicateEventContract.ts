import { withStore, type ContractContext } from './contractContext';
import { countedEvents, freshStreamId, leftOf, newEvent, rightOf, streamOf } from './contractFixtures';

/** Contract: an event id is stored once; an append repeating one fails as a whole. */
export const duplicateEventContract = (context: ContractContext): void => {
  describe('duplicate event ids', () => {
    it('refuses an event id already in the stream, writing none of the batch (atomic)', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        const [first] = countedEvents(1);
        rightOf(await store.appendToStream(streamId, [first!], { expectedVersion: 'no_stream' }));
        const again = { ...newEvent('Counted', { n: 99 }), metadata: { ...first!.metadata } };
        const error = leftOf(await store.appendToStream(streamId, [...countedEvents(2, 2), again], { expectedVersion: 1 }));
        expect(error).toMatchObject({ _tag: 'DuplicateEvent', streamId, eventId: first!.metadata.eventId });
        expect(await streamOf(store, streamId)).toHaveLength(1);
      }));

    it('refuses a batch that repeats an event id, writing nothing', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        const event = newEvent('Counted', { n: 1 });
        const error = leftOf(await store.appendToStream(streamId, [event, { ...event, data: { n: 2 } }], { expectedVersion: 'no_stream' }));
        expect(error).toMatchObject({ _tag: 'DuplicateEvent', eventId: event.metadata.eventId });
        expect(await streamOf(store, streamId)).toEqual([]);
      }));

    it('stores a retried append once: the version check fails first, then the event id check', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        const events = countedEvents(2);
        rightOf(await store.appendToStream(streamId, events, { expectedVersion: 'no_stream' }));
        const error = leftOf(await store.appendToStream(streamId, events, { expectedVersion: 'no_stream' }));
        expect(error).toMatchObject({ _tag: 'WrongExpectedVersion', actual: 2 });
        expect(await streamOf(store, streamId)).toHaveLength(2);
        const retriedLater = leftOf(await store.appendToStream(streamId, events, { expectedVersion: 2 }));
        expect(retriedLater).toMatchObject({ _tag: 'DuplicateEvent', eventId: events[0]!.metadata.eventId });
        expect(await streamOf(store, streamId)).toHaveLength(2);
      }));

    const acrossStreams = 'refuses an event id already stored in another stream';
    (context.uniqueEventIdsAcrossStreams ? it : it.skip)(
      context.uniqueEventIdsAcrossStreams ? acrossStreams : `${acrossStreams} — skipped: this store keeps event ids unique within a stream only (uniqueEventIdsAcrossStreams: false)`,
      () =>
        withStore(context, async (store) => {
          const [event] = countedEvents(1);
          rightOf(await store.appendToStream(freshStreamId(), [event!], { expectedVersion: 'no_stream' }));
          const other = freshStreamId();
          expect(leftOf(await store.appendToStream(other, [event!], { expectedVersion: 'no_stream' }))).toMatchObject({
            _tag: 'DuplicateEvent',
            streamId: other,
            eventId: event!.metadata.eventId,
          });
          expect(await streamOf(store, other)).toEqual([]);
        }),
    );
  });
};
