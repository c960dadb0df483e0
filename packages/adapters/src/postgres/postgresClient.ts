/**
 * The shapes of PostgreSQL clients the store accepts, described structurally so that neither the
 * store nor its users need `pg`'s types: a `pg.Pool`, a `pg.Client`, a PGlite instance, or anything
 * else with the same `query(text, values)`.
 */

/** The result of a query: only its rows are used. */
export interface PgQueryResult {
  readonly rows: ReadonlyArray<unknown>;
}

/** Anything that runs a parameterised query on ONE connection: `pg.Client`, PGlite, a checked-out pool client. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
}

/** A client checked out of a pool; `release(error)` with an error destroys it instead of reusing it. */
export interface PgPoolClient extends PgQueryable {
  release(destroy?: boolean | Error): void;
  /** pg's clients emit 'error' when their connection dies while checked out; the store listens while it holds one. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** A connection pool such as `pg.Pool`. */
export interface PgPool {
  connect(): Promise<PgPoolClient>;
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  end(): Promise<void>;
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

/** Where the store's connections come from. */
export type PostgresConnectionOptions =
  /** A connection string: the store makes (and on close ends) its own `pg.Pool`. Needs the `pg` package. */
  | { readonly connectionString: string; readonly poolSize?: number }
  /** A pool the caller owns (not ended on close). */
  | { readonly pool: PgPool }
  /** One connection the caller owns, e.g. a `pg.Client` or PGlite (not closed on close); operations take turns on it. */
  | { readonly client: PgQueryable };
