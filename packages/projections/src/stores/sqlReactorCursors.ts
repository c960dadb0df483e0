import * as E from 'fp-ts/lib/Either.js';
import { invalidReadModelQuery } from '../readSide/readModelErrors';
import { reactorCursorProblem, type ReactorCursorStore } from '../readSide/reactorCursors';
import type { SqlDialect } from './sqlDriver';
import type { SqlAttempt } from './sqlNotificationStore';

const cursorTable = (dialect: SqlDialect, prefix: string): string => dialect.table(`${prefix}reactor_cursors`);

/** The statement that creates `{prefix}reactor_cursors` (one row per reactor; idempotent), run with the store's other tables. */
export const reactorCursorTablesSql = (dialect: SqlDialect, prefix: string): ReadonlyArray<string> => [
  `CREATE TABLE IF NOT EXISTS ${cursorTable(dialect, prefix)} (reactor ${dialect.columnType('text')} PRIMARY KEY, position ${dialect.columnType('integer')} NOT NULL)`,
];

/**
 * The reactors' cursors in SQL (part of the SQLite and PostgreSQL read-side stores). A write is one
 * upsert that only moves the position forward, so it is atomic and two writers never move it back.
 */
export const createSqlReactorCursors = (attempt: SqlAttempt, dialect: SqlDialect, prefix: string): ReactorCursorStore => {
  const table = cursorTable(dialect, prefix);
  const p = (n: number) => dialect.param(n);
  return {
    readReactorCursor: (reactor) =>
      attempt('read a reactor cursor', async (d) => {
        const value = (await d.run(`SELECT position FROM ${table} WHERE reactor = ${p(1)}`, [reactor])).rows[0]?.position;
        return E.right(value === undefined || value === null ? undefined : Number(value));
      }),
    writeReactorCursor: (reactor, position) =>
      attempt('write a reactor cursor', async (d) => {
        const problem = reactorCursorProblem(reactor, position);
        if (problem !== undefined) return E.left(invalidReadModelQuery(`Cursor of reactor ${JSON.stringify(reactor)}: ${problem}.`));
        await d.run(
          `INSERT INTO ${table} (reactor, position) VALUES (${p(1)}, ${p(2)})
           ON CONFLICT (reactor) DO UPDATE SET position = excluded.position WHERE ${table}.position < excluded.position`,
          [reactor, position],
        );
        return E.right(undefined);
      }),
  };
};
