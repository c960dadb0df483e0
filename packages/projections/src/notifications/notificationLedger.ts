import * as E from 'fp-ts/lib/Either.js';
import type { ReadModelError } from '../readSide/readModelErrors';
import { createMemoryNotificationStore } from '../stores/memoryNotificationStore';
import type { DeadLetterQuery, NotificationCommit, StoredDeadLetter } from './deadLetters';
import { createMemoryNotificationCheckpoint, type NotificationCheckpoint } from './notificationCheckpoint';
import type { NotificationStore } from './notificationStore';

/**
 * The notification reactor's state: its checkpoint (`read`, `write`) and its dead-letter list.
 * `deadLetters` lists them and `requeue` asks for them to be sent again: the reactor re-drives
 * requeued letters at its next tick, removing each one delivered and keeping the others.
 */
export interface NotificationLedger extends NotificationCheckpoint {
  /** Moves the checkpoint and keeps or removes dead letters, in one transaction where the store allows. */
  commit(commit: NotificationCommit): Promise<void>;
  /** The dead letters, oldest first (all, or one status). */
  deadLetters(query?: DeadLetterQuery): Promise<ReadonlyArray<StoredDeadLetter>>;
  /** Requeues the dead letters with these notification ids (all when left out); answers how many. */
  requeue(notificationIds?: ReadonlyArray<string>): Promise<number>;
}

/** A stored ledger's store failed or refused: `error` says why (the reactor's tick answers it as its `Left`). */
export class NotificationStateError extends Error {
  constructor(readonly error: ReadModelError) {
    super(error.message);
    this.name = 'NotificationStateError';
  }
}

/** The reactor name used when none is given. */
export const DEFAULT_NOTIFICATION_REACTOR = 'notifications';

const orThrow = async <A>(result: Promise<E.Either<ReadModelError, A>>): Promise<A> => {
  const done = await result;
  if (E.isLeft(done)) throw new NotificationStateError(done.left);
  return done.right;
};

/**
 * The durable ledger of the reactor `name` (default `notifications`) in a read-side store: memory,
 * SQLite or PostgreSQL (`createSqliteReadSideStore`, ...). Use it in an admin process to list and
 * requeue dead letters while the reactor runs elsewhere. Its methods reject with a
 * `NotificationStateError` when the store fails.
 */
export const createNotificationLedger = (store: NotificationStore, options: { readonly name?: string } = {}): NotificationLedger => {
  const name = options.name ?? DEFAULT_NOTIFICATION_REACTOR;
  if (typeof name !== 'string' || name === '') throw new TypeError(`createNotificationLedger(): name must be a non-empty string, got ${String(name)}`);
  return {
    read: () => orThrow(store.readNotificationCheckpoint(name)),
    write: (position) => orThrow(store.commitNotifications(name, { position })),
    commit: (commit) => orThrow(store.commitNotifications(name, commit)),
    deadLetters: (query) => orThrow(store.listDeadLetters(name, query)),
    requeue: (ids) => orThrow(store.requeueDeadLetters(name, ids)),
  };
};

/**
 * A ledger over a plain `NotificationCheckpoint` (one you implemented), with the dead letters kept
 * in memory: they last as long as the process. A commit keeps the dead letters before it writes the
 * checkpoint. Pass a read-side store to the reactor instead for a durable list.
 */
export const ledgerOverCheckpoint = (checkpoint: NotificationCheckpoint): NotificationLedger => {
  const letters = createNotificationLedger(createMemoryNotificationStore());
  return {
    read: () => checkpoint.read(),
    write: (position) => checkpoint.write(position),
    commit: async ({ position, ...rest }) => {
      await letters.commit(rest);
      if (position !== undefined) await checkpoint.write(position);
    },
    deadLetters: letters.deadLetters,
    requeue: letters.requeue,
  };
};

/** A ledger in memory, starting at `start` (for tests and demos). */
export const createMemoryNotificationLedger = (start?: number): NotificationLedger => ledgerOverCheckpoint(createMemoryNotificationCheckpoint(start));
