import * as E from 'fp-ts/lib/Either.js';
import { invalidReadModelQuery, readModelClosed, type ReadModelError } from '../readSide/readModelErrors';
import { deadLetterOrder, deadLetterQueryProblem, notificationCommitProblem, type StoredDeadLetter } from '../notifications/deadLetters';
import type { NotificationStore } from '../notifications/notificationStore';

/**
 * The notification reactors' checkpoints and dead letters in memory (part of the memory read-side
 * store). A commit is checked whole before anything changes, so it applies entirely or not at all.
 */
export const createMemoryNotificationStore = (isClosed: () => boolean = () => false): NotificationStore => {
  const checkpoints = new Map<string, number>();
  const letters = new Map<string, Map<string, StoredDeadLetter>>();
  const lettersOf = (reactor: string) => {
    let found = letters.get(reactor);
    if (found === undefined) letters.set(reactor, (found = new Map()));
    return found;
  };
  const guard = <A>(run: () => E.Either<ReadModelError, A>): Promise<E.Either<ReadModelError, A>> =>
    Promise.resolve(isClosed() ? E.left(readModelClosed()) : run());

  return {
    readNotificationCheckpoint: (reactor) => guard(() => E.right(checkpoints.get(reactor))),
    commitNotifications: (reactor, commit) =>
      guard(() => {
        const problem = notificationCommitProblem(commit);
        if (problem !== undefined) return E.left(invalidReadModelQuery(`Notification commit of ${reactor}: ${problem}.`));
        const kept = lettersOf(reactor);
        for (const id of commit.redelivered ?? []) kept.delete(id);
        for (const letter of commit.deadLetters ?? []) {
          kept.set(letter.notification.notificationId, structuredClone({ ...letter, status: 'dead' as const }));
        }
        if (commit.position !== undefined) checkpoints.set(reactor, commit.position);
        return E.right(undefined);
      }),
    listDeadLetters: (reactor, query = {}) =>
      guard(() => {
        const problem = deadLetterQueryProblem(query);
        if (problem !== undefined) return E.left(invalidReadModelQuery(`Dead letters of ${reactor}: ${problem}.`));
        const all = [...lettersOf(reactor).values()].filter((l) => query.status === undefined || l.status === query.status).sort(deadLetterOrder);
        return E.right(structuredClone(query.limit === undefined ? all : all.slice(0, query.limit)));
      }),
    requeueDeadLetters: (reactor, notificationIds) =>
      guard(() => {
        const kept = lettersOf(reactor);
        const ids = notificationIds ?? [...kept.keys()];
        let changed = 0;
        for (const id of new Set(ids)) {
          const letter = kept.get(id);
          if (letter?.status !== 'dead') continue;
          kept.set(id, { ...letter, status: 'requeued' });
          changed += 1;
        }
        return E.right(changed);
      }),
  };
};
