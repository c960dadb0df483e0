import type * as E from 'fp-ts/lib/Either.js';
import type { ReadSideStore } from '../readSide/projectionLease';
import type { ReactorCursorStore } from '../readSide/reactorCursors';
import type { ReadModelError } from '../readSide/readModelErrors';
import type { DeadLetterQuery, NotificationCommit, StoredDeadLetter } from './deadLetters';

/**
 * The notification reactors' durable state, kept by the read-side stores (memory, SQLite,
 * PostgreSQL) beside the projections' checkpoints: one checkpoint and one dead-letter list per
 * reactor name. Failures are typed values, as everywhere on the read side.
 */
export interface NotificationStore {
  /** The reactor's checkpoint, or `undefined` before its first commit with a position. */
  readNotificationCheckpoint(reactor: string): Promise<E.Either<ReadModelError, number | undefined>>;
  /** Applies `commit` in one transaction (SQLite, PostgreSQL) or all at once (memory); an invalid commit writes nothing. */
  commitNotifications(reactor: string, commit: NotificationCommit): Promise<E.Either<ReadModelError, void>>;
  /** The reactor's dead letters, oldest first. */
  listDeadLetters(reactor: string, query?: DeadLetterQuery): Promise<E.Either<ReadModelError, ReadonlyArray<StoredDeadLetter>>>;
  /**
   * Marks dead letters `requeued` (those with these notification ids, or all when left out), so the
   * reactor sends them again; answers how many changed. Ids that are not dead letters are ignored.
   */
  requeueDeadLetters(reactor: string, notificationIds?: ReadonlyArray<string>): Promise<E.Either<ReadModelError, number>>;
}

/**
 * A read-side store that also keeps the reactors' state — the notification reactors' checkpoints and
 * dead letters, the other reactors' cursors (the payout reactor's) — as the three stores of this package do.
 */
export type ReadSideStoreWithNotifications = ReadSideStore & NotificationStore & ReactorCursorStore;
