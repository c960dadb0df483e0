import * as E from 'fp-ts/lib/Either.js';
import { expectRight } from '@disputekit/core/testing';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';

/**
 * The reactors' cursors every read-side store must keep (test support, part of the read-side store
 * contract): one position per reactor name, moved only forward, an invalid write refused with a
 * message naming the reactor and nothing written.
 */
export const reactorCursorContract = (name: string, makeStore: () => Promise<ReadSideStoreWithNotifications>): void => {
  describe(`${name}: reactor cursors`, () => {
    let store: ReadSideStoreWithNotifications;
    let n = 0;
    const reactor = () => `payouts_${n}`;
    beforeEach(async () => {
      n += 1;
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps one cursor per reactor, undefined before its first write', async () => {
      expect(expectRight(await store.readReactorCursor(reactor()))).toBeUndefined();
      expectRight(await store.writeReactorCursor(reactor(), 0));
      expectRight(await store.writeReactorCursor(`${reactor()}'; DROP "x`, 7));
      expect(expectRight(await store.readReactorCursor(reactor()))).toBe(0);
      expectRight(await store.writeReactorCursor(reactor(), Number.MAX_SAFE_INTEGER));
      expect(expectRight(await store.readReactorCursor(reactor()))).toBe(Number.MAX_SAFE_INTEGER);
      expect(expectRight(await store.readReactorCursor(`${reactor()}'; DROP "x`))).toBe(7);
    });

    it('moves only forward: a write behind the stored position leaves it there', async () => {
      expectRight(await store.writeReactorCursor(reactor(), 12));
      expectRight(await store.writeReactorCursor(reactor(), 5));
      expectRight(await store.writeReactorCursor(reactor(), 12));
      expect(expectRight(await store.readReactorCursor(reactor()))).toBe(12);
      expectRight(await store.writeReactorCursor(reactor(), 13));
      expect(expectRight(await store.readReactorCursor(reactor()))).toBe(13);
    });

    it('refuses a position that is not a non-negative safe integer, or an empty name, naming the reactor, and writes nothing', async () => {
      expectRight(await store.writeReactorCursor(reactor(), 3));
      for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
        const refused = await store.writeReactorCursor(reactor(), bad);
        expect(E.isLeft(refused) && refused.left._tag).toBe('InvalidReadModelQuery');
        expect(E.isLeft(refused) && refused.left.message).toContain(`Cursor of reactor "${reactor()}"`);
      }
      const empty = await store.writeReactorCursor('', 4);
      expect(E.isLeft(empty) && empty.left.message).toContain('the reactor name is empty');
      expect(expectRight(await store.readReactorCursor(reactor()))).toBe(3);
      expect(expectRight(await store.readReactorCursor(''))).toBeUndefined();
    });

    it('answers ReadModelClosed once closed', async () => {
      await store.close();
      const read = await store.readReactorCursor(reactor());
      const written = await store.writeReactorCursor(reactor(), 1);
      expect([E.isLeft(read) && read.left._tag, E.isLeft(written) && written.left._tag]).toEqual(['ReadModelClosed', 'ReadModelClosed']);
    });
  });
};
