import * as E from 'fp-ts/lib/Either.js';
import { invalidReadModelQuery, type ReadModelError } from '../readSide/readModelErrors';
import { deadLetterQueryProblem, notificationCommitProblem, type DeadLetterStatus, type StoredDeadLetter } from '../notifications/deadLetters';
import type { Notification } from '../notifications/notification';
import type { NotificationStore } from '../notifications/notificationStore';
import type { SqlDialect, SqlDriver, SqlExecutor } from './sqlDriver';

/** Runs store work with the connection, turning a driver failure into `ReadModelUnavailable` (the SQL store's `attempt`). */
export type SqlAttempt = <A>(what: string, work: (d: SqlDriver) => Promise<E.Either<ReadModelError, A>>) => Promise<E.Either<ReadModelError, A>>;

const tables = (dialect: SqlDialect, prefix: string) => ({
  checkpoints: dialect.table(`${prefix}notification_checkpoints`),
  letters: dialect.table(`${prefix}dead_letters`),
});

/**
 * The statements that create the notification reactors' tables (idempotent), run by the SQL store
 * with its other tables on first use: `{prefix}notification_checkpoints` (one row per reactor) and
 * `{prefix}dead_letters` (one row per reactor and notification id).
 */
export const notificationTablesSql = (dialect: SqlDialect, prefix: string): ReadonlyArray<string> => {
  const t = tables(dialect, prefix);
  const text = dialect.columnType('text');
  const integer = dialect.columnType('integer');
  return [
    `CREATE TABLE IF NOT EXISTS ${t.checkpoints} (reactor ${text} PRIMARY KEY, position ${integer} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t.letters} (reactor ${text} NOT NULL, notification_id ${text} NOT NULL, notification TEXT NOT NULL, attempts ${integer} NOT NULL, last_error TEXT NOT NULL, dead_lettered_at ${text} NOT NULL, status ${text} NOT NULL, PRIMARY KEY (reactor, notification_id))`,
  ];
};

const CHUNK = 500;
const chunks = <T>(items: ReadonlyArray<T>): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

/**
 * The notification reactors' checkpoints and dead letters in SQL (part of the SQLite and PostgreSQL
 * read-side stores). `commitNotifications` writes the checkpoint, the dead letters and the removals
 * in one transaction.
 */
export const createSqlNotificationStore = (attempt: SqlAttempt, dialect: SqlDialect, prefix: string): NotificationStore => {
  const t = tables(dialect, prefix);
  const p = (n: number) => dialect.param(n);
  const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => p(from + i)).join(', ');

  const setStatus = async (tx: SqlExecutor, reactor: string, notificationIds: ReadonlyArray<string> | undefined): Promise<number> => {
    const sql = `UPDATE ${t.letters} SET status = ${p(1)} WHERE reactor = ${p(2)} AND status = ${p(3)}`;
    if (notificationIds === undefined) return (await tx.run(sql, ['requeued', reactor, 'dead'])).rowCount;
    let changed = 0;
    for (const part of chunks([...new Set(notificationIds)])) {
      changed += (await tx.run(`${sql} AND notification_id IN (${ids(4, part.length)})`, ['requeued', reactor, 'dead', ...part])).rowCount;
    }
    return changed;
  };

  return {
    readNotificationCheckpoint: (reactor) =>
      attempt('read a notification checkpoint', async (d) => {
        const result = await d.run(`SELECT position FROM ${t.checkpoints} WHERE reactor = ${p(1)}`, [reactor]);
        const value = result.rows[0]?.position;
        return E.right(value === undefined || value === null ? undefined : Number(value));
      }),

    commitNotifications: (reactor, commit) =>
      attempt('commit notifications', async (d) => {
        const problem = notificationCommitProblem(commit);
        if (problem !== undefined) return E.left(invalidReadModelQuery(`Notification commit of ${reactor}: ${problem}.`));
        const rows = (commit.deadLetters ?? []).map((l) => [reactor, l.notification.notificationId, JSON.stringify(l.notification), l.attempts, l.lastError, l.deadLetteredAt, 'dead']);
        await d.transaction(async (tx) => {
          for (const part of chunks(commit.redelivered ?? [])) {
            await tx.run(`DELETE FROM ${t.letters} WHERE reactor = ${p(1)} AND notification_id IN (${ids(2, part.length)})`, [reactor, ...part]);
          }
          for (const row of rows) {
            await tx.run(
              `INSERT INTO ${t.letters} (reactor, notification_id, notification, attempts, last_error, dead_lettered_at, status) VALUES (${ids(1, 7)})
               ON CONFLICT (reactor, notification_id) DO UPDATE SET notification = excluded.notification, attempts = excluded.attempts,
               last_error = excluded.last_error, dead_lettered_at = excluded.dead_lettered_at, status = excluded.status`,
              row,
            );
          }
          if (commit.position !== undefined) {
            await tx.run(
              `INSERT INTO ${t.checkpoints} (reactor, position) VALUES (${p(1)}, ${p(2)}) ON CONFLICT (reactor) DO UPDATE SET position = excluded.position`,
              [reactor, commit.position],
            );
          }
        });
        return E.right(undefined);
      }),

    listDeadLetters: (reactor, query = {}) =>
      attempt('list dead letters', async (d) => {
        const problem = deadLetterQueryProblem(query);
        if (problem !== undefined) return E.left(invalidReadModelQuery(`Dead letters of ${reactor}: ${problem}.`));
        const params: unknown[] = [reactor];
        let sql = `SELECT notification, attempts, last_error, dead_lettered_at, status FROM ${t.letters} WHERE reactor = ${p(1)}`;
        if (query.status !== undefined) sql += ` AND status = ${p(params.push(query.status))}`;
        sql += ' ORDER BY dead_lettered_at, notification_id';
        if (query.limit !== undefined) sql += ` LIMIT ${p(params.push(query.limit))}`;
        const result = await d.run(sql, params);
        return E.right(
          result.rows.map(
            (r): StoredDeadLetter => ({
              notification: JSON.parse(String(r.notification)) as Notification,
              attempts: Number(r.attempts),
              lastError: String(r.last_error),
              deadLetteredAt: String(r.dead_lettered_at),
              status: r.status as DeadLetterStatus,
            }),
          ),
        );
      }),

    requeueDeadLetters: (reactor, notificationIds) =>
      attempt('requeue dead letters', async (d) => E.right(await d.transaction((tx) => setStatus(tx, reactor, notificationIds)))),
  };
};
