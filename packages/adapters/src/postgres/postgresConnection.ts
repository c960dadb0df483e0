import type { PgPool, PgQueryable, PgQueryResult, PostgresConnectionOptions } from './postgresClient';

/** How the store reaches PostgreSQL, whatever it was given. */
export interface PostgresConnection {
  /** Runs one statement on any connection. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /**
   * Runs one read statement on any connection with its rows as arrays of column values, in the
   * SELECT's order. On a pool the store made itself (pg) the statement is prepared once per
   * connection under `name` (no parse and plan at every call) and rows come as arrays (no object a
   * row); any other client runs `query` and the rows' values are taken in the order of `columns`.
   */
  queryRows(name: string, text: string, values: unknown[], columns: ReadonlyArray<string>): Promise<ReadonlyArray<ReadonlyArray<unknown>>>;
  /**
   * Runs `work` on one connection that no other operation uses meanwhile (for a transaction).
   * When `work` throws, a pooled connection is destroyed if `isBroken(error)` says it is unusable.
   */
  withConnection<A>(work: (connection: PgQueryable) => Promise<A>, isBroken: (error: unknown) => boolean): Promise<A>;
  /** Ends the pool the store made itself; leaves a caller's pool or client alone. */
  close(): Promise<void>;
}

/** Makes operations on one connection take turns, since a connection runs one transaction at a time. */
const turns = (): (<A>(work: () => Promise<A>) => Promise<A>) => {
  let tail: Promise<unknown> = Promise.resolve();
  return <A>(work: () => Promise<A>): Promise<A> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
};

/** Rows of any client as arrays of the named columns' values. */
const rowsAsArrays = (rows: ReadonlyArray<unknown>, columns: ReadonlyArray<string>): ReadonlyArray<ReadonlyArray<unknown>> =>
  rows.map((row) => columns.map((column) => (row as Record<string, unknown>)[column]));

/** pg's query with a config object: a named (prepared) statement whose rows are arrays. */
type PgConfigQuery = (config: { name: string; text: string; values: unknown[]; rowMode: 'array' }) => Promise<PgQueryResult>;

const fromPool = (pool: PgPool, owned: boolean): PostgresConnection => ({
  query: (text, values) => pool.query(text, values),
  queryRows: owned
    ? async (name, text, values) => (await (pool.query as unknown as PgConfigQuery).call(pool, { name, text, values, rowMode: 'array' })).rows as ReadonlyArray<ReadonlyArray<unknown>>
    : async (_name, text, values, columns) => rowsAsArrays((await pool.query(text, values)).rows, columns),
  withConnection: async (work, isBroken) => {
    const client = await pool.connect();
    // A connection that dies while we hold it emits 'error' (Node would crash on an unheard one);
    // the failure then shows in the next query, which is where the store reports it.
    let died: Error | undefined;
    const onError = (error: Error): void => {
      died = error;
    };
    client.on?.('error', onError);
    try {
      const result = await work(client);
      client.removeListener?.('error', onError);
      client.release(died);
      return result;
    } catch (error) {
      client.removeListener?.('error', onError);
      client.release(died ?? (isBroken(error) ? (error instanceof Error ? error : new Error(String(error))) : undefined));
      throw error;
    }
  },
  close: async () => {
    if (owned) await pool.end();
  },
});

const fromClient = (client: PgQueryable): PostgresConnection => {
  const inTurn = turns();
  return {
    query: (text, values) => inTurn(() => client.query(text, values)),
    queryRows: async (_name, text, values, columns) => rowsAsArrays((await inTurn(() => client.query(text, values))).rows, columns),
    withConnection: (work) => inTurn(() => work(client)),
    close: async () => undefined,
  };
};

/** Loads `pg` only when a connection string is used, so PGlite and pool users need not install it. */
const poolFromConnectionString = async (connectionString: string, poolSize: number | undefined): Promise<PgPool> => {
  const pg = await import('pg');
  const Pool = (pg.default ?? pg).Pool;
  const pool = new Pool({ connectionString, max: poolSize ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client whose server connection dies emits 'error'; the pool drops it. Without a
  // listener Node would crash the process, so listen and let the next operation report the outage.
  pool.on('error', () => undefined);
  // A checked-out client can also receive the server's termination notice in the same socket read
  // in which it is handed to the next waiter; give every client its own listener so that notice is
  // never an unhandled 'error' (the query that was running still fails and is reported).
  pool.on('connect', (client: { on(event: 'error', listener: () => void): unknown }) => {
    client.on('error', () => undefined);
  });
  return pool as unknown as PgPool;
};

/** Opens the connection described by the options (lazily loading `pg` for a connection string). */
export const openPostgresConnection = async (options: PostgresConnectionOptions): Promise<PostgresConnection> => {
  if ('connectionString' in options) return fromPool(await poolFromConnectionString(options.connectionString, options.poolSize), true);
  if ('pool' in options) {
    options.pool.on?.('error', () => undefined);
    return fromPool(options.pool, false);
  }
  return fromClient(options.client);
};
