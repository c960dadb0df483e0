import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent, StoreError } from '@disputekit/core';
import { resolveFollowOptions, resolveReadAllOptions, resolveReadStreamOptions } from '../internal/arguments';
import { followLog } from '../internal/followLog';
import { decodeStoredRows, decodeStreamRows, type StoredRow } from '../internal/storedEvent';
import type { PostgresConnectionOptions } from './postgresClient';
import type { GroupCommitOptions } from './postgresGroupCommit';
import { appendToStream } from './postgresAppendOne';
import { appendToStreams } from './postgresAppendMany';
import { closeStore, createStoreContext, run, STREAM_READ_COLUMNS, type PostgresStoreContext } from './postgresStoreContext';

/** Options of `createPostgresEventStore`: where to connect, plus the schema and whether to migrate it. */
export type PostgresEventStoreOptions = PostgresConnectionOptions & {
  /** The PostgreSQL schema of the store's tables (default `disputekit`). */
  readonly schema?: string;
  /** Run `migratePostgres` on first use (default false: migrate explicitly at deploy time). */
  readonly migrate?: boolean;
  /**
   * Read-only (default false): on first use the schema must hold a disputekit event store of this
   * code's version, or every operation answers `StoreUnavailable` saying so; nothing is created or
   * migrated (not allowed with `migrate`), and appends answer `StoreUnavailable`.
   */
  readonly readOnly?: boolean;
  /**
   * Group commit (default off): appends made while another append of this store is running wait
   * and then go together, up to `maxAppends` (default 32, at most 64), in one transaction
   * (`append_batch`, schema version 6), each in its own subtransaction, so one append's conflict
   * rolls back that append alone. Fewer transactions and round trips when many commands write at
   * once; a lone writer's append starts at once. A failure of the whole batch (the connection
   * lost) fails every append in it, each all or nothing.
   */
  readonly groupCommit?: boolean | GroupCommitOptions;
};

/** One page of the global log after `after`, below the oldest running transaction (rule 2 of `createPostgresEventStore`). */
const readPage = (ctx: PostgresStoreContext, after: number, maxCount: number): Promise<E.Either<StoreError, ReadonlyArray<RecordedEvent>>> =>
  run(ctx, 'read the global log', async (db) => (await db.query(ctx.sql.readAll, [after, maxCount])).rows as StoredRow[]).then((rows) => E.flatMap(rows, (found) => decodeStoredRows(found)));

/**
 * An event store in PostgreSQL (pg 8, or any client with pg's `query(text, values)`, such as PGlite).
 *
 * Global order without ever skipping a late commit. Concurrent transactions commit out of order, so
 * a follower that read "everything after position 41" could miss position 40 committing a moment
 * later. Two rules prevent it:
 * 1. Every event row stores the id of the transaction that wrote it (`transaction_id xid8`). An
 *    append takes its transaction id and reserves all its positions (from the identity's
 *    sequence) together, under a session-level advisory lock held only for those two steps, so
 *    among appends a later transaction id always means higher positions: position order is
 *    transaction order. The INSERT runs after the lock is given back, beside other appends'
 *    inserts. The lock is taken and released inside one server-side statement (`append_events`,
 *    see `postgresAppendFunctions.ts`), which is the whole append: no round trip to this process
 *    while it is held.
 * 2. `readAll` and `followAll` return only events whose transaction id is below the oldest
 *    transaction still running (`pg_snapshot_xmin(pg_current_snapshot())`). Every transaction that
 *    could still commit an event with a lower position is therefore finished (committed and
 *    visible, or rolled back) before anything after it is returned.
 * So positions increase in the order followers see events, and a checkpoint (the last position
 * seen) is safe to resume from. The price: an event shows in `readAll` only once every
 * transaction that began before it has ended, including unrelated long transactions on the same
 * server. `readStream` reads its stream directly and sees an append as soon as it commits.
 */
export const createPostgresEventStore = (options: PostgresEventStoreOptions): EventStore => {
  const ctx = createStoreContext(options);
  const pageOf = (after: number, maxCount: number) => readPage(ctx, after, maxCount);
  return {
    appendToStream: (streamId, events, appendOptions) => appendToStream(ctx, streamId, events, appendOptions),
    appendToStreams: (appends) => appendToStreams(ctx, appends),
    readStream: async (streamId, readOptions) => {
      const { fromVersion, maxCount } = resolveReadStreamOptions(streamId, readOptions);
      // One round trip, no transaction: a prepared statement, rows as arrays, JSON text parsed once.
      const rows = await run(ctx, 'read a stream', (db) => db.queryRows(ctx.sql.readStreamName, ctx.sql.readStream, [streamId, fromVersion, maxCount], STREAM_READ_COLUMNS));
      return E.isLeft(rows) ? rows : decodeStreamRows(streamId, rows.right);
    },
    readAll: async (readOptions) => {
      const { after, maxCount } = resolveReadAllOptions(readOptions);
      return pageOf(after, maxCount);
    },
    followAll: (followOptions) => {
      const resolved = resolveFollowOptions(followOptions);
      return followLog({ readPage: pageOf, notifier: ctx.notifier, isClosed: () => ctx.closed, pollIntervalMs: resolved.pollIntervalMs }, resolved);
    },
    close: () => closeStore(ctx),
  };
};
