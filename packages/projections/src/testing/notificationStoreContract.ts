import * as E from 'fp-ts/lib/Either.js';
import type { Notification } from '../notifications/notification';
import type { StoredDeadLetter } from '../notifications/deadLetters';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import { expectRight } from '@disputekit/core/testing';

const note = (id: string, extra: Record<string, unknown> = {}): Notification => ({
  notificationId: id,
  kind: 'opened',
  disputeId: 'd-é"\'; DROP',
  recipient: { role: 'buyer', id: 'buyer-1' },
  at: '2026-03-10T09:00:00.000Z',
  source: { eventId: `ev-${id}`, eventType: 'DisputeOpened', globalPosition: 3 },
  details: { amount: 5_000, currency: 'USD', nested: { list: [1, 'x', null, true] }, ...extra },
});

const letter = (id: string, at: string, attempts = 3): Omit<StoredDeadLetter, 'status'> => ({
  notification: note(id),
  attempts,
  lastError: `HTTP 500 for ${id}`,
  deadLetteredAt: at,
});

const T1 = '2026-03-10T09:00:01.000Z';
const T2 = '2026-03-10T09:00:02.000Z';
const T3 = '2026-03-10T09:00:03.000Z';
const ids = (letters: ReadonlyArray<StoredDeadLetter>) => letters.map((l) => [l.notification.notificationId, l.status]);

/**
 * The notification reactors' state every read-side store must keep (test support, part of the
 * read-side store contract): a checkpoint and a dead-letter list per reactor name, written together
 * or not at all, listed oldest first, requeued and removed by notification id.
 */
export const notificationStoreContract = (name: string, makeStore: () => Promise<ReadSideStoreWithNotifications>): void => {
  describe(`${name}: notification state`, () => {
    let store: ReadSideStoreWithNotifications;
    let n = 0;
    const reactor = () => `notify_${n}`;
    beforeEach(async () => {
      n += 1;
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps one checkpoint per reactor, moved only by a commit with a position', async () => {
      expect(expectRight(await store.readNotificationCheckpoint(reactor()))).toBeUndefined();
      expectRight(await store.commitNotifications(reactor(), { position: 5 }));
      expectRight(await store.commitNotifications(`${reactor()}_other`, { position: 2 }));
      expectRight(await store.commitNotifications(reactor(), { deadLetters: [letter('a', T1)] }));
      expect(expectRight(await store.readNotificationCheckpoint(reactor()))).toBe(5);
      expectRight(await store.commitNotifications(reactor(), { position: Number.MAX_SAFE_INTEGER }));
      expect(expectRight(await store.readNotificationCheckpoint(reactor()))).toBe(Number.MAX_SAFE_INTEGER);
      expect(expectRight(await store.readNotificationCheckpoint(`${reactor()}_other`))).toBe(2);
    });

    it('keeps dead letters with the checkpoint move, exactly, oldest first, one per notification id', async () => {
      expectRight(await store.commitNotifications(reactor(), { position: 3, deadLetters: [letter('b', T2), letter('a', T1), letter('c', T2)] }));
      expect(expectRight(await store.readNotificationCheckpoint(reactor()))).toBe(3);
      const listed = expectRight(await store.listDeadLetters(reactor()));
      expect(listed).toEqual([
        { ...letter('a', T1), status: 'dead' },
        { ...letter('b', T2), status: 'dead' },
        { ...letter('c', T2), status: 'dead' },
      ]);
      expectRight(await store.commitNotifications(reactor(), { deadLetters: [letter('a', T3, 7)] })); // given up on again
      expect(expectRight(await store.listDeadLetters(reactor())).map((l) => [l.notification.notificationId, l.attempts])).toEqual([['b', 3], ['c', 3], ['a', 7]]);
      expect(expectRight(await store.listDeadLetters(reactor(), { limit: 2 })).map((l) => l.notification.notificationId)).toEqual(['b', 'c']);
      expect(expectRight(await store.listDeadLetters(`${reactor()}_other`))).toEqual([]);
    });

    it('requeues dead letters by id or all, removes redelivered ones, and keeps one given up on again as dead', async () => {
      expectRight(await store.commitNotifications(reactor(), { position: 1, deadLetters: [letter('a', T1), letter('b', T2), letter('c', T3)] }));
      expect(expectRight(await store.requeueDeadLetters(reactor(), ['a', 'missing', 'a']))).toBe(1);
      expect(expectRight(await store.requeueDeadLetters(reactor(), ['a']))).toBe(0); // already requeued
      expect(ids(expectRight(await store.listDeadLetters(reactor(), { status: 'requeued' })))).toEqual([['a', 'requeued']]);
      expect(ids(expectRight(await store.listDeadLetters(reactor(), { status: 'dead' })))).toEqual([['b', 'dead'], ['c', 'dead']]);
      expect(expectRight(await store.requeueDeadLetters(`${reactor()}_other`))).toBe(0);
      expect(expectRight(await store.requeueDeadLetters(reactor()))).toBe(2);
      expectRight(await store.commitNotifications(reactor(), { redelivered: ['a', 'c'], deadLetters: [letter('b', T3, 6)] }));
      expect(ids(expectRight(await store.listDeadLetters(reactor())))).toEqual([['b', 'dead']]);
      expect(expectRight(await store.readNotificationCheckpoint(reactor()))).toBe(1);
    });

    it('refuses an invalid commit or query, writing nothing', async () => {
      expectRight(await store.commitNotifications(reactor(), { position: 2, deadLetters: [letter('a', T1)] }));
      const invalid = [
        { position: 4, deadLetters: [letter('b', T2), { ...letter('c', T2), attempts: 0 }] },
        { position: 4, deadLetters: [letter('b', T2), { ...letter('c', T2), notification: note('c', { big: 10n }) }] },
        { position: 4, deadLetters: [{ ...letter('b', T2), deadLetteredAt: 'yesterday' }] },
        { position: -1, redelivered: ['a'] },
        { position: 4, redelivered: [''] },
      ];
      for (const commit of invalid) {
        const refused = await store.commitNotifications(reactor(), commit);
        expect(E.isLeft(refused) && refused.left).toMatchObject({ _tag: 'InvalidReadModelQuery', message: expect.stringContaining(reactor()) });
      }
      expect(expectRight(await store.readNotificationCheckpoint(reactor()))).toBe(2);
      expect(ids(expectRight(await store.listDeadLetters(reactor())))).toEqual([['a', 'dead']]);
      const badQuery = await store.listDeadLetters(reactor(), { limit: 0 });
      expect(E.isLeft(badQuery) && badQuery.left._tag).toBe('InvalidReadModelQuery');
    });

    it('answers ReadModelClosed once closed', async () => {
      await store.close();
      const closed = await store.readNotificationCheckpoint(reactor());
      expect(E.isLeft(closed) && closed.left._tag).toBe('ReadModelClosed');
    });
  });
};
